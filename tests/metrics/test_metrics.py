"""`/metrics`: the service's figures in Prometheus' text format, for a bearer token only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from feedback_service import create_app
from feedback_service.extensions import db
from feedback_service.scheduler import in_app_context
from tests.metrics.scrape import METRICS_TOKEN, samples, value
from tests.telephony.sms_fixtures import (
    SWEDISH_MOBILE,
    inbound_messages,
    post_call_ended,
    send_outbox,
    sms_settings,
    text_from,
)

pytestmark = pytest.mark.usefixtures("anna")  # the agent the calls are reported for


@pytest.fixture
def app_settings(database_url):
    return sms_settings(database_url, METRICS_TOKEN=METRICS_TOKEN)


def scrape(client) -> dict:
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.mimetype == "text/plain"
    assert "version=" in answer.content_type  # the text format's version, as Prometheus asks
    return samples(answer.get_data(as_text=True))


@pytest.mark.parametrize("authorization", [
    None, "Bearer wrong-token", f"Basic {METRICS_TOKEN}", "Bearer", f"Bearer {METRICS_TOKEN}x",
    "Bearer tokén",
])
def test_without_the_token_metrics_are_refused(client, authorization):
    headers = {"Authorization": authorization} if authorization else {}

    answer = client.get("/metrics", headers=headers)

    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Bearer"
    assert "feedback_" not in answer.get_data(as_text=True)


def test_without_a_metrics_token_there_are_no_metrics(database_url):
    client = create_app(sms_settings(database_url)).test_client()

    answer = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})

    assert answer.status_code == 404
    assert "FEEDBACK_METRICS_TOKEN" in answer.get_data(as_text=True)


def test_webhook_requests_are_counted_by_endpoint_and_outcome(client):
    before = scrape(client)

    assert post_call_ended(client).status_code == 202
    assert post_call_ended(client).status_code == 202
    assert client.post("/hooks/call-ended", data=b"{}", headers={
        "X-Feedback-Signature": "sha256=00", "Content-Type": "application/json"},
    ).status_code == 401
    after = scrape(client)

    def added(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    hook = "call_ended.call_ended_hook"
    assert added("feedback_webhook_requests_total", endpoint=hook, outcome="ok") == 2
    assert added("feedback_webhook_requests_total", endpoint=hook, outcome="rejected") == 1
    assert added("feedback_webhook_request_duration_seconds_count", endpoint=hook) == 3
    assert added("feedback_webhook_request_duration_seconds_bucket", endpoint=hook,
                 le="+Inf") == 3
    assert added("feedback_webhook_request_duration_seconds_sum", endpoint=hook) > 0
    # Pages, the API and /metrics itself are not phone webhooks.
    assert not [name for name, labels in after if name == "feedback_webhook_requests_total"
                and ("endpoint", "metrics.scrape") in labels]


def test_surveys_offered_answered_and_skipped(app, client, twilio_post):
    assert post_call_ended(client).json["survey"] == "scheduled"
    assert post_call_ended(client, caller="+46812345678").json["reason"] == "not_a_mobile"
    assert post_call_ended(client, caller="+46701234568",
                           answered=False).json["reason"] == "not_answered"
    assert post_call_ended(client, caller="+46701234569",
                           duration_seconds=3).json["reason"] == "too_short"
    send_outbox(app)

    offered = scrape(client)
    assert text_from(twilio_post, SWEDISH_MOBILE, "1").status_code == 200
    assert inbound_messages(app)[-1].outcome == "answered"
    answered = scrape(client)

    assert value(offered, "feedback_surveys_offered_total", channel="sms", kind="smiley") == 1
    assert value(offered, "feedback_surveys_answered_total", channel="sms", kind="smiley") == 0
    assert value(answered, "feedback_surveys_answered_total", channel="sms", kind="smiley") == 1
    for rule in ("not_a_mobile", "not_answered", "too_short"):
        assert value(offered, "feedback_eligibility_skips_total", rule=rule) == 1
    assert value(offered, "feedback_eligibility_skips_total", rule="quarantine") == 0


def test_the_outbox_backlog_and_how_long_its_oldest_message_has_waited(app, client):
    empty = scrape(client)
    post_call_ended(client)  # its survey question is due at once
    post_call_ended(client, caller="+46701234568")

    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=20), tick=False):
        late = scrape(client)
    send_outbox(app)
    sent = scrape(client)

    for channel in ("sms", "email"):  # every channel, also an empty one
        assert value(empty, "feedback_outbox_pending", channel=channel) == 0
        assert ("feedback_outbox_oldest_pending_age_seconds",
                frozenset({("channel", channel)})) in empty
    assert value(late, "feedback_outbox_pending", channel="sms") == 2
    assert 20 * 60 <= value(late, "feedback_outbox_oldest_pending_age_seconds",
                            channel="sms") < 21 * 60
    assert value(sent, "feedback_outbox_pending", channel="sms") == 0
    assert value(sent, "feedback_outbox_oldest_pending_age_seconds", channel="sms") == 0


def test_each_jobs_last_success_and_failure(app, client):
    def broken() -> None:
        raise RuntimeError("the job broke")

    in_app_context(app, lambda: None, "survey-expiry")()
    succeeded_at = datetime.now(UTC)
    with pytest.raises(RuntimeError):
        in_app_context(app, broken, "weekly-digests")()
    figures = scrape(client)

    success = value(figures, "feedback_job_last_success_timestamp_seconds",
                    scheduled_job="survey-expiry")
    assert abs(success - succeeded_at.timestamp()) < 5
    assert value(figures, "feedback_job_last_failure_timestamp_seconds",
                 scheduled_job="weekly-digests") >= success
    assert ("feedback_job_last_success_timestamp_seconds",
            frozenset({("scheduled_job", "weekly-digests")})) not in figures
    with app.app_context():
        db.session.remove()


def test_while_the_database_is_out_of_reach_the_webhooks_are_still_counted():
    from tests.conftest import settings
    from tests.database_faults import REFUSING_DATABASE_URL
    from tests.telephony.test_database_outage import CALL, post_signed

    client = create_app(settings(REFUSING_DATABASE_URL,
                                 METRICS_TOKEN=METRICS_TOKEN)).test_client()
    before = scrape(client)

    answer = post_signed(client, "/twilio/voice/after-call?agent=anna",
                         {**CALL, "DialCallStatus": "completed", "DialCallDuration": "80"})
    after = scrape(client)

    assert answer.status_code == 200  # TwiML thanking the caller: Twilio sees no error
    counted = "feedback_webhook_requests_total"
    assert value(after, counted, endpoint="voice.after_call", outcome="unavailable") - value(
        before, counted, endpoint="voice.after_call", outcome="unavailable") == 1
    assert value(after, "feedback_database_reachable") == 0
    assert ("feedback_outbox_pending", frozenset({("channel", "sms")})) not in after


def test_a_scrape_says_the_database_was_read(client):
    assert value(scrape(client), "feedback_database_reachable") == 1
