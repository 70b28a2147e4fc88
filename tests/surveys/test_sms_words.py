"""The words callers text back live per language in `translations/<language>/sms_words.toml`:
a translator adds one there, and a broken file is named at start."""

from __future__ import annotations

import shutil

import pytest

from feedback_service.languages import TRANSLATIONS_DIR
from feedback_service.surveys.sms_parsing import parse_sms_reply
from feedback_service.surveys.sms_words import SmsWords, SmsWordsError, load_sms_words


def test_each_language_s_words_are_read_together():
    words = load_sms_words()
    assert {"STOPP", "AFMELD", "UNSUBSCRIBE"} <= set(words.keywords["opt_out"])
    assert (words.numbers["tva"], words.numbers["otte"], words.numbers["nine"]) == (2, 8, 9)
    assert "hurtig" in words.praise["quick"] and "snabb" in words.praise["quick"]


@pytest.mark.parametrize(("reply", "score"), [("nöjd", 1), ("utilfreds", 2), ("great", 1)])
def test_the_parser_reads_the_words_of_every_language(reply, score):
    assert parse_sms_reply(reply, kind="smiley", step="score").score == score


def test_a_word_a_translator_adds_is_read(tmp_path):
    shutil.copytree(TRANSLATIONS_DIR, tmp_path / "translations")
    swedish = tmp_path / "translations" / "sv" / "sms_words.toml"
    swedish.write_text(swedish.read_text().replace(
        'opt_out = ["STOPP",', 'opt_out = ["SLUTA", "STOPP",'))

    assert "SLUTA" in load_sms_words(tmp_path / "translations").keywords["opt_out"]


def test_lists_merge_in_order_and_a_number_must_mean_one_thing():
    words = SmsWords.merged([("sv", {"smiley": {"happy": ["nöjd"]}, "numbers": {"en": 1}}),
                             ("da", {"smiley": {"happy": ["glad"]}, "numbers": {"en": 1}})])
    assert words.smiley["happy"] == ["nöjd", "glad"]
    with pytest.raises(SmsWordsError, match=r"da: \[numbers\] en is 2 here and 1"):
        SmsWords.merged([("sv", {"numbers": {"en": 1}}), ("da", {"numbers": {"en": 2}})])


@pytest.mark.parametrize(("table", "message"), [
    ({"smileys": {"happy": ["glad"]}}, r"no section \[smileys\] is read"),
    ({"smiley": {"happy": "glad"}}, r"\[smiley\] happy must be a list of words"),
    ({"numbers": {"tio": "10"}}, r"\[numbers\] tio must be a whole number"),
])
def test_a_malformed_table_is_named(table, message):
    with pytest.raises(SmsWordsError, match=message):
        SmsWords.merged([("sv/sms_words.toml", table)])


def test_a_broken_file_is_named_with_its_line(tmp_path):
    shutil.copytree(TRANSLATIONS_DIR, tmp_path / "translations")
    (tmp_path / "translations" / "da" / "sms_words.toml").write_text("[keywords\nopt_out = 1\n")
    with pytest.raises(SmsWordsError, match=r"da/sms_words.toml: .*line 1"):
        load_sms_words(tmp_path / "translations")
