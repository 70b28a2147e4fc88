"""Webhook events for answers and follow-ups, queued in the transaction that records them.

Answers are recorded step by step from the IVR, SMS replies and the demo; follow-ups close on a
page. Rather than a call at each of those places, the session tells us what a flush writes:
before it, which answers got their score or a reason, praise or comment, and which follow-ups
opened or closed; after it (ids known), the events are queued, flushed with the rest of the
transaction. Nothing is queued when nobody subscribes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from feedback_service.coaching.answer_rows import answer_row
from feedback_service.extensions import db
from feedback_service.outgoing.models import EventType, WebhookSubscriber
from feedback_service.outgoing.webhooks import publish
from feedback_service.settings import current_settings
from feedback_service.surveys.models import FollowUp, FollowUpStatus, Response

_PENDING = "outgoing_events"
_SUBSCRIBERS_KNOWN = "anyone_subscribes"
# What a caller adds to an answer after the score.
_ADDED = ("reason", "praise", "comment", "recording_url")


def _set_now(obj: Any, attribute: str) -> tuple[bool, bool]:
    """Whether this flush gives the attribute a value, and whether it had none before."""
    history = inspect(obj).attrs[attribute].history
    given = bool(history.added) and history.added[0] is not None
    return given, all(old is None for old in history.deleted)


def _answer_event(response: Response, new: bool) -> EventType | None:
    if response.score is None or response.anonymised_at is not None:
        return None
    scored, first_score = _set_now(response, "score")
    if new or (scored and first_score):
        return EventType.ANSWER_CREATED
    if any(_set_now(response, attribute)[0] for attribute in _ADDED):
        return EventType.ANSWER_UPDATED
    return None


def _follow_up_event(follow_up: FollowUp, new: bool) -> EventType | None:
    if new:
        return EventType.FOLLOW_UP_OPENED
    status = inspect(follow_up).attrs["status"].history
    if status.added and status.added[0] == FollowUpStatus.RESOLVED and status.deleted != [
            FollowUpStatus.RESOLVED]:
        return EventType.FOLLOW_UP_CLOSED
    return None


def note_events(session: Session, *_: Any) -> None:
    """Before a flush: the events its writes make, kept until their ids are known."""
    found: list[tuple[EventType, Any]] = session.info.setdefault(_PENDING, [])
    for new, objects in ((True, session.new), (False, session.dirty)):
        for obj in objects:
            kind = (_answer_event(obj, new) if isinstance(obj, Response)
                    else _follow_up_event(obj, new) if isinstance(obj, FollowUp) else None)
            if kind is not None:
                found.append((kind, obj))


def queue_events(session: Session, *_: Any) -> None:
    """After a flush: queue the events noted before it (flushed with the next, or the commit)."""
    found = session.info.pop(_PENDING, [])
    if not found or not _anyone_subscribes(session):
        return  # most deployments subscribe nobody: no answer is read again for nothing
    for kind, obj in found:
        if isinstance(obj, FollowUp):
            response_id = obj.response_id
            data = follow_up_data(session, obj)
        else:
            response_id = obj.id
            data = answer_row(session, obj.id)
        if data is not None:
            publish(session, kind, data, quotes=[response_id])


def anyone_subscribes() -> sa.Exists:
    """Whether anybody subscribes to webhooks, as a column that a statement a request runs
    anyway can return: tell `know_whether_anyone_subscribes` what it read, and the events of
    the transaction need no statement of their own to find out."""
    return sa.exists(sa.select(WebhookSubscriber.id))


def know_whether_anyone_subscribes(session: Session, anyone: bool) -> None:
    """What a statement of the session's current transaction read of `anyone_subscribes()`."""
    session.info[_SUBSCRIBERS_KNOWN] = (session.get_transaction(), bool(anyone))


def _anyone_subscribes(session: Session) -> bool:
    # Read in this very transaction, as every process asks: a subscriber added in another
    # process counts from the next transaction on, as it did when each flush asked.
    transaction, anyone = session.info.get(_SUBSCRIBERS_KNOWN, (None, False))
    if transaction is not None and transaction is session.get_transaction():
        return anyone
    return session.scalar(sa.select(WebhookSubscriber.id).limit(1)) is not None


def follow_up_data(session: Session, follow_up: FollowUp) -> dict[str, Any] | None:
    """A follow-up as a webhook shows it: its state, its page, and the answer behind it."""
    answer = answer_row(session, follow_up.response_id)
    if answer is None:
        return None
    return {
        "id": follow_up.id, "status": follow_up.status,
        "url": current_settings().public_url(f"/follow-ups#follow-up-{follow_up.id}"),
        "opened_at": follow_up.created_at.isoformat() if follow_up.created_at else None,
        "handled_at": follow_up.handled_at.isoformat() if follow_up.handled_at else None,
        "confirmed_reason": follow_up.confirmed_reason, "won_back": follow_up.won_back,
        "answer": answer,
    }


def listen_for_answer_events() -> None:
    """Once per process: the app's sessions tell `note_events` and `queue_events` of flushes."""
    if not event.contains(db.session, "before_flush", note_events):
        event.listen(db.session, "before_flush", note_events)
        event.listen(db.session, "after_flush_postexec", queue_events)
