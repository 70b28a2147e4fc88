"""The IVR survey said in TwiML: each decision of `surveys.voice_conversation`, in words."""

from __future__ import annotations

import functools

from feedback_service.database import utcnow
from feedback_service.settings import current_settings
from feedback_service.surveys import voice_conversation as conversation
from feedback_service.surveys.calls import survey_for_update
from feedback_service.surveys.flow import Step
from feedback_service.surveys.models import Survey
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.surveys.voice_conversation import Ask, End, Ending, Heard, VoiceTurn
from feedback_service.telephony import prompts, twiml
from feedback_service.telephony.signature import public_url

VOICE_PATH = "/twilio/voice"


def step_url(step: Step, attempt: int) -> str:
    return public_url(f"{VOICE_PATH}/survey/{step}?attempt={attempt}")


def _company() -> str | None:
    return current_settings().company


def voice_settings() -> conversation.VoiceSettings:
    settings = current_settings()
    return conversation.VoiceSettings(ask_praise=settings.ask_praise,
                                      speech_comments=settings.speech_comments)


def say(turn: VoiceTurn) -> str:
    """TwiML for a decision: the question to ask, or how the call ends."""
    if isinstance(turn, End):
        return _end(turn)
    return _ask(turn)


def _ask(ask: Ask) -> str:
    if ask.step is Step.SCORE:
        return _score_question(ask, _company(), step_url(ask.step, ask.attempt))
    return _question(ask, _company(), step_url(ask.step, ask.attempt))


@functools.lru_cache(maxsize=256)
def _score_question(ask: Ask, company: str | None, action: str) -> str:
    """The first question is the same for every call of a kind and language: built once."""
    return _question(ask, company, action)


def _question(ask: Ask, company: str | None, action: str) -> str:
    language = ask.language
    if ask.step is Step.COMMENT:
        if ask.comment_by_speech:
            return twiml.ask_for_spoken_comment(prompts.spoken_comment_invitation(language),
                                                language, action)
        text = (prompts.recorded_comment_again(language) if ask.comment_again
                else prompts.comment_invitation(language))
        return twiml.ask_for_recording(text, language, action,
                                       public_url(f"{VOICE_PATH}/recording-status"))
    if ask.step is Step.SCORE:
        text = prompts.score_question(ask.kind, language, company)
    elif ask.step is Step.PRAISE:
        text = prompts.praise_question(language)
    else:
        text = prompts.reason_question(language)
    keyed_nps = ask.step is Step.SCORE and ask.kind is SurveyKind.NPS
    question = twiml.Question(
        text=text,
        language=language,
        action_url=action,
        max_digits=2 if keyed_nps else 1,
        finished_by_hash=keyed_nps,
        speech_hints=prompts.speech_hints(ask.step, ask.kind, language),
    )
    before = (prompts.welcome(language, company) if ask.greeting
              else prompts.not_understood(language) if ask.not_understood else None)
    return twiml.ask(question, before=before)


def _end(end: End) -> str:
    language = end.language
    if end.ending is Ending.HANG_UP or language is None:
        return twiml.hang_up()
    if end.ending is Ending.THANKS:
        return twiml.say_and_hang_up(prompts.thanks(language), language)
    if end.ending is Ending.OPTED_OUT:
        return twiml.say_and_hang_up(prompts.opted_out(language), language)
    return twiml.say_and_hang_up(prompts.goodbye(language, _company()), language)


def start_on_the_line(survey: Survey) -> str:
    """The first question of an IVR survey, right after the agent hung up."""
    return say(conversation.start(survey, voice_settings(), utcnow()))


def take_answer(survey: Survey | None, step: Step, heard: Heard) -> str:
    """Save the answer to `step` (`survey` locked) and return what the caller hears next."""
    return say(conversation.take_answer(survey, step, heard, voice_settings(), utcnow()))


def store_late_recording(heard: Heard) -> None:
    """A recording Twilio finished after the call: kept unless the comment step already did."""
    conversation.keep_late_recording(survey_for_update("twilio", heard.call_sid), heard)
