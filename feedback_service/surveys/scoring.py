"""Survey kinds, score scales and the category each score falls in."""

from __future__ import annotations

import enum


class SurveyKind(enum.StrEnum):
    SMILEY = "smiley"
    NPS = "nps"


class Category(enum.StrEnum):
    HAPPY = "happy"
    SAD = "sad"
    PROMOTER = "promoter"
    PASSIVE = "passive"
    DETRACTOR = "detractor"


# Smiley answers are stored as their keypad digit: 1 happy, 2 sad.
SMILEY_HAPPY = 1
SMILEY_SAD = 2

NEGATIVE_CATEGORIES = frozenset({Category.SAD, Category.DETRACTOR})
POSITIVE_CATEGORIES = frozenset({Category.HAPPY, Category.PROMOTER})


def score_range(kind: SurveyKind) -> range:
    """The scores a survey of this kind accepts."""
    return range(1, 3) if kind is SurveyKind.SMILEY else range(0, 11)


def is_valid_score(kind: SurveyKind, score: int) -> bool:
    return score in score_range(kind)


def categorize(kind: SurveyKind, score: int) -> Category:
    """The category of a score: happy/sad, or the NPS promoter/passive/detractor bands."""
    if not is_valid_score(kind, score):
        raise ValueError(f"{score} is not a valid {kind} score")
    if kind is SurveyKind.SMILEY:
        return Category.HAPPY if score == SMILEY_HAPPY else Category.SAD
    if score >= 9:
        return Category.PROMOTER
    if score >= 7:
        return Category.PASSIVE
    return Category.DETRACTOR


def is_negative(category: Category) -> bool:
    """Whether the answer calls for the reason question and a follow-up."""
    return category in NEGATIVE_CATEGORIES
