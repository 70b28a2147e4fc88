"""The IVR survey on the line: what each answer heard does to the survey, and what comes next.

It decides; `telephony.voice_survey` says it in TwiML. Every answer is saved as soon as it is
heard, so a hang-up keeps what was given. Nothing here commits: the webhook commits at its edge.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from feedback_service.surveys.answers import (
    abandon,
    complete,
    record_comment,
    record_praise,
    record_reason,
    record_score,
)
from feedback_service.surveys.expiry import accepts_answers
from feedback_service.surveys.flow import Step
from feedback_service.surveys.keypad import read_praise, read_reason, read_score
from feedback_service.surveys.models import Channel, Survey, SurveyState
from feedback_service.surveys.opt_outs import opt_out
from feedback_service.surveys.scoring import SurveyKind

MAX_REPEATS = 2  # a question not understood is asked again at most twice


@dataclass(frozen=True)
class Heard:
    """What the phone system reports the caller keyed, said or recorded at one question."""

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


@dataclass(frozen=True)
class VoiceSettings:
    ask_praise: bool = False  # ASK_PRAISE
    speech_comments: bool = False  # SPEECH_COMMENTS


@dataclass(frozen=True)
class Ask:
    """Ask `step`, the `attempt`-th time; its answer comes to a URL of its own."""

    step: Step
    attempt: int
    kind: SurveyKind
    language: str
    greeting: bool = False  # the survey's first question: welcome the caller first
    not_understood: bool = False  # say so before asking again
    comment_by_speech: bool = False  # the comment as speech, else as a recording
    comment_again: bool = False  # the recording asked for after speech was not made out


class Ending(enum.StrEnum):
    THANKS = "thanks"  # the survey is complete
    GOODBYE = "goodbye"  # it takes no more answers (expired, or asked too often)
    OPTED_OUT = "opted_out"
    HANG_UP = "hang_up"  # no survey on this call: say nothing


@dataclass(frozen=True)
class End:
    ending: Ending
    language: str | None = None


VoiceTurn = Ask | End


def current_question(
    survey: Survey, settings: VoiceSettings, *, greeting: bool = False, not_understood: bool = False
) -> Ask:
    """The question the survey waits for."""
    step, attempts = Step(survey.step), survey.attempts or 0
    ask = Ask(step, attempts + 1, SurveyKind(survey.kind), survey.language)
    if step is Step.COMMENT:  # a comment is never greeted: it is asked after another answer
        by_speech = comment_asked_by_speech(survey, settings)
        again = not by_speech and attempts > 0  # the recording after speech not made out
        return replace(ask, comment_by_speech=by_speech, comment_again=again)
    return replace(ask, greeting=greeting, not_understood=not_understood)


def start(survey: Survey, settings: VoiceSettings, now: datetime) -> VoiceTurn:
    """The agent hung up and the caller is on the line: the first question, with a welcome."""
    if survey.state != SurveyState.ACTIVE:
        return End(Ending.HANG_UP)
    survey.asked_at = survey.asked_at or now
    survey.question_sent_at = survey.question_sent_at or now
    return current_question(survey, settings, greeting=True)


def take_answer(
    survey: Survey | None, step: Step, heard: Heard, settings: VoiceSettings, now: datetime
) -> VoiceTurn:
    """Save the answer to `step` and decide what the caller hears next."""
    if survey is None or survey.channel != Channel.IVR:
        return End(Ending.HANG_UP)
    if not accepts_answers(survey, now):
        return End(Ending.GOODBYE, survey.language)
    if Step(survey.step) is not step:
        return current_question(survey, settings)  # a stale question: ask the one it is at
    if step is Step.COMMENT:
        return _take_comment(survey, heard, settings)
    if step is Step.SCORE:
        answer = read_score(SurveyKind(survey.kind), heard.digits, heard.speech)
    elif step is Step.PRAISE:
        answer = read_praise(heard.digits, heard.speech)
    else:
        answer = read_reason(heard.digits, heard.speech)
    if answer.opt_out_keyword:
        if survey.caller:
            opt_out(survey.caller, keyword=answer.opt_out_keyword, source="ivr")
        abandon(survey)
        return End(Ending.OPTED_OUT, survey.language)
    if answer.value is None:
        return _ask_again_or_end(survey, settings)
    if step is Step.SCORE:
        record_score(survey, answer.value, heard.as_raw(), ask_praise=settings.ask_praise)
    elif step is Step.PRAISE:
        record_praise(survey, answer.value, heard.as_raw())
    else:
        record_reason(survey, answer.value, heard.as_raw())
    if answer.comment:
        record_comment(survey, heard.as_raw(), text=answer.comment)
    return current_question(survey, settings)


def _ask_again_or_end(survey: Survey, settings: VoiceSettings) -> VoiceTurn:
    survey.attempts = (survey.attempts or 0) + 1
    if survey.attempts > MAX_REPEATS:
        abandon(survey)
        return End(Ending.GOODBYE, survey.language)
    return current_question(survey, settings, not_understood=True)


def comment_asked_by_speech(survey: Survey, settings: VoiceSettings) -> bool:
    """Speech first where `SPEECH_COMMENTS` is on; the second time, a recording."""
    return settings.speech_comments and not survey.attempts


def _take_comment(survey: Survey, heard: Heard, settings: VoiceSettings) -> VoiceTurn:
    """Keep the transcript or the recording, then thank.

    Speech that could not be made out (no words, an error) is asked once more, recorded;
    silence at the recording leaves no comment.
    """
    if heard.speech:
        record_comment(survey, heard.as_raw(), text=heard.speech)
    elif heard.recording_url and heard.recording_seconds != 0:
        _keep_recording(survey, heard)
    elif comment_asked_by_speech(survey, settings):
        survey.attempts = 1
        return current_question(survey, settings)
    complete(survey)
    return End(Ending.THANKS, survey.language)


def _keep_recording(survey: Survey, heard: Heard) -> None:
    """Keep the recording once, whichever of the action and the status callback came first."""
    kept = survey.response.recording_sid if survey.response is not None else None
    if kept and kept == heard.recording_sid:
        return
    raw = {"recording_sid": heard.recording_sid, "recording_seconds": heard.recording_seconds}
    record_comment(
        survey,
        raw,
        recording_url=heard.recording_url,
        recording_sid=heard.recording_sid,
        recording_seconds=heard.recording_seconds,
    )


def keep_late_recording(survey: Survey | None, heard: Heard) -> None:
    """A recording finished after the call: kept unless the comment step already did."""
    if (
        survey is None
        or survey.channel != Channel.IVR
        or survey.response is None
        or survey.response.recording_url
        or not heard.recording_url
        or survey.response.anonymised_at is not None
    ):  # erased stays erased
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
