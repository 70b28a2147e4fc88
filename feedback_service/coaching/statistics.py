"""Scores, confidence intervals, change against an agent's own history, and reasons that stand out.

Plain values in, plain values out: nothing here knows of the database, Flask or Twilio. The
methods and their thresholds are explained where they are chosen; tests/coaching holds the
simulations that tuned them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from feedback_service.surveys.scoring import (
    CATEGORIES,
    Category,
    SurveyKind,
    answer_value,
    is_net_score,
)

# 1.96 gives the usual two-sided 95 % interval.
Z_95 = 1.96

# The change line compares the last RECENT_WEEKS (ending with the week judged) with the
# BASELINE_WEEKS before them: one week alone is too few answers to judge anybody on.
RECENT_WEEKS = 4
BASELINE_WEEKS = 12
# |z| above this flags a change. Looking at 1, 2, 3 and 4 recent weeks makes four tries at a
# flag, so the threshold is higher than the single test's 1.96: a simulation of stable agents
# (tests/coaching/test_change_simulation.py) tuned it to flag at most 5 % of their weeks, while
# a real drop from 80 % to 55 % happy at 10 answers a week is flagged most weeks after it.
CHANGE_Z = 2.5


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


def net_score_interval(
    positives: int, neutrals: int, negatives: int, z: float = Z_95
) -> tuple[float, float]:
    """The 95 % interval of an NPS or Net Easy score on −100..+100, by the adjusted Wald method.

    The plain Wald interval, score ± z·√(variance/n), collapses to a point when every answer is
    alike (5 promoters of 5 gave [+100, +100]) and covers the true score only about 90 % of the
    time at 5–20 answers. Adding ¾ of a positive and ¾ of a negative answer (and so 1½ neutral
    ones: n + 3 in all) before computing it keeps the coverage near 95 % at small n; the
    simulation in tests/coaching/test_statistics.py checks that.
    """
    if min(positives, neutrals, negatives) < 0:
        raise ValueError("counts cannot be negative")
    n = positives + neutrals + negatives + 3
    p, d = (positives + 0.75) / n, (negatives + 0.75) / n
    score = p - d
    # Each answer counts +1, 0 or −1, so its variance is E[x²] − E[x]² = p + d − (p − d)².
    half = z * math.sqrt((p + d - score * score) / n)
    return max(-100.0, 100 * (score - half)), min(100.0, 100 * (score + half))


@dataclass(frozen=True)
class ScoreSummary:
    """A score over some answers: % happy for smiley, −100…100 for NPS and Net Easy.

    `value`, `low` and `high` are None when there are fewer answers than the minimum.
    """

    kind: SurveyKind
    answers: int
    value: float | None
    low: float | None
    high: float | None

    @property
    def enough(self) -> bool:
        return self.value is not None


def _check_categories(kind: SurveyKind, categories: Iterable[Category]) -> None:
    # A smiley answer in an NPS summary (or the reverse) means two scales were mixed.
    stray = set(categories) - CATEGORIES[kind]
    if stray:
        raise ValueError(f"{sorted(stray)} do not belong to a {kind} survey")


def summarize_scores(
    kind: SurveyKind, counts: Mapping[Category, int], min_responses: int
) -> ScoreSummary:
    """The score and its 95 % interval, withheld ("too few answers") below min_responses."""
    counts = +Counter(counts)
    _check_categories(kind, counts)
    n = sum(counts.values())
    # Judging an individual on a few answers is unfair, and with none there is no score at all.
    if n < max(min_responses, 1):
        return ScoreSummary(kind, n, None, None, None)
    if is_net_score(kind):
        positives = sum(c for category, c in counts.items() if answer_value(category) > 0)
        negatives = sum(c for category, c in counts.items() if answer_value(category) < 0)
        low, high = net_score_interval(positives, n - positives - negatives, negatives)
        return ScoreSummary(kind, n, 100 * (positives - negatives) / n, low, high)
    happy = counts[Category.HAPPY]
    low, high = wilson_interval(happy, n)
    return ScoreSummary(kind, n, 100 * happy / n, 100 * low, 100 * high)


class Change(StrEnum):
    """How the recent weeks compare with the agent's (or team's) own earlier weeks."""

    HIGHER = "higher"
    LOWER = "lower"
    STEADY = "steady"


def _pooled_z(recent: Counter[int], baseline: Counter[int]) -> float:
    """The two-sample z statistic of the mean answer value, with the variance pooled under H0."""
    n1, n2 = sum(recent.values()), sum(baseline.values())
    mean1 = sum(v * c for v, c in recent.items()) / n1
    mean2 = sum(v * c for v, c in baseline.items()) / n2
    pooled = recent + baseline
    n = n1 + n2
    mean = sum(v * c for v, c in pooled.items()) / n
    variance = sum(v * v * c for v, c in pooled.items()) / n - mean * mean
    if variance <= 1e-12:
        return 0.0  # every answer alike in both: nothing moved
    return (mean1 - mean2) / math.sqrt(variance * (1 / n1 + 1 / n2))


def _values(counts: Mapping[Category, int]) -> Counter[int]:
    values: Counter[int] = Counter()
    for category, count in counts.items():
        values[answer_value(category)] += count
    return values


def change_against_history(
    recent_weeks: Sequence[Mapping[Category, int]],
    baseline: Mapping[Category, int],
    min_responses: int,
) -> Change | None:
    """Higher, lower or steady: the recent weeks (oldest first, the judged week last) against
    the baseline weeks before them; None when there is too little to judge.

    A two-sample test of the mean answer value (a two-proportion test for smileys), tried over
    the last 1, 2, 3 and 4 weeks so that a sharp drop shows at once and a gentle one once it
    has lasted; the largest |z| decides, against CHANGE_Z.
    """
    base = _values(baseline)
    # A baseline of a few answers would make any week look like a change.
    if sum(base.values()) < 2 * max(min_responses, 1):
        return None
    best: float | None = None
    recent: Counter[int] = Counter()
    for week in reversed(recent_weeks[-RECENT_WEEKS:]):
        recent += _values(week)
        if sum(recent.values()) < max(min_responses, 1):
            continue
        z = _pooled_z(recent, base)
        if best is None or abs(z) > abs(best):
            best = z
    if best is None:
        return None
    if best > CHANGE_Z:
        return Change.HIGHER
    if best < -CHANGE_Z:
        return Change.LOWER
    return Change.STEADY


def response_rate(answered: int, sent: int) -> float | None:
    """The share (0..1) of sent surveys that were answered, or None when nothing was sent."""
    if answered < 0 or sent < 0:
        raise ValueError("counts cannot be negative")
    return None if sent == 0 else min(1.0, answered / sent)


def share_if_enough(count: int, total: int, min_responses: int) -> float | None:
    """count / total, or None when the total is below the minimum (one answer is not 100 %)."""
    if total < max(min_responses, 1):
        return None
    return count / total


# Terms this far (in natural log) below the largest one cannot change a double's sum.
_NEGLIGIBLE = 50.0


def binomial_upper_tail(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p), summed in log space.

    Each term follows from the one before it (times (n - i) / (i + 1) · p / q), and the sum
    stops once the terms, falling past the distribution's peak, are too small to count: a
    team's weeks give hundreds of terms per reason, and this runs for every reason of every
    agent and team in a week's summaries.
    """
    if k <= 0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    log_odds = log_p - log_q
    term = (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
            + k * log_p + (n - k) * log_q)
    terms, top = [term], term
    for i in range(k, n):
        following = term + math.log((n - i) / (i + 1)) + log_odds
        if following < term and following < top - _NEGLIGIBLE:
            break  # past the peak the terms only fall
        term = following
        terms.append(term)
        top = max(top, term)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


