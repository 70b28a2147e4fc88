"""A team's collective goal: one scale, a target score and a period.

Goals belong to teams only. An individual's score on a call survey depends on far more than the
agent (the queue, the product, the process), so a goal or a bonus on it would reward luck; a
goal the whole team shares keeps the figure something to work on together.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_service.database import Base, one_of, utcnow
from feedback_service.staff.models import Team
from feedback_service.surveys.scoring import SurveyKind


class TeamGoal(Base):
    """The team's goal: `kind`'s score to reach, in its points, over `since`..`until`
    (company days, both included). A team has at most one; setting another replaces it."""

    __tablename__ = "team_goals"
    __table_args__ = (
        one_of("kind", SurveyKind),
        sa.CheckConstraint("since <= until", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("teams.id", ondelete="CASCADE"),
                                         unique=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    target: Mapped[float]
    since: Mapped[date]
    until: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[Team] = relationship()
