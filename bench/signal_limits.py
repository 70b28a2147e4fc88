"""The most any weekly test could see of a drop within a yearly false-alarm budget: a detector
that knows the agent's true level before the drop and the exact level after it.

Page's CUSUM with the exact log-likelihood ratio of the two levels (per answer, summed over a
week, restarted at zero whenever it falls below) is the quickest detector of a known change
for a given rate of false alarms (Lorden; Moustakides). A test run on real answers knows
neither level: it estimates the one before from the baseline and must also catch drops of
other sizes. So the power this oracle reaches at a false-alarm budget bounds what the change
line can reach at that budget, and shows whether a target is reachable at all.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

# Weeks of stable answers before the year judged (or before the drop), so the CUSUM starts in
# its usual state rather than at zero.
WARM_UP_WEEKS = 52


@dataclass(frozen=True)
class WeekOutcomes:
    """Every possible week of `answers` answers: its chance before the drop, after it, and its
    log-likelihood ratio (after against before)."""

    before: list[float]
    after: list[float]
    ratio: list[float]

    def drawer(self, chances: list[float]) -> tuple[list[float], list[float]]:
        """What `draw` needs: the cumulative chances, and the ratios in the same order."""
        return list(accumulate(chances)), self.ratio


def _multinomial(counts: Sequence[int], chances: Sequence[float]) -> float:
    log = math.lgamma(sum(counts) + 1)
    for count, chance in zip(counts, chances, strict=True):
        log += count * math.log(chance) - math.lgamma(count + 1)
    return math.exp(log)


def _splits(answers: int, categories: int) -> list[tuple[int, ...]]:
    if categories == 1:
        return [(answers,)]
    return [(first, *rest) for first in range(answers + 1)
            for rest in _splits(answers - first, categories - 1)]


def week_outcomes(before: Sequence[float], after: Sequence[float], answers: int) -> WeekOutcomes:
    """The weeks of `answers` answers in categories with these chances before and after."""
    weeks = _splits(answers, len(before))
    per_answer = [math.log(a / b) for a, b in zip(after, before, strict=True)]
    return WeekOutcomes(
        before=[_multinomial(w, before) for w in weeks],
        after=[_multinomial(w, after) for w in weeks],
        ratio=[sum(c * r for c, r in zip(w, per_answer, strict=True)) for w in weeks],
    )


def _draw(cumulative: list[float], ratio: list[float], rng: random.Random) -> float:
    index = bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
    return ratio[min(index, len(ratio) - 1)]


def _cusum_peaks(outcomes: WeekOutcomes, weeks_after: int, drop: bool, runs: int,
                 rng: random.Random) -> list[float]:
    """Per run, the CUSUM's highest value over the judged weeks: the 52 weekly looks of a
    stable year, or the `weeks_after` weeks after a drop."""
    stable = outcomes.drawer(outcomes.before)
    judged = outcomes.drawer(outcomes.after) if drop else stable
    peaks = []
    for _ in range(runs):
        cusum = 0.0
        for _ in range(WARM_UP_WEEKS):
            cusum = max(0.0, cusum + _draw(*stable, rng))
        peak = 0.0
        for _ in range(weeks_after):
            cusum = max(0.0, cusum + _draw(*judged, rng))
            peak = max(peak, cusum)
        peaks.append(peak)
    return peaks


@dataclass(frozen=True)
class Limit:
    """What the oracle reaches: its power within the horizon at the yearly budget, and the
    yearly false alarms it needs for the target power."""

    power_at_budget: float
    false_alarms_for_target: float


def _interpolated(points: list[tuple[float, float]], at: float, along: int) -> float:
    """The other coordinate where the line between the two points either side of `at` (in
    coordinate `along`) crosses it. Choosing one threshold or the next by a coin for each
    agent-year mixes their false alarms and their power in the same proportion, so every point
    on that line is a test too: the answers' counts are whole numbers, and the thresholds
    alone would jump past the budget."""
    below = max((p for p in points if p[along] <= at), key=lambda p: p[along])
    above = min((p for p in points if p[along] >= at), key=lambda p: p[along])
    if above[along] == below[along]:
        return below[1 - along]
    share = (at - below[along]) / (above[along] - below[along])
    return below[1 - along] + share * (above[1 - along] - below[1 - along])


def oracle_limit(before: Sequence[float], after: Sequence[float], answers: int, horizon: int,
                 budget: float, target: float, runs: int, seed: int) -> Limit:
    """The oracle CUSUM's trade-off between false alarms per agent-year and power within
    `horizon` weeks, over every threshold (and every coin between two of them)."""
    rng = random.Random(seed)
    outcomes = week_outcomes(before, after, answers)
    years = _cusum_peaks(outcomes, 52, drop=False, runs=runs, rng=rng)
    drops = _cusum_peaks(outcomes, horizon, drop=True, runs=runs, rng=rng)
    points = [(1.0, 1.0), (0.0, 0.0)]
    for threshold in sorted(set(years)):
        points.append((sum(peak > threshold for peak in years) / runs,
                       sum(peak > threshold for peak in drops) / runs))
    return Limit(_interpolated(_upper_hull(points), budget, 0),
                 _interpolated(_upper_hull(points), target, 1))


def _upper_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The points no coin between two others beats: the upper convex hull."""
    hull: list[tuple[float, float]] = []
    for point in sorted(set(points)):
        while len(hull) >= 2 and ((hull[-1][0] - hull[-2][0]) * (point[1] - hull[-2][1])
                                  - (hull[-1][1] - hull[-2][1]) * (point[0] - hull[-2][0])) >= 0:
            hull.pop()
        hull.append(point)
    return hull
