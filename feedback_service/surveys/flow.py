"""The survey's steps (score, reason, comment) and the language it is asked in."""

from __future__ import annotations

import enum

from feedback_service.phone_numbers import language_for_number
from feedback_service.surveys.scoring import Category, is_negative

LANGUAGES = ("sv", "da", "en")


class Step(enum.StrEnum):
    SCORE = "score"
    REASON = "reason"
    COMMENT = "comment"
    DONE = "done"


def step_after(step: Step, category: Category | None) -> Step:
    """The next question: a reason only after a sad or detractor score, then the comment."""
    if step is Step.SCORE:
        if category is None:
            return Step.SCORE
        return Step.REASON if is_negative(category) else Step.COMMENT
    if step is Step.REASON:
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
