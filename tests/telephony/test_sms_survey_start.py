"""`start_sms_survey`: the first question queued, deferred past quiet hours, and its texts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxStatus
from feedback_service.settings import settings_of
from feedback_service.surveys import calls, decision, sms_texts
from feedback_service.surveys.models import Channel, SurveyState
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.surveys.sms_conversation import start_sms_survey
from tests.conftest import settings
from tests.telephony.sms_fixtures import SWEDISH_MOBILE, add_agent

# 2026-01-14 is a Wednesday; Stockholm is UTC+1 in January.
EVENING = datetime(2026, 1, 14, 21, 30, tzinfo=UTC)  # 22:30 in Stockholm
AFTERNOON = datetime(2026, 1, 14, 13, 0, tzinfo=UTC)  # 14:00 in Stockholm
MORNING = datetime(2026, 1, 15, 7, 0, tzinfo=UTC)  # 08:00 in Stockholm


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, COMPANY_NAME="Acme Energi", SMS_QUIET_HOURS="21-08")


@pytest.fixture(autouse=True)
def anna(app):
    add_agent(app, name="Anna Lindqvist")


def sms_survey(app, *, caller=SWEDISH_MOBILE, duration=90, kind=SurveyKind.SMILEY,
               language="sv", now=AFTERNOON):
    agent_id = db.session.scalar(db.text("select id from agents"))
    call = calls.find_or_create_call("twilio", f"CA{caller}{duration}", caller=caller,
                                       agent_id=agent_id, answered=True,
                                       duration_seconds=duration)
    return decision.open_survey(call, channel=Channel.SMS, kind=kind, language=language,
                               settings=settings_of(app), now=now)


def test_the_first_question_is_queued_and_the_survey_opened(app):
    with app.app_context():
        survey = sms_survey(app)
        message = start_sms_survey(survey, settings_of(app), now=AFTERNOON)
        db.session.commit()

        assert message.idempotency_key == f"survey:{survey.id}:score"
        assert (message.recipient, message.purpose, message.survey_id) == (
            SWEDISH_MOBILE, "survey_question", survey.id)
        assert message.status == OutboxStatus.PENDING
        assert message.not_before == AFTERNOON
        assert message.body == ("Hej! Hur var samtalet med Anna på Acme Energi? Svara 1 om det "
                                "var bra, 2 om det var dåligt. STOPP = inga fler enkäter.")
        assert survey.state == SurveyState.ACTIVE
        assert (survey.asked_at, survey.expires_at) == (AFTERNOON, AFTERNOON + timedelta(hours=24))


def test_in_quiet_hours_the_question_waits_until_they_end_and_expiry_counts_from_then(app):
    with app.app_context():
        survey = sms_survey(app, now=EVENING)
        message = start_sms_survey(survey, settings_of(app), now=EVENING)

        assert message.not_before == MORNING
        assert (survey.asked_at, survey.expires_at) == (MORNING, MORNING + timedelta(hours=24))


def test_quiet_hours_can_be_turned_off(app):
    settings_of(app).sms_quiet_hours = ""
    with app.app_context():
        survey = sms_survey(app, now=EVENING)
        assert start_sms_survey(survey, settings_of(app), now=EVENING).not_before == EVENING


def test_quiet_hours_are_in_the_company_time_zone(app):
    settings_of(app).timezone = "America/New_York"  # 16:30 there: not quiet
    with app.app_context():
        survey = sms_survey(app, now=EVENING)
        assert start_sms_survey(survey, settings_of(app), now=EVENING).not_before == EVENING


def test_starting_twice_queues_one_question(app):
    with app.app_context():
        survey = sms_survey(app)
        first = start_sms_survey(survey, settings_of(app), now=AFTERNOON)
        db.session.commit()
        again = start_sms_survey(survey, settings_of(app), now=AFTERNOON + timedelta(minutes=5))

        assert again.id == first.id
        assert survey.asked_at == AFTERNOON


def test_a_skipped_survey_gets_nothing(app):
    with app.app_context():
        survey = sms_survey(app, duration=5)
        assert survey.skip_reason == "too_short"
        assert start_sms_survey(survey, settings_of(app)) is None
        assert survey.state == SurveyState.SKIPPED


def test_an_ivr_survey_is_not_sent_by_sms(app):
    with app.app_context():
        agent_id = db.session.scalar(db.text("select id from agents"))
        call = calls.find_or_create_call("twilio", "CA9", caller=SWEDISH_MOBILE,
                                           agent_id=agent_id, answered=True, duration_seconds=90)
        survey = decision.open_survey(call, channel=Channel.IVR, kind=SurveyKind.SMILEY,
                                     language="sv", settings=settings_of(app))
        assert start_sms_survey(survey, settings_of(app)) is None


# --- The texts --------------------------------------------------------------------------------

GSM_7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def every_text(language: str, agent: str | None, company: str | None) -> dict[str, str]:
    return {
        "smiley": sms_texts.score_question("smiley", language, agent=agent, company=company),
        "nps": sms_texts.score_question("nps", language, agent=agent, company=company),
        "reason": sms_texts.reason_question(language),
        "comment": sms_texts.comment_invitation(language),
        "thanks": sms_texts.thanks(language),
        "late comment": sms_texts.late_comment_thanks(language),
        "clarify score": sms_texts.clarification("score", "nps", language),
        "clarify smiley": sms_texts.clarification("score", "smiley", language),
        "clarify reason": sms_texts.clarification("reason", "smiley", language),
        "closed": sms_texts.survey_closed(language, company),
        "no survey": sms_texts.no_open_survey(language, company),
        "opted out": sms_texts.opted_out(language, company),
        "opted in": sms_texts.opted_in(language, company),
        "help": sms_texts.help_text(language, company),
    }


@pytest.mark.parametrize("language", ["sv", "da", "en"])
@pytest.mark.parametrize(("agent", "company"), [
    ("Anna", "Acme Energi AB"), ("Maximiliane", "Nordisk Forsikring"), (None, None),
])
def test_every_text_fits_one_sms_segment(language, agent, company):
    for name, text in every_text(language, agent, company).items():
        assert set(text) <= GSM_7, f"{name}: {set(text) - GSM_7} would need UCS-2"
        assert len(text) <= 160, f"{name} is {len(text)} characters"


@pytest.mark.parametrize("language", ["sv", "da", "en"])
@pytest.mark.parametrize(("agent", "company"), [
    ("Anna", "Acme Energi AB"), ("Maximiliane", "Nordisk Forsikring"), (None, None),
])
def test_the_net_easy_and_praise_texts_fit_gsm_7_in_one_segment(language, agent, company):
    texts = {
        "ces": sms_texts.score_question("ces", language, agent=agent, company=company),
        "praise": sms_texts.praise_question(language),
        "clarify ces": sms_texts.clarification("score", "ces", language),
        "clarify praise": sms_texts.clarification("praise", "ces", language),
    }
    for name, text in texts.items():
        assert set(text) <= GSM_7, f"{name}: {set(text) - GSM_7} would need UCS-2"
        assert len(text) <= 160, f"{name} is {len(text)} characters"
    assert texts["ces"].endswith(("STOPP = inga fler enkäter.", "Svar STOP for afmelding.",
                                  "STOP to opt out."))


@pytest.mark.parametrize(("language", "stop"), [("sv", "STOPP"), ("da", "STOP"), ("en", "STOP")])
def test_questions_name_the_agent_and_company_and_offer_the_opt_out(language, stop):
    for kind in ("smiley", "nps", "ces"):
        text = sms_texts.score_question(kind, language, agent="Anna", company="Acme")
        assert "Anna" in text and "Acme" in text and stop in text


@pytest.mark.parametrize(("language", "stop"), [("sv", "STOPP"), ("da", "STOP"), ("en", "STOP")])
def test_every_message_that_asks_for_an_answer_offers_the_opt_out(language, stop):
    texts = every_text(language, "Anna", "Acme")
    for name in ("smiley", "nps", "reason", "comment", "clarify score", "clarify smiley",
                 "clarify reason"):
        assert stop in texts[name], name


def test_the_nps_question_keeps_its_standard_wording():
    assert "How likely is it that you would recommend Acme to a friend or colleague? Reply 0-10" \
        in sms_texts.score_question("nps", "en", agent="Anna", company="Acme")


@pytest.mark.parametrize("language", ["sv", "da", "en"])
def test_the_reason_question_lists_the_catalogue(language):
    text = sms_texts.reason_question(language)
    for reason in load_catalogue().reasons:
        assert f"{reason.digit} {reason.label(language)}" in text


def test_first_names():
    assert sms_texts.first_name("Anna Lindqvist") == "Anna"
    assert sms_texts.first_name("  ") is None
    assert sms_texts.first_name(None) is None


def test_a_long_name_gives_way_so_the_question_stays_one_segment():
    text = sms_texts.score_question("nps", "da", agent="Maximiliane-Charlotte",
                                    company="Nordisk Forsikring")
    assert text.startswith("Tak for dit opkald!")
    assert "anbefale Nordisk Forsikring til en ven" in text
    assert len(text) <= 160
