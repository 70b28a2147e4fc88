"""The comment question on the line: said in words and kept as text, or recorded when speech is
off or the words could not be made out.

Each test plays Twilio's side with signed requests and follows the TwiML the service answers.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.surveys.models import Response
from tests.conftest import settings
from tests.telephony.voice_calls import (
    DANISH_MOBILE,
    SWEDISH_MOBILE,
    TwilioCall,
    add_agent,
    responses,
)

SWEDISH = pytest.param(SWEDISH_MOBILE, "sv-SE",
                       "Vill du lämna en kort kommentar? Säg den i så fall nu.",
                       "Jag fick vänta i fyrtio minuter", "Tack för dina svar", id="swedish")
DANISH = pytest.param(DANISH_MOBILE, "da-DK", "Har du en kort kommentar? Så sig den nu.",
                      "Jeg ventede i fyrre minutter", "Tak for dine svar", id="danish")


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, QUARANTINE_DAYS=0)


@pytest.fixture(autouse=True)
def bo(client, api_headers):
    add_agent(client, api_headers, "bo", language=None)  # the caller's country sets the language


def sad_call_at_the_comment(twilio_post, caller: str) -> TwilioCall:
    call = TwilioCall(twilio_post, caller=caller)
    call.connect("agent=bo")
    call.agent_hangs_up()
    call.press("2")
    call.press("1")
    return call


def raw_comment_inputs(app) -> list[dict]:
    with app.app_context():
        [raw_inputs] = db.session.scalars(sa.select(Response.raw_inputs)).all()
    return [{k: v for k, v in entry.items() if k != "at"} for entry in raw_inputs
            if entry["step"] == "comment"]


@pytest.mark.parametrize("caller, speech_language, invitation, words, thanks", [SWEDISH, DANISH])
def test_a_spoken_comment_is_kept_as_text(app, client, api_headers, twilio_post, caller,
                                          speech_language, invitation, words, thanks):
    call = sad_call_at_the_comment(twilio_post, caller)
    gather = call.gather()
    assert (gather.get("input"), gather.get("language"), gather.get("speechTimeout")) == (
        "speech", speech_language, "auto")
    assert call.prompt == invitation + (" Annars kan du lägga på." if caller == SWEDISH_MOBILE
                                        else " Ellers kan du bare lægge på.")

    call.say(words, confidence="0.87")
    assert call.hung_up and thanks in call.prompt
    call.hang_up()

    [response] = responses(client, api_headers)
    assert (response["reason"], response["comment"], response["has_recording"]) == (
        "wait_time", words, False)
    assert raw_comment_inputs(app) == [{"step": "comment", "speech": words,
                                        "confidence": "0.87"}]


@pytest.mark.parametrize("caller, speech_language, invitation, words, thanks", [SWEDISH, DANISH])
def test_no_words_made_out_asks_once_more_by_recording(app, client, api_headers, twilio_post,
                                                       caller, speech_language, invitation,
                                                       words, thanks):
    call = sad_call_at_the_comment(twilio_post, caller)
    call.speech_not_recognised()
    assert call.asks_for_recorded_comment
    assert call.prompt.startswith("Förlåt, det uppfattade jag inte. Tala in din kommentar"
                                  if caller == SWEDISH_MOBILE
                                  else "Undskyld, det opfattede jeg ikke. Indtal din kommentar")
    call.record(seconds=11)
    assert call.hung_up and thanks in call.prompt
    call.hang_up()

    [response] = responses(client, api_headers)
    assert (response["comment"], response["has_recording"]) == (None, True)


def test_silence_at_the_recording_too_ends_the_survey_without_a_comment(client, api_headers,
                                                                       twilio_post):
    call = sad_call_at_the_comment(twilio_post, SWEDISH_MOBILE)
    call.stay_silent()  # the speech question: asked once more, by recording
    assert call.asks_for_recorded_comment
    call.stay_silent()
    assert call.hung_up and "Tack för dina svar" in call.prompt

    [response] = responses(client, api_headers)
    assert (response["reason"], response["comment"], response["has_recording"]) == (
        "wait_time", None, False)


@pytest.mark.parametrize("caller, invitation", [
    (SWEDISH_MOBILE, "Vill du lämna en kort kommentar? Tala efter tonen"),
    (DANISH_MOBILE, "Har du en kort kommentar? Tal efter tonen"),
], ids=["swedish", "danish"])
def test_with_speech_off_the_comment_is_recorded(app, client, api_headers, twilio_post, caller,
                                                 invitation):
    settings_of(app).speech_comments = False
    call = sad_call_at_the_comment(twilio_post, caller)
    assert call.asks_for_recorded_comment and not call.asks_for_spoken_comment
    assert call.prompt.startswith(invitation)
    call.record()

    [response] = responses(client, api_headers)
    assert (response["comment"], response["has_recording"]) == (None, True)


def test_retries_of_the_comment_webhooks_change_nothing(app, client, api_headers, twilio_post):
    call = sad_call_at_the_comment(twilio_post, SWEDISH_MOBILE)
    call.speech_not_recognised()
    fallback = call.last_twiml
    # Twilio retries the empty result, and follows the redirect after the <Gather> as well.
    assert call.repeat_last_request() == fallback
    assert call.repeat_last_request() == fallback

    call.record(seconds=8)
    thanks = call.last_twiml
    assert call.repeat_last_request() == thanks
    call.hang_up()
    assert [entry.get("recording_seconds") for entry in raw_comment_inputs(app)] == [8]

    spoken = sad_call_at_the_comment(twilio_post, DANISH_MOBILE)
    spoken.say("Det tog alt for lang tid")
    assert spoken.repeat_last_request() == spoken.last_twiml
    spoken.hang_up()
    assert [r["comment"] for r in responses(client, api_headers, agent="bo")] == [
        None, "Det tog alt for lang tid"]


def test_words_with_the_score_and_a_spoken_comment_are_both_kept(client, api_headers,
                                                                 twilio_post):
    call = TwilioCall(twilio_post)
    call.connect("agent=bo&survey=nps")
    call.agent_hangs_up()
    call.say("9 hon var jättebra")
    call.say("och det gick snabbt")

    [response] = responses(client, api_headers)
    assert response["comment"] == "hon var jättebra\noch det gick snabbt"
