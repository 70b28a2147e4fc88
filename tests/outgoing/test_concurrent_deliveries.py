"""Two outbox senders at once on PostgreSQL deliver each webhook exactly once, and a dead
receiver's circuit, opened by one of them, holds back the other too."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.circuits import THRESHOLD
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.outbox.models import OutboxMessage, OutboxStatus
from feedback_service.outgoing.models import EventType
from feedback_service.outgoing.webhooks import publish
from tests.conftest import settings
from tests.outgoing.receiver import Receiver, receiving
from tests.outgoing.test_webhooks import subscribe

EVENTS = 40


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, WEBHOOK_ALLOW_PRIVATE=True)


def flush_twice_at_once(app) -> list[dict[str, int]]:
    start = threading.Barrier(2)
    summaries: list[dict[str, int]] = []

    def sender() -> None:
        with app.app_context():
            start.wait()
            summaries.append(flush_with_configured_senders())
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return summaries


@pytest.mark.postgres_only
def test_two_flushes_at_once_deliver_each_webhook_exactly_once(app, client, api_headers):
    with receiving(Receiver(delay=0.01)) as receiver:
        subscribe(client, api_headers, "crm", receiver.url, ["reason.spike"])
        with app.app_context():
            for n in range(EVENTS):
                publish(db.session, EventType.REASON_SPIKE, {"n": n})
            db.session.commit()
        summaries = flush_twice_at_once(app)
    ids = Counter(r.headers["webhook-id"] for r in receiver.received)
    assert len(ids) == EVENTS and set(ids.values()) == {1}
    assert sum(s.get("sent", 0) for s in summaries) == EVENTS


@pytest.mark.postgres_only
def test_a_dead_receiver_costs_two_senders_no_more_than_a_few_tries(app, client, api_headers):
    with receiving(Receiver(statuses=[503] * 100)) as dead:
        subscribe(client, api_headers, "dead", dead.url, ["reason.spike"])
        with app.app_context():
            for n in range(EVENTS):
                publish(db.session, EventType.REASON_SPIKE, {"n": n})
            db.session.commit()
        summaries = flush_twice_at_once(app)
    # Each sender stops at the circuit it opened or found; a batch claimed before can
    # add no more than the tries already under way.
    assert len(dead.received) <= 2 * THRESHOLD
    assert not any(s.get("sent") or s.get("failed") for s in summaries)
    with app.app_context():  # every delivery still waits: none lost
        statuses = Counter(db.session.scalars(sa.select(OutboxMessage.status)))
        assert statuses == {OutboxStatus.PENDING: EVENTS}
