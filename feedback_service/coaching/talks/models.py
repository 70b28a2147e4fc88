"""Coaching talks: what a supervisor and an agent agreed on, on a given day.

Seen by the agent and the agent's supervisors only; erased with the agent's data and after
`RETENTION_DAYS` (privacy/erasure.py).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_service.database import Base, utcnow
from feedback_service.staff.models import Agent

AGREED_MAX = 500
NOTES_MAX = 4000


class CoachingTalk(Base):
    __tablename__ = "coaching_talks"
    __table_args__ = (
        # The agent's page lists their talks newest first; retention finds old ones by date.
        sa.Index("ix_coaching_talks_agent_held_on", "agent_id", "held_on"),
        sa.Index("ix_coaching_talks_held_on", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(sa.ForeignKey("agents.id", ondelete="CASCADE"))
    held_on: Mapped[date]
    agreed: Mapped[str] = mapped_column(sa.String(AGREED_MAX))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Who wrote it down; the talk stays when that login goes.
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agent: Mapped[Agent] = relationship()
