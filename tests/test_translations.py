"""The translation catalogues: every message the code asks for, in Swedish, Danish and English,
and a translator's edit reaching the texts without a change to Python."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from feedback_service import languages
from feedback_service.coaching import mail_texts
from feedback_service.coaching.common_texts import COMMON_MESSAGES
from feedback_service.coaching.goals.presentation import GOAL_MESSAGES
from feedback_service.coaching.mail_texts import texts_in
from feedback_service.coaching.talks.presentation import TALK_MESSAGES
from feedback_service.languages import LANGUAGES, CataloguesNotCompiled, days, number, percent
from feedback_service.settings import setting_texts
from feedback_service.surveys import sms_texts
from feedback_service.web import setup_texts
from feedback_service.web import texts as page_texts

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = ROOT / "feedback_service" / "translations"
PLACEHOLDER = re.compile(r"{(\w+)}")


def messages_in_the_code() -> set[tuple[str | None, str]]:
    """(context, English) of every message, extracted as `scripts/translations update` does."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "pgettext_noop": ((1, "c"), 2)}
    return {
        (context, message)
        for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT / "feedback_service"), method_map, options_map, keywords=keywords
        )
    }


def catalogue(language: str):
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


@pytest.fixture
def fresh_catalogues():
    """Catalogues read afresh before and after the test (they are read once per process)."""
    languages.translations.cache_clear()
    yield
    languages.translations.cache_clear()


def test_the_code_asks_for_hundreds_of_messages_each_with_its_key():
    found = messages_in_the_code()
    assert len(found) > 400
    assert ("sms.thanks", "Thank you for your feedback! It helps us get better.") in found
    assert ("login_title", "Log in") in found
    assert all(context for context, _ in found), "every message has its key as context"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_holds_exactly_the_messages_the_code_asks_for(language):
    in_catalogue = {(m.context, m.id) for m in catalogue(language) if m.id}
    in_code = messages_in_the_code()
    assert sorted(in_code - in_catalogue, key=str) == [], "run scripts/translations update"
    assert sorted(in_catalogue - in_code, key=str) == [], "run scripts/translations update"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_reviewed(language):
    for message in catalogue(language):
        if not message.id:
            continue
        where = f"{language}: {message.context} {message.id!r}"
        assert message.string, f"{where} is not translated"
        assert not message.fuzzy, f"{where} is fuzzy: review it and remove the flag"
        # A translation fills in the same values as the English, no more and no fewer.
        assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(message.id)), (
            where
        )


# Messages whose English reads the same (but for case and spaces) and which keep their own keys,
# each pair with the reason. Anything else that reads the same is one message said twice: give
# it one key and use that key from every place.
SAME_ENGLISH_ON_PURPOSE = {
    ("axis_nps", "first_kind_nps"): "a scale's axis and its name in a sentence, one word for NPS "
    "but not for smileys (% happy, happy callers)",
    ("axis_ces", "first_kind_ces"): "a scale's axis and its name in a sentence, one word for Net "
    "Easy but not for smileys (% happy, happy callers)",
    ("first_kind_smiley", "smiley"): "a scale's name inside a sentence, and the same name as a "
    "mail's heading (whose family names NPS and Net Easy at length)",
    ("share_change_unknown", "trend_unknown"): "the last of two families: a reason's share "
    "(given more or less often) and a score's trend (higher, lower)",
    ("filter_agent", "role_agent"): "the agent picked in a filter, and the name of a sign-in role "
    "beside supervisor and admin",
    ("show_waiting", "status_open"): "a tab of every follow-up still waiting, and one follow-up's "
    "status",
    ("show_resolved", "status_resolved"): "a tab of every follow-up resolved, and one follow-up's "
    "status",
}
# Of those, the ones where Swedish and Danish need words of their own (a tab names the many).
TRANSLATED_APART = {("show_waiting", "status_open"), ("show_resolved", "status_resolved")}


def reading(message) -> str:
    """A message as a reader tells it apart: case and spacing aside."""
    return " ".join(message.string.casefold().split())


def keys_reading_alike(language: str) -> set[tuple[str, str]]:
    """Every pair of keys (in order) whose messages read the same in `language`."""
    by_reading: dict[str, list[str]] = {}
    for message in catalogue(language):
        if message.id:
            by_reading.setdefault(reading(message), []).append(message.context)
    return {(a, b) for keys in by_reading.values() for a in keys for b in keys if a < b}


