"""The IVR survey on the line: which question to ask, and what each answer heard does to it.

Every answer is saved as soon as it is heard, so a hang-up keeps what was given. Nothing here
commits: the webhook that calls it commits at its edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app

from feedback_service.settings import company_name
from feedback_service.surveys.answers import (
    abandon,
    accepts_answers,
    complete,
    opt_out,
    record_comment,
    record_praise,
    record_reason,
    record_score,
    survey_for_update,
)
from feedback_service.surveys.flow import Step
from feedback_service.surveys.keypad import VoiceAnswer, read_praise, read_reason, read_score
from feedback_service.surveys.models import Channel, Survey, SurveyState
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.telephony import prompts, twiml
from feedback_service.telephony.signature import public_url

VOICE_PATH = "/twilio/voice"
MAX_REPEATS = 2  # a question not understood is asked again at most twice


@dataclass(frozen=True)
class Heard:
    """What Twilio reports the caller keyed, said or recorded at one question."""

    call_sid: str
    digits: str | None = None
    speech: str | None = None
    confidence: str | None = None
    recording_url: str | None = None
    recording_sid: str | None = None
    recording_seconds: int | None = None

    def as_raw(self) -> dict[str, Any]:
        raw = {"digits": self.digits, "speech": self.speech, "confidence": self.confidence}
        return {name: value for name, value in raw.items() if value}


def step_url(step: Step, attempt: int) -> str:
    return public_url(f"{VOICE_PATH}/survey/{step}?attempt={attempt}")


def _company() -> str | None:
    return company_name(current_app.config)


def ask_current_question(survey: Survey, *, greeting: bool = False,
                         before: str | None = None) -> str:
    """TwiML asking the question the survey waits for; its answer comes to a URL of its own."""
    step, kind, language = Step(survey.step), SurveyKind(survey.kind), survey.language
    action = step_url(step, (survey.attempts or 0) + 1)
    if step is Step.COMMENT:
        return _ask_for_comment(survey, action)
    if step is Step.SCORE:
        text = prompts.score_question(kind, language, _company())
    elif step is Step.PRAISE:
        text = prompts.praise_question(language)
    else:
        text = prompts.reason_question(language)
    keyed_nps = step is Step.SCORE and kind is SurveyKind.NPS
    question = twiml.Question(
        text=text,
        language=language,
        action_url=action,
        max_digits=2 if keyed_nps else 1,
        finished_by_hash=keyed_nps,
        speech_hints=prompts.speech_hints(step, kind, language),
    )
    return twiml.ask(question, before=prompts.welcome(language, _company()) if greeting else before)


def _goodbye(survey: Survey) -> str:
    return twiml.say_and_hang_up(prompts.goodbye(survey.language, _company()), survey.language)


def take_answer(step: Step, heard: Heard) -> str:
    """Save the answer to `step` and return what the caller hears next."""
    survey = survey_for_update("twilio", heard.call_sid)
    if survey is None or survey.channel != Channel.IVR:
        return twiml.hang_up()
    if not accepts_answers(survey):
        return _goodbye(survey)
    if Step(survey.step) is not step:
        return ask_current_question(survey)  # a stale question: ask the one the survey is at
    if step is Step.COMMENT:
        return _take_comment(survey, heard)
    if step is Step.SCORE:
        answer = read_score(SurveyKind(survey.kind), heard.digits, heard.speech)
    elif step is Step.PRAISE:
        answer = read_praise(heard.digits, heard.speech)
    else:
        answer = read_reason(heard.digits, heard.speech)
    if answer.opt_out_keyword:
        return _opt_out(survey, answer)
    if answer.value is None:
        return _ask_again_or_end(survey)
    if step is Step.SCORE:
        record_score(survey, answer.value, heard.as_raw(),
                     ask_praise=bool(current_app.config["ASK_PRAISE"]))
    elif step is Step.PRAISE:
        record_praise(survey, answer.value, heard.as_raw())
    else:
        record_reason(survey, answer.value, heard.as_raw())
    if answer.comment:
        record_comment(survey, heard.as_raw(), text=answer.comment)
    return ask_current_question(survey)


def _ask_again_or_end(survey: Survey) -> str:
    survey.attempts = (survey.attempts or 0) + 1
    if survey.attempts > MAX_REPEATS:
        abandon(survey)
        return _goodbye(survey)
    return ask_current_question(survey, before=prompts.not_understood(survey.language))


def _opt_out(survey: Survey, answer: VoiceAnswer) -> str:
    if survey.caller:
        opt_out(survey.caller, keyword=answer.opt_out_keyword, source="ivr")
    abandon(survey)
    return twiml.say_and_hang_up(prompts.opted_out(survey.language), survey.language)


def _comment_asked_by_speech(survey: Survey) -> bool:
    """Speech first where `SPEECH_COMMENTS` is on; the second time, a recording."""
    return bool(current_app.config["SPEECH_COMMENTS"]) and not survey.attempts


def _ask_for_comment(survey: Survey, action: str) -> str:
    language = survey.language
    if _comment_asked_by_speech(survey):
        return twiml.ask_for_spoken_comment(prompts.spoken_comment_invitation(language),
                                            language, action)
    text = (prompts.recorded_comment_again(language) if survey.attempts
            else prompts.comment_invitation(language))
    return twiml.ask_for_recording(text, language, action,
                                   public_url(f"{VOICE_PATH}/recording-status"))


def _take_comment(survey: Survey, heard: Heard) -> str:
    """Keep the transcript or the recording, then thank and hang up.

    Speech that Twilio could not make out (no words, an error) is asked once more, recorded;
    silence at the recording leaves no comment.
    """
    if heard.speech:
        record_comment(survey, heard.as_raw(), text=heard.speech)
    elif heard.recording_url and heard.recording_seconds != 0:
        _keep_recording(survey, heard)
    elif _comment_asked_by_speech(survey):
        survey.attempts = 1
        return ask_current_question(survey)
    complete(survey)
    return twiml.say_and_hang_up(prompts.thanks(survey.language), survey.language)


def _keep_recording(survey: Survey, heard: Heard) -> None:
    """Keep the recording once, whichever of the action and the status callback came first."""
    kept = survey.response.recording_sid if survey.response is not None else None
    if kept and kept == heard.recording_sid:
        return
    raw = {"recording_sid": heard.recording_sid, "recording_seconds": heard.recording_seconds}
    record_comment(survey, raw, recording_url=heard.recording_url,
                   recording_sid=heard.recording_sid, recording_seconds=heard.recording_seconds)


def store_late_recording(heard: Heard) -> None:
    """A recording Twilio finished after the call: kept unless the comment step already did."""
    survey = survey_for_update("twilio", heard.call_sid)
    if (survey is None or survey.channel != Channel.IVR or survey.response is None
            or survey.response.recording_url or not heard.recording_url
            or survey.response.anonymised_at is not None):  # erased stays erased
        return
    _keep_recording(survey, heard)


def close_after_hang_up(survey: Survey) -> None:
    """The call is over: an IVR survey still waiting for an answer ends here.

    At the comment question the optional comment was simply not left, so the survey is
    complete; earlier, the caller left mid-way and what was answered stays.
    """
    if survey.channel != Channel.IVR or survey.state != SurveyState.ACTIVE:
        return
    if Step(survey.step) is Step.COMMENT:
        complete(survey)
    else:
        abandon(survey)
