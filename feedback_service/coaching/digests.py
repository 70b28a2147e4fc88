"""The weekly coaching digest for supervisors and the weekly summary for each agent.

Each mail is marked in `digest_runs` (unique on week, audience and recipient) in the same
transaction that puts it in the outbox, a few hundred recipients at a time. A second run for
the same week therefore queues nothing, a run that stopped half way queues only the rest, and
the outbox retries what an SMTP server could not take.
"""

from __future__ import annotations

import base64
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from feedback_service.coaching.drivers import driver_tables, praise_counts
from feedback_service.coaching.first_screen import (
    AgentFigures,
    TeamFirstScreen,
    team_first_screen,
)
from feedback_service.coaching.goals.digest import GoalProgress, GoalView, goals_in_week, week_goal
from feedback_service.coaching.mail_rendering import Mail, mail_language, render_mail
from feedback_service.coaching.models import DigestRun
from feedback_service.coaching.presentation import (
    NumbersView,
    alphabetical_key,
    describe_numbers,
    rise_text,
    texts_for,
    week_days,
)
from feedback_service.coaching.read_model import (
    DriverCounts,
    Period,
    driver_counts,
    praise_by_agent,
)
from feedback_service.coaching.trend_images import trend_png
from feedback_service.coaching.week_summaries import (
    AgentWeek,
    TeamWeek,
    WeekFigures,
    agent_weeks,
    read_week,
    repeat_window_closed_before,
    team_week,
)
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.database import unit_of_work, utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxChannel, OutboxMessage, OutboxQuote
from feedback_service.outbox.queue import enqueue_email
from feedback_service.settings import Settings
from feedback_service.staff.models import Agent, Team, User
from feedback_service.surveys.praise import load_praise
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.topics import topic_label

log = logging.getLogger(__name__)

SUPERVISOR = "supervisor"
AGENT = "agent"


@dataclass(frozen=True)
class AgentView:
    name: str
    numbers: NumbersView
    comments: list[str]
    kudos: list[str]
    praise: list[str] = field(default_factory=list)  # "det gick snabbt: 4", for the agent


@dataclass(frozen=True)
class TeamView:
    heading: str
    link: str
    numbers: NumbersView
    agents: list[AgentView]
    waiting: str  # how many unhappy callers wait for a call back
    follow_ups_link: str
    drivers: list[str] = field(default_factory=list)  # the driver table, a line per row
    # "Support: no answers this week.", said in one line instead of a digest of zeros.
    no_answers: str | None = None
    goal: GoalView | None = None  # the team's collective goal, with its progress
    first: TeamFirstScreen | None = None  # what the mail's first screen says of the team
    chart: str | None = None  # the first screen's chart, a PNG as a data: URI (see below)


def _agent_view(agent: AgentWeek, language: str, settings: Settings, *,
                for_supervisor: bool) -> AgentView:
    numbers = describe_numbers(agent.summaries, language, load_catalogue(),
                               settings.min_responses,
                               follow_up_hours=settings.follow_up_hours,
                               repeat_days=settings.repeat_contact_days,
                               agent_name=agent.first_name if for_supervisor else None,
                               trend=agent.trend)
    return AgentView(agent.name, numbers, agent.comments, agent.kudos)


def driver_lines(counts: DriverCounts | None, language: str,
                 settings: Settings) -> list[str]:
    """The team's driver table as mail lines: each reason, praise and topic with its answers
    and the points the score would rise had those callers been happy."""
    texts, catalogue, praise = texts_for(language), load_catalogue(), load_praise()
    lines = []
    for table in driver_tables(counts or DriverCounts(), catalogue, praise,
                               settings.min_responses):
        for row in [*table.reasons, *table.topics]:
            if row.group in ("reason", "outside"):
                reason = catalogue.by_code(row.code)
                label = (f"{reason.label(language) if reason else row.code} "
                         f"({texts['driver_complaint']})")
            elif row.group == "praise":
                found = praise.by_code(row.code)
                label = f"{found.label(language) if found else row.code} ({texts['driver_praise']})"
            else:
                label = topic_label(row.code, language) if row.code else texts["driver_no_topic"]
            points = rise_text(row, texts["driver_held_back"], texts["driver_outside"],
                               texts["driver_rise"])
            lines.append(texts["driver_line"].format(label=label, answers=row.answers,
                                                     points=points))
    return lines


