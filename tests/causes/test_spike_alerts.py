"""A week's spike reaches its owner's channel and the CRM when the owners' week is sent: a
`reason.spike` webhook (signed) and a chat alert, company-wide and for the team, once."""

from __future__ import annotations

from datetime import date

import pytest
from standardwebhooks.webhooks import Webhook

from bench.statements import counting_statements
from feedback_service.causes.spike_alerts import announce_week_spikes
from feedback_service.coaching.weeks import parse_iso_week
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from tests.causes.history import a_week_of_answers, mondays
from tests.causes.test_owner_mail import WEEK, history, send  # noqa: F401  (fixtures)
from tests.coaching.builders import a_team, an_agent
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


def test_every_team_s_weeks_are_read_in_one_statement_however_many_teams(app, history):  # noqa: F811
    """The company's 53 weeks in one read and every team's in one more: three more teams with
    a spike of their own add statements to tell them, none to read them."""
    with app.app_context():
        config = settings_of(app)
        for n in range(3):
            a_team(f"team-{n}", f"Team {n}", {})
            agent = an_agent(f"agent-{n}", f"Agent {n}", f"team-{n}")
            for monday in mondays(date(2026, 7, 20), 18):
                a_week_of_answers(agent, monday, config, answers=10, giving={"wait_time": 1})
            a_week_of_answers(agent, date(2026, 11, 23), config, answers=10,
                              giving={"wait_time": 6})
        db.session.commit()
        with counting_statements() as statements:
            queued = announce_week_spikes(db.session, parse_iso_week(WEEK), config)
    assert queued == 5  # the company's and four teams' webhook events: nobody subscribed
    reads = [s for s in statements if "FROM responses" in s and "GROUP BY" in s.upper()]
    assert len(reads) == 2