def test_each_english_text_has_one_key_unless_it_is_listed_with_its_reason():
    said_twice = keys_reading_alike("en") - SAME_ENGLISH_ON_PURPOSE.keys()
    assert sorted(said_twice) == [], "one message under two keys: keep one key, use it everywhere"


def test_the_listed_messages_still_read_the_same_in_english():
    assert SAME_ENGLISH_ON_PURPOSE.keys() <= keys_reading_alike("en"), "remove them from the list"


@pytest.mark.parametrize("language", ["sv", "da"])
def test_messages_kept_apart_for_their_words_are_translated_apart(language):
    assert SAME_ENGLISH_ON_PURPOSE.keys() >= TRANSLATED_APART
    assert not TRANSLATED_APART & keys_reading_alike(language)


def test_a_common_text_is_defined_in_one_place_only():
    """The pages and mails include the common texts; a key of their own by the same name
    would replace one of them without a word."""
    own = [dict(mail_texts._ENGLISH), dict(page_texts._ENGLISH), setup_texts.SETUP_MESSAGES,
           setting_texts(), GOAL_MESSAGES, TALK_MESSAGES]
    assert [sorted(COMMON_MESSAGES.keys() & messages.keys()) for messages in own] == [[]] * 6
    assert COMMON_MESSAGES.items() <= mail_texts.MESSAGES.items()
    assert COMMON_MESSAGES.items() <= page_texts.MESSAGES.items()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogues_are_those_of_the_po_files(language):
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        compiled = {(m.context, m.id): m.string for m in read_mo(mo) if m.id}
    written = {(m.context, m.id): m.string for m in catalogue(language) if m.id}
    assert compiled == written, "run scripts/translations compile (scripts/install.sh does)"


def test_a_translator_changes_a_word_in_the_po_file_without_touching_python(
    tmp_path, monkeypatch, fresh_catalogues
):
    edited = tmp_path / "translations"
    shutil.copytree(CATALOGUES, edited, ignore=shutil.ignore_patterns("*.mo"))
    po = edited / "sv" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text().replace(
            'msgstr "Tack för din feedback! Den hjälper oss att bli bättre."',
            'msgstr "Stort tack för din feedback! Den hjälper oss att bli bättre."',
        )
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "--quiet",
            "compile",
            "--directory",
            str(edited),
        ],
        check=True,
    )
    monkeypatch.setattr(languages, "TRANSLATIONS_DIR", edited)

    assert sms_texts.thanks("sv") == "Stort tack för din feedback! Den hjälper oss att bli bättre."
    assert sms_texts.thanks("da") == "Tak for din feedback! Den hjælper os med at blive bedre."


def test_a_catalogue_that_was_never_compiled_is_an_error_not_english_in_silence(
    tmp_path, monkeypatch, fresh_catalogues
):
    shutil.copytree(CATALOGUES, tmp_path / "translations", ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(languages, "TRANSLATIONS_DIR", tmp_path / "translations")
    with pytest.raises(CataloguesNotCompiled, match="scripts/translations compile"):
        sms_texts.thanks("sv")


@pytest.mark.parametrize("language", ["de", "xx", "", None])
def test_a_language_the_service_does_not_speak_reads_english(language):
    assert languages.supported(language) == "en"
    assert texts_in(language or "")["kudos_subject"] == "Kudos from a caller"


@pytest.mark.parametrize(
    ("share", "language", "written"),
    [
        (0.92, "sv", "92\u00a0%"),
        (0.92, "da", "92\u00a0%"),
        (0.92, "en", "92%"),
        (0.125, "sv", "12\u00a0%"),
        (1, "en", "100%"),
        (0.004, "da", "0\u00a0%"),
        (0.5, "de", "50%"),
    ],
)
def test_percentages_are_written_as_each_language_writes_them(share, language, written):
    assert percent(share, language) == written


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("sv", "16–22 nov. 2026"),
        ("da", "16.–22. nov. 2026"),
        ("en", "Nov 16\u2009–\u200922, 2026"),
        ("xx", "Nov 16\u2009–\u200922, 2026"),
    ],
)
def test_a_week_s_days_are_written_as_each_language_writes_them(language, written):
    assert days(date(2026, 11, 16), date(2026, 11, 22), language) == written


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("sv", "12\u00a0345"),
        ("da", "12.345"),
        ("en", "12,345"),
        ("", "12,345"),
    ],
)
def test_counts_are_written_as_each_language_writes_them(language, written):
    assert number(12345, language) == written
