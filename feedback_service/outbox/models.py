"""The outbox: every SMS, e-mail, webhook and chat alert the service sends, committed before it
is sent."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_service.database import Base, one_of, partial_index, utcnow


class OutboxChannel(enum.StrEnum):
    SMS = "sms"
    EMAIL = "email"
    WEBHOOK = "webhook"  # recipient: "webhook:<subscriber id>"; body: the signed JSON
    ALERT = "alert"  # recipient: "alert:<digest of the Apprise URL>"; subject and body: the text


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for `not_before`
    SENDING = "sending"  # claimed by a sender; a crash leaves it here until the lease ends
    SENT = "sent"  # the provider accepted it
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"  # for good, or once retrying has outlasted its window
    AMBIGUOUS = "ambiguous"  # the provider may or may not have it; never resent blindly


# The statuses in the order a message goes through them; a report never moves one back.
_STATUS_RANK = {
    OutboxStatus.PENDING: 0, OutboxStatus.SENDING: 1, OutboxStatus.AMBIGUOUS: 1,
    OutboxStatus.SENT: 2, OutboxStatus.DELIVERED: 3, OutboxStatus.UNDELIVERED: 3,
    OutboxStatus.FAILED: 3,
}


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One row per intent ("survey:12:score", "digest:2026-W47:supervisor:a@x"): a retry of
    # whatever wanted the message finds the row instead of adding a second one.
    idempotency_key: Mapped[str] = mapped_column(sa.String(255), unique=True)
    channel: Mapped[str] = mapped_column(sa.String(10))
    purpose: Mapped[str] = mapped_column(sa.String(40))
    # Indexed: erasure finds a number's messages by it.
    recipient: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str | None] = mapped_column(sa.String(300))
    body: Mapped[str | None] = mapped_column(sa.Text)
    html_body: Mapped[str | None] = mapped_column(sa.Text)
    survey_id: Mapped[int | None] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime] = mapped_column(default=utcnow)
    # After this the message makes no sense (an SMS about a survey, once the survey expires):
    # it is retried, and queued again by `outbox retry`, only until then.
    expires_at: Mapped[datetime | None]
    # Set at the first passing fault: retries stop here (an SMS's survey expiry; mail later).
    give_up_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
    provider_message_id: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The request that queued it (X-Request-Id), so its send's log line joins the request's.
    request_id: Mapped[str | None] = mapped_column(sa.String(64))
    sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    quotes: Mapped[list[OutboxQuote]] = relationship(cascade="all, delete-orphan",
                                                     passive_deletes=True)

    __table_args__ = (
        sa.Index("ix_outbox_messages_due", "status", "not_before"),
        # The retention run's: old messages whose text is still there.
        partial_index("ix_outbox_messages_created_at_with_body", "created_at", "body IS NOT NULL"),
        one_of("channel", OutboxChannel),
        one_of("status", OutboxStatus),
    )

    def advance_status(self, status: OutboxStatus, error: str | None, now: datetime) -> None:
        """What the provider reports of the message later (delivered, failed), only forward."""
        if _STATUS_RANK[status] <= _STATUS_RANK[OutboxStatus(self.status)]:
            return
        self.status = status
        if error:
            self.last_error = error[:500]
        self.updated_at = now


class OutboxQuote(Base):
    """A mail quotes a caller's answer (its comment): erasure finds the mail by this link."""

    __tablename__ = "outbox_quotes"

    outbox_message_id: Mapped[int] = mapped_column(
        sa.ForeignKey("outbox_messages.id", ondelete="CASCADE"), primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True, index=True)


class OutboxPause(Base):
    """A channel whose provider refused the service's credentials: nothing is sent on it, and
    nothing fails, until a probe every few minutes gets through."""

    __tablename__ = "outbox_pauses"
    __table_args__ = (one_of("channel", OutboxChannel),)

    channel: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    reason: Mapped[str] = mapped_column(sa.String(200))
    since: Mapped[datetime] = mapped_column(default=utcnow)
    next_try_at: Mapped[datetime]


class OutboxCircuit(Base):
    """A webhook receiver or chat service that failed several times in a row: its messages wait
    (none is lost or counted as tried) until `open_until`, so one dead endpoint does not slow
    the deliveries to every other."""

    __tablename__ = "outbox_circuits"

    destination: Mapped[str] = mapped_column(sa.String(254), primary_key=True)  # a recipient
    failures: Mapped[int] = mapped_column(default=0)  # in a row
    open_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
