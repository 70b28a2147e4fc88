"""Scores, confidence intervals, trends and reason rankings for one agent's coaching digest."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from feedback_service.surveys.reasons import ReasonCatalogue
from feedback_service.surveys.scoring import Category, SurveyKind

# Callers pool the agent's own previous eight weeks as the baseline for a trend.
HISTORY_WEEKS = 8

# 1.96 gives the usual two-sided 95 % interval.
Z_95 = 1.96

_SMILEY_CATEGORIES = frozenset({Category.HAPPY, Category.SAD})
_NPS_CATEGORIES = frozenset({Category.PROMOTER, Category.PASSIVE, Category.DETRACTOR})


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a share of successes, as a pair in 0..1."""
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got {successes} of {n}")
    if n == 0:
        # No answers say nothing: the whole range is possible.
        return 0.0, 1.0
    # Wilson rather than the normal approximation: an agent's week is often a
    # handful of answers, where p ± z·se collapses to a point at 0 % or 100 %
    # and spills outside 0..1.
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # Clamp only against floating-point noise; Wilson stays inside 0..1 by itself.
    return max(0.0, centre - half), min(1.0, centre + half)


def nps_interval(
    promoters: int, passives: int, detractors: int, z: float = Z_95
) -> tuple[float, float]:
    """The confidence interval of an NPS on the −100..+100 scale, from the trinomial variance."""
    if min(promoters, passives, detractors) < 0:
        raise ValueError("counts cannot be negative")
    n = promoters + passives + detractors
    if n == 0:
        return -100.0, 100.0
    p, d = promoters / n, detractors / n
    nps = p - d
    # Each answer counts +1, 0 or −1, so its variance is E[x²] − E[x]² = p + d − (p − d)².
    half = z * math.sqrt((p + d - nps * nps) / n)
    # The normal approximation can leave the scale with few answers; the scale bounds are hard.
    return max(-100.0, 100 * (nps - half)), min(100.0, 100 * (nps + half))


@dataclass(frozen=True)
class ScoreSummary:
    """One period's score: percent happy for smiley, NPS for nps; None when too few answers."""

    kind: SurveyKind
    answers: int
    value: float | None
    low: float | None
    high: float | None
    enough: bool


def _check_categories(kind: SurveyKind, categories: Sequence[Category]) -> None:
    # A smiley answer in an NPS summary (or the reverse) means two scales were mixed.
    allowed = _SMILEY_CATEGORIES if kind is SurveyKind.SMILEY else _NPS_CATEGORIES
    stray = set(categories) - allowed
    if stray:
        raise ValueError(f"{sorted(stray)} do not belong to a {kind} survey")


def _score_and_interval(
    kind: SurveyKind, counts: Counter[Category], n: int
) -> tuple[float, float, float]:
    if kind is SurveyKind.SMILEY:
        happy = counts[Category.HAPPY]
        low, high = wilson_interval(happy, n)
        return 100 * happy / n, 100 * low, 100 * high
    promoters, detractors = counts[Category.PROMOTER], counts[Category.DETRACTOR]
    low, high = nps_interval(promoters, counts[Category.PASSIVE], detractors)
    return 100 * (promoters - detractors) / n, low, high


def summarize_scores(
    kind: SurveyKind, categories: Sequence[Category], min_responses: int
) -> ScoreSummary:
    """The score and its 95 % interval, withheld ("too few answers") below min_responses."""
    _check_categories(kind, categories)
    n = len(categories)
    # Judging an individual on a few answers is unfair, and with none there is no score at all.
    if n < max(min_responses, 1):
        return ScoreSummary(kind, n, None, None, None, enough=False)
    value, low, high = _score_and_interval(kind, Counter(categories), n)
    return ScoreSummary(kind, n, value, low, high, enough=True)


class Trend(StrEnum):
    """How an agent's week compares with their own recent weeks."""

    UP = "up"
    DOWN = "down"
    STEADY = "steady"
    UNKNOWN = "unknown"


