"""Chat alerts as a team meets them: Apprise's json:// reaching a real HTTP server, in the
team's language, with no phone number and no agent named; delayed, never lost, by an outage."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
import sqlalchemy as sa
from standardwebhooks.webhooks import Webhook

from feedback_service import create_app
from feedback_service.causes.figures import ReasonSpike
from feedback_service.causes.spike_alerts import announce_reason_spike
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.flush import flush_outbox
from feedback_service.outbox.senders import mailer_for, sms_sender_for
from feedback_service.scheduler import in_app_context, kudos_job
from feedback_service.settings import SettingsError, current_settings
from feedback_service.surveys.reasons import ReasonOwner
from tests.conftest import settings
from tests.outgoing.receiver import receiving
from tests.outgoing.test_webhooks import flush, subscribe, unhappy_call

WEEK_47 = IsoWeek(2026, 47)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chat_port() -> int:
    return free_port()


@pytest.fixture
def app_settings(database_url, chat_port):
    return settings(database_url, WEBHOOK_ALLOW_PRIVATE=True, QUARANTINE_DAYS=0,
                    DEFAULT_LANGUAGE="sv",
                    ALERT_URLS=f"json://127.0.0.1:{chat_port}/company, "
                               f"json://127.0.0.1:{chat_port}/also")


@pytest.fixture(autouse=True)
def support_team(client, api_headers):
    team = {"name": "Support", "supervisors": ["sara@acme.example"]}
    assert client.put("/api/v1/teams/support", headers=api_headers,
                      json=team).status_code == 201
    assert client.put("/api/v1/agents/anna", headers=api_headers, json={
        "name": "Anna Lind", "team": "support", "addresses": ["client:anna"]}).status_code == 201


def kudos_job_then_flush(app) -> dict[str, int]:
    in_app_context(app, kudos_job, "kudos-and-alerts")()
    return flush(app)


def test_an_unhappy_caller_alerts_the_channel_in_the_teams_language(
        app, client, api_headers, twilio_post, chat_port):
    unhappy_call(twilio_post, "Ring mig på 070-123 45 67, jag heter Per")
    with receiving(port=chat_port) as chat:
        # The supervisor's mail (logged), and an alert to each of the ALERT_URLS.
        assert kudos_job_then_flush(app) == {"sent": 3}
        assert kudos_job_then_flush(app) == {}  # once per caller
    assert sorted(r.path for r in chat.received) == ["/also", "/company"]
    alert = chat.received[0].json()
    assert alert["title"] == "Missnöjd kund att ringa upp: Support"
    message = alert["message"]
    assert message.startswith("En missnöjd kund (+46 *******67) väntar på att bli uppringd.")
    assert "Kommentar: Ring mig på" in message
    assert "070-123 45 67" not in message and "701234567" not in message
    assert "Anna" not in message and "Anna" not in alert["title"]  # no agent named
    with app.app_context():
        follow_up_id = db.session.execute(sa.text("SELECT id FROM follow_ups")).scalar_one()
    assert f"/follow-ups#follow-up-{follow_up_id}" in message


def test_a_teams_own_alert_urls_replace_alert_urls(app, client, api_headers, twilio_post,
                                                   chat_port):
    with receiving() as team_chat:
        reply = client.put("/api/v1/teams/support", headers=api_headers, json={
            "name": "Support", "supervisors": ["sara@acme.example"],
            "alert_urls": [team_chat.apprise_url]})
        assert reply.status_code == 200 and reply.json["alert_urls"] == [team_chat.apprise_url]
        unhappy_call(twilio_post, "Det tog för lång tid")
        with receiving(port=chat_port) as company_chat:
            assert kudos_job_then_flush(app) == {"sent": 2}  # the mail, the team's alert
        assert company_chat.received == []
        assert len(team_chat.received) == 1
    # Sent without them, the team's list stays; null gives ALERT_URLS back.
    assert client.put("/api/v1/teams/support", headers=api_headers, json={
        "name": "Support"}).json["alert_urls"] == [team_chat.apprise_url]
    assert client.put("/api/v1/teams/support", headers=api_headers, json={
        "name": "Support", "alert_urls": None}).json["alert_urls"] is None


def test_alert_urls_obey_the_network_rule(app, client, api_headers):
    with app.app_context():
        current_settings().webhook_allow_private = False
    for url in ("json://127.0.0.1:8080/chat", "json://localhost/chat", "not a url at all"):
        reply = client.put("/api/v1/teams/support", headers=api_headers, json={
            "name": "Support", "alert_urls": [url]})
        assert reply.status_code == 400, url
        assert reply.json["error"].startswith("alert_urls:")


def test_an_unreachable_chat_service_delays_alerts_and_loses_none(app, twilio_post, chat_port):
    unhappy_call(twilio_post, "Det tog för lång tid")
    # The mail goes; nobody listens on the chat port yet.
    assert kudos_job_then_flush(app) == {"sent": 1, "pending": 2}
    with receiving(port=chat_port) as chat, app.app_context():
        s = current_settings()
        summary = flush_outbox(sms_sender_for(s), mailer_for(s),
                               now=utcnow() + timedelta(minutes=1))
        assert summary == {"sent": 2}
    assert len(chat.received) == 2


def test_a_reason_spike_is_announced_by_webhook_and_alert_naming_no_agent(
        app, client, api_headers, chat_port):
    spike = ReasonSpike(code="wait_time", owner=ReasonOwner.PROCESS,
                        owned_by="workforce@example.com", with_reason=18, answers=60,
                        expected_share=0.08, chance=1e-6)
    with receiving() as crm, receiving(port=chat_port) as chat:
        secret = subscribe(client, api_headers, "crm", crm.url, ["reason.spike"])
        with app.app_context():
            assert announce_reason_spike(db.session, spike, WEEK_47, team="support") == 3
            # Once per reason, team and week: a webhook and two alerts, and nothing again.
            assert announce_reason_spike(db.session, spike, WEEK_47, team="support") == 0
            db.session.commit()
        assert flush(app) == {"sent": 3}
    delivery = crm.received[0]
    Webhook(secret).verify(delivery.body, delivery.headers)
    assert delivery.json()["type"] == "reason.spike"
    assert delivery.json()["data"] == {
        "reason": "wait_time", "owner": "process", "team": "support", "week": "2026-W47",
        "count": 18, "answers": 60, "share": 0.3, "history_share": 0.08}
    alert = chat.received[0].json()
    assert alert["title"] == "Anledning som ökar: väntetiden"
    assert "30" in alert["message"] and "8" in alert["message"]
    assert "Team: Support." in alert["message"]
    assert "Anna" not in alert["message"]


def test_an_alert_url_refused_stops_the_service_at_start(database_url):
    with pytest.raises(SettingsError, match="FEEDBACK_ALERT_URLS: a json:// URL is refused"):
        create_app(settings(database_url, ALERT_URLS="json://127.0.0.1:8080/chat"))
    with pytest.raises(SettingsError, match="a nosuchservice:// URL is refused"):
        create_app(settings(database_url, ALERT_URLS="nosuchservice://token"))


def test_a_reason_the_agent_owns_is_never_announced_to_a_channel(app):
    spike = ReasonSpike(code="manner", owner=ReasonOwner.AGENT, owned_by=None, with_reason=9,
                        answers=40, expected_share=0.05, chance=1e-6)
    with app.app_context(), pytest.raises(ValueError, match="process or outside"):
        announce_reason_spike(db.session, spike, WEEK_47, team="support")
