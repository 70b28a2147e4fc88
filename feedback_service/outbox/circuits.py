"""Per-destination circuits for webhooks and chat alerts.

A receiver that is down answers slowly or not at all; trying each of its messages in turn would
spend every flush waiting for it while other receivers' messages queue behind. After
`THRESHOLD` passing faults in a row its circuit opens: its messages stay pending, untried and
uncounted, until the circuit's time is up; then the next one probes. A delivery that gets
through closes the circuit.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa

from feedback_service.database import insert_if_absent
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxChannel, OutboxCircuit

log = logging.getLogger(__name__)

# The channels whose recipients are endpoints of their own (SMS and mail go through one
# provider, which `pauses` watches instead).
CIRCUIT_CHANNELS = frozenset({OutboxChannel.WEBHOOK, OutboxChannel.ALERT})
THRESHOLD = 3
FIRST_OPENING = timedelta(minutes=1)
LONGEST_OPENING = timedelta(hours=1)


def opening(failures: int) -> timedelta:
    """1 min after the third fault in a row, then 2, 4, ... capped at an hour."""
    return min(FIRST_OPENING * 2 ** min(max(failures - THRESHOLD, 0), 16), LONGEST_OPENING)


def open_destinations(now: datetime) -> set[str]:
    """The destinations whose messages wait now."""
    return set(db.session.scalars(
        sa.select(OutboxCircuit.destination).where(OutboxCircuit.open_until > now)))


def open_circuits_by_channel(now: datetime) -> dict[OutboxChannel, int]:
    """How many destinations of each circuit channel have their messages waiting now (every
    channel, 0 when none)."""
    counts = dict.fromkeys(sorted(CIRCUIT_CHANNELS), 0)
    for destination in open_destinations(now):
        # A destination is its messages' recipient: "webhook:<id>", "alert:<digest>".
        channel = destination.partition(":")[0]
        if channel in counts:
            counts[OutboxChannel(channel)] += 1
    return counts


def record_fault(destination: str, error: str, now: datetime) -> bool:
    """Count a passing fault; True when the circuit is open now.

    Two senders may fail on one destination at once: the row is made by a statement that
    tolerates the other's, and counted up by one that adds to what is there.
    """
    insert_if_absent(db.session, OutboxCircuit, {"destination": destination, "failures": 0},
                     "destination")
    failures = db.session.execute(
        sa.update(OutboxCircuit).where(OutboxCircuit.destination == destination)
        .values(failures=OutboxCircuit.failures + 1, last_error=error[:500] or None)
        .returning(OutboxCircuit.failures)
        .execution_options(synchronize_session=False)).scalar_one()
    if failures < THRESHOLD:
        return False
    open_until = now + opening(failures)
    db.session.execute(
        sa.update(OutboxCircuit).where(OutboxCircuit.destination == destination)
        .values(open_until=open_until).execution_options(synchronize_session=False))
    # The destination is a subscriber's id or a URL's digest; the error is the receiver's
    # answer, which never holds what was sent.
    log.warning("%s failed %d times in a row (%s): its messages wait until %s",
                destination, failures, error, f"{open_until:%H:%M:%SZ}")
    return True


def record_success(destination: str) -> None:
    """A delivery got through: the destination works."""
    db.session.execute(sa.delete(OutboxCircuit).where(OutboxCircuit.destination == destination))


def circuit_state(destination: str) -> OutboxCircuit | None:
    return db.session.get(OutboxCircuit, destination)
