"""Net Easy (`ces`) SMS surveys, and what went well (`ASK_PRAISE`), replied to by text.

A survey never asks more than three questions: the score, the reason or what went well, then
the invitation to comment; thanks close it.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.surveys import sms_texts
from feedback_service.surveys.models import Survey, SurveyState
from tests.telephony.sms_fixtures import (
    DANISH_MOBILE,
    SWEDISH_MOBILE,
    post_call_ended,
    send_outbox,
    sms_settings,
    text_from,
    texts_to,
)

pytestmark = pytest.mark.usefixtures("anna")  # the agent the calls are reported for


@pytest.fixture
def app_settings(database_url):
    return sms_settings(database_url, SURVEY_KIND="ces", ASK_PRAISE=True)


CALLERS = {"sv": SWEDISH_MOBILE, "da": DANISH_MOBILE}


def start_survey(client, app, language: str) -> str:
    caller = CALLERS[language]
    assert post_call_ended(client, caller=caller, language=language).json["survey"] == "scheduled"
    send_outbox(app)
    return caller


def saved(app, caller: str) -> dict[str, object]:
    with app.app_context():
        survey = db.session.scalar(sa.select(Survey).where(Survey.caller == caller))
        response = survey.response
        return {"state": survey.state, "score": response.score, "category": response.category,
                "reason": response.reason, "praise": response.praise,
                "comment": response.comment, "follow_up": response.follow_up is not None}


def test_the_net_easy_question_names_both_ends_of_the_scale(client, app):
    caller = start_survey(client, app, "sv")
    assert texts_to(app, caller) == [
        "Hur lätt var det att få den hjälp du ville ha av Anna på Acme? Svara 1-5: 1 mycket "
        "svårt, 5 mycket lätt. STOPP = inga fler enkäter."]


# (language, [(what the caller texts, what the service answers)], what is saved)
CONVERSATIONS = [
    ("sv", [
        ("1", sms_texts.reason_question("sv")),
        ("4", sms_texts.comment_invitation("sv")),
        ("Fick ringa tre gånger", sms_texts.thanks("sv")),
    ], {"score": 1, "category": "difficult", "reason": "effort", "praise": None,
        "comment": "Fick ringa tre gånger", "follow_up": True}),
    ("da", [
        ("meget svært", sms_texts.reason_question("da")),
        ("ventetiden", sms_texts.comment_invitation("da")),
        ("Tyve minutter i kø", sms_texts.thanks("da")),
    ], {"score": 1, "category": "difficult", "reason": "wait_time", "praise": None,
        "comment": "Tyve minutter i kø", "follow_up": True}),
    ("sv", [
        ("5", sms_texts.praise_question("sv")),
        ("3", sms_texts.comment_invitation("sv")),
        ("Hon var jättetrevlig", sms_texts.thanks("sv")),
    ], {"score": 5, "category": "easy", "reason": None, "praise": "friendly",
        "comment": "Hon var jättetrevlig", "follow_up": False}),
    ("da", [
        ("4/5", sms_texts.praise_question("da")),
        ("hurtigt", sms_texts.comment_invitation("da")),
        ("Tak!", sms_texts.thanks("da")),
    ], {"score": 4, "category": "easy", "reason": None, "praise": "quick", "comment": "Tak!",
        "follow_up": False}),
    # A comment beside the score is kept, and then the comment question is not asked again.
    ("sv", [
        ("jättelätt, hon löste allt", sms_texts.praise_question("sv")),
        ("2", sms_texts.thanks("sv")),
    ], {"score": 5, "category": "easy", "reason": None, "praise": "solved",
        "comment": "jättelätt, hon löste allt", "follow_up": False}),
    ("da", [
        ("hverken let eller svært", sms_texts.comment_invitation("da")),
        ("Det tog lidt tid", sms_texts.thanks("da")),
    ], {"score": 3, "category": "neutral", "reason": None, "praise": None,
        "comment": "Det tog lidt tid", "follow_up": False}),
]


@pytest.mark.parametrize(("language", "turns", "expected"), CONVERSATIONS,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CONVERSATIONS)])
def test_a_whole_conversation(app, client, twilio_post, language, turns, expected):
    caller = start_survey(client, app, language)
    for text, answer in turns:
        assert text_from(twilio_post, caller, text).status_code == 200
        assert texts_to(app, caller)[-1] == answer
    assert saved(app, caller) == {"state": SurveyState.COMPLETED, **expected}
    questions = [t for t in texts_to(app, caller) if t != sms_texts.thanks(language)]
    assert len(questions) <= 3


@pytest.mark.parametrize(("language", "clarification"), [
    ("sv", "Förlåt, det förstod jag inte. Svara med en siffra från 1 till 5, där 1 betyder "
           "mycket svårt och 5 mycket lätt. STOPP = inga fler enkäter."),
    ("da", "Undskyld, det forstod jeg ikke. Svar med et tal fra 1 til 5, hvor 1 betyder meget "
           "svært og 5 meget let. Svar STOP for afmelding."),
])
def test_a_garbled_score_gets_the_clarifying_reply_and_is_kept(app, client, twilio_post,
                                                               language, clarification):
    caller = start_survey(client, app, language)
    text_from(twilio_post, caller, "7")
    assert texts_to(app, caller)[-1] == clarification
    text_from(twilio_post, caller, "lätt men svårt")
    assert texts_to(app, caller)[-1] == clarification
    text_from(twilio_post, caller, "2")
    assert texts_to(app, caller)[-1] == sms_texts.reason_question(language)


def test_a_garbled_praise_gets_the_clarifying_reply(app, client, twilio_post):
    caller = start_survey(client, app, "sv")
    text_from(twilio_post, caller, "5")
    text_from(twilio_post, caller, "banan")
    assert texts_to(app, caller)[-1] == (
        "Förlåt, det förstod jag inte. Svara med en siffra: 1, 2, 3, 4. "
        "STOPP = inga fler enkäter.")
    text_from(twilio_post, caller, "kunnig")
    assert texts_to(app, caller)[-1] == sms_texts.comment_invitation("sv")
    assert saved(app, caller)["praise"] == "knew_answer"


def test_what_went_well_is_asked_only_when_ask_praise_is_on(app, client, twilio_post):
    settings_of(app).ask_praise = False
    caller = start_survey(client, app, "sv")
    text_from(twilio_post, caller, "5")
    assert texts_to(app, caller)[-1] == sms_texts.comment_invitation("sv")
