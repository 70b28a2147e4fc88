"""The follow-up queue as the pages show and change it.

Plain functions over a session and ids, free of Flask, so they are tested on their own. The
figures the pages show come from the coaching read model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from feedback_service.coaching.answer_rows import AnswerNote, note_from
from feedback_service.staff.models import Agent
from feedback_service.surveys.models import FollowUp, FollowUpStatus, Response

WAITING = (FollowUpStatus.OPEN, FollowUpStatus.CONTACTED)


@dataclass(frozen=True)
class FollowUpItem:
    """An unhappy answer in the call-back queue."""

    id: int
    status: str
    note: str | None
    created_at: datetime
    handled_at: datetime | None
    agent_name: str
    answer: AnswerNote
    # The full number, for calling back; None once the follow-up is resolved or erased.
    caller_to_call: str | None


def follow_up_queue(
    session: Session, team_ids: Sequence[int] | None, statuses: Sequence[str] = WAITING
) -> list[FollowUpItem]:
    """Follow-ups in the given teams (None: every team) with these statuses, newest first."""
    stmt = (
        sa.select(FollowUp, Agent.name)
        .join(FollowUp.response)
        .outerjoin(Agent, Response.agent_id == Agent.id)
        .options(joinedload(FollowUp.response).joinedload(Response.call))
        .where(FollowUp.status.in_(list(statuses)))
        .order_by(FollowUp.created_at.desc(), FollowUp.id.desc())
    )
    if team_ids is not None:
        stmt = stmt.where(Response.team_id.in_(list(team_ids)))
    return [_follow_up_item(follow_up, agent_name or "") for follow_up, agent_name
            in session.execute(stmt)]


def _follow_up_item(follow_up: FollowUp, agent_name: str) -> FollowUpItem:
    response = follow_up.response
    waiting = follow_up.status in WAITING
    return FollowUpItem(
        id=follow_up.id,
        status=follow_up.status,
        note=follow_up.note,
        created_at=follow_up.created_at,
        handled_at=follow_up.handled_at,
        agent_name=agent_name,
        answer=note_from(response),
        caller_to_call=response.call.caller if waiting else None,
    )


def waiting_count(session: Session, team_id: int) -> int:
    """How many follow-ups of the team's answers wait for a call back."""
    return session.scalar(
        sa.select(sa.func.count(FollowUp.id)).join(FollowUp.response)
        .where(FollowUp.status.in_(list(WAITING)), Response.team_id == team_id)
    ) or 0


def find_follow_up(
    session: Session, follow_up_id: int, team_ids: Sequence[int] | None
) -> FollowUp | None:
    """The follow-up with this id when it belongs to one of the teams (None: any team)."""
    stmt = sa.select(FollowUp).join(FollowUp.response).where(FollowUp.id == follow_up_id)
    if team_ids is not None:
        stmt = stmt.where(Response.team_id.in_(list(team_ids)))
    return session.scalar(stmt)


def mark_follow_up(
    follow_up: FollowUp, status: FollowUpStatus, note: str, handled_by_id: int, now: datetime
) -> None:
    """Record a call back: contacted or resolved, with the supervisor's note."""
    follow_up.status = status
    follow_up.note = note.strip() or follow_up.note
    follow_up.handled_by_id = handled_by_id
    follow_up.handled_at = now


def find_response(session: Session, response_id: int) -> Response | None:
    return session.scalar(
        sa.select(Response).options(joinedload(Response.agent)).where(Response.id == response_id)
    )
