"""A week's spike reaches its owner's channel and the CRM when the owners' week is sent: a
`reason.spike` webhook (signed) and a chat alert, company-wide and for the team, once."""

from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook

from tests.causes.test_owner_mail import WEEK, history, send  # noqa: F401  (fixtures)
from tests.conftest import settings
from tests.outgoing.receiver import receiving
from tests.outgoing.test_chat_alerts import free_port
from tests.outgoing.test_webhooks import subscribe

pytestmark = pytest.mark.clock("2026-11-30T10:00:00+01:00")
CHAT_PORT = free_port()


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example",
                    DEFAULT_LANGUAGE="en", MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm",
                    WEBHOOK_ALLOW_PRIVATE=True, ALERT_URLS=f"json://127.0.0.1:{CHAT_PORT}/ops")


def test_the_weeks_spike_is_announced_once_by_webhook_and_chat(client, api_headers, runner,
                                                               history):  # noqa: F811
    with receiving() as crm, receiving(port=CHAT_PORT) as chat:
        secret = subscribe(client, api_headers, "crm", crm.url, ["reason.spike"])
        send(runner)
        send(runner)  # the week again: announced before, nothing new
    events = [r for r in crm.received]
    for delivery in events:
        Webhook(secret).verify(delivery.body, delivery.headers)
    spikes = sorted((e.json()["data"]["team"] or "", e.json()["data"]["reason"]) for e in events)
    # The wait spiked in the company and in its only team; each told once.
    assert spikes == [("", "wait_time"), ("support", "wait_time")]
    data = events[0].json()["data"]
    assert (data["week"], data["count"], data["answers"]) == (WEEK, 6, 10)
    assert len(chat.received) == 2
    for alert in chat.received:
        assert "Zoe" not in alert.body  # a process reason names no agent
        assert "070" not in alert.body
