"""Setting a team's goal and finding the goals of teams; the rules a goal must keep."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from feedback_service.coaching.goals.models import TeamGoal
from feedback_service.coaching.goals.progress import scale_of
from feedback_service.coaching.read_model import FIRST_DAY, LAST_DAY
from feedback_service.database import AnySession
from feedback_service.staff.models import Team
from feedback_service.surveys.scoring import SurveyKind


class GoalRejected(ValueError):
    """A goal that breaks a rule; `field` names what to correct."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class GoalChanges:
    kind: SurveyKind
    target: float
    since: date
    until: date


def check_goal(goal: GoalChanges) -> None:
    """Raise GoalRejected when the target is off its scale or the period is not one."""
    low, high = scale_of(goal.kind)
    if not math.isfinite(goal.target) or not low <= goal.target <= high:
        raise GoalRejected("target", f"a {goal.kind} target lies from {low:g} to {high:g} "
                                     "points")
    for field, day in (("since", goal.since), ("until", goal.until)):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise GoalRejected(field, f"{day.isoformat()} is outside "
                                      f"{FIRST_DAY.isoformat()}..{LAST_DAY.isoformat()}")
    if goal.since > goal.until:
        raise GoalRejected("until", "the period ends before it begins")


def set_team_goal(session: AnySession, team: Team, goal: GoalChanges,
                  now: datetime) -> tuple[TeamGoal, bool]:
    """Give the team this goal, replacing the one it had; whether it had none (created)."""
    check_goal(goal)
    found = goal_of(session, team.id)
    created = found is None
    if found is None:
        found = TeamGoal(team=team, created_at=now)
        session.add(found)
    found.kind, found.target = goal.kind.value, goal.target
    found.since, found.until, found.updated_at = goal.since, goal.until, now
    session.flush()
    return found, created


def goal_of(session: AnySession, team_id: int) -> TeamGoal | None:
    return session.scalar(sa.select(TeamGoal).where(TeamGoal.team_id == team_id))


def goals_of(session: AnySession, team_ids: Sequence[int]) -> dict[int, TeamGoal]:
    """The goals of these teams, by team id (a team without one is left out)."""
    if not team_ids:
        return {}
    return {goal.team_id: goal for goal in session.scalars(
        sa.select(TeamGoal).where(TeamGoal.team_id.in_(list(team_ids))))}
