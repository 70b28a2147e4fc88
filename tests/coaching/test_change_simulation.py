"""The change line, tuned by simulation: how often it cries wolf, and how often it sees a drop.

Simulated agents answer week after week; the change line judges every week against the agent's
own history, exactly as the digests do. Run this file directly to print the table docs/statistics.md
quotes: `.venv/bin/python -m tests.coaching.test_change_simulation`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

from feedback_service.coaching.statistics import (
    BASELINE_WEEKS,
    RECENT_WEEKS,
    Change,
    change_against_history,
)
from feedback_service.surveys.scoring import Category

MIN_RESPONSES = 5
SEED = 2026
Week = Counter[Category]


def smiley_week(happy: float, answers: int) -> Callable[[random.Random], Week]:
    def draw(rng: random.Random) -> Week:
        return Counter(Category.HAPPY if rng.random() < happy else Category.SAD
                       for _ in range(answers))
    return draw


def nps_week(promoters: float, detractors: float, answers: int) -> Callable[[random.Random], Week]:
    def draw(rng: random.Random) -> Week:
        week: Week = Counter()
        for _ in range(answers):
            roll = rng.random()
            week[Category.PROMOTER if roll < promoters else
                 Category.DETRACTOR if roll < promoters + detractors else Category.PASSIVE] += 1
        return week
    return draw


def judge(weeks: list[Week]) -> Change | None:
    """The change line for the last of `weeks`, as a digest computes it."""
    recent = weeks[-RECENT_WEEKS:]
    baseline = sum(weeks[-RECENT_WEEKS - BASELINE_WEEKS:-RECENT_WEEKS], Counter())
    return change_against_history(recent, baseline, MIN_RESPONSES)


def false_alarm_rate(draw: Callable[[random.Random], Week], rng: random.Random,
                     agents: int = 40, weeks: int = 40) -> float:
    """The share of a stable agent's weeks that get a "higher" or "lower" line."""
    flagged = judged = 0
    history_weeks = RECENT_WEEKS + BASELINE_WEEKS
    for _ in range(agents):
        series = [draw(rng) for _ in range(weeks)]
        for end in range(history_weeks, weeks + 1):
            change = judge(series[end - history_weeks:end])
            if change is not None:
                judged += 1
                flagged += change is not Change.STEADY
    return flagged / judged


def detection_rate(before: float, after: float, answers: int, rng: random.Random,
                   agents: int = 600) -> float:
    """The share of the RECENT_WEEKS weeks after a drop that get a "lower" line."""
    seen = judged = 0
    for _ in range(agents):
        series = [smiley_week(before, answers)(rng) for _ in range(BASELINE_WEEKS + RECENT_WEEKS)]
        series += [smiley_week(after, answers)(rng) for _ in range(RECENT_WEEKS)]
        for weeks_after in range(1, RECENT_WEEKS + 1):
            end = BASELINE_WEEKS + RECENT_WEEKS + weeks_after
            judged += 1
            seen += judge(series[end - BASELINE_WEEKS - RECENT_WEEKS:end]) is Change.LOWER
    return seen / judged


STABLE_AGENTS = {
    "smiley 60 % happy, 5 answers a week": smiley_week(0.60, 5),
    "smiley 80 % happy, 6 answers a week": smiley_week(0.80, 6),
    "smiley 80 % happy, 10 answers a week": smiley_week(0.80, 10),
    "smiley 95 % happy, 10 answers a week": smiley_week(0.95, 10),
    "smiley 80 % happy, 20 answers a week": smiley_week(0.80, 20),
    "NPS +50 (60/30/10), 5 answers a week": nps_week(0.60, 0.10, 5),
    "NPS +75 (80/15/5), 6 answers a week": nps_week(0.80, 0.05, 6),
    "NPS +10 (40/30/30), 10 answers a week": nps_week(0.40, 0.30, 10),
    "NPS +88 (90/8/2), 20 answers a week": nps_week(0.90, 0.02, 20),
}


def simulation_table() -> list[tuple[str, float]]:
    rng = random.Random(SEED)
    rows = [(f"stable: {name}", false_alarm_rate(draw, rng))
            for name, draw in STABLE_AGENTS.items()]
    rows.append(("drop 80 % → 55 % happy, 10 answers a week",
                 detection_rate(0.80, 0.55, 10, rng)))
    return rows


def test_stable_agents_are_flagged_in_at_most_five_percent_of_weeks():
    rng = random.Random(SEED)
    for name, draw in STABLE_AGENTS.items():
        assert false_alarm_rate(draw, rng) <= 0.05, name


def test_a_drop_from_80_to_55_percent_is_seen_at_least_half_the_time():
    assert detection_rate(0.80, 0.55, 10, random.Random(SEED)) >= 0.5


if __name__ == "__main__":
    for name, rate in simulation_table():
        print(f"| {name} | {100 * rate:.1f} % |")
