"""The weekly coaching digest for supervisors and the weekly summary for each agent.

Each mail is marked in `digest_runs` (unique on week, audience and recipient) in the same
transaction that puts it in the outbox, one recipient at a time. A second run for the same
week therefore queues nothing, a run that stopped half way queues only the rest, and the
outbox retries what an SMTP server could not take.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from feedback_service.coaching.drivers import driver_tables, praise_counts
from feedback_service.coaching.mail_rendering import Mail, mail_language, public_link, render_mail
from feedback_service.coaching.models import DigestRun
from feedback_service.coaching.presentation import (
    NumbersView,
    alphabetical_key,
    describe_numbers,
    signed,
    texts_for,
    week_dates,
)
from feedback_service.coaching.read_model import (
    DriverCounts,
    Period,
    driver_counts,
    praise_by_agent,
)
from feedback_service.coaching.weekly import (
    AgentWeek,
    TeamWeek,
    WeekFigures,
    agent_weeks,
    read_week,
    team_week,
)
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.extensions import db
from feedback_service.outbox.queue import enqueue_email
from feedback_service.staff.models import Agent, User
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


def _agent_view(agent: AgentWeek, language: str, config: Mapping[str, Any], *,
                for_supervisor: bool) -> AgentView:
    numbers = describe_numbers(agent.summaries, language, load_catalogue(),
                               int(config["MIN_RESPONSES"]),
                               follow_up_hours=float(config["FOLLOW_UP_HOURS"]),
                               agent_name=agent.first_name if for_supervisor else None,
                               trend=agent.trend)
    return AgentView(agent.name, numbers, agent.comments, agent.kudos)


def driver_lines(counts: DriverCounts | None, language: str,
                 config: Mapping[str, Any]) -> list[str]:
    """The team's driver table as mail lines: each reason, praise and topic with its answers
    and the points it costs or brings."""
    texts, catalogue, praise = texts_for(language), load_catalogue(), load_praise()
    lines = []
    for table in driver_tables(counts or DriverCounts(), catalogue, praise,
                               int(config["MIN_RESPONSES"])):
        for row in [*table.reasons, *table.topics]:
            if row.group == "reason":
                reason = catalogue.by_code(row.code)
                label = (f"{reason.label(language) if reason else row.code} "
                         f"({texts['driver_complaint']})")
            elif row.group == "praise":
                found = praise.by_code(row.code)
                label = f"{found.label(language) if found else row.code} ({texts['driver_praise']})"
            else:
                label = topic_label(row.code, language) if row.code else texts["driver_no_topic"]
            points = texts["driver_held_back"] if row.points is None else signed(row.points)
            lines.append(texts["driver_line"].format(label=label, answers=row.answers,
                                                     points=points))
    return lines


def compile_weekly_digest(team_weeks: Sequence[TeamWeek], language: str,
                          config: Mapping[str, Any], reader: str | None = None,
                          drivers: Mapping[str, DriverCounts] | None = None) -> Mail:
    """A supervisor's digest: per team the totals, reasons and drivers, then each agent
    alphabetically."""
    texts = texts_for(language)
    week = team_weeks[0].week
    first, last = week_dates(week)
    min_responses = int(config["MIN_RESPONSES"])
    teams = [
        TeamView(
            heading=texts["team_totals"].format(team=team.name),
            link=public_link(config, f"/teams/{team.slug}"),
            numbers=describe_numbers(team.summaries, language, load_catalogue(), min_responses,
                                     follow_up_hours=float(config["FOLLOW_UP_HOURS"]),
                                     trend=team.trend),
            waiting=(texts["waiting"].format(count=team.waiting) if team.waiting
                     else texts["nobody_waiting"]),
            follow_ups_link=public_link(config, "/follow-ups"),
            drivers=driver_lines((drivers or {}).get(team.slug), language, config),
            # Alphabetical and nothing else: the order must never hint at who did better.
            agents=[_agent_view(agent, language, config, for_supervisor=True) for agent in
                    sorted(team.agents, key=lambda a: alphabetical_key(a.name, language))],
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
        intro=texts["digest_intro"].format(week=week, first=first, last=last),
        footer=texts["footer"].format(min=min_responses),
    )


def praise_lines(counts: Counter[tuple[SurveyKind, str]], language: str) -> list[str]:
    """What callers appreciated, one line each in the catalogue's order: "det gick snabbt: 4"."""
    catalogue = load_praise()
    return [f"{catalogue.by_code(code).label(language)}: {n}"  # type: ignore[union-attr]
            for code, n in praise_counts(counts, catalogue)]


