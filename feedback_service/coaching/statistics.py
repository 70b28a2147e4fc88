"""Scores, confidence intervals, change against an agent's own history, and reasons that stand out.

Plain values in, plain values out: nothing here knows of the database, Flask or Twilio. The
methods and their thresholds are explained where they are chosen; tests/coaching holds the
simulations that tuned them.
"""

from __future__ import annotations

import math
import operator
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

# The change line compares the last 1 to RECENT_WEEKS weeks (ending with the week judged) with
# the BASELINE_WEEKS before them.
#
# Why this method. A supervisor reads the line every week, so what matters is how often a
# year of weekly looks says "changed" for an agent whose level never moved (at most 10 % of
# agent-years), and how soon it sees a real drop (80 % to 55 % happy at 10 answers a week,
# within four weeks). A fixed-level z-test per week cannot do both: looked at 52 times a year
# it flags most stable agents, and raised until it doesn't, it misses most drops. A
# sequential test built for the move it must find does better: a CUSUM, the log-likelihood
# ratio of "the level moved by CHANGE_SHIFT" against "it did not", summed over the last
# 1…RECENT_WEEKS weeks, its largest value against a threshold. The ratio comes from the
# counts themselves (no normal approximation), so it stays valid where a share sits at 0 % or
# 100 %: one sad answer in ten after 120 happy ones gives a ratio near 1, far from the
# threshold. The baseline level is estimated, not known, so the ratio profiles it out (the
# most likely baseline under each hypothesis, from the baseline's and the recent answers
# together): the alarm rate then does not grow with the answers a week, as a plugged-in
# baseline's does for a busy team. A year of baseline keeps that estimate steady.
#
# How far it can go. No weekly test reaches both of the targets above within the budget: a
# CUSUM that knows the agent's level before and after the drop exactly (the quickest
# detector there is for a given rate of false alarms), spending the whole yearly budget on
# "lower", sees the smiley drop within four weeks in about 77 % of cases at 10 answers a week,
# and needs about 14 % of years flagged for 80 %; the NPS drop within six weeks in about 73 %
# (where this test, estimating the level and looking back four weeks, sees 71 % and 48 %).
# `python -m bench signals` prints that limit beside what this test reaches; the thresholds
# below take as much of it as the budget leaves once "higher" and the reasons that stand out
# have their share.
RECENT_WEEKS = 4
BASELINE_WEEKS = 52
# The move the test is built to find, as a tilt of the answers' distribution: the log-odds of
# a happy answer move by this much (80 % ↔ 55 %); a net score's answers span twice the range
# (−1…+1), so half of it per answer value (+50 ↔ +20 at 60/30/10 promoters/passives/critics).
CHANGE_SHIFT = 1.2
# Half an answer of each kind added to the baseline: a baseline at 100 % is no proof that a
# sad answer is impossible.
BASELINE_PRIOR = 0.5


@dataclass(frozen=True)
class ChangeThresholds:
    """The log-likelihood ratios above which the change line says "lower" and "higher"."""

    lower: float
    higher: float


# One pair per kind of scale, set by simulation so that a stable agent is told of a change in
# at most about one year in ten at 5, 10 and 30 answers a week, from 50 % to 97 % happy and from
# NPS −20 to +70. "lower" asks a supervisor to act and names the agent as worth a word, so it
# gets most of that (about 8 %); "higher" gets about 1 %. The two scales differ because their
# ratios do: a net score's three answer values give a smoother ratio whose chance of a high
# value by luck grows with a busy agent's answers (at 30 a week it sets the threshold), a
# smiley's two a coarser one. Lower thresholds buy power with false alarms that break the
# budget; docs/statistics.md quotes both.
SMILEY_THRESHOLDS = ChangeThresholds(lower=4.7, higher=7.5)
NET_SCORE_THRESHOLDS = ChangeThresholds(lower=4.9, higher=7.5)


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
    # None or all: the bound at that end is 0 or 1 exactly, where rounding would leave
    # 2.8e-17 or 0.9999999999999999 (an interval stopping short of the share it holds).
    # Elsewhere clamp only against floating-point noise; Wilson stays inside 0..1 by itself.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


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


def _log_likelihood(counts: Sequence[float], probabilities: Sequence[float]) -> float:
    return sum([c * math.log(p) for c, p in zip(counts, probabilities, strict=True) if c])


