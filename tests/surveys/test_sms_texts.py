"""The SMS survey's texts, word for word in each language, and what each costs to send."""

from __future__ import annotations

import pytest

from feedback_service.surveys import sms_texts
from feedback_service.surveys.sms_segments import is_gsm_7, sms_length, sms_segments
from tests.surveys.sms_texts_expected import EXPECTED

LANGUAGES = ("sv", "da", "en")


@pytest.mark.parametrize(("text", "length", "segments"), [
    ("a" * 160, 160, 1),
    ("a" * 161, 161, 2),
    ("Björn, Ærø & Åsa " * 9, 153, 1),  # å, ä, ö, æ, ø are GSM-7's own
    ("€" * 80, 160, 1),  # the extension table's characters count twice
    ("€" * 81, 162, 2),
    ("a" * 69 + "\u2019", 70, 1),  # a typographic apostrophe: UCS-2, 70 a segment
    ("a" * 70 + "\u2019", 71, 2),
    ("a" * 133 + "\U0001f600", 135, 3),  # an emoji is two UTF-16 units; 67 a part
])
def test_the_length_is_counted_as_the_network_counts_it(text, length, segments):
    assert (sms_length(text), sms_segments(text)) == (length, segments)


def every_text(language: str, agent: str | None, company: str | None) -> dict[str, str]:
    """Every SMS the survey can send, for one language and one agent and company."""
    return sms_texts.every_text(language, company) | {
        f"{kind} question, with the agent": sms_texts.score_question(
            kind, language, agent=agent, company=company)
        for kind in ("smiley", "nps", "ces")
    }


# Company names of up to 40 characters, with the extension table's characters that count twice;
# long double first names; everyday names, and none at all.
NAMES = [
    ("Maximiliane-Charlotte", "Nordisk Forsikring og Pensionskasse A/S"),
    ("Anne-Kathrine", "Skandinaviska Energibolaget Norrland AB"),
    ("Anna", "[Ørestad] Bolig & Service {Nord} A/S DK"),
    ("Anna", "Acme Energi AB"),
    ("Maximiliane", "Nordisk Forsikring"),
    (None, None),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("agent", "company"), NAMES)
def test_every_sms_fits_one_gsm_7_segment(language, agent, company):
    assert company is None or len(company) <= 40
    for name, text in every_text(language, agent, company).items():
        assert is_gsm_7(text), f"{name} would go as UCS-2: {text}"
        assert sms_segments(text) == 1, f"{name} is {sms_length(text)} long: {text}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("company", ["Nordisk Forsikring og Pensionskasse A/S",
                                     "Skandinaviska Energibolaget Norrland AB"])
def test_every_question_names_a_company_of_40_characters(language, company):
    for kind in ("smiley", "nps", "ces"):
        question = sms_texts.score_question(kind, language, agent="Maximiliane", company=company)
        assert company in question, question


def test_a_name_that_splits_a_text_is_found():
    assert sms_texts.texts_split_by("Acme Energi AB") == {}
    # One character outside GSM-7 makes every text UCS-2, 70 characters a segment.
    curly = sms_texts.texts_split_by("Acme\u2019s Energi")
    assert set(curly) == {"sv", "da", "en"} and "help" in curly["sv"]
    assert "thanks" not in curly["sv"]  # it names no company, so it stays GSM-7
    # Sixty characters: the questions leave the name out, the texts that are about it split.
    assert sms_texts.texts_split_by("N" * 60) == {
        "da": ["closed", "no survey", "help"], "en": ["closed"]}


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
