"""Webhook events and inbound SMS, each kept as received."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_service.database import Base, utcnow
from feedback_service.phone_numbers import numbers_in

# Twilio's voice webhooks are kept under `twilio-voice:CALLSID:...`.
VOICE_EVENT_SOURCE = "twilio-voice"


class WebhookEvent(Base):
    """A webhook as received and the answer given, so a retry gets the same answer."""

    __tablename__ = "webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(40))
    idempotency_key: Mapped[str] = mapped_column(sa.String(255), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    response_status: Mapped[int] = mapped_column(default=200)
    response_body: Mapped[str] = mapped_column(sa.Text, default="")
    response_type: Mapped[str] = mapped_column(sa.String(80), default="text/xml")
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    # The numbers in the payload, kept beside it whenever it is set (see below): erasure finds a
    # caller's events by this index instead of reading every payload. A core INSERT bypasses
    # that: the webhooks' (webhook_events.keep_event) keeps the numbers itself, and delivery
    # reports keep no number.
    numbers: Mapped[list[WebhookEventNumber]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class WebhookEventNumber(Base):
    """A phone number (E.164) that a webhook event's payload holds; it goes with the event."""

    __tablename__ = "webhook_event_numbers"

    webhook_event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_events.id", ondelete="CASCADE"), primary_key=True
    )
    phone: Mapped[str] = mapped_column(sa.String(32), primary_key=True, index=True)


@sa.event.listens_for(WebhookEvent.payload, "set")
def _keep_the_numbers_beside(event: WebhookEvent, payload: Any, *_: Any) -> None:
    event.numbers = [WebhookEventNumber(phone=phone) for phone in sorted(numbers_in(payload))]


def voice_events_of(call_sids: list[str]) -> sa.ColumnElement[bool]:
    """The voice webhook events of these calls, found by the call their key names: Twilio's
    recording callbacks name the call and the recording, but not the caller's number."""
    return sa.or_(sa.false(), *(
        WebhookEvent.idempotency_key.startswith(f"{VOICE_EVENT_SOURCE}:{sid}:", autoescape=True)
        for sid in call_sids))


class InboundMessage(Base):
    """An SMS from a caller, stored before anything else is done with it."""

    __tablename__ = "inbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_message_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    from_number: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    to_number: Mapped[str | None] = mapped_column(sa.String(32))
    body: Mapped[str | None] = mapped_column(sa.Text)
    survey_id: Mapped[int | None] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    outcome: Mapped[str | None] = mapped_column(sa.String(40))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