def tilted_log_ratio(baseline: Sequence[float], recent: Sequence[float],
                     values: Sequence[int], tilt: float) -> float:
    """The log-likelihood ratio of "the recent answers follow the baseline's distribution
    tilted by `tilt`" against "both follow one distribution", that distribution profiled out.

    Tilting by θ multiplies each answer value's probability by e^(θ·value): for smileys, a
    shift of θ in the log-odds of a happy answer. Under the tilt the most likely baseline q
    solves q_i ∝ (b_i + r_i) / (B + R·e^(θ·v_i) / Z(q)), Z(q) = Σ q_j·e^(θ·v_j) (a Lagrange
    condition); a few rounds of that fixed point converge.
    """
    if len(values) == 2:
        return _tilted_log_ratio_of_two(baseline, recent, values, tilt)
    return _tilted_log_ratio_of_any(baseline, recent, values, tilt)


def _tilted_log_ratio_of_any(baseline: Sequence[float], recent: Sequence[float],
                             values: Sequence[int], tilt: float) -> float:
    """`tilted_log_ratio` on a scale of any number of values."""
    pooled = [b + r for b, r in zip(baseline, recent, strict=True)]
    total_b, total_r = sum(baseline), sum(recent)
    everyone = total_b + total_r
    q = [c / everyone for c in pooled]
    null = _log_likelihood(pooled, q)
    weights = [math.exp(tilt * v) for v in values]
    # R·e^(θ·v_i) / Z(q) is (R·e^(θ·v_i)) / Z(q): its numerators do not change between rounds.
    spread = [(c, total_r * w) for c, w in zip(pooled, weights, strict=True)]
    for _ in range(50):
        z = sum(map(operator.mul, q, weights))
        raw = [c / (total_b + r / z) for c, r in spread]
        norm = sum(raw)
        following = [r / norm for r in raw]
        moved = max(map(abs, map(operator.sub, q, following)))
        q = following
        if moved < 1e-9:
            break
    z = sum(map(operator.mul, q, weights))
    tilted = [qi * w / z for qi, w in zip(q, weights, strict=True)]
    return _log_likelihood(baseline, q) + _log_likelihood(recent, tilted) - null


def _tilted_log_ratio_of_two(baseline: Sequence[float], recent: Sequence[float],
                             values: Sequence[int], tilt: float) -> float:
    """`tilted_log_ratio` on a two-valued scale (a smiley's, a reason's share), written out
    value by value: a week's summaries run it some 16,000 times. Every sum and product is the
    general one's, in the same order, so the two agree to the last bit."""
    b0, b1 = baseline
    r0, r1 = recent
    c0, c1 = b0 + r0, b1 + r1
    total_b, total_r = sum(baseline), sum(recent)
    everyone = total_b + total_r
    q0, q1 = c0 / everyone, c1 / everyone
    null = _log_likelihood((c0, c1), (q0, q1))
    w0, w1 = math.exp(tilt * values[0]), math.exp(tilt * values[1])
    s0, s1 = total_r * w0, total_r * w1
    for _ in range(50):
        z = sum((q0 * w0, q1 * w1))
        raw0, raw1 = c0 / (total_b + s0 / z), c1 / (total_b + s1 / z)
        norm = sum((raw0, raw1))
        f0, f1 = raw0 / norm, raw1 / norm
        moved = max(abs(q0 - f0), abs(q1 - f1))
        q0, q1 = f0, f1
        if moved < 1e-9:
            break
    z = sum((q0 * w0, q1 * w1))
    return (_log_likelihood(baseline, (q0, q1))
            + _log_likelihood(recent, (q0 * w0 / z, q1 * w1 / z)) - null)


def _scale_values(counts: Iterable[Category]) -> list[int]:
    """The answer values of the scale these answers are on: 0 and 1, or −1, 0 and +1."""
    net = any(c in CATEGORIES[SurveyKind.NPS] | CATEGORIES[SurveyKind.CES] for c in counts)
    return [-1, 0, 1] if net else [0, 1]


# Each category's answer value, looked up rather than worked out for every count.
_ANSWER_VALUES = {category: answer_value(category) for category in Category}


def _per_value(counts: Mapping[Category, int], values: Sequence[int]) -> list[int]:
    found = dict.fromkeys(values, 0)
    for category, count in counts.items():
        found[_ANSWER_VALUES[category]] += count
    return [found[v] for v in values]