def compile_agent_summary(agent: AgentWeek, week: IsoWeek, language: str,
                          config: Mapping[str, Any],
                          praise: Counter[tuple[SurveyKind, str]] | None = None) -> Mail:
    """An agent's own weekly summary: their numbers, comments, kudos and what callers
    appreciated, and nobody else's."""
    texts = texts_for(language)
    first, last = week_dates(week)
    subject = texts["agent_subject"].format(week=week)
    return render_mail(
        "agent_summary", subject, language=language, t=texts,
        title=texts["agent_subject"].format(week=week), greeting=None,
        agent=replace(_agent_view(agent, language, config, for_supervisor=False),
                      praise=praise_lines(praise or Counter(), language)),
        link=public_link(config, "/me"),
        intro=texts["agent_intro"].format(name=agent.first_name, week=week, first=first, last=last),
        footer=texts["footer"].format(min=int(config["MIN_RESPONSES"])),
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


def _mark_and_queue(week: IsoWeek, audience: str, email: str, mail: Mail, *,
                    quotes: list[int], team_id: int | None = None,
                    agent_id: int | None = None) -> bool:
    """Mark the digest and queue its mail in one transaction; False when it was already marked."""
    run = DigestRun(week=str(week), audience=audience, recipient_email=email, team_id=team_id,
                    agent_id=agent_id)
    db.session.add(run)
    try:
        db.session.flush()
        message = enqueue_email(digest_key(week, audience, email), to=email,
                                subject=mail.subject, text=mail.text, html=mail.html,
                                purpose=f"digest_{audience}", quotes=quotes)
        db.session.flush()
        run.outbox_message_id = message.id
        db.session.commit()
    except IntegrityError:
        # Another run marked it first (two commands at once): theirs is the one that goes.
        db.session.rollback()
        return False
    return True


@dataclass
class DigestReport:
    """What a run did: mails queued now, and recipients whose mail an earlier run queued."""

    week: IsoWeek
    queued: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)


def _supervisors() -> list[User]:
    return list(db.session.scalars(
        sa.select(User).where(User.supervised_teams.any(), User.active.is_(True))
        .order_by(User.email)
    ))


def _zone(config: Mapping[str, Any]) -> ZoneInfo:
    return ZoneInfo(str(config["TIMEZONE"]))


def queue_supervisor_digests(week: IsoWeek, config: Mapping[str, Any],
                             report: DigestReport) -> None:
    """One digest per supervisor, covering every team they supervise that has agents."""
    marked = _marked_recipients(week, SUPERVISOR)
    waiting = []
    for supervisor in _supervisors():
        if supervisor.email in marked:
            report.already_sent.append(supervisor.email)
        elif teams := [team for team in supervisor.supervised_teams if team.agents]:
            waiting.append((supervisor, teams))
    if not waiting:
        return
    teams_read = {team.id: team for _, teams in waiting for team in teams}
    # Every team and agent of the week counted at once, not per supervisor or per agent.
    figures = read_week(db.session, week, _zone(config), team_ids=list(teams_read),
                        agent_ids=[a.id for team in teams_read.values() for a in team.agents])
    team_weeks = {team_id: team_week(figures, team, config)
                  for team_id, team in teams_read.items()}
    counted = driver_counts(db.session, Period.week(week, _zone(config)), list(teams_read))
    drivers = {team.slug: counted[team.id] for team_id, team in teams_read.items()
               if team_id in counted}
    for supervisor, teams in waiting:
        language = mail_language(supervisor.language, config)
        mail = compile_weekly_digest([team_weeks[team.id] for team in teams], language, config,
                                     reader=supervisor.name, drivers=drivers)
        team_id = teams[0].id if len(teams) == 1 else None
        quotes = [response_id for team in teams for agent in team_weeks[team.id].agents
                  for response_id in agent.quoted]
        queued = _mark_and_queue(week, SUPERVISOR, supervisor.email, mail, quotes=quotes,
                                 team_id=team_id)
        (report.queued if queued else report.already_sent).append(supervisor.email)


def queue_agent_summaries(week: IsoWeek, config: Mapping[str, Any],
                          report: DigestReport) -> None:
    """Each active agent with an e-mail and a surveyed call that week gets their own summary."""
    agents = list(db.session.scalars(
        sa.select(Agent).where(Agent.email.is_not(None), Agent.active.is_(True))
        .order_by(Agent.handle)
    ))
    marked = _marked_recipients(week, AGENT)
    report.already_sent.extend(str(a.email) for a in agents if a.email in marked)
    waiting = [agent for agent in agents if agent.email not in marked]
    if not waiting:
        return
    figures: WeekFigures = read_week(
        db.session, week, _zone(config),
        team_ids=sorted({a.team_id for a in waiting if a.team_id is not None}),
        agent_ids=[a.id for a in waiting])
    praised = praise_by_agent(db.session, Period.week(week, _zone(config)),
                              [a.id for a in waiting])
    for agent, agent_week in zip(waiting, agent_weeks(figures, waiting, config), strict=True):
        if agent_week.surveys_sent == 0:
            continue
        email = str(agent.email)
        language = mail_language(agent_week.language, config)
        mail = compile_agent_summary(agent_week, week, language, config, praised.get(agent.id))
        queued = _mark_and_queue(week, AGENT, email, mail, quotes=agent_week.quoted,
                                 team_id=agent.team_id, agent_id=agent.id)
        (report.queued if queued else report.already_sent).append(email)


def queue_weekly_digests(week: IsoWeek, config: Mapping[str, Any]) -> DigestReport:
    """Queue the week's supervisor digests and agent summaries that no run has queued yet."""
    report = DigestReport(week)
    queue_supervisor_digests(week, config, report)
    queue_agent_summaries(week, config, report)
    log.info("digests for %s: %d queued, %d queued by an earlier run", week,
             len(report.queued), len(report.already_sent))
    return report
