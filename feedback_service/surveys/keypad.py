"""Reads what a caller keys or says on the phone as a score or a reason; plain values only.

Keyed digits are strict (one answer, in range). Spoken words go through the same forgiving
reader as SMS replies, so "nio", "tilfreds", "the waiting time" and "STOPP" mean the same on
both channels; a spoken number also answers the smiley and reason questions ("ett", "two").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from feedback_service.surveys.praise import PraiseCatalogue, load_praise
from feedback_service.surveys.reasons import ReasonCatalogue, load_catalogue
from feedback_service.surveys.scoring import SurveyKind, is_valid_score
from feedback_service.surveys.sms_parsing import ParsedReply, ReplyIntent, parse_sms_reply

_KEYED_NUMBER = re.compile(r"^[0-9]{1,2}$")


@dataclass(frozen=True)
class VoiceAnswer:
    """One answer heard on the line: a value, words said beside it, or an opt-out."""

    value: int | None = None  # the score, or the reason's keypad digit
    comment: str | None = None  # words spoken after the answer: "nio, hon var jättebra"
    opt_out_keyword: str | None = None  # the caller said STOP (or its Swedish/Danish forms)


NOT_UNDERSTOOD = VoiceAnswer()


def keyed_number(digits: str | None) -> int | None:
    """The number keyed, without the `#` that ended it; None for nothing, `*` or 3+ digits."""
    keyed = (digits or "").strip().removesuffix("#")
    return int(keyed) if _KEYED_NUMBER.match(keyed) else None


def _spoken_number(speech: str) -> int | None:
    """A number said on its own ("tio", "Two.", "7"); the NPS reader knows number words."""
    reply = parse_sms_reply(speech, kind=SurveyKind.NPS, step="score")
    return reply.score if reply.intent is ReplyIntent.ANSWER and not reply.comment else None


def _from_reply(reply: ParsedReply, value: int | None) -> VoiceAnswer:
    if reply.intent is ReplyIntent.OPT_OUT:
        return VoiceAnswer(opt_out_keyword=reply.keyword)
    if value is None:
        return NOT_UNDERSTOOD
    return VoiceAnswer(value=value, comment=reply.comment)


def read_score(kind: SurveyKind, digits: str | None, speech: str | None) -> VoiceAnswer:
    """The score keyed or said for a survey of this kind; keys win over words."""
    if digits:
        score = keyed_number(digits)
        if score is None or not is_valid_score(kind, score):
            return NOT_UNDERSTOOD
        return VoiceAnswer(score)
    if not speech or not speech.strip():
        return NOT_UNDERSTOOD
    reply = parse_sms_reply(speech, kind=kind, step="score")
    score = reply.score if reply.intent is ReplyIntent.ANSWER else None
    if score is None and kind is not SurveyKind.NPS and reply.intent is ReplyIntent.UNCLEAR:
        spoken = _spoken_number(speech)
        score = spoken if spoken is not None and is_valid_score(kind, spoken) else None
    return _from_reply(reply, score)


def read_reason(digits: str | None, speech: str | None,
                catalogue: ReasonCatalogue | None = None) -> VoiceAnswer:
    """The reason's keypad digit, keyed, said as a number, or named in the caller's words."""
    reasons = catalogue or load_catalogue()

    def named(words: str) -> tuple[ParsedReply, int | None]:
        reply = parse_sms_reply(words, kind=SurveyKind.SMILEY, step="reason", catalogue=reasons)
        return reply, reply.reason_digit

    return _read_choice(digits, speech, reasons.by_digit, named)


def read_praise(digits: str | None, speech: str | None,
                catalogue: PraiseCatalogue | None = None) -> VoiceAnswer:
    """What went well: its keypad digit, keyed, said as a number, or named in words."""
    praise = catalogue or load_praise()

    def named(words: str) -> tuple[ParsedReply, int | None]:
        reply = parse_sms_reply(words, kind=SurveyKind.SMILEY, step="praise", praise=praise)
        return reply, reply.praise_digit

    return _read_choice(digits, speech, praise.by_digit, named)


def _read_choice(digits: str | None, speech: str | None, known: Callable[[int], object | None],
                 named: Callable[[str], tuple[ParsedReply, int | None]]) -> VoiceAnswer:
    """A choice from a numbered catalogue: its digit keyed, said as a number, or named."""
    if digits:
        digit = keyed_number(digits)
        if digit is None or known(digit) is None:
            return NOT_UNDERSTOOD
        return VoiceAnswer(digit)
    if not speech or not speech.strip():
        return NOT_UNDERSTOOD
    reply, digit = named(speech)
    if reply.intent is not ReplyIntent.ANSWER:
        digit = None
    if digit is None and reply.intent is ReplyIntent.UNCLEAR:
        spoken = _spoken_number(speech)
        digit = spoken if spoken is not None and known(spoken) is not None else None
    return _from_reply(reply, digit)