def _windows(recent_weeks: Sequence[Mapping[Category, int]],
             baseline: Mapping[Category, int]) -> tuple[list[float], list[list[float]],
                                                        list[int]]:
    """The baseline per answer value (with its prior), and the answers of the last 1, 2, ...
    RECENT_WEEKS weeks per answer value: each window a CUSUM tries, once each (a week without
    answers adds a window with the same answers as the shorter one)."""
    weeks = list(recent_weeks[-RECENT_WEEKS:])
    values = _scale_values([*baseline, *(c for week in weeks for c in week)])
    base = [b + BASELINE_PRIOR for b in _per_value(baseline, values)]
    windows: list[list[float]] = []
    # Added up as whole numbers, week by week back from the judged one.
    recent = [0] * len(values)
    for week in reversed(weeks):
        added = _per_value(week, values)
        if not any(added) and any(recent):
            continue
        recent = [r + a for r, a in zip(recent, added, strict=True)]
        if sum(recent):
            windows.append([float(r) for r in recent])
    return base, windows, values


def change_score(recent_weeks: Sequence[Mapping[Category, int]],
                 baseline: Mapping[Category, int]) -> tuple[float, float]:
    """The CUSUM statistics for a move down and for a move up: the largest log-likelihood
    ratio over the last 1…RECENT_WEEKS weeks against the baseline (0 when none favours it)."""
    base, windows, values = _windows(recent_weeks, baseline)
    tilt = CHANGE_SHIFT / (values[-1] - values[0])
    down = up = 0.0
    for counts in windows:
        down = max(down, tilted_log_ratio(base, counts, values, -tilt))
        up = max(up, tilted_log_ratio(base, counts, values, tilt))
    return down, up


def _untilted_log_ratio(baseline: Sequence[float], recent: Sequence[float]) -> float:
    """The log-likelihood ratio of "the recent answers follow a distribution of their own"
    against "both follow one": no tilt of the baseline fits the recent answers better than
    their own distribution does, so this bounds `tilted_log_ratio` from above, in closed form."""
    pooled = [b + r for b, r in zip(baseline, recent, strict=True)]
    return (_log_likelihood(baseline, [b / sum(baseline) for b in baseline])
            + _log_likelihood(recent, [r / sum(recent) for r in recent])
            - _log_likelihood(pooled, [c / sum(pooled) for c in pooled]))


def _could_cross(recent_weeks: Sequence[Mapping[Category, int]],
                 baseline: Mapping[Category, int], thresholds: ChangeThresholds) -> bool:
    """Whether any window's CUSUM could cross a threshold: False when even the closed-form
    bound of every window stays below both, so the line is steady without the CUSUM's own,
    iterative, ratios (most weeks of most agents: a week's summaries are 2,000 of them)."""
    base, windows, _ = _windows(recent_weeks, baseline)
    # Far more than the rounding of either ratio: the bound decides only where it is clear.
    lowest = min(thresholds.lower, thresholds.higher) - 1e-6
    return any(_untilted_log_ratio(base, counts) >= lowest for counts in windows)


def change_against_history(
    recent_weeks: Sequence[Mapping[Category, int]],
    baseline: Mapping[Category, int],
    min_responses: int,
) -> Change | None:
    """Higher, lower or steady: the recent weeks (oldest first, the judged week last) against
    the baseline weeks before them; None when there is too little to judge.

    The CUSUM of `change_score`, tried over the last 1…RECENT_WEEKS weeks so that a sharp drop
    shows at once and a gentle one once it has lasted, against the thresholds of the scale
    (SMILEY_THRESHOLDS or NET_SCORE_THRESHOLDS).
    """
    # A baseline of a few answers would make any week look like a change.
    if sum(baseline.values()) < 2 * max(min_responses, 1):
        return None
    answers = sum(n for week in recent_weeks[-RECENT_WEEKS:] for n in week.values())
    if answers < max(min_responses, 1):
        return None
    net = len(_scale_values([*baseline, *(c for week in recent_weeks for c in week)])) == 3
    thresholds = NET_SCORE_THRESHOLDS if net else SMILEY_THRESHOLDS
    if not _could_cross(recent_weeks, baseline, thresholds):
        return Change.STEADY
    down, up = change_score(recent_weeks, baseline)
    if down > thresholds.lower and down - thresholds.lower >= up - thresholds.higher:
        return Change.LOWER
    if up > thresholds.higher:
        return Change.HIGHER
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
# is below STANDOUT_P; and only from STANDOUT_MIN_COUNT answers, so that one bad day is not a
# pattern. The test runs every week for each of an agent's reasons, so 0.05 a look named a
# stable agent nearly every year; held to a yearly budget per agent (with the "lower" line,
# together at most about one year in ten of a stable agent's weekly looks), the chance must be
# far smaller. The "lower" line takes about 8 % of that year in ten, so the reasons get about
# 2 %: at 0.0003 a look they named up to 5 % of stable agents' years (NPS +50 at 10 answers a
# week), at 0.0001 about 1–2.5 %. `python -m bench signals` measures the two together.
STANDOUT_P = 0.0001
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


