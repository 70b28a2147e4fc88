"""`PUT` and `GET /api/v1/teams/SLUG/goal`: a team's collective goal and how far it has come.

There is no such call for an agent: goals are the whole team's (see docs/goals-and-talks.md).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from flask import abort
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from feedback_service.api.auth import api_error, require_api_token
from feedback_service.api.description import answer, described
from feedback_service.api.replies import Interval, Reply
from feedback_service.api.views import api, put_reply
from feedback_service.coaching.goals.models import TeamGoal
from feedback_service.coaching.goals.progress import GoalProgress, progress_of
from feedback_service.coaching.goals.store import GoalChanges, GoalRejected, goal_of, set_team_goal
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.settings import current_settings
from feedback_service.staff.models import Team
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind


def _iso_day(value: object) -> object:
    # Only the calendar form: a number or a timestamp would be read as something else.
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError("give a day as YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]


class GoalBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: SurveyKind
    target: float = Field(allow_inf_nan=False)
    since: Day
    until: Day


class GoalProgressReply(Reply):
    score: float | None = Field(description="The team's score so far, in the goal's points; "
                                "null below MIN_RESPONSES answers")
    interval: Interval
    answers: int = Field(description="Answers counted so far")


class GoalReply(Reply):
    team: str = Field(description="The team's slug")
    kind: SurveyKind
    target: float = Field(description="In the score's points, as in summaries")
    since: date
    until: date
    progress: GoalProgressReply


@api.errorhandler(GoalRejected)
def goal_rejected(error: GoalRejected) -> ResponseReturnValue:
    return api_error(str(error), 400)


def _team(slug: str) -> Team:
    team = db.session.scalar(sa.select(Team).where(Team.slug == slug))
    if team is None:
        abort(404, f"no team {slug!r}")
    return team


def _progress(goal: TeamGoal) -> GoalProgress:
    settings = current_settings()
    today = utcnow().astimezone(settings.zone).date()
    return progress_of(db.session, goal, through=today, zone=settings.zone,
                       catalogue=load_catalogue(), min_responses=settings.min_responses)


def goal_as_json(team: Team, goal: TeamGoal, progress: GoalProgress) -> dict[str, Any]:
    score = progress.score
    return {"team": team.slug, "kind": goal.kind, "target": goal.target,
            "since": goal.since.isoformat(), "until": goal.until.isoformat(),
            "progress": {"score": score.value, "interval": [score.low, score.high],
                         "answers": progress.answers}}


@api.put("/teams/<slug>/goal")
@described("Set a team's collective goal", body=GoalBody,
           replies={200: GoalReply, 201: GoalReply}, errors=(400, 413))
@require_api_token
def put_team_goal(slug: str) -> ResponseReturnValue:
    """Set the team's collective goal, replacing the one it had."""
    return put_reply(GoalBody, lambda body: set_team_goal(
        db.session, _team(slug), GoalChanges(body.kind, body.target, body.since, body.until),
        utcnow()), GoalReply, lambda goal: goal_as_json(goal.team, goal, _progress(goal)))


@api.get("/teams/<slug>/goal")
@described("A team's goal and its progress", replies={200: GoalReply})
@require_api_token
def get_team_goal(slug: str) -> ResponseReturnValue:
    """The team's goal with its progress so far."""
    team = _team(slug)
    goal = goal_of(db.session, team.id)
    if goal is None:
        return api_error(f"team {slug!r} has no goal", 404)
    return answer(GoalReply, goal_as_json(team, goal, _progress(goal)))
