"""A comment left only as a recording on the phone is mailed like a written one: an unhappy
caller's alerts the supervisors, a happy caller's is kudos for the agent.

Whole calls through the signed voice webhooks, then the scheduler's kudos job, then the mail as
the real SMTP test server received it.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.scheduler import in_app_context, kudos_job
from feedback_service.surveys.models import Response
from tests.conftest import PUBLIC_BASE_URL, settings
from tests.smtp_sink import html_of, text_of
from tests.telephony.voice_calls import DANISH_MOBILE, SWEDISH_MOBILE, TwilioCall


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example",
                    DEFAULT_LANGUAGE="sv", QUARANTINE_DAYS=0)


@pytest.fixture(autouse=True)
def support_team(client, api_headers):
    """Sara supervises team support; Anna (Swedish) and Freja (Danish) take its calls."""
    reply = client.put("/api/v1/teams/support", headers=api_headers,
                       json={"name": "Support", "supervisors": ["sara@acme.example"]})
    assert reply.status_code in (200, 201), reply.json
    for handle, name, language in (("anna", "Anna Lind", "sv"), ("freja", "Freja Holm", "da")):
        reply = client.put(f"/api/v1/agents/{handle}", headers=api_headers, json={
            "name": name, "email": f"{handle}@acme.example", "team": "support",
            "addresses": [f"client:{handle}"], "language": language})
        assert reply.status_code in (200, 201), reply.json


def run_kudos_job(app) -> None:
    """The scheduler's kudos-and-alerts job, then the outbox flush that sends what it queued."""
    in_app_context(app, kudos_job, "kudos-and-alerts")()
    with app.app_context():
        flush_with_configured_senders()


def recorded_call(twilio_post, agent: str, caller: str, *keys: str) -> TwilioCall:
    """A call whose caller keys `keys`, says nothing the recogniser catches, then records."""
    call = TwilioCall(twilio_post, caller=caller)
    call.connect(f"agent={agent}")
    call.agent_hangs_up()
    for key in keys:
        call.press(key)
    call.speech_not_recognised()
    call.record(seconds=12)
    assert call.hung_up
    call.hang_up()
    return call


def only_response(app) -> tuple[int, int | None]:
    """The id of the one answer, recorded and not written, and of its follow-up if any."""
    with app.app_context():
        [response] = db.session.scalars(sa.select(Response)).all()
        assert response.comment is None and response.recording_url is not None
        return response.id, response.follow_up.id if response.follow_up else None


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_a_recorded_complaint_alerts_the_supervisor(app, smtp_server, twilio_post):
    recorded_call(twilio_post, "anna", SWEDISH_MOBILE, "2", "1")
    _, follow_up_id = only_response(app)

    run_kudos_job(app)

    [mail] = smtp_server.wait_for(1)
    assert (mail["To"], mail["Subject"]) == ("sara@acme.example",
                                             "Missnöjd kund att ringa upp (Anna Lind)")
    text = text_of(mail)
    assert "Anledning: väntetiden" in text
    assert "Kommentaren är inspelad. Lyssna på den: " in text
    assert f"{PUBLIC_BASE_URL}/follow-ups#follow-up-{follow_up_id}" in text
    assert f'href="{PUBLIC_BASE_URL}/follow-ups#follow-up-{follow_up_id}"' in html_of(mail)
    for body in (text, visible_text(html_of(mail))):
        assert SWEDISH_MOBILE[3:] not in body and "None" not in body and '""' not in body

    run_kudos_job(app)  # the next minute's run mails nothing again
    assert len(smtp_server.wait_for(2, timeout=0.5)) == 1


def test_recorded_praise_is_kudos_for_the_agent(app, smtp_server, twilio_post):
    recorded_call(twilio_post, "freja", DANISH_MOBILE, "1")
    response_id, _ = only_response(app)

    run_kudos_job(app)

    [mail] = smtp_server.wait_for(1)
    assert (mail["To"], mail["Subject"]) == ("freja@acme.example", "Ros fra en kunde")
    text = text_of(mail)
    assert text.startswith("Hej Freja! En kunde har indtalt en kommentar efter en samtale med dig.")
    assert f"Kommentaren er indtalt. Lyt til den: {PUBLIC_BASE_URL}/me#answer-{response_id}" in text
    for body in (text, visible_text(html_of(mail))):
        assert DANISH_MOBILE[3:] not in body and "None" not in body and '""' not in body

    run_kudos_job(app)
    assert len(smtp_server.wait_for(2, timeout=0.5)) == 1


def test_a_spoken_comment_is_mailed_as_its_words(app, smtp_server, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect("agent=anna")
    call.agent_hangs_up()
    call.press("1")
    call.say("Anna var jättebra, tack", confidence="0.88")
    call.hang_up()

    run_kudos_job(app)

    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "anna@acme.example"
    text = text_of(mail)
    assert '"Anna var jättebra, tack"' in text
    assert "inspelad" not in text
