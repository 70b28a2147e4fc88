"""How far behind the outbox is: what is due and unsent, per channel, and since when.

One read path for `/healthz` and `/metrics`. Due means `not_before` has passed: an SMS held back
by the quiet hours is not late, and does not count until its hour comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class Backlog:
    due: int
    oldest_due_seconds: int | None  # None when nothing is due


def backlog_by_channel(now: datetime) -> dict[str, Backlog]:
    """Each channel with messages due and unsent: how many, and how long the oldest waited."""
    rows = db.session.execute(
        sa.select(OutboxMessage.channel, sa.func.count(), sa.func.min(OutboxMessage.not_before))
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.not_before <= now)
        .group_by(OutboxMessage.channel)
    )
    return {channel: Backlog(due, max(0, int((now - oldest).total_seconds())))
            for channel, due, oldest in rows}


def total_backlog(by_channel: dict[str, Backlog]) -> Backlog:
    waited = [backlog.oldest_due_seconds for backlog in by_channel.values()
              if backlog.oldest_due_seconds is not None]
    return Backlog(sum(backlog.due for backlog in by_channel.values()),
                   max(waited) if waited else None)
