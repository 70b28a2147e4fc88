"""Who may see what: agents their own answers, supervisors their teams, admins everything.

Anything a user may not see answers 404, exactly like something that does not exist, so
guessing ids, handles or team slugs tells nothing. Each refusal is logged by user id and page,
never with the names, numbers or comments involved.
"""

from __future__ import annotations

import logging
from typing import NoReturn

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user
from sqlalchemy.orm import joinedload

from feedback_service.extensions import db
from feedback_service.staff.models import Agent, Role, Team
from feedback_service.surveys.models import Response
from feedback_service.web.auth import SignedInUser

log = logging.getLogger(__name__)


def signed_in() -> SignedInUser:
    return current_user._get_current_object()


def refuse() -> NoReturn:
    """Answer 404 and log the attempt without personal data."""
    log.warning("access refused: user %s, %s %s", signed_in().user.id, request.method,
                request.endpoint)
    abort(404)


def own_agent() -> Agent:
    """The signed-in user's own agent record; a login without one has no agent page."""
    agent = signed_in().user.agent
    if agent is None:
        refuse()
    return agent


def is_supervisor() -> bool:
    """Whether the user supervises teams (or is an admin, who sees every team)."""
    return signed_in().user.role in (Role.SUPERVISOR, Role.ADMIN)


def supervised_team_ids() -> list[int] | None:
    """The teams whose answers this user supervises; None for an admin, who sees every team."""
    if signed_in().is_admin:
        return None
    return [team.id for team in signed_in().user.supervised_teams]


def visible_teams() -> list[Team]:
    team_ids = supervised_team_ids()
    stmt = sa.select(Team).order_by(Team.name, Team.slug)
    if team_ids is not None:
        stmt = stmt.where(Team.id.in_(team_ids))
    return list(db.session.scalars(stmt))


def supervised_team(slug: str) -> Team:
    """The team with this slug, when the user supervises it (or is an admin)."""
    team = db.session.scalar(sa.select(Team).where(Team.slug == slug))
    team_ids = supervised_team_ids()
    if team is None or (team_ids is not None and team.id not in team_ids):
        refuse()
    return team


def agent_of_team(team: Team, handle: str) -> Agent:
    """An agent of this team, by handle; agents of other teams do not exist here."""
    agent = db.session.scalar(
        sa.select(Agent).where(Agent.handle == handle, Agent.team_id == team.id)
    )
    if agent is None:
        refuse()
    return agent


def visible_response(response_id: int) -> Response:
    """An answer the user may open: their own, or one in a team they supervise."""
    response = db.session.scalar(
        sa.select(Response).options(joinedload(Response.agent)).where(Response.id == response_id))
    if response is None or not _may_see(response):
        refuse()
    return response


def _may_see(response: Response) -> bool:
    own = signed_in().user.agent
    if own is not None and response.agent_id == own.id:
        return True
    team_ids = supervised_team_ids()
    if team_ids is None:
        return True
    agent_team = response.agent.team_id if response.agent else None
    return response.team_id in team_ids or agent_team in team_ids
