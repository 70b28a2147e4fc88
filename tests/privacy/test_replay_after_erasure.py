"""Erased stays erased: webhooks replayed after `privacy erase` never bring the number back."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.surveys.models import Call, OptOut, Response
from tests.conftest import PUBLIC_BASE_URL, sign_twilio_request
from tests.telephony.sms_fixtures import call_ended_body, pbx_headers, text_from
from tests.telephony.voice_calls import ACCOUNT_SID, SWEDISH_MOBILE, TwilioCall, add_agent

NATIONAL_DIGITS = SWEDISH_MOBILE.removeprefix("+46")  # "701234567", however it is written


@pytest.fixture(autouse=True)
def anna(client, api_headers):
    add_agent(client, api_headers, "anna", language="sv")


@pytest.fixture
def recorded_post(client):
    """`twilio_post` that also keeps every request, for replaying them later."""
    sent: list[tuple[str, dict[str, str]]] = []

    def post(path: str, params: dict[str, str], *, signature: str | None = None):
        sent.append((path, dict(params)))
        url = PUBLIC_BASE_URL + path
        headers = {"X-Twilio-Signature": signature or sign_twilio_request(url, params)}
        return client.post(path, data=params, headers=headers)

    post.sent = sent
    return post


def places_holding(app, number: str) -> list[str]:
    """Every table and row where the number is still written, the opt-out list aside."""
    digits = number.removeprefix("+46")
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name == OptOut.__tablename__:
                continue  # kept on purpose: it stops the number being surveyed again
            for row in db.session.execute(sa.select(table)):
                if digits in json.dumps([str(value) for value in row]):
                    found.append(f"{table.name}: {row}")
    return found


def erase(runner, number: str = SWEDISH_MOBILE) -> None:
    result = runner.invoke(args=["privacy", "erase", number])
    assert result.exit_code == 0, result.output


def test_replaying_a_whole_call_after_erasure_writes_the_number_nowhere(app, runner,
                                                                         recorded_post):
    call = TwilioCall(recorded_post)
    call.connect()
    call.agent_hangs_up()
    call.press("2")
    call.press("1")
    call.speech_not_recognised()
    call.record()
    recorded_post("/twilio/voice/recording-status", {
        **call.params, "RecordingSid": "RE" + "c" * 32, "RecordingStatus": "completed",
        "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/"
                        f"RE{'c' * 32}", "RecordingDuration": "6"})
    call.hang_up()
    assert places_holding(app, SWEDISH_MOBILE)  # the call is on record, number and all
    erase(runner)
    assert places_holding(app, SWEDISH_MOBILE) == []

    for path, params in list(recorded_post.sent):
        replayed = recorded_post(path, params)
        assert replayed.status_code == 200, path

    assert places_holding(app, SWEDISH_MOBILE) == []
    with app.app_context():
        assert db.session.scalar(sa.select(Call.caller)) is None
        response = db.session.scalar(sa.select(Response))
        assert (response.score, response.reason) == (2, "wait_time")  # the answer stays
        assert (response.comment, response.recording_url) == (None, None)


def test_a_status_callback_replayed_after_erasure_leaves_the_call_without_a_number(
        app, runner, recorded_post):
    call = TwilioCall(recorded_post)
    call.connect()
    call.agent_hangs_up()
    call.press("1")
    call.hang_up()
    erase(runner)

    path, params = recorded_post.sent[-1]
    assert path == "/twilio/voice/status"
    recorded_post(path, params)

    with app.app_context():
        assert db.session.scalar(sa.select(Call.caller)) is None
    assert places_holding(app, SWEDISH_MOBILE) == []


def test_a_phone_system_hook_replayed_after_erasure_leaves_no_number(app, client, runner):
    settings_of(app).survey_channel = "sms"
    raw = json.dumps(call_ended_body(call_id="pbx-erased", caller=SWEDISH_MOBILE)).encode()
    first = client.post("/hooks/call-ended", data=raw, headers=pbx_headers(raw))
    erase(runner)

    again = client.post("/hooks/call-ended", data=raw, headers=pbx_headers(raw))

    assert first.status_code == again.status_code == 202
    assert places_holding(app, SWEDISH_MOBILE) == []


def test_a_text_replayed_after_erasure_is_not_stored_again(app, runner, recorded_post):
    text_from(recorded_post, SWEDISH_MOBILE, "Hej, vad gäller det?", message_sid="SM" + "e" * 32)
    erase(runner)

    path, params = recorded_post.sent[-1]
    assert recorded_post(path, params).status_code == 200

    assert places_holding(app, SWEDISH_MOBILE) == []