def _anything_happened(team: TeamWeek) -> bool:
    """Whether the team's week has an answer or a survey sent: surveys nobody answered still
    say something (a response rate of 0 %), a week of nothing says it in a line."""
    return any(summary.answers or summary.surveys_sent for summary in team.summaries)


def team_first_screen_of(team: TeamWeek, language: str,
                         praised: Mapping[int, Counter[tuple[SurveyKind, str]]]
                         ) -> TeamFirstScreen:
    """The digest's first screen of one team: what the team page's first screen says."""
    return team_first_screen(
        team.name, team.week, team.summaries, team.trend,
        [AgentFigures(agent.name, agent.handle, agent.summaries,
                      praised.get(agent.agent_id, Counter()))
         for agent in sorted(team.agents, key=lambda a: alphabetical_key(a.name, language))],
        waiting=team.waiting, oldest_waiting=team.oldest_waiting, now=utcnow(),
        language=language, catalogue=load_catalogue(), praise=load_praise())


def chart_data_uri(screen: TeamFirstScreen) -> str | None:
    """The first screen's chart as a PNG data: URI. The outbox sends it as an inline image
    (multipart/related, by Content-ID), which Outlook, Gmail and Apple Mail all show; kept
    in the stored HTML, the mail stays one self-contained text until then."""
    if screen.chart is None:
        return None
    picture = screen.chart
    png = trend_png(picture.kind, picture.weeks, picture.words)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def compile_weekly_digest(team_weeks: Sequence[TeamWeek], language: str,
                          settings: Settings, reader: str | None = None,
                          drivers: Mapping[str, DriverCounts] | None = None,
                          goals: Mapping[str, GoalProgress] | None = None,
                          praised: Mapping[int, Counter[tuple[SurveyKind, str]]] | None = None,
                          charts: dict[tuple[str, str], tuple[TeamFirstScreen, str | None]]
                          | None = None) -> Mail:
    """A supervisor's digest: first what each team's week says at a glance (the sentence,
    the chart, who is worth a word, praise, follow-ups, a reason that stood out), then per team
    the totals, reasons and drivers, then each agent alphabetically.

    `charts` keeps each team's first screen and chart once drawn, for the next supervisor of
    the same team who reads the same language: one chart per team, never one per mail."""
    texts = texts_for(language)
    week = team_weeks[0].week
    min_responses = settings.min_responses
    drawn = charts if charts is not None else {}
    for team in team_weeks:
        if (team.slug, language) not in drawn and _anything_happened(team):
            screen = team_first_screen_of(team, language, praised or {})
            drawn[(team.slug, language)] = (screen, chart_data_uri(screen))
    teams = [
        TeamView(
            heading=texts["team_totals"].format(team=team.name),
            link=settings.public_url(f"/teams/{team.slug}"),
            numbers=describe_numbers(team.summaries, language, load_catalogue(), min_responses,
                                     follow_up_hours=settings.follow_up_hours,
                                     repeat_days=settings.repeat_contact_days,
                                     trend=team.trend),
            waiting=(texts["waiting"].format(count=team.waiting) if team.waiting
                     else texts["nobody_waiting"]),
            follow_ups_link=settings.public_url("/follow-ups"),
            drivers=driver_lines((drivers or {}).get(team.slug), language, settings),
            # Alphabetical and nothing else: the order must never hint at who did better.
            agents=[_agent_view(agent, language, settings, for_supervisor=True) for agent in
                    sorted(team.agents, key=lambda a: alphabetical_key(a.name, language))],
            no_answers=(None if _anything_happened(team)
                        else texts["team_no_answers"].format(team=team.name)),
            goal=week_goal((goals or {}).get(team.slug), language, settings),
            first=drawn[(team.slug, language)][0] if (team.slug, language) in drawn else None,
            chart=drawn[(team.slug, language)][1] if (team.slug, language) in drawn else None,
        )
        for team in team_weeks
    ]
    subject = texts["digest_subject"].format(week=week,
                                             teams=", ".join(t.name for t in team_weeks))
    return render_mail(
        "weekly_digest", subject, language=language, t=texts, teams=teams,
        title=texts["digest_title"].format(number=week.week),
        greeting=(texts["greeting"].format(name=reader.split()[0]) if reader and reader.strip()
                  else texts["greeting_anonymous"]),
        intro=texts["digest_intro"].format(week=week, days=week_days(week, language)),
        footer=texts["footer"].format(min=min_responses),
    )


