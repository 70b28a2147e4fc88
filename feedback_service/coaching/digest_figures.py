"""The figures of a week's digests, compiled in one descent to the read model.

Every team's and agent's week, each team's driver tables and goal, and what callers praised
each agent are read and built here, once for the whole run; the mails are rendered from what
this returns (`digest_mails`) without reading anything again. No Jinja and no Flask here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from feedback_service.coaching.drivers import DriverTable, driver_tables
from feedback_service.coaching.goals.digest import GoalProgress, goals_in_week
from feedback_service.coaching.read_model import (
    DriverCounts,
    Period,
    driver_counts,
    praise_by_agent,
)
from feedback_service.coaching.week_summaries import (
    AgentWeek,
    TeamWeek,
    agent_weeks,
    read_week,
    repeat_window_closed_before,
    team_week,
)
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.database import AnySession
from feedback_service.settings import Settings
from feedback_service.staff.models import Agent, Team
from feedback_service.surveys.praise import load_praise
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind


@dataclass(frozen=True)
class DigestFigures:
    """What a week's digests and agent summaries show."""

    week: IsoWeek
    teams: dict[int, TeamWeek]  # each team's own week and its agents' weeks, by team id
    drivers: dict[str, list[DriverTable]]  # by team slug, its driver tables (one per scale)
    goals: dict[str, GoalProgress]  # by team slug, its goal running that week, with progress
    praised: Mapping[int, Counter[tuple[SurveyKind, str]]]  # what callers praised per agent
    # The agents whose own summary goes out: those with a surveyed call that week.
    own_weeks: dict[int, AgentWeek]


def read_digest_figures(session: AnySession, week: IsoWeek, settings: Settings, *,
                        teams: Sequence[Team], agents: Sequence[Agent]) -> DigestFigures:
    """The week of these teams (for their supervisors' digests) and of these agents (for their
    own summaries), each agent's week built once for both mails."""
    team_ids = sorted({team.id for team in teams}
                      | {a.team_id for a in agents if a.team_id is not None})
    agent_ids = sorted({a.id for team in teams for a in team.agents} | {a.id for a in agents})
    figures = read_week(session, week, settings.zone, team_ids=team_ids, agent_ids=agent_ids,
                        trend=True, settled_before=repeat_window_closed_before(settings))
    period = Period.week(week, settings.zone)
    counted = driver_counts(session, period, sorted(team.id for team in teams))
    # What callers praised: for the agents' own summaries and the teams' first screens.
    praised = praise_by_agent(session, period, agent_ids)
    goals = goals_in_week(session, week, list(teams), settings)
    catalogue, praise = load_catalogue(), load_praise()
    return DigestFigures(
        week=week,
        teams={team.id: team_week(figures, team, settings) for team in teams},
        drivers={team.slug: driver_tables(counted.get(team.id, DriverCounts()), catalogue, praise,
                                        settings.min_responses) for team in teams},
        goals=goals,
        praised=praised,
        own_weeks={agent.id: own for agent, own in zip(agents, agent_weeks(figures, agents,
                                                                           settings), strict=True)
                   if own.surveys_sent},
    )
