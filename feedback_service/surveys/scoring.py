"""Survey kinds, score scales, the category each score falls in, and what an answer is worth."""

from __future__ import annotations

import enum


class SurveyKind(enum.StrEnum):
    SMILEY = "smiley"
    NPS = "nps"
    CES = "ces"  # Net Easy: "how easy was it to get the help you wanted?"


class Category(enum.StrEnum):
    HAPPY = "happy"
    SAD = "sad"
    PROMOTER = "promoter"
    PASSIVE = "passive"
    DETRACTOR = "detractor"
    EASY = "easy"
    NEUTRAL = "neutral"
    DIFFICULT = "difficult"


# Smiley answers are stored as their keypad digit: 1 happy, 2 sad.
SMILEY_HAPPY = 1
SMILEY_SAD = 2

NEGATIVE_CATEGORIES = frozenset({Category.SAD, Category.DETRACTOR, Category.DIFFICULT})
POSITIVE_CATEGORIES = frozenset({Category.HAPPY, Category.PROMOTER, Category.EASY})

CATEGORIES: dict[SurveyKind, frozenset[Category]] = {
    SurveyKind.SMILEY: frozenset({Category.HAPPY, Category.SAD}),
    SurveyKind.NPS: frozenset({Category.PROMOTER, Category.PASSIVE, Category.DETRACTOR}),
    SurveyKind.CES: frozenset({Category.EASY, Category.NEUTRAL, Category.DIFFICULT}),
}


def score_range(kind: SurveyKind) -> range:
    """The scores a survey of this kind accepts."""
    if kind is SurveyKind.SMILEY:
        return range(1, 3)
    if kind is SurveyKind.CES:
        return range(1, 6)  # 1 very difficult … 5 very easy
    return range(0, 11)


def is_valid_score(kind: SurveyKind, score: int) -> bool:
    return score in score_range(kind)


def categorize(kind: SurveyKind, score: int) -> Category:
    """The category of a score: happy/sad, the NPS bands, or the Net Easy bands."""
    if not is_valid_score(kind, score):
        raise ValueError(f"{score} is not a valid {kind} score")
    if kind is SurveyKind.SMILEY:
        return Category.HAPPY if score == SMILEY_HAPPY else Category.SAD
    if kind is SurveyKind.CES:
        return Category.EASY if score >= 4 else Category.NEUTRAL if score == 3 else (
            Category.DIFFICULT)
    if score >= 9:
        return Category.PROMOTER
    if score >= 7:
        return Category.PASSIVE
    return Category.DETRACTOR


def is_negative(category: Category) -> bool:
    """Whether the answer calls for the reason question and a follow-up."""
    return category in NEGATIVE_CATEGORIES


def is_net_score(kind: SurveyKind) -> bool:
    """NPS and Net Easy are a share of positives minus a share of negatives, −100…100."""
    return kind is not SurveyKind.SMILEY


def answer_value(category: Category) -> int:
    """What one answer adds to its scale's score, before taking the mean and × 100.

    A smiley score is the share of happy answers (happy 1, sad 0); a net score is the share of
    positives minus the share of negatives (+1, 0, −1). Written this way, every scale's score
    is the mean of its answers' values, and one statistical test serves them all.
    """
    if category in POSITIVE_CATEGORIES:
        return 1
    if category in NEGATIVE_CATEGORIES and category is not Category.SAD:
        return -1
    return 0