def praise_lines(counts: Counter[tuple[SurveyKind, str]], language: str) -> list[str]:
    """What callers appreciated, one line each in the catalogue's order: "det gick snabbt: 4"."""
    catalogue = load_praise()
    # praise_counts returns only codes in the catalogue, so by_code finds each one.
    return [f"{catalogue.by_code(code).label(language)}: {n}"  # type: ignore[union-attr]
            for code, n in praise_counts(counts, catalogue)]


def compile_agent_summary(agent: AgentWeek, week: IsoWeek, language: str,
                          settings: Settings,
                          praise: Counter[tuple[SurveyKind, str]] | None = None) -> Mail:
    """An agent's own weekly summary: their numbers, comments, kudos and what callers
    appreciated, and nobody else's."""
    texts = texts_for(language)
    subject = texts["agent_subject"].format(week=week)
    return render_mail(
        "agent_summary", subject, language=language, t=texts,
        title=texts["agent_subject"].format(week=week), greeting=None,
        agent=replace(_agent_view(agent, language, settings, for_supervisor=False),
                      praise=praise_lines(praise or Counter(), language)),
        link=settings.public_url("/me"),
        intro=texts["agent_intro"].format(name=agent.first_name, week=week,
                                          days=week_days(week, language)),
        footer=texts["footer"].format(min=settings.min_responses),
    )


def digest_key(week: IsoWeek, audience: str, email: str) -> str:
    """The outbox idempotency key of one weekly mail."""
    return f"digest:{week}:{audience}:{email}"


def _marked_recipients(week: IsoWeek, audience: str) -> set[str]:
    """Who an earlier run already marked for this week and audience."""
    return set(db.session.scalars(
        sa.select(DigestRun.recipient_email).where(DigestRun.week == str(week),
                                                   DigestRun.audience == audience)
    ))


def mark_and_queue_digest(week: IsoWeek, audience: str, email: str, mail: Mail, *,
                    quotes: list[int], team_id: int | None = None,
                    agent_id: int | None = None) -> bool:
    """Mark the digest and queue its mail in one unit of work; False when it was already marked."""
    try:
        with unit_of_work(db.session):
            run = DigestRun(week=str(week), audience=audience, recipient_email=email,
                            team_id=team_id, agent_id=agent_id)
            db.session.add(run)
            db.session.flush()
            message = enqueue_email(digest_key(week, audience, email), to=email,
                                    subject=mail.subject, text=mail.text, html=mail.html,
                                    purpose=f"digest_{audience}", quotes=quotes)
            db.session.flush()
            run.outbox_message_id = message.id
    except IntegrityError:
        # Another run marked it first (two commands at once): theirs is the one that goes.
        return False
    return True


@dataclass(frozen=True)
class CompiledDigest:
    """One weekly mail, compiled and ready to be marked and queued."""

    audience: str
    email: str
    mail: Mail
    quotes: list[int]
    team_id: int | None = None
    agent_id: int | None = None


# Mails marked and queued per transaction: a crash loses at most this many to the next run,
# never sends one twice, and each transaction stays short.
QUEUED_AT_ONCE = 500