def compare_summaries(current: ScoreSummary, previous: ScoreSummary) -> Trend:
    """UP or DOWN only when the two intervals do not overlap, STEADY when they do."""
    if current.kind is not previous.kind:
        raise ValueError("cannot compare a smiley score with an NPS")
    if not (current.enough and previous.enough):
        return Trend.UNKNOWN
    # Requiring disjoint intervals is conservative on purpose: a coaching note
    # should not react to an ordinary week-to-week wobble.
    if current.low > previous.high:
        return Trend.UP
    if current.high < previous.low:
        return Trend.DOWN
    return Trend.STEADY


def compare_with_own_history(
    kind: SurveyKind,
    current: Sequence[Category],
    previous: Sequence[Category],
    min_responses: int,
) -> Trend:
    """The trend of this week's answers against the pooled answers of the agent's own past weeks."""
    # Only the agent's own history is a baseline: agents are never set against each other.
    return compare_summaries(
        summarize_scores(kind, current, min_responses),
        summarize_scores(kind, previous, min_responses),
    )


def response_rate(answered: int, sent: int) -> float | None:
    """The share (0..1) of sent surveys that were answered, or None when nothing was sent."""
    if answered < 0 or sent < 0:
        raise ValueError("counts cannot be negative")
    if answered > sent:
        # Answers and sends must be counted over the same surveys; anything else is a caller bug.
        raise ValueError(f"{answered} answers to {sent} surveys")
    return None if sent == 0 else answered / sent


@dataclass(frozen=True)
class ReasonCount:
    """How often one reason was given, as a count and a share of all unhappy answers."""

    code: str
    count: int
    share: float
    customer_service: bool


def _count_reasons(
    reason_codes: Sequence[str | None], catalogue: ReasonCatalogue
) -> list[ReasonCount]:
    counts = Counter(reason_codes)
    total = len(reason_codes)
    found = [
        ReasonCount(r.code, counts[r.code], counts[r.code] / total, r.customer_service)
        for r in catalogue.reasons
        if counts[r.code]
    ]
    # sorted() is stable, so equal counts keep catalogue order, never anything agent-related.
    return sorted(found, key=lambda rc: -rc.count)


def rank_reasons(
    reason_codes: Sequence[str | None], catalogue: ReasonCatalogue
) -> tuple[list[ReasonCount], list[ReasonCount]]:
    """Reasons of unhappy answers, most frequent first: customer-service ones, then the others."""
    # The denominator is every unhappy answer, so a missing (None) or unknown
    # code still counts as "no reason given" without getting a row of its own.
    ranked = _count_reasons(reason_codes, catalogue)
    # Reasons outside customer service go to the rest of the company, not into the coaching.
    return (
        [rc for rc in ranked if rc.customer_service],
        [rc for rc in ranked if not rc.customer_service],
    )


def coaching_focus(
    reason_codes: Sequence[str | None],
    catalogue: ReasonCatalogue,
    min_count: int = 3,
    min_share: float = 0.3,
) -> str | None:
    """The most frequent customer-service reason when frequent enough to coach on, else None."""
    customer_service, _ = rank_reasons(reason_codes, catalogue)
    if not customer_service:
        return None
    top = customer_service[0]
    # Both thresholds: a count so one bad day is not a pattern, a share so it is what most
    # complaints are about.
    return top.code if top.count >= min_count and top.share >= min_share else None


def customer_service_categories(
    answers: Sequence[tuple[Category, str | None]], catalogue: ReasonCatalogue
) -> list[Category]:
    """The categories behind the customer-service score: answers blamed on reasons outside it go."""
    outside = {r.code for r in catalogue.reasons if not r.customer_service}
    # An unhappy answer about the product says nothing about the call the agent handled; it
    # still counts in the totals, which take every answer.
    return [category for category, reason in answers if reason not in outside]
