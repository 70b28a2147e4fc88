"""The voice webhooks as endpoints: who gets dialled, signatures, retries, and an https proxy."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.surveys.models import Call, FollowUp, Response, Survey
from feedback_service.telephony.models import WebhookEvent
from tests.conftest import PUBLIC_BASE_URL, sign_twilio_request
from tests.telephony.voice_calls import (
    ACCOUNT_SID,
    COMPANY_NUMBER,
    SWEDISH_MOBILE,
    TwilioCall,
    add_agent,
    path_of,
    responses,
)

VOICE_PATHS = ["/twilio/voice/connect?agent=anna", "/twilio/voice/after-call?agent=anna",
               "/twilio/voice/survey/score?attempt=1", "/twilio/voice/status",
               "/twilio/voice/recording-status"]


@pytest.fixture(autouse=True)
def anna(client, api_headers):
    add_agent(client, api_headers, "anna", language="sv")


def stored_rows(app) -> dict[str, int]:
    with app.app_context():
        return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (Call, Survey, Response, FollowUp, WebhookEvent)}


def call_params(call_sid: str = "CA" + "5" * 32) -> dict[str, str]:
    return {"AccountSid": ACCOUNT_SID, "CallSid": call_sid, "CallStatus": "in-progress",
            "From": SWEDISH_MOBILE, "To": COMPANY_NUMBER, "DialCallStatus": "completed",
            "DialCallDuration": "80", "Digits": "1"}


# --- Who is dialled ---------------------------------------------------------------------------


def test_each_kind_of_address_is_dialled_its_own_way(client, api_headers, twilio_post):
    add_agent(client, api_headers, "bo", addresses=["client:bo", "sip:bo@pbx.example.com",
                                                    "+46 8 123 456 78"])
    call = TwilioCall(twilio_post)
    call.connect("agent=bo&topic=Fakturor+%26+betalning&survey=nps&lang=en")

    dial = call.document.find("Dial")
    assert [(noun.tag, noun.text) for noun in dial] == [
        ("Number", "+46812345678"), ("Client", "bo"), ("Sip", "sip:bo@pbx.example.com")]
    assert dial.get("action") == (f"{PUBLIC_BASE_URL}/twilio/voice/after-call?agent=bo"
                                  "&topic=Fakturor+%26+betalning&survey=nps&lang=en")

    call.agent_hangs_up()
    call.press("10")
    [response] = responses(client, api_headers)
    assert (response["agent"], response["topic"], response["kind"]) == (
        "bo", "Fakturor & betalning", "nps")


def test_an_unknown_agent_cannot_be_connected(client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect("agent=nobody")

    assert call.hung_up
    assert call.document.find("Dial") is None
    assert call.prompt.startswith("Vi kan tyvärr inte koppla ditt samtal")


def test_the_agent_is_found_by_the_number_the_caller_dialled(client, api_headers, twilio_post):
    add_agent(client, api_headers, "bo", addresses=["+46101600077"])
    call = TwilioCall(twilio_post, to="+46101600077")
    call.connect(query="")

    dial = call.document.find("Dial")
    assert dial.get("action").endswith("/twilio/voice/after-call?agent=bo")


def test_a_dial_action_of_the_companys_own_flow_finds_the_agent_by_address(
        client, api_headers, twilio_post):
    add_agent(client, api_headers, "bo", addresses=["client:bo"])
    call = TwilioCall(twilio_post, to="client:bo")
    call.request("/twilio/voice/after-call?topic=support", DialCallStatus="completed",
                 DialCallDuration="60", CallStatus="in-progress")
    call.press("1")

    [response] = responses(client, api_headers)
    assert (response["agent"], response["topic"]) == ("bo", "support")


# --- Signatures -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", VOICE_PATHS)
@pytest.mark.parametrize(
    "signature",
    ["", "forged", "other-token", "other-url"],
    ids=["missing", "garbage", "signed-with-another-token", "signed-for-another-url"],
)
def test_a_request_without_twilios_signature_is_refused_and_changes_nothing(
        app, client, path, signature):
    params = call_params()
    url = PUBLIC_BASE_URL + path
    headers = {
        "": {},
        "forged": {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
        "other-token": {"X-Twilio-Signature": sign_twilio_request(url, params, token="x" * 32)},
        "other-url": {"X-Twilio-Signature": sign_twilio_request(url + "&agent=bo", params)},
    }[signature]
    before = stored_rows(app)

    reply = client.post(path, data=params, headers=headers)

    assert reply.status_code == 403
    assert stored_rows(app) == before


def test_changed_parameters_break_the_signature(app, client):
    params = call_params()
    signature = sign_twilio_request(f"{PUBLIC_BASE_URL}/twilio/voice/after-call?agent=anna",
                                    params)
    reply = client.post("/twilio/voice/after-call?agent=anna",
                        data={**params, "DialCallDuration": "600"},
                        headers={"X-Twilio-Signature": signature})
    assert reply.status_code == 403
    assert stored_rows(app)["Call"] == 0


def test_a_signed_request_without_a_call_sid_is_refused(app, twilio_post):
    reply = twilio_post("/twilio/voice/after-call?agent=anna", {"AccountSid": ACCOUNT_SID})
    assert reply.status_code == 400
    assert (reply.mimetype, reply.get_data(as_text=True)) == (
        "text/plain", "CallSid is required, and no longer than a call id")
    assert stored_rows(app)["WebhookEvent"] == 0


def test_an_unknown_survey_step_is_not_found(twilio_post):
    assert twilio_post("/twilio/voice/survey/done?attempt=1", call_params()).status_code == 404


# --- Retries ----------------------------------------------------------------------------------


def test_a_replayed_step_returns_the_same_twiml_and_doubles_nothing(app, client, api_headers,
                                                                    twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    assert call.repeat_last_request() == call.last_twiml
    call.press("2")
    score_request, reason_question = call.last_request, call.last_twiml
    call.press("3")
    after_reason = stored_rows(app)

    # Twilio retries the score and the reason after the caller has moved on.
    assert twilio_post(*score_request).get_data(as_text=True) == reason_question
    call.repeat_last_request()
    assert stored_rows(app) == after_reason

    call.speech_not_recognised()
    call.record()
    with_recording = stored_rows(app)
    call.repeat_last_request()
    assert stored_rows(app) == with_recording
    call.hang_up()
    finished = stored_rows(app)
    call.repeat_last_request()
    assert stored_rows(app) == finished

    [response] = responses(client, api_headers)
    assert (response["score"], response["reason"], response["has_recording"]) == (2, "manner",
                                                                                 True)
    with app.app_context():
        [raw_inputs] = db.session.scalars(sa.select(Response.raw_inputs)).all()
    assert [entry["step"] for entry in raw_inputs] == ["score", "reason", "comment"]
    assert finished["FollowUp"] == 1


def test_a_replayed_after_call_opens_no_second_survey(app, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    rows = stored_rows(app)

    assert call.repeat_last_request() == call.last_twiml
    assert stored_rows(app) == rows
    assert rows["Survey"] == 1


# --- Behind an https proxy --------------------------------------------------------------------


def test_behind_an_https_proxy_the_public_url_is_what_counts(app, client, api_headers):
    """The proxy forwards plain http to another host; Twilio signed the public https URL."""
    params = {**call_params(), "CallStatus": "in-progress"}
    path = "/twilio/voice/after-call?agent=anna"
    proxied = {"base_url": "http://10.0.0.7:8000",
               "headers": {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "internal.lan",
                           "X-Forwarded-For": "54.172.60.1"}}

    signed_publicly = client.post(path, data=params, base_url=proxied["base_url"], headers={
        **proxied["headers"],
        "X-Twilio-Signature": sign_twilio_request(PUBLIC_BASE_URL + path, params)})
    assert signed_publicly.status_code == 200
    action = signed_publicly.get_data(as_text=True).split('action="', 1)[1].split('"', 1)[0]
    assert action == f"{PUBLIC_BASE_URL}/twilio/voice/survey/score?attempt=1"

    signed_for_the_proxy = client.post(
        "/twilio/voice/survey/score?attempt=1", data={**params, "Digits": "1"},
        base_url=proxied["base_url"], headers={
            **proxied["headers"],
            "X-Twilio-Signature": sign_twilio_request(
                "https://internal.lan/twilio/voice/survey/score?attempt=1",
                {**params, "Digits": "1"})})
    assert signed_for_the_proxy.status_code == 403

    answered = client.post(
        "/twilio/voice/survey/score?attempt=1", data={**params, "Digits": "1"},
        base_url=proxied["base_url"], headers={
            **proxied["headers"],
            "X-Twilio-Signature": sign_twilio_request(action, {**params, "Digits": "1"})})
    assert answered.status_code == 200
    assert [r["score"] for r in responses(client, api_headers)] == [1]


def test_a_recording_reported_before_the_record_action_is_kept_once(app, client, api_headers,
                                                                    twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    call.press("1")
    call.speech_not_recognised()
    record = call.document.find("Record")
    recording = {"RecordingSid": "RE" + "7" * 32,
                 "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE7",
                 "RecordingDuration": "6"}

    # The status callback overtakes the <Record> action: both name the same recording.
    call.request(path_of(record.get("recordingStatusCallback")), RecordingStatus="completed",
                 **recording)
    call.request(path_of(record.get("action")), Digits="#", **recording)

    assert call.hung_up and "Tack för dina svar" in call.prompt
    assert responses(client, api_headers)[0]["has_recording"] is True
    with app.app_context():
        [raw_inputs] = db.session.scalars(sa.select(Response.raw_inputs)).all()
    assert [entry["step"] for entry in raw_inputs] == ["score", "comment"]
