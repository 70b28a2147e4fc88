"""Whole calls through Twilio's voice webhooks: connect, the agent hangs up, the IVR survey.

Each test plays Twilio's side with signed requests, follows the absolute URLs in the TwiML the
service answers with, and reads what was stored through `GET /api/v1/responses`.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.settings import settings_of
from feedback_service.surveys.models import Call, Survey, SurveyState
from tests.conftest import PUBLIC_BASE_URL, settings
from tests.telephony.voice_calls import (
    BRITISH_MOBILE,
    DANISH_MOBILE,
    SWEDISH_MOBILE,
    TwilioCall,
    add_agent,
    path_of,
    responses,
)


@pytest.fixture
def app_settings(database_url):
    # Quiet hours off, so an SMS survey is due at once whatever time the tests run; no
    # quarantine, so a test can call twice from one number and see only the rule it is about.
    return settings(database_url, SMS_QUIET_HOURS="", QUARANTINE_DAYS=0)


@pytest.fixture(autouse=True)
def anna(client, api_headers):
    add_agent(client, api_headers, "anna", language="sv")


def survey_of(app, call: TwilioCall) -> SimpleNamespace:
    """What the service decided about the call's survey, read straight from the database."""
    with app.app_context():
        survey = db.session.scalar(
            sa.select(Survey).join(Survey.call).where(Call.provider_call_id == call.sid))
        assert survey is not None
        return SimpleNamespace(
            state=survey.state, channel=survey.channel, skip_reason=survey.skip_reason,
            agent=survey.agent.handle if survey.agent else None, call_status=survey.call.status,
            call_seconds=survey.call.duration_seconds, ended_at=survey.call.ended_at,
        )


def sms_to(app, phone: str) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            sa.select(OutboxMessage.body).where(OutboxMessage.recipient == phone)))


# --- Happy paths ------------------------------------------------------------------------------


def test_a_happy_smiley_call_from_ring_to_hang_up(app, client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)

    call.connect("agent=anna&topic=billing")
    dial = call.document.find("Dial")
    assert dial.find("Client").text == "anna"
    assert dial.get("action") == (
        f"{PUBLIC_BASE_URL}/twilio/voice/after-call?agent=anna&topic=billing")

    call.agent_hangs_up(seconds=95)
    gather = call.gather()
    assert gather.get("input") == "dtmf speech"
    assert gather.get("language") == "sv-SE"
    assert gather.get("numDigits") == "1"
    assert "nöjd" in gather.get("hints")
    assert call.prompt.startswith("Tack för att du ringde Acme.")
    assert "tryck 1 eller säg nöjd" in call.prompt

    call.press("1")
    assert call.asks_for_spoken_comment
    call.stay_silent()
    assert call.asks_for_recorded_comment  # no words: asked once more, by recording
    call.stay_silent()
    assert call.hung_up
    assert call.prompt.startswith("Tack för dina svar")
    call.hang_up()

    [response] = responses(client, api_headers)
    assert response == {
        "id": response["id"], "call_id": call.sid, "agent": "anna", "team": "support",
        "topic": "billing", "channel": "ivr", "kind": "smiley", "score": 1,
        "category": "happy", "reason": None, "praise": None, "comment": None,
        "has_recording": False,
        "caller": "+46 *******67", "call_ended_at": response["call_ended_at"],
        "received_at": response["received_at"],
    }


@pytest.mark.parametrize("keys, score, category", [("10", 10, "promoter"), ("9#", 9, "promoter"),
                                                   ("7", 7, "passive")])
def test_nps_scores_that_need_no_reason(client, api_headers, twilio_post, keys, score,
                                        category):
    call = TwilioCall(twilio_post)
    call.connect("agent=anna&survey=nps")
    call.agent_hangs_up()
    gather = call.gather()
    # Two keys for "10"; `#` or a pause ends a single digit.
    assert (gather.get("numDigits"), gather.get("finishOnKey")) == ("2", "#")
    assert int(gather.get("timeout")) >= 3
    assert "rekommendera Acme till en vän eller kollega" in call.prompt

    call.press(keys)
    assert call.asks_for_spoken_comment
    call.speech_not_recognised()
    call.record(seconds=9)
    assert call.hung_up
    call.hang_up()

    [response] = responses(client, api_headers)
    assert (response["kind"], response["score"], response["category"]) == ("nps", score,
                                                                           category)
    assert response["reason"] is None
    assert response["has_recording"] is True


