"""Recording improvement actions, and finding those a reader may see or a trend should mark."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from feedback_service.causes.models import ImprovementAction
from feedback_service.coaching.read_model import FIRST_DAY, LAST_DAY
from feedback_service.database import AnySession, insert_if_absent
from feedback_service.staff.directory import is_slug
from feedback_service.staff.models import Team
from feedback_service.surveys.reasons import ReasonCatalogue


class ActionError(ValueError):
    """An action that cannot be recorded as asked."""


@dataclass(frozen=True)
class ActionChanges:
    """What a page or the API asks an action to be."""

    title: str
    reason: str
    started_on: date
    team: str | None  # a team's slug; None for the whole company
    owner_email: str


def save_action(session: AnySession, slug: str, changes: ActionChanges,
                catalogue: ReasonCatalogue) -> tuple[ImprovementAction, bool]:
    """Create or update the action; True when it was created. Nothing is committed here."""
    if not is_slug(slug):
        raise ActionError("an action slug is lower-case letters, digits, '.', '_' or '-'")
    if catalogue.by_code(changes.reason) is None:
        codes = ", ".join(r.code for r in catalogue.reasons)
        raise ActionError(f"reason: no reason {changes.reason!r} (one of {codes})")
    if not FIRST_DAY <= changes.started_on <= LAST_DAY:
        raise ActionError(f"started_on must be from {FIRST_DAY} to {LAST_DAY}")
    team = None
    if changes.team is not None:
        team = session.scalar(sa.select(Team).where(Team.slug == changes.team))
        if team is None:
            raise ActionError(f"team: no team {changes.team!r}")
    values = {"slug": slug, "title": changes.title, "reason": changes.reason,
              "started_on": changes.started_on, "team_id": team.id if team else None,
              "owner_email": changes.owner_email.lower()}
    # One statement that inserts unless the slug exists: two requests recording the same new
    # action at once make one row (the later one then updates it), never a unique-key error.
    created = insert_if_absent(session, ImprovementAction, values, "slug")
    action = session.scalar(sa.select(ImprovementAction)
                            .where(ImprovementAction.slug == slug).execution_options(
                                populate_existing=True))
    assert action is not None  # inserted just now, or there already
    action.title = changes.title
    action.reason = changes.reason
    action.started_on = changes.started_on
    action.team = team
    action.owner_email = changes.owner_email.lower()
    session.flush()
    return action, created


def visible_actions(session: AnySession, team_ids: Sequence[int] | None) -> list[ImprovementAction]:
    """The actions of these teams (None: every action, the whole company's too), newest
    start first."""
    stmt = (sa.select(ImprovementAction).options(joinedload(ImprovementAction.team))
            .order_by(ImprovementAction.started_on.desc(), ImprovementAction.slug))
    if team_ids is not None:
        stmt = stmt.where(ImprovementAction.team_id.in_(list(team_ids)))
    return list(session.scalars(stmt))


def action_by_slug(session: AnySession, slug: str) -> ImprovementAction | None:
    return session.scalar(sa.select(ImprovementAction).options(
        joinedload(ImprovementAction.team)).where(ImprovementAction.slug == slug))


def actions_marking(session: AnySession, team_id: int | None) -> list[ImprovementAction]:
    """The actions a trend of this scope marks: a team's own and the whole company's; on the
    company's trend (None), every action."""
    stmt = sa.select(ImprovementAction).order_by(ImprovementAction.started_on)
    if team_id is not None:
        stmt = stmt.where(sa.or_(ImprovementAction.team_id == team_id,
                                 ImprovementAction.team_id.is_(None)))
    return list(session.scalars(stmt))


def action_as_json(action: ImprovementAction) -> dict[str, Any]:
    """The action's own fields, as the API answers them."""
    return {"slug": action.slug, "title": action.title, "reason": action.reason,
            "started_on": action.started_on.isoformat(),
            "team": action.team.slug if action.team else None, "owner": action.owner_email}
