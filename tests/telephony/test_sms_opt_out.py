"""Opt-out, opt-in and help keywords by SMS, in Swedish, Danish and English."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.surveys import calls, decision, sms_texts
from feedback_service.surveys.models import Channel, OptOut, Survey, SurveyState
from feedback_service.surveys.scoring import SurveyKind
from tests.telephony.sms_fixtures import (
    BRITISH_MOBILE,
    DANISH_MOBILE,
    SWEDISH_MOBILE,
    inbound_messages,
    messages_to,
    post_call_ended,
    send_outbox,
    sms_settings,
    text_from,
    texts_to,
)

pytestmark = pytest.mark.usefixtures("anna")  # the agent the calls are reported for


@pytest.fixture
def app_settings(database_url):
    return sms_settings(database_url, QUARANTINE_DAYS=0)


def opted_out(app, phone: str) -> OptOut | None:
    with app.app_context():
        return db.session.scalar(sa.select(OptOut).where(OptOut.phone == phone))


@pytest.mark.parametrize(("phone", "stop", "start", "language"), [
    (SWEDISH_MOBILE, "STOPP", "START", "sv"),
    (SWEDISH_MOBILE, "avsluta", "Starta", "sv"),
    (DANISH_MOBILE, "Afmeld", "TILMELD", "da"),
    (DANISH_MOBILE, "stop!", "start", "da"),
    (BRITISH_MOBILE, "Unsubscribe", "UNSTOP", "en"),
])
def test_an_opt_out_and_opt_in_round_trip(app, client, twilio_post, phone, stop, start,
                                          language):
    assert post_call_ended(client, caller=phone).json["survey"] == "scheduled"

    text_from(twilio_post, phone, stop)

    assert texts_to(app, phone)[-1] == sms_texts.opted_out(language, "Acme")
    assert opted_out(app, phone).source == "sms"
    with app.app_context():
        assert db.session.scalar(sa.select(Survey.state)) == SurveyState.ABANDONED
    assert post_call_ended(client, caller=phone).json == {
        "survey": "skipped", "reason": "opted_out"}

    text_from(twilio_post, phone, start)

    assert texts_to(app, phone)[-1] == sms_texts.opted_in(language, "Acme")
    assert opted_out(app, phone) is None
    assert post_call_ended(client, caller=phone).json["survey"] == "scheduled"
    assert [m.outcome for m in inbound_messages(app)] == ["opted_out", "opted_in"]


def test_an_opted_out_caller_is_not_surveyed_on_the_phone_either(app, twilio_post):
    text_from(twilio_post, SWEDISH_MOBILE, "STOPP")

    with app.app_context():
        agent_id = db.session.scalar(sa.text("select id from agents"))
        call = calls.find_or_create_call("twilio", "CA1", caller=SWEDISH_MOBILE,
                                           agent_id=agent_id, answered=True,
                                           duration_seconds=90)
        survey = decision.open_survey(call, channel=Channel.IVR, kind=SurveyKind.SMILEY,
                                     language="sv", settings=settings_of(app))
        assert (survey.state, survey.skip_reason) == ("skipped", "opted_out")


def test_the_question_still_waiting_is_not_sent_but_the_confirmation_is(
        app, client, twilio_post):
    post_call_ended(client)
    text_from(twilio_post, SWEDISH_MOBILE, "STOPP")

    send_outbox(app)
    question, confirmation = messages_to(app, SWEDISH_MOBILE)
    assert (question.status, question.last_error) == (
        "failed", "cancelled: the recipient has opted out")
    assert (confirmation.purpose, confirmation.status) == ("opt_out_reply", "sent")


@pytest.mark.parametrize(("phone", "word", "language"), [
    (SWEDISH_MOBILE, "HJÄLP", "sv"),
    (DANISH_MOBILE, "hjælp", "da"),
    (BRITISH_MOBILE, "Help?", "en"),
])
def test_help_explains_the_survey_and_the_keywords(app, client, twilio_post, phone, word,
                                                   language):
    post_call_ended(client, caller=phone)

    text_from(twilio_post, phone, word)

    assert texts_to(app, phone)[-1] == sms_texts.help_text(language, "Acme")
    assert opted_out(app, phone) is None
    with app.app_context():
        assert db.session.scalar(sa.select(Survey.state)) == SurveyState.ACTIVE


def test_a_keyword_from_a_number_never_surveyed_is_honoured(app, twilio_post):
    text_from(twilio_post, DANISH_MOBILE, "STOP")

    assert opted_out(app, DANISH_MOBILE) is not None
    assert texts_to(app, DANISH_MOBILE) == [sms_texts.opted_out("da", "Acme")]


def test_a_word_inside_a_sentence_is_not_a_keyword(app, client, twilio_post):
    post_call_ended(client)
    send_outbox(app)

    text_from(twilio_post, SWEDISH_MOBILE, "2 stoppa den långa kön")

    assert opted_out(app, SWEDISH_MOBILE) is None
    assert texts_to(app, SWEDISH_MOBILE)[-1] == sms_texts.reason_question("sv")


@pytest.mark.parametrize(("word", "confirmed_by_us"), [
    ("STOP", False),  # Twilio confirms its own English keywords on long codes
    ("START", False),
    ("STOPP", True),
    ("AFMELD", True),
])
def test_with_twilio_sending_its_own_keyword_confirmations_are_not_doubled(
        app, twilio_post, word, confirmed_by_us):
    settings_of(app).sms_backend = "twilio"

    text_from(twilio_post, SWEDISH_MOBILE, word)

    assert bool(texts_to(app, SWEDISH_MOBILE)) == confirmed_by_us
    assert (opted_out(app, SWEDISH_MOBILE) is not None) == (word != "START")
