"""The follow-up queue: unhappy callers waiting for a call back, oldest first, and closing one.

Plain functions over a session and ids, free of Flask, so they are tested on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute, joinedload

from feedback_service.coaching.answer_rows import AnswerNote, note_from
from feedback_service.database import AnySession
from feedback_service.staff.models import Agent
from feedback_service.surveys.models import WAITING_STATUSES, FollowUp, FollowUpStatus, Response

WAITING = WAITING_STATUSES
PAGE_SIZE = 25


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
    confirmed_reason: str | None
    won_back: bool | None


@dataclass(frozen=True)
class QueueFilter:
    """Which follow-ups a list shows: whose teams (None: every team), status, one agent."""

    team_ids: Sequence[int] | None
    statuses: Sequence[str] = WAITING
    agent_id: int | None = None

    def where(self) -> sa.ColumnElement[bool]:
        conditions: list[sa.ColumnElement[bool]] = [FollowUp.status.in_(list(self.statuses))]
        if self.team_ids is not None:
            conditions.append(Response.team_id.in_(list(self.team_ids)))
        if self.agent_id is not None:
            conditions.append(Response.agent_id == self.agent_id)
        return sa.and_(*conditions)


def follow_up_queue(session: AnySession, chosen: QueueFilter, *, page: int = 1,
                    page_size: int = PAGE_SIZE) -> list[FollowUpItem]:
    """One page of the follow-ups chosen: those waiting oldest first (the longest wait is the
    most urgent), resolved ones most recently closed first."""
    order: tuple[QueryableAttribute[Any] | sa.UnaryExpression[Any], ...]
    if set(chosen.statuses) <= set(WAITING):
        order = (FollowUp.created_at, FollowUp.id)
    else:
        order = (FollowUp.handled_at.desc(), FollowUp.id.desc())
    stmt = (
        sa.select(FollowUp, Agent.name)
        .join(FollowUp.response)
        .outerjoin(Agent, Response.agent_id == Agent.id)
        .options(joinedload(FollowUp.response).joinedload(Response.call))
        .where(chosen.where())
        .order_by(*order)
        .limit(page_size).offset((max(page, 1) - 1) * page_size)
    )
    return [_follow_up_item(follow_up, agent_name or "") for follow_up, agent_name
            in session.execute(stmt)]


def count_follow_ups(session: AnySession, chosen: QueueFilter) -> int:
    """How many follow-ups the filter chooses, over every page."""
    return session.scalar(
        sa.select(sa.func.count(FollowUp.id)).join(FollowUp.response).where(chosen.where())
    ) or 0


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
        # Beside the full number to call back, the comment as the caller gave it.
        answer=note_from(response, as_given=waiting and response.call.caller is not None),
        caller_to_call=response.call.caller if waiting else None,
        confirmed_reason=follow_up.confirmed_reason,
        won_back=follow_up.won_back,
    )


def find_follow_up(
    session: AnySession, follow_up_id: int, team_ids: Sequence[int] | None
) -> FollowUp | None:
    """The follow-up with this id when it belongs to one of the teams (None: any team)."""
    stmt = sa.select(FollowUp).join(FollowUp.response).where(FollowUp.id == follow_up_id)
    if team_ids is not None:
        stmt = stmt.where(Response.team_id.in_(list(team_ids)))
    return session.scalar(stmt)


@dataclass(frozen=True)
class CallBack:
    """What a supervisor records after calling a customer back."""

    status: FollowUpStatus
    note: str = ""
    confirmed_reason: str | None = None  # the cause found on the call, may differ from the caller's
    won_back: bool | None = None


def mark_follow_up(follow_up: FollowUp, call_back: CallBack, handled_by_id: int,
                   now: datetime) -> None:
    """Record a call back: contacted, or resolved with the cause found and whether the customer
    was won back."""
    follow_up.status = call_back.status
    follow_up.note = call_back.note.strip() or follow_up.note
    follow_up.handled_by_id = handled_by_id
    follow_up.handled_at = now
    follow_up.called_back_at = follow_up.called_back_at or now
    if call_back.status == FollowUpStatus.RESOLVED:
        follow_up.confirmed_reason = call_back.confirmed_reason
        follow_up.won_back = call_back.won_back
