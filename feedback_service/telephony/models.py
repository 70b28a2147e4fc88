"""Webhook events and inbound SMS, each kept as received."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from feedback_service.database import Base, utcnow


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
