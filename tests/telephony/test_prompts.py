"""What the IVR survey says on the line, word for word in each language."""

from __future__ import annotations

import pytest

from feedback_service.surveys.flow import Step
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.telephony import prompts
from tests.telephony.prompts_expected import EXPECTED


@pytest.mark.parametrize("language", ["sv", "da", "en"])
def test_each_prompt_reads_word_for_word(language):
    actual = {
        "welcome": prompts.welcome(language, "Acme"),
        "welcome, no company": prompts.welcome(language, None),
        "smiley": prompts.score_question(SurveyKind.SMILEY, language, "Acme"),
        "nps": prompts.score_question(SurveyKind.NPS, language, "Acme"),
        "ces": prompts.score_question(SurveyKind.CES, language, "Acme"),
        "reason": prompts.reason_question(language),
        "praise": prompts.praise_question(language),
        "comment": prompts.comment_invitation(language),
        "spoken comment": prompts.spoken_comment_invitation(language),
        "recorded comment again": prompts.recorded_comment_again(language),
        "not understood": prompts.not_understood(language),
        "thanks": prompts.thanks(language),
        "goodbye": prompts.goodbye(language, "Acme"),
        "goodbye, no company": prompts.goodbye(language, None),
        "opted out": prompts.opted_out(language),
        "farewell": prompts.farewell(language, "Acme"),
        "farewell, no company": prompts.farewell(language, None),
        "cannot connect": prompts.cannot_connect(language),
        "hints smiley": prompts.speech_hints(Step.SCORE, SurveyKind.SMILEY, language),
        "hints nps": prompts.speech_hints(Step.SCORE, SurveyKind.NPS, language),
        "hints ces": prompts.speech_hints(Step.SCORE, SurveyKind.CES, language),
        "hints reason": prompts.speech_hints(Step.REASON, SurveyKind.SMILEY, language),
        "hints praise": prompts.speech_hints(Step.PRAISE, SurveyKind.CES, language),
    }
    assert actual == EXPECTED[language]


@pytest.mark.parametrize("language", ["de", "no", ""])
def test_a_language_the_service_does_not_speak_is_spoken_in_english(language):
    # Once a KeyError: the line would have gone silent instead of asking in English.
    assert prompts.thanks(language) == (
        "Thank you for your answers, they help us get better. Goodbye!"
    )
    assert prompts.score_question(SurveyKind.NPS, language, None) == (
        "How likely is it that you would recommend us to a friend or colleague? "
        "Key or say a number from 0 to 10, then press hash."
    )
    assert prompts.speech_hints(Step.SCORE, SurveyKind.SMILEY, language) == (
        "happy, unhappy, one, two"
    )
