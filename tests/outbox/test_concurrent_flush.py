"""Two outbox senders at once on PostgreSQL never send a message twice."""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from urllib.parse import parse_qs

import pytest
import responses
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.outbox.models import OutboxMessage, OutboxStatus
from feedback_service.outbox.queue import enqueue_sms
from tests.conftest import settings
from tests.outbox.test_twilio_sms import ACCOUNT_SID, FROM_NUMBER, MESSAGES_URL

MESSAGES = 60


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                    TWILIO_FROM_NUMBER=FROM_NUMBER)


@pytest.mark.postgres_only
def test_two_flushes_at_once_send_each_message_exactly_once(app):
    with app.app_context():
        for n in range(MESSAGES):
            enqueue_sms(f"survey:{n}:score", to=f"+4670{n:07d}", body=f"question {n}",
                        purpose="survey_question")
        db.session.commit()
    sids = (f"SM{n:032d}" for n in itertools.count())
    lock = threading.Lock()

    def twilio_creates(request):
        time.sleep(0.01)  # long enough for the two senders to overlap
        with lock:
            sid = next(sids)
        return 201, {}, f'{{"sid": "{sid}", "status": "queued"}}'

    start = threading.Barrier(2)
    summaries: list[dict[str, int]] = []

    def sender() -> None:
        with app.app_context():
            start.wait()
            summaries.append(flush_with_configured_senders())
            db.session.remove()

    with responses.RequestsMock() as twilio_api:
        twilio_api.add_callback(responses.POST, MESSAGES_URL, callback=twilio_creates,
                                content_type="application/json")
        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        recipients = Counter(parse_qs(call.request.body)["To"][0] for call in twilio_api.calls)

    assert len(recipients) == MESSAGES
    assert set(recipients.values()) == {1}
    assert sum(summary.get("sent", 0) for summary in summaries) == MESSAGES
    assert all(summary.get("sent") for summary in summaries)  # both took part, batch by batch
    with app.app_context():
        statuses = Counter(db.session.scalars(sa.select(OutboxMessage.status)))
        assert statuses == {OutboxStatus.SENT: MESSAGES}
