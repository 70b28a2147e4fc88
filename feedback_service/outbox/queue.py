"""Putting messages in the outbox; they leave only after the caller's transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from feedback_service.database import AnySession, rows_changed, utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import (
    OutboxChannel,
    OutboxMessage,
    OutboxQuote,
    OutboxStatus,
)
from feedback_service.request_ids import current_request_id


def _enqueue(idempotency_key: str, not_before: datetime | None, new_key: bool = False,
             session: AnySession | None = None, **fields: Any) -> OutboxMessage:
    """Queue a message once per key: a second call with the same key returns the first one.

    `new_key`: the caller holds the only claim on the key, so no message can have it yet and
    it is not looked up (the key's unique index still refuses a second one).
    """
    session = session or db.session
    message = None if new_key else session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
    )
    if message is None:
        message = OutboxMessage(idempotency_key=idempotency_key,
                                not_before=not_before or utcnow(),
                                request_id=current_request_id(), **fields)
        session.add(message)
    return message


def enqueue_sms(
    idempotency_key: str,
    *,
    to: str,
    body: str,
    purpose: str,
    survey_id: int | None = None,
    not_before: datetime | None = None,
    expires_at: datetime | None = None,
    new_key: bool = False,
) -> OutboxMessage:
    """Queue an SMS once per key: a second call with the same key returns the first message.

    An SMS about a survey `expires_at` with it: retries stop there.
    """
    return _enqueue(idempotency_key, not_before, new_key, channel=OutboxChannel.SMS,
                    purpose=purpose, recipient=to, body=body, survey_id=survey_id,
                    expires_at=expires_at)


def enqueue_email(
    idempotency_key: str,
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None,
    purpose: str,
    not_before: datetime | None = None,
    quotes: Iterable[int] = (),
) -> OutboxMessage:
    """Queue an e-mail once per key, like `enqueue_sms`.

    `quotes` are the ids of the answers whose comments the mail quotes: erasure and retention
    find the mail through them and blank it with the answers.
    """
    message = _enqueue(idempotency_key, not_before, channel=OutboxChannel.EMAIL,
                       purpose=purpose, recipient=to, subject=subject, body=text,
                       html_body=html)
    if message.id is None:  # a new message; a repeated key keeps the first one's links
        message.quotes = [OutboxQuote(response_id=response_id)
                          for response_id in dict.fromkeys(quotes)]
    return message


def enqueue_delivery(
    idempotency_key: str,
    *,
    channel: OutboxChannel,
    to: str,
    body: str,
    purpose: str,
    subject: str | None = None,
    quotes: Iterable[int] = (),
    session: AnySession | None = None,
) -> OutboxMessage:
    """Queue a webhook or a chat alert once per key, like `enqueue_email`: `to` names the
    destination (a subscriber, an alert URL's digest), and `quotes` the answers it shows."""
    message = _enqueue(idempotency_key, None, session=session, channel=channel, purpose=purpose,
                       recipient=to, subject=subject, body=body)
    if message.id is None:
        message.quotes = [OutboxQuote(response_id=response_id)
                          for response_id in dict.fromkeys(quotes)]
    return message


def requeue_failed(now: datetime, sms_window: timedelta) -> int:
    """Queue again what failed and may still go (its circuit, if open, still holds it back);
    returns how many.

    Not what was cancelled (an erased or opted-out recipient, an erased answer), and an SMS
    only until it expires (one without an expiry: within `sms_window`).
    """
    still_useful = sa.or_(
        OutboxMessage.channel != OutboxChannel.SMS,
        OutboxMessage.expires_at > now,
        sa.and_(OutboxMessage.expires_at.is_(None), OutboxMessage.created_at > now - sms_window),
    )
    return rows_changed(db.session,
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.FAILED,
               OutboxMessage.recipient.is_not(None), OutboxMessage.body.is_not(None),
               sa.or_(OutboxMessage.last_error.is_(None),
                      OutboxMessage.last_error.not_like("cancelled:%")),
               still_useful)
        .values(status=OutboxStatus.PENDING, not_before=now, give_up_at=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