def _insert_marked(week: IsoWeek, digests: Sequence[CompiledDigest]) -> None:
    """Insert the digests' outbox rows, their quotes and their marks, a statement each."""
    now = utcnow()
    rows = db.session.execute(
        sa.insert(OutboxMessage).returning(OutboxMessage.id, OutboxMessage.idempotency_key),
        [{"idempotency_key": digest_key(week, d.audience, d.email),
          "channel": OutboxChannel.EMAIL, "purpose": f"digest_{d.audience}",
          "recipient": d.email, "subject": d.mail.subject, "body": d.mail.text,
          "html_body": d.mail.html, "not_before": now} for d in digests])
    message_ids = {key: message_id for message_id, key in rows}
    quotes = [{"outbox_message_id": message_ids[digest_key(week, d.audience, d.email)],
               "response_id": response_id}
              for d in digests for response_id in dict.fromkeys(d.quotes)]
    if quotes:
        db.session.execute(sa.insert(OutboxQuote), quotes)
    db.session.execute(sa.insert(DigestRun), [
        {"week": str(week), "audience": d.audience, "recipient_email": d.email,
         "team_id": d.team_id, "agent_id": d.agent_id,
         "outbox_message_id": message_ids[digest_key(week, d.audience, d.email)]}
        for d in digests])


def _in_chunks(digests: Iterable[CompiledDigest]) -> Iterator[list[CompiledDigest]]:
    chunk: list[CompiledDigest] = []
    for digest in digests:
        chunk.append(digest)
        if len(chunk) == QUEUED_AT_ONCE:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _mark_and_queue_all(week: IsoWeek, digests: Iterable[CompiledDigest],
                        report: DigestReport) -> None:
    """Mark and queue the digests QUEUED_AT_ONCE to a transaction, as they are compiled, so
    only that many mails are held in memory at a time.

    A transaction in which another run marked one of the recipients first (two commands at
    once) is rolled back and done again one mail at a time, so only that one is left out.
    """
    for chunk in _in_chunks(digests):
        try:
            with unit_of_work(db.session):
                _insert_marked(week, chunk)
        except IntegrityError:
            for digest in chunk:
                queued = mark_and_queue_digest(week, digest.audience, digest.email, digest.mail,
                                         quotes=digest.quotes, team_id=digest.team_id,
                                         agent_id=digest.agent_id)
                (report.queued if queued else report.already_sent).append(digest.email)
        else:
            report.queued.extend(digest.email for digest in chunk)


@dataclass
class DigestReport:
    """What a run did: mails queued now, and recipients whose mail an earlier run queued."""

    week: IsoWeek
    queued: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)


def _supervisors() -> list[User]:
    # Their teams, the teams' agents and the agents' logins come with them, not a query each.
    return list(db.session.scalars(
        sa.select(User).where(User.supervised_teams.any(), User.active.is_(True))
        .options(selectinload(User.supervised_teams).selectinload(Team.agents)
                 .selectinload(Agent.user))
        .order_by(User.email)
    ))


def _supervisors_waiting(week: IsoWeek, report: DigestReport) -> list[tuple[User, list[Team]]]:
    """The supervisors no run has mailed this week's digest yet, with their teams that have
    agents."""
    marked = _marked_recipients(week, SUPERVISOR)
    waiting = []
    for supervisor in _supervisors():
        if supervisor.email in marked:
            report.already_sent.append(supervisor.email)
        elif teams := [team for team in supervisor.supervised_teams if team.agents]:
            waiting.append((supervisor, teams))
    return waiting


def _agents_waiting(week: IsoWeek, report: DigestReport) -> list[Agent]:
    """The active agents with an e-mail that no run has sent this week's summary yet."""
    agents = list(db.session.scalars(
        sa.select(Agent).where(Agent.email.is_not(None), Agent.active.is_(True))
        .options(selectinload(Agent.team), selectinload(Agent.user))
        .order_by(Agent.handle)
    ))
    marked = _marked_recipients(week, AGENT)
    report.already_sent.extend(str(a.email) for a in agents if a.email in marked)
    return [agent for agent in agents if agent.email not in marked]


