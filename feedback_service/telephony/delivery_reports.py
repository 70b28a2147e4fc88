"""Twilio's delivery reports for the SMS the outbox sent: kept once, applied only forward.

A report can come before the flush has recorded the send (Twilio is quick, the commit after
the send is not): it is kept as a webhook event and applied when the send is recorded, by the
outbox's `on_sent` hook registered here.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import Flask

from feedback_service.database import insert_if_absent, utcnow
from feedback_service.extensions import db
from feedback_service.outbox.hooks import hooks_of
from feedback_service.outbox.models import OutboxChannel, OutboxMessage, OutboxStatus
from feedback_service.telephony.models import WebhookEvent
from feedback_service.telephony.signature import public_url

SOURCE = "twilio-sms-status"
STATUS_PATH = "/twilio/sms/status"

# Twilio's message statuses, as the outbox counts them.
REPORTED_STATUSES = {
    "accepted": OutboxStatus.SENT,
    "scheduled": OutboxStatus.SENT,
    "queued": OutboxStatus.SENT,
    "sending": OutboxStatus.SENT,
    "sent": OutboxStatus.SENT,
    "delivered": OutboxStatus.DELIVERED,
    "undelivered": OutboxStatus.UNDELIVERED,
    "failed": OutboxStatus.FAILED,
}


def report_key(message_sid: str, reported: str) -> str:
    """The idempotency key a report is kept under: one per message and status."""
    return f"{SOURCE}:{message_sid}:{reported}"


def _apply(message: OutboxMessage, reported: str, error_code: str | None, now: datetime) -> None:
    status = REPORTED_STATUSES.get(reported)
    if status is not None:
        message.advance_status(status, f"Twilio error {error_code}" if error_code else None, now)


def receive_report(message_sid: str, reported: str, error_code: str | None) -> bool:
    """Keep a report once and apply it to its message if the send is recorded; False for a
    report already kept. Runs within the caller's transaction, which it does not commit."""
    # Kept first, in one statement: of the same callback delivered several times at once,
    # exactly one goes on, and the others neither fail nor wait to find out.
    kept = insert_if_absent(
        db.session,
        WebhookEvent,
        {
            "source": SOURCE,
            "idempotency_key": report_key(message_sid, reported),
            "response_status": 204,
            "received_at": utcnow(),
            "payload": {
                "MessageSid": message_sid,
                "MessageStatus": reported,
                "ErrorCode": error_code,
            },
        },
        "idempotency_key",
    )
    if not kept:
        return False
    message = db.session.scalar(
        sa.select(OutboxMessage)
        .where(OutboxMessage.provider_message_id == message_sid)
        .with_for_update()
    )
    if message is not None:  # otherwise the flush applies it when it records the send
        _apply(message, reported, error_code, utcnow())
    return True


def apply_early_reports(message: OutboxMessage, now: datetime) -> None:
    """Reports that came before the send was recorded, kept until it had an id."""
    if message.channel != OutboxChannel.SMS or not message.provider_message_id:
        return
    # Every key such a report can have, looked up exactly: this runs for each message sent,
    # and a prefix match (LIKE) cannot use the key's unique index.
    keys = [report_key(message.provider_message_id, reported) for reported in REPORTED_STATUSES]
    payloads = db.session.scalars(
        sa.select(WebhookEvent.payload)
        .where(WebhookEvent.idempotency_key.in_(keys))
        .order_by(WebhookEvent.id)
    )
    for payload in payloads:
        _apply(message, str(payload.get("MessageStatus") or ""), payload.get("ErrorCode"), now)


def register(app: Flask) -> None:
    """Ask Twilio for delivery reports, and apply early ones once a send is recorded."""
    hooks = hooks_of(app)
    hooks.on_sent.append(apply_early_reports)
    hooks.sms_status_callback = lambda: public_url(STATUS_PATH)