# A reason stands out when the chance of seeing this many of it by luck, at the expected rate,
# is below this; and only from this many answers, so that one bad day is not a pattern.
STANDOUT_P = 0.05
STANDOUT_MIN_COUNT = 3
# The team's mix counts as this many answers of prior knowledge of the agent's usual rate, so a
# new agent with little history is set against the team's mix and a long-serving one mostly
# against their own past.
TEAM_MIX_WEIGHT = 20


@dataclass(frozen=True)
class ReasonRates:
    """How often each reason was given, out of how many answers, over some weeks."""

    counts: Mapping[str, int]
    answers: int


def standout_reason(
    candidates: Sequence[str], recent: ReasonRates, own_history: ReasonRates,
    reference: ReasonRates | None = None,
) -> str | None:
    """The candidate reason given unusually often lately, or None when none stands out.

    Each reason's expected rate per answer is the scope's own history, drawn towards the
    reference mix (the team's, for an agent) when that history is thin; a reason stands out
    when at least STANDOUT_MIN_COUNT recent answers gave it and so many would happen by chance
    with probability below STANDOUT_P (binomial tail). The least likely one wins; on a tie the
    catalogue's order decides, never anything about the agent.
    """
    best: tuple[float, int] | None = None
    chosen = None
    for order, code in enumerate(candidates):
        count = recent.counts.get(code, 0)
        if count < STANDOUT_MIN_COUNT:
            continue
        prior_rate, prior_weight = 0.0, 0.0
        if reference is not None and reference.answers:
            prior_rate = reference.counts.get(code, 0) / reference.answers
            prior_weight = TEAM_MIX_WEIGHT
        # Half an answer of smoothing: a reason never seen before is rare, not impossible.
        expected = ((own_history.counts.get(code, 0) + prior_rate * prior_weight + 0.5)
                    / (own_history.answers + prior_weight + 1))
        chance = binomial_upper_tail(count, recent.answers, expected)
        if chance < STANDOUT_P and (best is None or (chance, order) < best):
            best, chosen = (chance, order), code
    return chosen
