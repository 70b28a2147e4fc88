"""Whole SMS surveys: the caller's replies to `/twilio/sms/inbound` and what the service answers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxChannel, OutboxMessage
from feedback_service.scheduler import survey_expiry_job
from feedback_service.settings import settings_of
from feedback_service.surveys import sms_texts
from feedback_service.surveys.models import Call, FollowUpStatus, Survey, SurveyState
from feedback_service.telephony.models import InboundMessage
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
    return sms_settings(database_url)

CALLERS = {"sv": SWEDISH_MOBILE, "da": DANISH_MOBILE, "en": BRITISH_MOBILE}


def start_survey(app, client, kind: str, language: str) -> str:
    settings_of(app).survey_kind = kind
    caller = CALLERS[language]
    assert post_call_ended(client, caller=caller, language=language).json["survey"] == "scheduled"
    send_outbox(app)
    return caller


def the_survey(caller: str) -> Survey:
    return db.session.scalar(sa.select(Survey).where(Survey.caller == caller)
                             .order_by(Survey.id.desc()).limit(1))


# (survey kind, language, [(what the caller texts, what the service answers)], saved answer)
CONVERSATIONS = [
    ("smiley", "sv", [
        ("2", sms_texts.reason_question("sv")),
        ("1", sms_texts.comment_invitation("sv")),
        ("Kön var lång, 25 min", sms_texts.thanks("sv")),
    ], {"score": 2, "category": "sad", "reason": "wait_time", "comment": "Kön var lång, 25 min"}),
    ("smiley", "da", [
        ("🙂 tak for hjælpen", sms_texts.thanks("da")),
    ], {"score": 1, "category": "happy", "reason": None, "comment": "tak for hjælpen"}),
    ("smiley", "en", [
        (":(", sms_texts.reason_question("en")),
        ("the agent's manner", sms_texts.comment_invitation("en")),
        ("He was rude", sms_texts.thanks("en")),
    ], {"score": 2, "category": "sad", "reason": "manner", "comment": "He was rude"}),
    ("nps", "sv", [
        ("3 av 10 alldeles för lång kö", sms_texts.reason_question("sv")),
        ("1", sms_texts.thanks("sv")),
    ], {"score": 3, "category": "detractor", "reason": "wait_time",
        "comment": "alldeles för lång kö"}),
    ("nps", "da", [
        ("otte", sms_texts.comment_invitation("da")),
        ("Hurtig og venlig", sms_texts.thanks("da")),
    ], {"score": 8, "category": "passive", "reason": None, "comment": "Hurtig og venlig"}),
    ("nps", "en", [
        ("10/10", sms_texts.comment_invitation("en")),
        ("Sara sorted it in minutes!", sms_texts.thanks("en")),
    ], {"score": 10, "category": "promoter", "reason": None,
        "comment": "Sara sorted it in minutes!"}),
    ("nps", "en", [
        ("4 - not great", sms_texts.reason_question("en")),
        ("5 the product keeps breaking", sms_texts.thanks("en")),
    ], {"score": 4, "category": "detractor", "reason": "product",
        "comment": "not great\nthe product keeps breaking"}),
]


@pytest.mark.parametrize(("kind", "language", "turns", "saved"), CONVERSATIONS,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CONVERSATIONS)])
def test_a_whole_conversation(app, client, twilio_post, kind, language, turns, saved):
    caller = start_survey(app, client, kind, language)
    [question] = texts_to(app, caller)
    assert question == sms_texts.score_question(kind, language, agent="Anna", company="Acme")

    for text, expected_answer in turns:
        answer = text_from(twilio_post, caller, text)
        assert answer.status_code == 200
        assert answer.mimetype == "text/xml"
        assert texts_to(app, caller)[-1] == expected_answer

    with app.app_context():
        survey = the_survey(caller)
        response = survey.response
        assert survey.state == SurveyState.COMPLETED
        assert {name: getattr(response, name) for name in saved} == saved
        assert (response.channel, response.kind, response.topic) == ("sms", kind, "billing")
        assert response.agent.handle == "anna"
        assert (response.follow_up is not None) == (saved["category"] in ("sad", "detractor"))
        if response.follow_up:
            assert response.follow_up.status == FollowUpStatus.OPEN
        assert [m.outcome for m in db.session.scalars(
            sa.select(InboundMessage).order_by(InboundMessage.id))][-1] == "completed"


def test_a_comment_can_follow_in_a_later_message_after_completion(app, client, twilio_post):
    caller = start_survey(app, client, "smiley", "sv")
    text_from(twilio_post, caller, "1 bra")
    text_from(twilio_post, caller, "och snabbt!")

    assert texts_to(app, caller)[-1] == sms_texts.late_comment_thanks("sv")
    with app.app_context():
        assert the_survey(caller).response.comment == "bra\noch snabbt!"


def test_a_garbled_reply_gets_a_clarifying_answer_and_is_kept_as_received(
        app, client, twilio_post):
    caller = start_survey(app, client, "nps", "sv")

    text_from(twilio_post, caller, "Vad menar ni??? ring mig på 070-123 45 67")
    assert texts_to(app, caller)[-1] == sms_texts.clarification("score", "nps", "sv")
    text_from(twilio_post, caller, "   ")
    assert texts_to(app, caller)[-1] == sms_texts.clarification("score", "nps", "sv")
    text_from(twilio_post, caller, "nio")
    assert texts_to(app, caller)[-1] == sms_texts.comment_invitation("sv")

    kept = inbound_messages(app)
    assert [(m.body, m.outcome) for m in kept] == [
        ("Vad menar ni??? ring mig på 070-123 45 67", "unclear"),
        ("   ", "empty"),
        ("nio", "answered"),
    ]
    with app.app_context():
        survey = the_survey(caller)
        assert {m.survey_id for m in kept} == {survey.id}
        assert (survey.response.score, survey.response.comment) == (9, None)


def test_clarifications_stop_after_two_so_an_automatic_reply_cannot_loop(
        app, client, twilio_post):
    caller = start_survey(app, client, "smiley", "en")
    away = "I am away until Monday. For urgent matters call +46 8 123 456."

    for sid in range(4):
        text_from(twilio_post, caller, away, message_sid=f"SM{sid:032d}")

    clarify = sms_texts.clarification("score", "smiley", "en")
    assert texts_to(app, caller)[1:] == [clarify, clarify]
    assert [m.outcome for m in inbound_messages(app)] == ["unclear"] * 4
    text_from(twilio_post, caller, "1")
    assert texts_to(app, caller)[-1] == sms_texts.comment_invitation("en")


def test_a_number_without_an_open_survey_is_told_so_once_a_day(app, client, twilio_post):
    for body in ("Hej, hvem er I?", "Hallo?", "Hallo??"):
        text_from(twilio_post, DANISH_MOBILE, body)

    assert texts_to(app, DANISH_MOBILE) == [sms_texts.no_open_survey("da", "Acme")]
    assert [m.outcome for m in inbound_messages(app)] == ["no_survey"] * 3
    with app.app_context():
        for message in messages_to(app, DANISH_MOBILE):
            db.session.merge(message).created_at = utcnow() - timedelta(days=1, minutes=1)
        db.session.commit()
    text_from(twilio_post, DANISH_MOBILE, "Hallo???")
    assert len(texts_to(app, DANISH_MOBILE)) == 2


def test_an_unknown_reason_digit_is_asked_again(app, client, twilio_post):
    caller = start_survey(app, client, "smiley", "da")
    text_from(twilio_post, caller, "2")
    text_from(twilio_post, caller, "7")

    assert texts_to(app, caller)[-1] == sms_texts.clarification("reason", "smiley", "da")
    with app.app_context():
        assert (the_survey(caller).step, the_survey(caller).attempts) == ("reason", 1)


def test_a_retried_message_sid_changes_nothing(app, client, twilio_post):
    caller = start_survey(app, client, "smiley", "en")

    first = text_from(twilio_post, caller, "2", message_sid="SM" + "a" * 32)
    retry = text_from(twilio_post, caller, "2", message_sid="SM" + "a" * 32)

    assert first.status_code == retry.status_code == 200
    assert first.data == retry.data
    assert len(inbound_messages(app)) == 1
    assert texts_to(app, caller)[1:] == [sms_texts.reason_question("en")]
    with app.app_context():
        survey = the_survey(caller)
        assert survey.step == "reason"  # not read a second time, as a reason
        assert len(survey.response.raw_inputs) == 1


def webhook_events_queued(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            sa.select(OutboxMessage.purpose).where(OutboxMessage.channel == OutboxChannel.WEBHOOK)
            .order_by(OutboxMessage.id)))


def test_texted_answers_are_told_to_webhook_subscribers_from_the_moment_one_subscribes(
        app, client, api_headers, twilio_post):
    caller = start_survey(app, client, "smiley", "sv")
    text_from(twilio_post, caller, "2")  # nobody subscribes yet
    assert webhook_events_queued(app) == []

    assert client.put("/api/v1/webhooks/crm", headers=api_headers, json={
        "url": "https://crm.example.com/hooks",
        "events": ["answer.created", "answer.updated"]}).status_code == 201
    text_from(twilio_post, caller, "1")  # the reason

    assert webhook_events_queued(app) == ["answer.updated"]
    assert texts_to(app, caller)[1:] == [sms_texts.reason_question("sv"),
                                         sms_texts.comment_invitation("sv")]


def test_a_reply_to_an_expired_survey_gets_a_polite_answer_and_is_kept(app, client, twilio_post):
    caller = start_survey(app, client, "smiley", "sv")
    with app.app_context():
        the_survey(caller).expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()

    text_from(twilio_post, caller, "1")

    assert texts_to(app, caller)[-1] == sms_texts.survey_closed("sv", "Acme")
    [message] = inbound_messages(app)
    assert (message.body, message.outcome) == ("1", "survey_closed")
    with app.app_context():
        assert the_survey(caller).response is None
        survey_expiry_job()  # the scheduler's: what was not answered in time is closed
        assert the_survey(caller).state == SurveyState.EXPIRED


def test_a_text_before_the_question_is_sent_answers_nothing(app, client, twilio_post):
    zone = settings_of(app).zone
    hour = datetime.now(zone).hour
    settings_of(app).sms_quiet_hours = f"{hour}-{(hour + 2) % 24}"
    assert post_call_ended(client, caller=SWEDISH_MOBILE).json["survey"] == "scheduled"

    text_from(twilio_post, SWEDISH_MOBILE, "1")  # the question still waits out quiet hours
    text_from(twilio_post, SWEDISH_MOBILE, "2")

    question, polite = messages_to(app, SWEDISH_MOBILE)
    assert (question.purpose, question.status) == ("survey_question", "pending")
    assert polite.body == sms_texts.no_open_survey("sv", "Acme")
    assert [(m.body, m.outcome) for m in inbound_messages(app)] == [
        ("1", "not_yet_asked"), ("2", "not_yet_asked")]
    with app.app_context():
        survey = the_survey(SWEDISH_MOBILE)
        assert (survey.state, survey.step, survey.response) == ("active", "score", None)

    assert send_outbox(app, now=question.not_before) == {"sent": 2}
    text_from(twilio_post, SWEDISH_MOBILE, "1")

    assert texts_to(app, SWEDISH_MOBILE)[-1] == sms_texts.comment_invitation("sv")
    assert inbound_messages(app)[-1].outcome == "answered"


def test_expiry_counts_from_when_the_question_is_sent(app, client, twilio_post):
    caller = CALLERS["sv"]
    post_call_ended(client, caller=caller)
    planned = utcnow() - timedelta(hours=3)  # the sender was down when the question was due
    with app.app_context():
        survey = the_survey(caller)
        survey.asked_at, survey.expires_at = planned, planned + timedelta(hours=2)
        db.session.commit()

    send_outbox(app)
    text_from(twilio_post, caller, "1")

    assert inbound_messages(app)[-1].outcome == "answered"
    with app.app_context():
        survey = the_survey(caller)
        assert survey.asked_at > planned + timedelta(hours=2)
        assert survey.expires_at - survey.asked_at == timedelta(hours=2)


def test_a_text_from_an_unknown_number_gets_a_polite_answer_and_is_kept(app, twilio_post):
    text_from(twilio_post, DANISH_MOBILE, "Hej, hvem er I?")

    assert texts_to(app, DANISH_MOBILE) == [sms_texts.no_open_survey("da", "Acme")]
    [message] = inbound_messages(app)
    assert (message.body, message.outcome, message.survey_id) == (
        "Hej, hvem er I?", "no_survey", None)


def test_a_message_without_a_valid_signature_is_refused(app, twilio_post):
    answer = twilio_post("/twilio/sms/inbound", {"MessageSid": "SM1", "From": SWEDISH_MOBILE,
                                                 "Body": "1"}, signature="forged")

    assert answer.status_code == 403
    assert inbound_messages(app) == []


def test_a_message_without_a_sid_is_refused_clearly(twilio_post):
    answer = twilio_post("/twilio/sms/inbound", {"From": SWEDISH_MOBILE, "Body": "1"})
    assert answer.status_code == 400


def test_replies_go_through_the_outbox_and_the_webhook_answers_empty_twiml(
        app, client, twilio_post):
    caller = start_survey(app, client, "smiley", "sv")

    answer = text_from(twilio_post, caller, "1")

    assert b"<Message" not in answer.data and b"<Response" in answer.data
    reply = messages_to(app, caller)[-1]
    assert (reply.purpose, reply.status) == ("survey_reply", "pending")
    with app.app_context():
        call = db.session.scalar(sa.select(Call))
        assert reply.survey_id == call.survey.id


def test_the_console_sender_shows_the_services_texts_but_never_what_callers_wrote(
        app, client, twilio_post, caplog):
    caller = start_survey(app, client, "smiley", "sv")
    for text in ("2 kön var lång", "1", "Ring mig på 070-765 43 21, Karin Berg"):
        text_from(twilio_post, caller, text)

    with caplog.at_level("INFO", logger="feedback_service.outbox.senders"):
        assert send_outbox(app) == {"sent": 3}

    logged = caplog.text
    assert sms_texts.thanks("sv") in logged  # the local trial sees what would be sent
    for private in ("kön var lång", "070-765 43 21", "Karin Berg", caller):
        assert private not in logged
