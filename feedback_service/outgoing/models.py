"""Webhook subscribers: where events are delivered, which ones, and the secret signing them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from feedback_service.database import Base, utcnow


class EventType(enum.StrEnum):
    ANSWER_CREATED = "answer.created"  # the score is recorded
    ANSWER_UPDATED = "answer.updated"  # a reason, praise or comment joined it
    FOLLOW_UP_OPENED = "follow_up.opened"
    FOLLOW_UP_CLOSED = "follow_up.closed"
    REASON_SPIKE = "reason.spike"


class WebhookSubscriber(Base):
    """A receiver of signed webhooks, managed through `/api/v1/webhooks/NAME` and its page."""

    __tablename__ = "webhook_subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    url: Mapped[str] = mapped_column(sa.String(2000))
    events: Mapped[list[Any]] = mapped_column(default=list)  # EventType values
    # `whsec_` and base64: the receiver verifies with the same; shown only when (re)made.
    secret: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def destination(self) -> str:
        """Its outbox messages' recipient, and the key of its circuit."""
        return f"webhook:{self.id}"