def test_nps_zero_asks_the_reason_then_a_comment(client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect("agent=anna&survey=nps")
    call.agent_hangs_up()

    call.press("0")
    assert call.prompt.startswith("Vad gick mindre bra?")
    assert "Det var krångligt, tryck 4." in call.prompt
    call.press("4")
    call.stay_silent()
    call.stay_silent()
    assert call.hung_up

    [response] = responses(client, api_headers)
    assert (response["score"], response["category"], response["reason"]) == (
        0, "detractor", "effort")
    assert response["has_recording"] is False


def test_nps_as_the_line_setting(app, client, api_headers, twilio_post):
    settings_of(app).survey_kind = "nps"
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    call.press("10")

    assert responses(client, api_headers)[0]["kind"] == "nps"


def test_sad_then_reason_then_a_recorded_comment(client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect("agent=anna&topic=returns")
    call.agent_hangs_up()

    call.press("2")
    reason_question = call.gather()
    assert reason_question.get("action").startswith(f"{PUBLIC_BASE_URL}/twilio/voice/survey/")
    assert "Väntetiden, tryck 1." in call.prompt
    call.press("1")
    call.speech_not_recognised()
    assert call.prompt.startswith("Förlåt, det uppfattade jag inte. Tala in din kommentar")
    record = call.document.find("Record")
    assert int(record.get("maxLength")) <= 120
    assert record.get("recordingStatusCallback").startswith(PUBLIC_BASE_URL)
    call.record(seconds=14)
    assert call.hung_up
    assert "Tack för dina svar" in call.prompt
    call.hang_up()

    [response] = responses(client, api_headers, agent="anna")
    assert (response["score"], response["category"], response["reason"], response["topic"]) == (
        2, "sad", "wait_time", "returns")
    assert response["has_recording"] is True
    assert response["comment"] is None


# --- Speech -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, caller, words, score, speech_language, question",
    [
        ("agent=anna&survey=nps", SWEDISH_MOBILE, "Nio.", 9, "sv-SE", "rekommendera Acme"),
        ("agent=anna&survey=nps&lang=da", SWEDISH_MOBILE, "ti", 10, "da-DK", "anbefale Acme"),
        ("agent=bo&survey=nps", BRITISH_MOBILE, "Ten.", 10, "en-GB", "recommend Acme"),
    ],
    ids=["swedish", "danish-by-lang", "english-by-country-code"],
)
def test_a_spoken_nps_score_in_each_language(client, api_headers, twilio_post, query, caller,
                                             words, score, speech_language, question):
    add_agent(client, api_headers, "bo", language=None)
    call = TwilioCall(twilio_post, caller=caller)
    call.connect(query)
    call.agent_hangs_up()
    assert call.gather().get("language") == speech_language
    assert {say.get("language") for say in call.document.iter("Say")} == {speech_language}
    assert question in call.prompt

    call.say(words)
    assert call.asks_for_comment

    [response] = responses(client, api_headers)
    assert (response["score"], response["category"]) == (score, "promoter")


@pytest.mark.parametrize(
    "caller, unhappy, reason_words, reason, goodbye",
    [
        (SWEDISH_MOBILE, "Jag är inte nöjd", "Väntetiden", "wait_time", "Tack för dina svar"),
        (DANISH_MOBILE, "Utilfreds.", "Hjælpen jeg fik", "resolution", "Tak for dine svar"),
        (BRITISH_MOBILE, "Unhappy.", "The product.", "product", "Thank you for your answers"),
    ],
    ids=["swedish", "danish", "english"],
)
def test_a_spoken_smiley_and_reason_in_each_language(client, api_headers, twilio_post, caller,
                                                     unhappy, reason_words, reason, goodbye):
    add_agent(client, api_headers, "bo", language=None)
    call = TwilioCall(twilio_post, caller=caller)
    call.connect("agent=bo")
    call.agent_hangs_up()

    call.say(unhappy)
    call.say(reason_words)
    call.stay_silent()
    call.stay_silent()
    assert goodbye in call.prompt

    [response] = responses(client, api_headers)
    assert (response["score"], response["category"], response["reason"]) == (2, "sad", reason)


def test_words_said_with_the_score_are_kept_as_the_comment(client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect("agent=anna&survey=nps")
    call.agent_hangs_up()
    call.say("9 hon var jättebra")

    [response] = responses(client, api_headers)
    assert (response["score"], response["comment"]) == (9, "hon var jättebra")


def test_the_agents_language_comes_before_the_callers_country(client, api_headers,
                                                               twilio_post):
    add_agent(client, api_headers, "mette", language="da")
    call = TwilioCall(twilio_post, caller=SWEDISH_MOBILE)
    call.connect("agent=mette")
    call.agent_hangs_up()
    assert call.gather().get("language") == "da-DK"
    assert call.prompt.startswith("Tak, fordi du ringede til Acme.")


# --- Answers that are not understood ----------------------------------------------------------


def test_invalid_digits_are_asked_again(client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    first_action = call.gather().get("action")

    call.press("7")
    assert call.prompt.startswith("Förlåt, det uppfattade jag inte.")
    assert call.gather().get("action") != first_action  # a new URL for the new try
    call.press("*")
    assert call.prompt.startswith("Förlåt")
    call.press("2")
    assert call.prompt.startswith("Vad gick mindre bra?")

    [response] = responses(client, api_headers)
    assert (response["score"], response["category"]) == (2, "sad")


def test_three_invalid_answers_end_the_call_politely(client, api_headers, twilio_post):
    call = TwilioCall(twilio_post, caller=BRITISH_MOBILE)
    call.connect("agent=anna&survey=nps&lang=en")
    call.agent_hangs_up()

    call.press("11")
    call.say("purple")
    assert call.gather() is not None
    call.press("99")
    assert call.hung_up
    assert call.prompt == "Thank you for calling Acme all the same. Goodbye!"
    call.hang_up()

    assert responses(client, api_headers) == []


def test_silence_is_asked_again_at_most_twice(app, client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()

    call.stay_silent()
    assert "Förlåt" in call.prompt
    call.stay_silent()
    assert call.gather() is not None
    call.stay_silent()
    assert call.hung_up
    assert call.prompt.startswith("Tack ändå för att du ringde Acme.")
    call.hang_up()

    assert responses(client, api_headers) == []
    assert survey_of(app, call).state == SurveyState.ABANDONED


def test_silence_at_the_reason_keeps_the_score(client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    call.press("2")
    for _ in range(3):
        call.stay_silent()
    assert call.hung_up

    [response] = responses(client, api_headers)
    assert (response["score"], response["reason"]) == (2, None)


# --- Hang-ups and calls that are not surveyed -------------------------------------------------


def test_a_hang_up_after_the_score_keeps_the_score(app, client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    call.press("2")

    call.hang_up(call_seconds=131)

    [response] = responses(client, api_headers)
    assert (response["score"], response["category"], response["reason"]) == (2, "sad", None)
    survey = survey_of(app, call)
    assert survey.state == SurveyState.ABANDONED
    assert survey.call_status == "completed"
    assert survey.call_seconds == 95  # the talk with the agent, not the whole call
    assert survey.ended_at is not None


def test_hanging_up_at_the_comment_completes_the_survey(app, client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    call.press("1")

    call.hang_up()

    assert survey_of(app, call).state == SurveyState.COMPLETED
    assert responses(client, api_headers)[0]["has_recording"] is False


def test_a_recording_finished_after_the_hang_up_is_kept(client, api_headers, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    call.press("1")
    call.speech_not_recognised()
    record = call.document.find("Record")
    call.hang_up()

    recording = {"RecordingSid": "RE" + "1" * 32, "RecordingStatus": "completed",
                 "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1",
                 "RecordingDuration": "6"}
    callback = path_of(record.get("recordingStatusCallback"))
    call.request(callback, **recording)
    call.request(callback, **recording)  # Twilio's retry

    [response] = responses(client, api_headers)
    assert response["has_recording"] is True


def test_a_caller_who_hung_up_first_gets_the_survey_by_sms(app, client, api_headers,
                                                           twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()

    call.agent_hangs_up(caller_still_there=False)

    assert call.hung_up
    assert call.document.find("Gather") is None
    [question] = sms_to(app, SWEDISH_MOBILE)
    assert "Svara 1" in question
    survey = survey_of(app, call)
    assert (survey.channel, survey.state) == ("sms", SurveyState.ACTIVE)
    call.hang_up()
    assert len(sms_to(app, SWEDISH_MOBILE)) == 1
    assert responses(client, api_headers) == []


def test_with_the_sms_channel_the_call_ends_and_the_sms_follows(app, client, api_headers,
                                                                twilio_post):
    settings_of(app).survey_channel = "sms"
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    assert call.hung_up
    call.hang_up()

    assert len(sms_to(app, SWEDISH_MOBILE)) == 1
    assert survey_of(app, call).channel == "sms"
    assert responses(client, api_headers) == []


def test_the_status_callback_alone_starts_the_sms_survey(app, client, api_headers, twilio_post):
    """A flow of the company's own, with only the status callback pointed at the service."""
    settings_of(app).survey_channel = "sms"
    add_agent(client, api_headers, "bo", addresses=["+46101600099"])
    call = TwilioCall(twilio_post, to="+46101600099")

    call.hang_up(call_seconds=80)

    assert len(sms_to(app, SWEDISH_MOBILE)) == 1
    survey = survey_of(app, call)
    assert survey.agent == "bo"
    assert survey.call_seconds == 80


@pytest.mark.parametrize("seconds, dial_status", [(5, "completed"), (0, "no-answer"),
                                                  (0, "busy")])
def test_short_or_unanswered_calls_are_not_surveyed(app, client, api_headers, twilio_post,
                                                    seconds, dial_status):
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up(seconds=seconds, dial_status=dial_status)

    assert call.hung_up
    assert call.document.find("Gather") is None
    assert responses(client, api_headers) == []
    assert survey_of(app, call).state == SurveyState.SKIPPED


def test_a_caller_who_says_stop_is_never_asked_again(app, client, api_headers, twilio_post):
    first = TwilioCall(twilio_post)
    first.connect()
    first.agent_hangs_up()
    first.say("Stopp")
    assert first.hung_up
    assert first.prompt == "Vi frågar dig inte igen. Hej då!"

    second = TwilioCall(twilio_post)
    second.connect()
    second.agent_hangs_up()

    assert second.hung_up
    assert second.document.find("Gather") is None
    assert survey_of(app, second).skip_reason == "opted_out"
    assert responses(client, api_headers) == []


def test_an_opted_out_caller_is_not_surveyed(app, client, api_headers, twilio_post):
    from feedback_service.surveys.opt_outs import opt_out

    with app.app_context():
        opt_out(SWEDISH_MOBILE, keyword="STOPP", source="sms")
        db.session.commit()
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()

    assert call.hung_up
    assert survey_of(app, call).skip_reason == "opted_out"
    assert responses(client, api_headers) == []


def test_a_recent_caller_is_not_asked_again_within_the_quarantine(app, client, api_headers,
                                                                  twilio_post):
    settings_of(app).quarantine_days = 7
    for keys in ("1", None):
        call = TwilioCall(twilio_post)
        call.connect()
        call.agent_hangs_up()
        if keys:
            call.press(keys)
    assert call.hung_up
    assert survey_of(app, call).skip_reason == "quarantine"
    assert len(responses(client, api_headers)) == 1


def test_sampling_leaves_calls_out(app, client, api_headers, twilio_post):
    settings_of(app).sample_rate = 0.0
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    assert call.hung_up
    assert survey_of(app, call).skip_reason == "not_sampled"
