"""Pausing a channel whose provider refuses the service's credentials.

A rotated Twilio auth token or a changed SMTP password fails every message alike; marking each
one failed would lose them all. Instead the channel pauses: its messages wait, one is tried
again every few minutes, and the first that gets through ends the pause. `/healthz` shows it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa

from feedback_service.database import rows_changed
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxPause

log = logging.getLogger(__name__)

PROBE_INTERVAL = timedelta(minutes=5)


def current_pauses() -> dict[str, datetime]:
    """Each paused channel and when its next probe is due."""
    return dict(db.session.execute(sa.select(OutboxPause.channel, OutboxPause.next_try_at)).all())


def pause_channel(channel: str, reason: str, now: datetime) -> None:
    """Stop sending on `channel` until a probe after `PROBE_INTERVAL` gets through."""
    pause = db.session.get(OutboxPause, channel)
    if pause is None:
        # The error text is the provider's answer to a login: it names no recipient.
        log.error("sending %s paused: the provider refused the credentials (%s); fix them, "
                  "and sending resumes by itself", channel, reason)
        db.session.add(OutboxPause(channel=channel, reason=reason[:200], since=now,
                                   next_try_at=now + PROBE_INTERVAL))
    else:
        pause.reason, pause.next_try_at = reason[:200], now + PROBE_INTERVAL


def end_pause(channel: str) -> None:
    """A message got through: the credentials work again."""
    if rows_changed(db.session, sa.delete(OutboxPause).where(OutboxPause.channel == channel)):
        log.info("sending %s resumed: the provider accepts the credentials again", channel)


def sending_state() -> dict[str, str]:
    """Per channel, "ok" or why it is paused, as `/healthz` shows it."""
    pauses = {pause.channel: pause for pause in db.session.scalars(sa.select(OutboxPause))}
    return {channel: (f"paused since {pauses[channel].since:%Y-%m-%dT%H:%MZ}: credentials "
                      f"refused ({pauses[channel].reason})" if channel in pauses else "ok")
            for channel in ("sms", "email")}
