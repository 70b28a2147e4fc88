"""One week's summaries per team and per agent: what digests, pages and the API show of a week."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from feedback_service.coaching.follow_up_outcomes import FollowUpRecord, summarize_follow_ups
from feedback_service.coaching.read_model import (
    AnswerCounts,
    Period,
    Tallies,
    Waiting,
    follow_up_records,
    tally_teams_and_agents,
    waiting_follow_ups,
    week_bounds,
)
from feedback_service.coaching.statistics import RECENT_WEEKS
from feedback_service.coaching.summaries import (
    HISTORY_WEEKS,
    Level,
    Summary,
    ordered_kinds,
    summarize,
)
from feedback_service.coaching.trends import TREND_WEEKS, WeekPoint, week_points
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.database import AnySession, utcnow
from feedback_service.personal_data import mask_personal_data
from feedback_service.settings import Settings
from feedback_service.staff.models import Agent, Team
from feedback_service.surveys.models import Response
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import POSITIVE_CATEGORIES, Category, SurveyKind

COMMENTS_SHOWN = 3
# The weeks a mail's small chart shows, ending with the week summarised: as many as the pages'.
MAIL_TREND_WEEKS = TREND_WEEKS
# Seven or more digits in a row (spaces and dashes allowed) look like a phone number.
@dataclass(frozen=True)
class HistoryBuckets:
    """How the HISTORY_WEEKS weeks a week's summaries read are counted: the latest `weekly`
    weeks one by one, and the weeks before them together in one bucket (number 0).

    Only the recent weeks (and a mail's small chart) need weeks apart; the baseline is one
    total, so counting it as one bucket keeps the rows a read returns to a handful per agent.
    """

    weekly: int

    def bounds(self, week: IsoWeek, zone: ZoneInfo) -> list[datetime]:
        edges = week_bounds(week, HISTORY_WEEKS, zone)
        return [edges[0], *edges[HISTORY_WEEKS - self.weekly:]]

    @property
    def count(self) -> int:
        return self.weekly + 1

    @property
    def this_week(self) -> int:
        """The bucket of the week summarised: the last one."""
        return self.weekly

    @property
    def recent(self) -> range:
        return range(self.count - RECENT_WEEKS, self.count)


# Pages and the API need the recent weeks apart; a mail's chart needs its weeks apart too.
SUMMARY_BUCKETS = HistoryBuckets(weekly=RECENT_WEEKS)
TREND_BUCKETS = HistoryBuckets(weekly=MAIL_TREND_WEEKS)


def agent_language(agent: Agent) -> str | None:
    """The language the agent reads: set on the agent, else on their login."""
    return agent.language or (agent.user.language if agent.user else None)


@dataclass(frozen=True)
class AgentWeek:
    """One agent's week: their own summaries and the comments callers left them."""

    agent_id: int
    handle: str
    name: str
    first_name: str
    email: str | None
    language: str | None
    team: str | None  # the team's slug
    summaries: list[Summary]
    trend: dict[SurveyKind, list[WeekPoint]]  # the last TREND_WEEKS weeks, for a small chart
    comments: list[str]
    kudos: list[str]
    quoted: list[int]  # the answers whose comments `comments` and `kudos` quote

    @property
    def surveys_sent(self) -> int:
        return sum(s.surveys_sent or 0 for s in self.summaries)


@dataclass(frozen=True)
class TeamWeek:
    """A team's week: its own summaries, and each of its agents' weeks."""

    slug: str
    name: str
    week: IsoWeek
    summaries: list[Summary]
    trend: dict[SurveyKind, list[WeekPoint]]
    agents: list[AgentWeek]
    waiting: int  # unhappy callers of the team waiting for a call back now
    oldest_waiting: datetime | None = None  # since when the longest of them has waited


def _summaries(level: Level, tallies: Tallies, buckets: HistoryBuckets, group: int,
               reference: AnswerCounts | None, settings: Settings) -> list[Summary]:
    history = [tallies.answers_in(group, [bucket]) for bucket in range(buckets.count)]
    surveys = tallies.surveys_in(group, buckets.this_week)
    # A scale shows when it was asked this week or answered lately; with nothing at all, the
    # service's own scale shows with its zeros.
    answered = {kind for week in history[-RECENT_WEEKS:] for kind, _, _ in week}
    asked = {key.kind for key in surveys}
    kinds = ordered_kinds(answered | asked) or [SurveyKind(settings.survey_kind)]
    return [
        summarize(level, kind, history[buckets.this_week], load_catalogue(),
                  settings.min_responses, surveys=surveys, history=history,
                  reference=reference)
        for kind in kinds
    ]


# Per agent: the week's unhappy comments and its kudos, each as (answer id, text).
Comments = tuple[list[tuple[int, str]], list[tuple[int, str]]]


def _trend(level: Level, figures: WeekFigures, tallies: Tallies, group: int,
           summaries: Sequence[Summary], settings: Settings) -> dict[SurveyKind,
                                                                          list[WeekPoint]]:
    """Each summarised scale's score over the last MAIL_TREND_WEEKS weeks, ending with the
    week, from the first of them with answers (as on the pages: empty weeks before a new
    agent's first call say nothing)."""
    if figures.buckets.weekly < MAIL_TREND_WEEKS:
        raise ValueError("the week was read without the weeks a trend needs (trend=True)")
    week, count = figures.week, figures.buckets.count
    weeks = [tallies.answers_in(group, [bucket])
             for bucket in range(count - MAIL_TREND_WEEKS, count)]
    start = next((n for n, counts in enumerate(weeks) if counts), len(weeks))
    first = week.shifted(start + 1 - MAIL_TREND_WEEKS)
    return {summary.kind: week_points(level, summary.kind, weeks[start:], first, load_catalogue(),
                                      settings.min_responses)
            for summary in summaries}


def _comments(session: AnySession, agent_ids: Sequence[int],
              period: Period) -> dict[int, Comments]:
    """Per agent, the week's unhappy comments and kudos, personal data in them masked."""
    found: dict[int, Comments] = defaultdict(lambda: ([], []))
    if not agent_ids:
        return found
    rows = session.execute(
        sa.select(Response.agent_id, Response.id, Response.category, Response.comment)
        .where(Response.agent_id.in_(list(agent_ids)), Response.category.is_not(None),
               Response.comment.is_not(None),
               Response.call_ended_at >= period.start, Response.call_ended_at < period.end)
        .order_by(Response.call_ended_at, Response.id)
    )
    for agent_id, response_id, category, comment in rows:
        # The query reads only these agents' answers with a category and a comment.
        assert agent_id is not None and category is not None and comment is not None
        if comment.strip():
            positive = Category(category) in POSITIVE_CATEGORIES
            found[agent_id][1 if positive else 0].append(
                (response_id, mask_personal_data(comment.strip())))
    return found


def _agent_week(agent: Agent, figures: WeekFigures, settings: Settings) -> AgentWeek:
    comments = figures.comments[agent.id]
    # The latest ones: the week's most recent voices.
    unhappy, kudos = comments[0][-COMMENTS_SHOWN:], comments[1][-COMMENTS_SHOWN:]
    summaries = _summaries(Level.AGENT, figures.agents, figures.buckets, agent.id,
                           figures.team_recent(agent.team_id), settings)
    return AgentWeek(
        agent_id=agent.id,
        handle=agent.handle,
        name=agent.name,
        first_name=agent.first_name,
        email=agent.email,
        language=agent_language(agent),
        team=agent.team.slug if agent.team else None,
        summaries=summaries,
        trend=_trend(Level.AGENT, figures, figures.agents, agent.id, summaries, settings),
        comments=[text for _, text in unhappy],
        kudos=[text for _, text in kudos],
        quoted=[response_id for response_id, _ in unhappy + kudos],
    )


@dataclass(frozen=True)
class WeekFigures:
    """The counts one week's summaries need, read in five queries whatever the number of agents."""

    week: IsoWeek
    buckets: HistoryBuckets
    teams: Tallies
    agents: Tallies
    comments: dict[int, Comments]
    team_follow_ups: dict[int, list[FollowUpRecord]]
    waiting: dict[int, Waiting]  # per team, unhappy callers waiting for a call back now
    # Each agent's week once built, by agent id: a supervisor's digest and the agent's own
    # summary show the same week, and building it is most of a digest run's work.
    built: dict[int, AgentWeek] = field(default_factory=dict, compare=False, repr=False)

    def team_recent(self, team_id: int | None) -> AnswerCounts | None:
        if team_id is None:
            return None
        return self.teams.answers_in(team_id, self.buckets.recent)

    def waiting_count(self, team_id: int) -> int:
        found = self.waiting.get(team_id)
        return found.count if found else 0

    def oldest_waiting(self, team_id: int) -> datetime | None:
        found = self.waiting.get(team_id)
        return found.oldest if found else None

    def agent_was_surveyed(self, agent_id: int) -> bool:
        return bool(self.agents.sent_in(agent_id, self.buckets.this_week))


def repeat_window_closed_before(settings: Settings) -> datetime:
    """Calls that ended before this have their repeat-contact window closed: whether they were
    resolved at first contact is known now and will not change."""
    return utcnow() - timedelta(days=settings.repeat_contact_days)


def read_week(session: AnySession, week: IsoWeek, zone: ZoneInfo, *,
              team_ids: Sequence[int] | None, agent_ids: Sequence[int],
              settled_before: datetime, comments: bool = True,
              trend: bool = False) -> WeekFigures:
    """Count the week and the weeks before it for these teams (None: every team) and agents,
    and read the agents' comments of the week unless `comments` is False (figures only);
    `trend` counts the weeks of a mail's small chart one by one too. First-contact resolution
    counts the calls that ended before `settled_before` (`repeat_window_closed_before`)."""
    buckets = TREND_BUCKETS if trend else SUMMARY_BUCKETS
    teams, agents = tally_teams_and_agents(session, buckets.bounds(week, zone), team_ids=team_ids,
                                           agent_ids=agent_ids, surveys_from=buckets.this_week,
                                           settled_before=settled_before)
    return WeekFigures(
        week=week,
        buckets=buckets,
        teams=teams,
        agents=agents,
        comments=(_comments(session, agent_ids, Period.week(week, zone)) if comments
                  else defaultdict(lambda: ([], []))),
        team_follow_ups=follow_up_records(session, Period.week(week, zone), by="team",
                                          ids=team_ids),
        waiting=waiting_follow_ups(session, team_ids),
    )


def agent_weeks(figures: WeekFigures, agents: Sequence[Agent],
                settings: Settings) -> list[AgentWeek]:
    """Each agent's own week, in the order given."""
    for agent in agents:
        if agent.id not in figures.built:
            figures.built[agent.id] = _agent_week(agent, figures, settings)
    return [figures.built[agent.id] for agent in agents]


def agent_summaries(figures: WeekFigures, agent: Agent,
                    settings: Settings) -> list[Summary]:
    """An agent's summaries of the week, without the comments and trend a mail adds."""
    return _summaries(Level.AGENT, figures.agents, figures.buckets, agent.id,
                      figures.team_recent(agent.team_id), settings)


def team_summaries(figures: WeekFigures, team: Team,
                   settings: Settings) -> list[Summary]:
    """A team's own summaries of the week, without its agents' weeks and the trend."""
    return _team_summaries(figures, team.id, settings)


def team_week(figures: WeekFigures, team: Team, settings: Settings) -> TeamWeek:
    """The team's own summaries and its agents' weeks, alphabetical by name.

    Agents who have left still appear for a week in which they took surveyed calls.
    """
    agents = [agent for agent in team.agents
              if agent.active or figures.agent_was_surveyed(agent.id)]
    summaries = _team_summaries(figures, team.id, settings)
    return TeamWeek(
        slug=team.slug, name=team.name, week=figures.week, summaries=summaries,
        trend=_trend(Level.TEAM, figures, figures.teams, team.id, summaries, settings),
        agents=agent_weeks(figures, agents, settings),
        waiting=figures.waiting_count(team.id),
        oldest_waiting=figures.oldest_waiting(team.id),
    )


def _team_summaries(figures: WeekFigures, team_id: int,
                    settings: Settings) -> list[Summary]:
    """The team's summaries, each with how its unhappy callers were followed up."""
    records = figures.team_follow_ups.get(team_id, [])
    zone = settings.zone
    working = settings.working_week
    return [
        replace(summary, follow_ups=summarize_follow_ups(
            [r for r in records if r.kind == summary.kind],
            hours=settings.follow_up_hours, working=working, zone=zone, now=utcnow()))
        for summary in _summaries(Level.TEAM, figures.teams, figures.buckets, team_id, None,
                                  settings)
    ]



def agent_week_summaries(session: AnySession, agent: Agent, week: IsoWeek, zone: ZoneInfo,
                         settings: Settings) -> list[Summary]:
    """One agent's summaries of a week, as their weekly mail shows them.

    Only the counts: an agent's page shows none of the team's follow-ups."""
    buckets = SUMMARY_BUCKETS
    team_ids = [agent.team_id] if agent.team_id is not None else []
    teams, agents = tally_teams_and_agents(session, buckets.bounds(week, zone), team_ids=team_ids,
                                           agent_ids=[agent.id], surveys_from=buckets.this_week,
                                           settled_before=repeat_window_closed_before(settings))
    reference = (teams.answers_in(agent.team_id, buckets.recent)
                 if agent.team_id is not None else None)
    return _summaries(Level.AGENT, agents, buckets, agent.id, reference, settings)
