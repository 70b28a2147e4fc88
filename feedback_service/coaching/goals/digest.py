"""The team goals a week's digest shows: each goal whose days touch the week, with its progress
through the week's last day (so a digest sent again, or late, says the same)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from feedback_service.coaching.goals.presentation import GoalView, describe_goal
from feedback_service.coaching.goals.progress import GoalProgress, progress_of
from feedback_service.coaching.goals.store import goals_of
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.database import AnySession
from feedback_service.settings import Settings
from feedback_service.staff.models import Team
from feedback_service.surveys.reasons import load_catalogue

__all__ = ["GoalProgress", "GoalView", "goals_in_week", "week_goal"]


def goals_in_week(session: AnySession, week: IsoWeek, teams: Sequence[Team],
                  settings: Settings) -> dict[str, GoalProgress]:
    """By team slug, the progress of the goals that run during `week` or ran before it and
    had not ended by its first day."""
    first, last = week.monday, week.monday + timedelta(days=6)
    slugs = {team.id: team.slug for team in teams}
    found = {}
    for team_id, goal in goals_of(session, sorted(slugs)).items():
        if goal.since <= last and goal.until >= first:
            found[slugs[team_id]] = progress_of(session, goal, through=last, zone=settings.zone,
                                                catalogue=load_catalogue(),
                                                min_responses=settings.min_responses)
    return found


def week_goal(progress: GoalProgress | None, language: str,
              settings: Settings) -> GoalView | None:
    return None if progress is None else describe_goal(progress, language,
                                                       settings.min_responses)
