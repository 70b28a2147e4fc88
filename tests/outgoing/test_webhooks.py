"""Outgoing webhooks as a receiver meets them: subscribed through the API, delivered by the
outbox to a real HTTP server, verified with standardwebhooks, retried with the same id."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
import sqlalchemy as sa
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.circuits import THRESHOLD
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.outbox.flush import LEASE, claim_due_messages
from feedback_service.outbox.models import OutboxChannel, OutboxMessage, OutboxStatus
from feedback_service.outgoing.models import EventType
from feedback_service.outgoing.network_rule import RefusedDestination, check_url, guarded
from feedback_service.outgoing.webhooks import publish
from feedback_service.settings import current_settings
from tests.conftest import settings
from tests.metrics.scrape import METRICS_TOKEN, samples, value
from tests.outgoing.receiver import Receiver, receiving
from tests.telephony.voice_calls import SWEDISH_MOBILE, TwilioCall
from tests.web.factories import give_password
from tests.web.login_form import csrf_token_in, log_in

EVERY_EVENT = [str(e) for e in EventType]


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, WEBHOOK_ALLOW_PRIVATE=True, QUARANTINE_DAYS=0,
                    METRICS_TOKEN=METRICS_TOKEN)


@pytest.fixture(autouse=True)
def support_team(client, api_headers):
    team = {"name": "Support", "supervisors": ["sara@acme.example"]}
    assert client.put("/api/v1/teams/support", headers=api_headers,
                      json=team).status_code == 201
    assert client.put("/api/v1/agents/anna", headers=api_headers, json={
        "name": "Anna Lind", "team": "support", "addresses": ["client:anna"]}).status_code == 201


def subscribe(client, headers, name: str, url: str, events=EVERY_EVENT) -> str:
    reply = client.put(f"/api/v1/webhooks/{name}", headers=headers,
                       json={"url": url, "events": events})
    assert reply.status_code == 201, reply.json
    return reply.json["secret"]


def unhappy_call(twilio_post, comment: str) -> None:
    call = TwilioCall(twilio_post, caller=SWEDISH_MOBILE)
    call.connect("agent=anna")
    call.agent_hangs_up()
    call.press("2")  # sad
    call.press("1")  # the first reason
    call.say(comment)
    call.hang_up()


def flush(app, *, later: timedelta = timedelta(0)) -> dict[str, int]:
    with app.app_context():
        if later:
            from feedback_service.outbox.flush import flush_outbox
            from feedback_service.outbox.senders import mailer_for, sms_sender_for
            s = current_settings()
            return dict(flush_outbox(sms_sender_for(s), mailer_for(s), now=utcnow() + later))
        return flush_with_configured_senders()


def test_subscribers_are_managed_through_the_api_and_secrets_shown_only_when_made(
        client, api_headers):
    url = "https://crm.example.com/hooks"
    created = client.put("/api/v1/webhooks/crm", headers=api_headers,
                         json={"url": url, "events": ["answer.created"]})
    assert created.status_code == 201
    assert created.json["secret"].startswith("whsec_")
    updated = client.put("/api/v1/webhooks/crm", headers=api_headers,
                         json={"url": url, "events": ["answer.created", "reason.spike"]})
    assert updated.status_code == 200
    assert updated.json == {"name": "crm", "url": url,
                            "events": ["answer.created", "reason.spike"]}
    rotated = client.put("/api/v1/webhooks/crm", headers=api_headers,
                         json={"url": url, "events": ["answer.created"], "rotate_secret": True})
    assert rotated.json["secret"].startswith("whsec_")
    assert rotated.json["secret"] != created.json["secret"]
    listed = client.get("/api/v1/webhooks", headers=api_headers)
    assert listed.json == {"webhooks": [{"name": "crm", "url": url,
                                         "events": ["answer.created"]}]}
    assert client.delete("/api/v1/webhooks/crm", headers=api_headers).status_code == 204
    assert client.delete("/api/v1/webhooks/crm", headers=api_headers).status_code == 404
    assert client.get("/api/v1/webhooks", headers=api_headers).json == {"webhooks": []}
    unknown = client.put("/api/v1/webhooks/crm", headers=api_headers,
                         json={"url": url, "events": ["answer.deleted"]})
    assert unknown.status_code == 400


def test_an_unhappy_call_reaches_the_receiver_signed_and_without_the_callers_number(
        app, client, api_headers, twilio_post):
    with receiving() as receiver:
        secret = subscribe(client, api_headers, "crm", receiver.url)
        unhappy_call(twilio_post, "Ring mig på 070-123 45 67")
        assert flush(app).get("sent", 0) >= 3
    types = [r.json()["type"] for r in receiver.received]
    assert types[:2] == ["answer.created", "follow_up.opened"]
    assert "answer.updated" in types
    for delivery in receiver.received:
        # The receiver's few lines: verify, or refuse the delivery.
        Webhook(secret).verify(delivery.body, delivery.headers)
        assert delivery.headers["webhook-id"].startswith("msg_")
        assert "0701234567" not in delivery.body and "701234567" not in delivery.body
        assert "123 45 67" not in delivery.body
    answer = client.get("/api/v1/responses", headers=api_headers).json["responses"][0]
    last_update = [r.json() for r in receiver.received if r.json()["type"] == "answer.updated"][-1]
    assert last_update["data"] == answer  # the response as /api/v1/responses shows it
    opened = next(r.json() for r in receiver.received
                  if r.json()["type"] == "follow_up.opened")
    assert opened["data"]["status"] == "open"
    assert opened["data"]["url"].endswith(f"/follow-ups#follow-up-{opened['data']['id']}")
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "QUFB" * 8).verify(receiver.received[0].body,
                                              receiver.received[0].headers)


def test_a_retry_carries_the_same_webhook_id_after_back_off(app, client, api_headers):
    with receiving(Receiver(statuses=[503, 500])) as receiver:
        secret = subscribe(client, api_headers, "crm", receiver.url, ["reason.spike"])
        with app.app_context():
            publish(db.session, EventType.REASON_SPIKE, {"reason": "waiting"})
            db.session.commit()
        assert flush(app) == {"pending": 1}
        assert flush(app) == {}  # backing off
        assert flush(app, later=timedelta(seconds=31)) == {"pending": 1}
        assert flush(app, later=timedelta(minutes=2)) == {"sent": 1}
    ids = {r.headers["webhook-id"] for r in receiver.received}
    assert len(receiver.received) == 3 and len(ids) == 1
    for delivery in receiver.received:
        Webhook(secret).verify(delivery.body, delivery.headers)


def test_a_dead_receiver_opens_its_circuit_and_does_not_hold_up_the_others(
        app, client, api_headers):
    with receiving(Receiver(statuses=[503] * 50)) as dead, receiving() as alive:
        subscribe(client, api_headers, "dead", dead.url, ["reason.spike"])
        subscribe(client, api_headers, "alive", alive.url, ["reason.spike"])
        with app.app_context():
            for n in range(8):
                publish(db.session, EventType.REASON_SPIKE, {"n": n})
            db.session.commit()
        summary = flush(app)
        assert summary["sent"] == 8
        assert len(alive.received) == 8
        assert len(dead.received) == THRESHOLD  # then its circuit opened
        # Where the person on call looks: /healthz and the gauge Prometheus alerts on.
        assert client.get("/healthz").json["outbox"]["open_circuits"] == {"alert": 0,
                                                                          "webhook": 1}
        figures = samples(client.get("/metrics", headers={
            "Authorization": f"Bearer {METRICS_TOKEN}"}).get_data(as_text=True))
        assert value(figures, "feedback_outbox_open_circuits", channel="webhook") == 1
        assert ("feedback_outbox_open_circuits", frozenset({("channel", "alert")})) in figures
        with app.app_context():
            waiting = db.session.scalars(sa.select(OutboxMessage).where(
                OutboxMessage.status == OutboxStatus.PENDING)).all()
            assert len(waiting) == 8  # none lost
            assert sorted(m.attempts for m in waiting).count(0) == 8 - THRESHOLD
        assert flush(app, later=timedelta(seconds=45)) == {}  # the circuit is still open
        flush(app, later=timedelta(minutes=2))  # then one probes, fails, and it opens again
        assert len(dead.received) == THRESHOLD + 1


def test_loopback_is_refused_unless_private_addresses_are_allowed(app, client, api_headers):
    with receiving() as receiver:
        subscribe(client, api_headers, "crm", receiver.url, ["reason.spike"])
        with app.app_context():
            current_settings().webhook_allow_private = False
            publish(db.session, EventType.REASON_SPIKE, {"reason": "waiting"})
            db.session.commit()
            assert flush_with_configured_senders() == {"failed": 1}
            message = db.session.scalars(sa.select(OutboxMessage)).one()
            assert message.last_error.startswith("refused:")
            put = client.put("/api/v1/webhooks/other", headers=api_headers,
                             json={"url": receiver.url, "events": ["reason.spike"]})
            assert put.status_code == 400
        assert receiver.received == []


@pytest.mark.parametrize("url", [
    "http://crm.example.com/hooks", "https://127.0.0.1/hooks", "https://localhost/hooks",
    "https://10.1.2.3/hooks", "https://169.254.169.254/latest", "https://[::1]/hooks",
    "https://192.168.0.10/hooks", "https://[::ffff:127.0.0.1]/hooks",
])
def test_urls_out_of_bounds_are_refused(url):
    with pytest.raises(RefusedDestination):
        check_url(url, allow_private=False)


def test_a_name_resolving_to_loopback_is_refused_where_the_connection_is_made():
    """What guards against DNS rebinding: the address is checked as the socket connects."""
    with receiving() as receiver, guarded(allow_private=False), pytest.raises(RefusedDestination):
        requests.post(f"http://localhost:{receiver.port}/hooks", data="{}", timeout=2)
    assert receiver.received == []
    with receiving() as receiver, guarded(allow_private=True):
        assert requests.post(f"http://localhost:{receiver.port}/hooks", data="{}",
                             timeout=2).status_code == 200


def test_a_sender_that_died_mid_delivery_never_delivers_twice(app, client, api_headers):
    with receiving() as receiver:
        subscribe(client, api_headers, "crm", receiver.url, ["reason.spike"])
        with app.app_context():
            publish(db.session, EventType.REASON_SPIKE, {"reason": "waiting"})
            db.session.commit()
            assert len(claim_due_messages(utcnow(), 10)) == 1  # ... and the process died
        assert flush(app, later=LEASE + timedelta(seconds=1)) == {"ambiguous": 1}
        assert receiver.received == []


def test_a_deleted_subscriber_gets_nothing_more(app, client, api_headers):
    with receiving() as receiver:
        subscribe(client, api_headers, "crm", receiver.url, ["reason.spike"])
        with app.app_context():
            publish(db.session, EventType.REASON_SPIKE, {"reason": "waiting"})
            db.session.commit()
        client.delete("/api/v1/webhooks/crm", headers=api_headers)
        assert flush(app) == {"failed": 1}
    assert receiver.received == []
    with app.app_context():
        assert db.session.scalars(sa.select(OutboxMessage.channel)).all() == [
            OutboxChannel.WEBHOOK]


def test_a_follow_up_resolved_on_its_page_is_announced_closed(app, client, api_headers,
                                                              twilio_post):
    with app.app_context():
        give_password("sara@acme.example")
        db.session.commit()
    with receiving() as receiver:
        secret = subscribe(client, api_headers, "crm", receiver.url, ["follow_up.closed"])
        unhappy_call(twilio_post, "Det tog för lång tid")
        assert log_in(client, "sara@acme.example").status_code == 302
        page = client.get("/follow-ups").get_data(as_text=True)
        with app.app_context():
            follow_up_id = db.session.execute(sa.text("SELECT id FROM follow_ups")).scalar_one()
        for status in ("contacted", "resolved"):  # only resolving closes it
            reply = client.post(f"/follow-ups/{follow_up_id}", data={
                "status": status, "note": "Ringde 070-123 45 67", "confirmed_reason": "",
                "won_back": "yes", "csrf_token": csrf_token_in(page)})
            assert reply.status_code == 302
        assert flush(app) == {"sent": 1}
    [closed] = receiver.received
    Webhook(secret).verify(closed.body, closed.headers)
    event = closed.json()
    assert event["type"] == "follow_up.closed"
    assert (event["data"]["id"], event["data"]["status"], event["data"]["won_back"]) == (
        follow_up_id, "resolved", True)
    assert "123 45 67" not in closed.body and "701234567" not in closed.body


def test_erasing_a_callers_number_cancels_the_deliveries_that_carry_their_answer(
        app, client, api_headers, twilio_post, runner):
    with receiving() as receiver:
        subscribe(client, api_headers, "crm", receiver.url)
        unhappy_call(twilio_post, "Det tog för lång tid")
        result = runner.invoke(args=["privacy", "erase", SWEDISH_MOBILE])
        assert result.exit_code == 0, result.output
        assert flush(app) == {}  # erasure cancelled them at once
    assert receiver.received == []
    with app.app_context():
        errors = set(db.session.scalars(sa.select(OutboxMessage.last_error)))
        assert errors == {"cancelled: it quotes an erased answer"}
