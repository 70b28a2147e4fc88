"""The weekly digest's and the agent summary's mails, rendered from a week's `DigestFigures`.

Templates, charts and the reader's language are applied here, to figures compiled before:
rendering reads nothing from the database.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from feedback_service.coaching.appreciation import driver_table_views, praise_lines
from feedback_service.coaching.digest_figures import DigestFigures
from feedback_service.coaching.drivers import DriverTable
from feedback_service.coaching.first_screen import (
    AgentFigures,
    TeamFirstScreen,
    team_first_screen,
    waiting_line,
)
from feedback_service.coaching.goals.presentation import GoalView, describe_goal
from feedback_service.coaching.mail_rendering import Mail, render_mail
from feedback_service.coaching.mail_texts import texts_in
from feedback_service.coaching.presentation import (
    NumbersView,
    alphabetical_key,
    describe_numbers,
    week_days,
)
from feedback_service.coaching.trend_images import trend_png
from feedback_service.coaching.week_summaries import AgentWeek, TeamWeek
from feedback_service.database import utcnow
from feedback_service.settings import Settings
from feedback_service.surveys.praise import load_praise
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind


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


def driver_lines(tables: Sequence[DriverTable], language: str) -> list[str]:
    """The team's driver table as mail lines: each reason, praise and topic with its answers
    and the points the score would rise had those callers been happy."""
    texts = texts_in(language)
    return [texts["driver_line"].format(label=row.label, answers=row.answers, points=row.points)
            for shown in driver_table_views(tables, language, rise=texts["driver_rise"],
                                            catalogue=load_catalogue(), praise=load_praise())
            for row in [*shown.reasons, *shown.topics]]


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


def _goal(figures: DigestFigures, team: TeamWeek, language: str,
          settings: Settings) -> GoalView | None:
    progress = figures.goals.get(team.slug)
    return None if progress is None else describe_goal(progress, language,
                                                       settings.min_responses)


def chart_data_uri(screen: TeamFirstScreen) -> str | None:
    """The first screen's chart as a PNG data: URI. The outbox sends it as an inline image
    (multipart/related, by Content-ID), which Outlook, Gmail and Apple Mail all show; kept
    in the stored HTML, the mail stays one self-contained text until then."""
    if screen.chart is None:
        return None
    picture = screen.chart
    png = trend_png(picture.kind, picture.weeks, picture.words)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def render_weekly_digest(team_weeks: Sequence[TeamWeek], figures: DigestFigures,
                         language: str, settings: Settings, reader: str | None = None,
                         charts: dict[tuple[str, str], tuple[TeamFirstScreen, str | None]]
                         | None = None) -> Mail:
    """A supervisor's digest: first what each team's week says at a glance (the sentence,
    the chart, who is worth a word, praise, follow-ups, a reason that stood out), then per team
    the totals, reasons and drivers, then each agent alphabetically.

    `charts` keeps each team's first screen and chart once drawn, for the next supervisor of
    the same team who reads the same language: one chart per team, never one per mail."""
    texts = texts_in(language)
    week = team_weeks[0].week
    min_responses = settings.min_responses
    drawn = charts if charts is not None else {}
    for team in team_weeks:
        if (team.slug, language) not in drawn and _anything_happened(team):
            screen = team_first_screen_of(team, language, figures.praised)
            drawn[(team.slug, language)] = (screen, chart_data_uri(screen))
    teams = [
        TeamView(
            heading=texts["team_totals"].format(team=team.name),
            link=settings.public_url(f"/teams/{team.slug}"),
            numbers=describe_numbers(team.summaries, language, load_catalogue(), min_responses,
                                     follow_up_hours=settings.follow_up_hours,
                                     repeat_days=settings.repeat_contact_days,
                                     trend=team.trend),
            # How many: the first screen above says for how long.
            waiting=waiting_line(team.waiting, None, utcnow(), language),
            follow_ups_link=settings.public_url("/follow-ups"),
            drivers=driver_lines(figures.drivers[team.slug], language),
            # Alphabetical and nothing else: the order must never hint at who did better.
            agents=[_agent_view(agent, language, settings, for_supervisor=True) for agent in
                    sorted(team.agents, key=lambda a: alphabetical_key(a.name, language))],
            no_answers=(None if _anything_happened(team)
                        else texts["team_no_answers"].format(team=team.name)),
            goal=_goal(figures, team, language, settings),
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


def render_agent_summary(agent: AgentWeek, figures: DigestFigures, language: str,
                         settings: Settings) -> Mail:
    """An agent's own weekly summary: their numbers, comments, kudos and what callers
    appreciated, and nobody else's."""
    texts, week = texts_in(language), figures.week
    subject = texts["agent_subject"].format(week=week)
    return render_mail(
        "agent_summary", subject, language=language, t=texts,
        title=texts["agent_subject"].format(week=week), greeting=None,
        agent=replace(_agent_view(agent, language, settings, for_supervisor=False),
                      praise=praise_lines(figures.praised.get(agent.agent_id, Counter()),
                                          load_praise(), language)),
        link=settings.public_url("/me"),
        intro=texts["agent_intro"].format(name=agent.first_name, week=week,
                                          days=week_days(week, language)),
        footer=texts["footer"].format(min=settings.min_responses),
    )
