"""The survey's steps (score, reason or praise, comment) and the language it is asked in."""

from __future__ import annotations

import enum

from feedback_service.languages import LANGUAGES
from feedback_service.phone_numbers import language_for_number
from feedback_service.surveys.scoring import POSITIVE_CATEGORIES, Category, is_negative


class Step(enum.StrEnum):
    SCORE = "score"
    REASON = "reason"
    PRAISE = "praise"  # what went well, asked after a positive answer when ASK_PRAISE is on
    COMMENT = "comment"
    DONE = "done"


def step_after(step: Step, category: Category | None, *, ask_praise: bool = False) -> Step:
    """The next question: a reason after a negative score, what went well after a positive one
    (when asked for), then the comment; never more than three questions in all."""
    if step is Step.SCORE:
        if category is None:
            return Step.SCORE
        if is_negative(category):
            return Step.REASON
        return Step.PRAISE if ask_praise and category in POSITIVE_CATEGORIES else Step.COMMENT
    if step in (Step.REASON, Step.PRAISE):
        return Step.COMMENT
    return Step.DONE


def choose_language(*candidates: str | None, default: str) -> str:
    """The first candidate we speak (e.g. the line's `lang`, the agent's, the caller's country)."""
    for candidate in candidates:
        if candidate and candidate.lower()[:2] in LANGUAGES:
            return candidate.lower()[:2]
    return default


def survey_language(*preferred: str | None, caller: str | None, default: str) -> str:
    """The first preferred language we speak, else the one the caller's country code suggests."""
    return choose_language(*preferred, language_for_number(caller), default=default)
