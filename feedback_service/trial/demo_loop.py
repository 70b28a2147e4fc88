"""The demo's loop beyond the answers: a team goal, an improvement action, a coaching talk.

Each is recorded through the function the pages and the API use, so the demo's rows are ones
the service itself could have written. Their days are counted back from the demo's `now`, as
its answers are, so the goal's progress, the action's before and after and the answers since the
talk read the same whatever the date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from feedback_service.causes.actions import ActionChanges, save_action
from feedback_service.coaching.goals.store import GoalChanges, set_team_goal
from feedback_service.coaching.talks.log import TalkNotes, record_talk
from feedback_service.coaching.weeks import week_at
from feedback_service.extensions import db
from feedback_service.staff.models import Agent, Team, User
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.trial.demo_profiles import ACTION, GOAL, TALK, TEAMS


def _this_monday(now: datetime, zone: ZoneInfo) -> date:
    return week_at(now, zone).monday


def action_started_on(now: datetime, zone: ZoneInfo) -> date:
    """The day the demo's improvement action began; the answers change on it."""
    return _this_monday(now, zone) - timedelta(weeks=ACTION.weeks_ago)


def record_goal_action_and_talk(now: datetime, zone: ZoneInfo) -> None:
    """The demo supervisor's team goal, the action on its process reason, and the talk."""
    teams = {team.slug: team for team in TEAMS}
    monday = _this_monday(now, zone)

    goal_team = db.session.execute(sa.select(Team).where(Team.slug == GOAL.team)).scalar_one()
    since = monday - timedelta(weeks=GOAL.weeks_ago)
    set_team_goal(db.session, goal_team, GoalChanges(
        SurveyKind(teams[GOAL.team].kind), GOAL.target, since,
        since + timedelta(weeks=GOAL.weeks, days=-1)), now)

    # The action's owner is whoever the reason catalogue names for the reason's weekly mail.
    catalogue = load_catalogue()
    reason = catalogue.by_code(ACTION.reason)
    owned_by = reason.owned_by if reason is not None else None
    owner = owned_by if owned_by and "@" in owned_by else teams[ACTION.team].supervisor_email
    save_action(db.session, ACTION.slug, ActionChanges(
        title=ACTION.title, reason=ACTION.reason, started_on=action_started_on(now, zone),
        team=ACTION.team, owner_email=owner), catalogue)

    agent = db.session.execute(sa.select(Agent).where(Agent.handle == TALK.agent)).scalar_one()
    supervisor_email = next(team.supervisor_email for team in TEAMS
                            if any(p.handle == TALK.agent for p in team.agents))
    supervisor = db.session.execute(
        sa.select(User).where(User.email == supervisor_email)).scalar_one()
    record_talk(db.session, agent, TalkNotes(monday - timedelta(days=TALK.days_ago),
                                             TALK.agreed, TALK.notes), supervisor.id, now)