def compile_supervisor_digests(figures: WeekFigures, waiting: Sequence[tuple[User, list[Team]]],
                               drivers: Mapping[str, DriverCounts],
                               settings: Settings,
                               praised: Mapping[int, Counter[tuple[SurveyKind, str]]],
                               goals: Mapping[str, GoalProgress] | None = None,
                               ) -> Iterator[CompiledDigest]:
    """One digest per supervisor, covering every team they supervise that has agents."""
    team_weeks: dict[int, TeamWeek] = {}
    charts: dict[tuple[str, str], tuple[TeamFirstScreen, str | None]] = {}
    for supervisor, teams in waiting:
        for team in teams:
            if team.id not in team_weeks:
                team_weeks[team.id] = team_week(figures, team, settings)
        language = mail_language(supervisor.language, settings)
        mail = compile_weekly_digest([team_weeks[team.id] for team in teams], language, settings,
                                     reader=supervisor.name, drivers=drivers, goals=goals,
                                     praised=praised, charts=charts)
        quotes = [response_id for team in teams for agent in team_weeks[team.id].agents
                  for response_id in agent.quoted]
        yield CompiledDigest(SUPERVISOR, supervisor.email, mail, quotes,
                             team_id=teams[0].id if len(teams) == 1 else None)


def compile_agent_summaries(figures: WeekFigures, waiting: Sequence[Agent],
                            praised: Mapping[int, Counter[tuple[SurveyKind, str]]],
                            settings: Settings) -> Iterator[CompiledDigest]:
    """Each agent's own summary, for those with a surveyed call that week."""
    for agent, agent_week in zip(waiting, agent_weeks(figures, waiting, settings), strict=True):
        if agent_week.surveys_sent == 0:
            continue
        language = mail_language(agent_week.language, settings)
        mail = compile_agent_summary(agent_week, figures.week, language, settings,
                                     praised.get(agent.id))
        yield CompiledDigest(AGENT, str(agent.email), mail, agent_week.quoted,
                             team_id=agent.team_id, agent_id=agent.id)


def queue_weekly_digests(week: IsoWeek, settings: Settings) -> DigestReport:
    """Queue the week's supervisor digests and agent summaries that no run has queued yet.

    The week is read once for every team and agent either audience needs, each agent's week
    built once for both mails, and the mails marked and queued in bulk.
    """
    report = DigestReport(week)
    supervisors = _supervisors_waiting(week, report)
    agents = _agents_waiting(week, report)
    if supervisors or agents:
        teams = {team.id: team for _, teams in supervisors for team in teams}
        team_ids = sorted(set(teams) | {a.team_id for a in agents if a.team_id is not None})
        agent_ids = sorted({a.id for team in teams.values() for a in team.agents}
                           | {a.id for a in agents})
        figures = read_week(db.session, week, settings.zone, team_ids=team_ids,
                            agent_ids=agent_ids, trend=True,
                            settled_before=repeat_window_closed_before(settings))
        period = Period.week(week, settings.zone)
        counted = driver_counts(db.session, period, sorted(teams))
        drivers = {team.slug: counted[team.id] for team in teams.values() if team.id in counted}
        # What callers praised: for the agents' own summaries and the teams' first screens.
        praised = praise_by_agent(db.session, period, agent_ids)
        goals = goals_in_week(db.session, week, list(teams.values()), settings)
        compiled = chain(compile_supervisor_digests(figures, supervisors, drivers, settings,
                                                    praised, goals),
                         compile_agent_summaries(figures, agents, praised, settings))
        # The agents, teams and supervisors read above are only read: committing a chunk of
        # mails must not expire them, or the next chunk would load each one again.
        session = db.session()
        expiring, session.expire_on_commit = session.expire_on_commit, False
        try:
            _mark_and_queue_all(week, compiled, report)
        finally:
            session.expire_on_commit = expiring
    log.info("digests for %s: %d queued, %d queued by an earlier run", week,
             len(report.queued), len(report.already_sent))
    return report
