"""The SMS survey's texts, word for word in each language, and what each costs to send."""

from __future__ import annotations

import pytest

from feedback_service.surveys import sms_texts
from tests.surveys.sms_texts_expected import EXPECTED

LANGUAGES = ("sv", "da", "en")

# GSM 03.38: one septet for each character of the basic set, two for the extension table's.
GSM_7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_7_EXTENSION = frozenset("^{}\\[~]|€\f")


def segments(text: str) -> int:
    """How many SMS segments `text` takes in GSM-7 (160 septets, or 153 per part when split)."""
    unsendable = set(text) - GSM_7_BASIC - GSM_7_EXTENSION
    assert not unsendable, f"{unsendable} would switch the message to UCS-2"
    septets = sum(2 if char in GSM_7_EXTENSION else 1 for char in text)
    return 1 if septets <= 160 else -(-septets // 153)


def every_text(language: str, agent: str | None, company: str | None) -> dict[str, str]:
    """Every SMS the survey can send, for one language and one agent and company."""
    texts = {
        f"{kind} question": sms_texts.score_question(kind, language, agent=agent, company=company)
        for kind in ("smiley", "nps", "ces")
    }
    texts |= {
        "reason": sms_texts.reason_question(language),
        "praise": sms_texts.praise_question(language),
        "comment": sms_texts.comment_invitation(language),
        "thanks": sms_texts.thanks(language),
        "late comment": sms_texts.late_comment_thanks(language),
        "closed": sms_texts.survey_closed(language, company),
        "no survey": sms_texts.no_open_survey(language, company),
        "opted out": sms_texts.opted_out(language, company),
        "opted in": sms_texts.opted_in(language, company),
        "help": sms_texts.help_text(language, company),
    }
    for step in ("score", "reason", "praise"):
        for kind in ("smiley", "nps", "ces"):
            texts[f"clarify {step} {kind}"] = sms_texts.clarification(step, kind, language)
    return texts


# Long but real names: a double first name and a company's full name.
WORST_CASE_NAMES = [
    ("Maximiliane-Charlotte", "Nordisk Forsikring og Pension A/S"),
    ("Anne-Kathrine", "Skandinaviska Energibolaget i Norrland AB"),
]
# Everyday names, and none at all.
USUAL_NAMES = [("Anna", "Acme Energi AB"), ("Maximiliane", "Nordisk Forsikring"), (None, None)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("agent", "company"), [*USUAL_NAMES, *WORST_CASE_NAMES])
def test_every_sms_fits_gsm_7_in_one_or_two_segments(language, agent, company):
    for name, text in every_text(language, agent, company).items():
        assert segments(text) <= 2, f"{name} takes {segments(text)} segments: {text}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("agent", "company"), USUAL_NAMES)
def test_with_everyday_names_only_the_net_easy_question_takes_two_segments(
    language, agent, company
):
    for name, text in every_text(language, agent, company).items():
        assert segments(text) <= (2 if name == "ces question" else 1), f"{name}: {text}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_text_reads_word_for_word(language):
    actual = {
        "smiley": sms_texts.score_question("smiley", language, agent="Anna", company="Acme"),
        "nps": sms_texts.score_question("nps", language, agent="Anna", company="Acme"),
        "ces": sms_texts.score_question("ces", language, agent="Anna", company="Acme"),
        "nps, nobody named": sms_texts.score_question("nps", language, agent=None, company=None),
        "smiley, nobody named": sms_texts.score_question(
            "smiley", language, agent=None, company=None
        ),
        "reason": sms_texts.reason_question(language),
        "praise": sms_texts.praise_question(language),
        "comment": sms_texts.comment_invitation(language),
        "thanks": sms_texts.thanks(language),
        "late comment": sms_texts.late_comment_thanks(language),
        "clarify smiley": sms_texts.clarification("score", "smiley", language),
        "clarify nps": sms_texts.clarification("score", "nps", language),
        "clarify ces": sms_texts.clarification("score", "ces", language),
        "clarify reason": sms_texts.clarification("reason", "smiley", language),
        "clarify praise": sms_texts.clarification("praise", "ces", language),
        "closed": sms_texts.survey_closed(language, "Acme"),
        "no survey": sms_texts.no_open_survey(language, None),
        "opted out": sms_texts.opted_out(language, "Acme"),
        "opted in": sms_texts.opted_in(language, "Acme"),
        "help": sms_texts.help_text(language, "Acme"),
        "help, no company": sms_texts.help_text(language, None),
    }
    assert actual == EXPECTED[language]


@pytest.mark.parametrize("language", ["de", "fr-CA", "", "SV"])
def test_a_language_the_service_does_not_speak_gets_the_english_texts(language):
    assert sms_texts.thanks(language) == "Thank you for your feedback! It helps us get better."
    assert sms_texts.opted_out(language, None) == (
        "You will get no more surveys from us. Reply START to undo."
    )
    assert sms_texts.score_question("nps", language, agent="Anna", company="Acme") == (
        "Thanks for talking to Anna! How likely is it that you would recommend Acme to a friend "
        "or colleague? Reply 0-10. STOP to opt out."
    )
