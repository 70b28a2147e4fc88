"""Reading keyed digits and spoken words on the phone as scores and reasons."""

from __future__ import annotations

import pytest

from feedback_service.surveys.keypad import VoiceAnswer, keyed_number, read_reason, read_score
from feedback_service.surveys.scoring import SurveyKind

SMILEY, NPS = SurveyKind.SMILEY, SurveyKind.NPS


@pytest.mark.parametrize(
    "digits, number",
    [("7", 7), ("10", 10), ("10#", 10), ("0", 0), (" 3 ", 3), ("#", None), ("*", None),
     ("", None), (None, None), ("100", None), ("1*", None), ("٣", None)],
)
def test_keyed_number(digits, number):
    assert keyed_number(digits) == number


@pytest.mark.parametrize(
    "kind, digits, speech, expected",
    [
        (SMILEY, "1", None, VoiceAnswer(1)),
        (SMILEY, "2", None, VoiceAnswer(2)),
        (SMILEY, "3", None, VoiceAnswer()),
        (SMILEY, "12", None, VoiceAnswer()),
        (NPS, "10", None, VoiceAnswer(10)),
        (NPS, "0", None, VoiceAnswer(0)),
        (NPS, "11", None, VoiceAnswer()),
        # Keys win over words when Twilio reports both.
        (NPS, "8", "tio", VoiceAnswer(8)),
        (NPS, None, "Nio.", VoiceAnswer(9)),
        (NPS, None, "tio", VoiceAnswer(10)),
        (NPS, None, "ti", VoiceAnswer(10)),
        (NPS, None, "Ten.", VoiceAnswer(10)),
        (NPS, None, "noll", VoiceAnswer(0)),
        (NPS, None, "9 hon var jättebra", VoiceAnswer(9, comment="hon var jättebra")),
        (NPS, None, "kanske sju eller åtta", VoiceAnswer()),
        (SMILEY, None, "Nöjd.", VoiceAnswer(1)),
        (SMILEY, None, "Jag är inte nöjd", VoiceAnswer(2)),
        (SMILEY, None, "tilfreds", VoiceAnswer(1)),
        (SMILEY, None, "Utilfreds.", VoiceAnswer(2)),
        (SMILEY, None, "Happy.", VoiceAnswer(1)),
        (SMILEY, None, "unhappy", VoiceAnswer(2)),
        (SMILEY, None, "Ett.", VoiceAnswer(1)),
        (SMILEY, None, "two", VoiceAnswer(2)),
        (SMILEY, None, "nio", VoiceAnswer()),
        (SMILEY, None, "Stopp.", VoiceAnswer(opt_out_keyword="STOPP")),
        (SMILEY, None, "", VoiceAnswer()),
        (NPS, None, "   ", VoiceAnswer()),
        (SMILEY, None, None, VoiceAnswer()),
    ],
)
def test_read_score(kind, digits, speech, expected):
    assert read_score(kind, digits, speech) == expected


@pytest.mark.parametrize(
    "digits, speech, expected",
    [
        ("1", None, VoiceAnswer(1)),
        ("5", None, VoiceAnswer(5)),
        ("6", None, VoiceAnswer()),
        ("0", None, VoiceAnswer()),
        (None, "väntetiden", VoiceAnswer(1)),
        (None, "Hjælpen jeg fik", VoiceAnswer(2)),
        (None, "The product.", VoiceAnswer(5)),
        (None, "tre", VoiceAnswer(3)),
        (None, "four", VoiceAnswer(4)),
        (None, "nio", VoiceAnswer()),
        (None, "Afmeld", VoiceAnswer(opt_out_keyword="AFMELD")),
        (None, None, VoiceAnswer()),
    ],
)
def test_read_reason(digits, speech, expected):
    assert read_reason(digits, speech) == expected

