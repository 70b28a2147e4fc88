"""Putting messages in the outbox; they leave only after the caller's transaction commits."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxChannel, OutboxMessage


def _existing(idempotency_key: str) -> OutboxMessage | None:
    return db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
    )


def enqueue_sms(
    idempotency_key: str,
    *,
    to: str,
    body: str,
    purpose: str,
    survey_id: int | None = None,
    not_before: datetime | None = None,
) -> OutboxMessage:
    """Queue an SMS once per key: a second call with the same key returns the first message."""
    message = _existing(idempotency_key)
    if message is None:
        message = OutboxMessage(
            idempotency_key=idempotency_key,
            channel=OutboxChannel.SMS,
            purpose=purpose,
            recipient=to,
            body=body,
            survey_id=survey_id,
            not_before=not_before or utcnow(),
        )
        db.session.add(message)
    return message


def enqueue_email(
    idempotency_key: str,
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None,
    purpose: str,
    not_before: datetime | None = None,
) -> OutboxMessage:
    """Queue an e-mail once per key, like `enqueue_sms`."""
    message = _existing(idempotency_key)
    if message is None:
        message = OutboxMessage(
            idempotency_key=idempotency_key,
            channel=OutboxChannel.EMAIL,
            purpose=purpose,
            recipient=to,
            subject=subject,
            body=text,
            html_body=html,
            not_before=not_before or utcnow(),
        )
        db.session.add(message)
    return message