def change_in_share(recent_weeks: Sequence[tuple[int, int]], baseline: tuple[int, int],
                    min_responses: int) -> Change | None:
    """Higher, lower or steady for a share (a reason's share of the answers): the recent weeks
    as (giving it, all answers), oldest first, against the baseline weeks' total.

    The very rule of `change_against_history`, on the two-valued scale it already knows: each
    answer is a 1 when it gave the reason and a 0 when it did not, so the CUSUM, its built-for
    move and its thresholds (and the yearly false-alarm budget they keep) are the coaching
    signals' own.
    """
    def as_counts(given: int, answers: int) -> dict[Category, int]:
        return {Category.HAPPY: given, Category.SAD: answers - given}

    return change_against_history([as_counts(*week) for week in recent_weeks],
                                  as_counts(*baseline), min_responses)


def hypergeometric_tails(k_after: int, n_before: int, n_after: int,
                         given: int) -> tuple[float, float]:
    """P(X ≤ k_after) and P(X ≥ k_after) for X the number of the `given` answers (of
    n_before + n_after) that fall in the `n_after`: Fisher's exact test's two one-sided tails.

    Summed in log space over the whole support (at most a few thousand terms for a reason's
    16 weeks), so the tails are exact, also at shares of 0 % or 100 %.
    """
    total = n_before + n_after
    if not (0 <= k_after <= n_after and 0 <= given <= total and k_after <= given):
        raise ValueError("counts do not fit together")
    low_x, high_x = max(0, n_after - (total - given)), min(given, n_after)

    def log_pmf(x: int) -> float:
        return (math.lgamma(given + 1) - math.lgamma(x + 1) - math.lgamma(given - x + 1)
                + math.lgamma(total - given + 1) - math.lgamma(n_after - x + 1)
                - math.lgamma(total - given - n_after + x + 1)
                - (math.lgamma(total + 1) - math.lgamma(n_after + 1)
                   - math.lgamma(total - n_after + 1)))

    logs = [log_pmf(x) for x in range(low_x, high_x + 1)]
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    everything = sum(weights)
    at = k_after - low_x
    return (min(1.0, sum(weights[:at + 1]) / everything),
            min(1.0, sum(weights[at:]) / everything))


# An improvement action's effect is looked at every week while its "after" span grows, up to
# AFTER_WEEKS_LOOKED looks. Holding the chance of ever calling a change that did not happen to
# EFFECT_FALSE_ALARM over all of them (Bonferroni: the looks' chances add up at most), each
# look tests each direction at EFFECT_FALSE_ALARM / (2 · looks). Fisher's exact test is valid
# at any number of answers (no normal approximation), where a reason's share over 8 weeks of a
# small team is a handful of answers.
EFFECT_FALSE_ALARM = 0.05
AFTER_WEEKS_LOOKED = 8
EFFECT_LEVEL = EFFECT_FALSE_ALARM / (2 * AFTER_WEEKS_LOOKED)


def effect_of_change(before: tuple[int, int], after: tuple[int, int], *, after_complete: bool,
                     min_responses: int) -> Change | None:
    """Lower, higher or steady: a share after a change against the share before it, each as
    (giving the reason, all answers); None while too little is known.

    Lower or higher as soon as Fisher's exact test says so at EFFECT_LEVEL; steady only once
    the after span is complete (till then, no difference yet is not yet "no difference"); None
    while either side has fewer than min_responses answers.
    """
    (k_before, n_before), (k_after, n_after) = before, after
    if min(n_before, n_after) < max(min_responses, 1):
        return None
    lower, higher = hypergeometric_tails(k_after, n_before, n_after, k_before + k_after)
    if lower <= EFFECT_LEVEL:
        return Change.LOWER
    if higher <= EFFECT_LEVEL:
        return Change.HIGHER
    return Change.STEADY if after_complete else None
