"""Digest runs: one weekly digest per recipient and week, marked before it is sent."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from feedback_service.database import Base, utcnow


class DigestRun(Base):
    __tablename__ = "digest_runs"
    __table_args__ = (sa.UniqueConstraint("week", "audience", "recipient_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8))  # ISO week, "2026-W47"
    audience: Mapped[str] = mapped_column(sa.String(20))  # "supervisor", "agent", "reason_owner"
    recipient_email: Mapped[str] = mapped_column(sa.String(254))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"))
    agent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agents.id"))
    outbox_message_id: Mapped[int | None] = mapped_column(sa.ForeignKey("outbox_messages.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
