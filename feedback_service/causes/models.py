"""Improvement actions: a change made to lower a reason (a new IVR menu, more staff at lunch)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_service.database import Base, utcnow
from feedback_service.staff.models import Team


class ImprovementAction(Base):
    """An action aimed at one reason, for one team or (no team) the whole company."""

    __tablename__ = "improvement_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    # A code of the reason catalogue; kept as written if the catalogue later drops it.
    reason: Mapped[str] = mapped_column(sa.String(64), index=True)
    started_on: Mapped[date]
    # Deleting a team deletes its actions: their figures were the team's answers.
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id", ondelete="CASCADE"),
                                                index=True)
    owner_email: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    team: Mapped[Team | None] = relationship()
