"""`python -m bench signals`: how often the weekly signals say something that isn't so, and
how soon they see what is, by simulated agents driven through the service's own summaries.

Each simulated agent answers a fixed number of surveys a week; every week is judged by
`summarize` (the function pages, digests and the summaries API render) from the same history
buckets the digests read: the year of baseline weeks in one total, then the recent weeks one
by one. Prints, for 5, 10 and 30 answers a week, the false alarms per agent-year of "change"
and of "worth a word", the power and median weeks to detection of two drops, and the
coverage of the score intervals, each with its Monte Carlo error; and, to show what no test can
beat, the power of a detector that knows both levels exactly (bench/signal_limits.py) at the
same yearly budget.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from bench.signal_limits import oracle_limit
from feedback_service.coaching.read_model import AnswerCounts
from feedback_service.coaching.statistics import (
    BASELINE_WEEKS,
    RECENT_WEEKS,
    Change,
    summarize_scores,
)
from feedback_service.coaching.summaries import Level, summarize, worth_a_word
from feedback_service.config_files import config_path
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import Category, SurveyKind, answer_value, is_negative

ANSWERS_A_WEEK = (5, 10, 30)
HISTORY = BASELINE_WEEKS + RECENT_WEEKS
# An unhappy caller's reason, when they gave one the agent can act on (every reason here
# counts in the agent's score, so the scenario's shares are the agent's own figures).
REASON_MIX = (("resolution", 0.4), ("manner", 0.3), (None, 0.3))


def default_min_responses() -> int:
    """The service's own default minimum of answers, as shipped."""
    with open(config_path("defaults.toml"), "rb") as f:
        return int(tomllib.load(f)["MIN_RESPONSES"])


@dataclass(frozen=True)
class TrueLevel:
    """A true level of answers: the chance of each category."""

    kind: SurveyKind
    chances: tuple[tuple[Category, float], ...]

    @property
    def score(self) -> float:
        return 100 * sum(p * answer_value(c) for c, p in self.chances)


def smiley(happy: float) -> TrueLevel:
    return TrueLevel(SurveyKind.SMILEY, ((Category.HAPPY, happy), (Category.SAD, 1 - happy)))


def nps(promoters: float, passives: float, detractors: float) -> TrueLevel:
    return TrueLevel(SurveyKind.NPS, ((Category.PROMOTER, promoters), (Category.PASSIVE, passives),
                                   (Category.DETRACTOR, detractors)))


def draw_week(level: TrueLevel, answers: int, rng: random.Random) -> AnswerCounts:
    week: AnswerCounts = Counter()
    categories = [c for c, _ in level.chances]
    weights = [p for _, p in level.chances]
    codes = [code for code, _ in REASON_MIX]
    mix = [p for _, p in REASON_MIX]
    for category in rng.choices(categories, weights, k=answers):
        reason = rng.choices(codes, mix)[0] if is_negative(category) else None
        week[(level.kind, category, reason)] += 1
    return week


def judged(weeks: Sequence[AnswerCounts], baseline: AnswerCounts, kind: SurveyKind,
           min_responses: int) -> tuple[Change | None, bool]:
    """The change and the "worth a word" of the last of `weeks`, as a digest judges them."""
    history = [baseline, *weeks[-RECENT_WEEKS:]]
    summary = summarize(Level.AGENT, kind, weeks[-1], load_catalogue(), min_responses,
                        history=history)
    return summary.change, worth_a_word([summary])


def stable_years(level: TrueLevel, answers: int, years: int, seed: int,
                 min_responses: int) -> tuple[int, int, int]:
    """Agent-years (of 52 weekly looks after a year of baseline) with a "change" and with a
    "worth a word": one agent's long run, one year after another."""
    rng = random.Random(seed)
    weeks = [draw_week(level, answers, rng) for _ in range(HISTORY - 1)]
    baseline: AnswerCounts = Counter()
    for week in weeks[:BASELINE_WEEKS - 1]:
        baseline.update(week)
    changed = worded = 0
    for _ in range(years):
        year_changed = year_worded = False
        for _ in range(52):
            weeks.append(draw_week(level, answers, rng))
            baseline.update(weeks[-RECENT_WEEKS - 1])
            if len(weeks) > HISTORY:
                baseline.subtract(weeks[-HISTORY - 1])
            change, word = judged(weeks, +baseline, level.kind, min_responses)
            year_changed |= change in (Change.HIGHER, Change.LOWER)
            year_worded |= word
        changed += year_changed
        worded += year_worded
        del weeks[:-HISTORY]
    return years, changed, worded


def weeks_to_lower(before: TrueLevel, after: TrueLevel, answers: int, runs: int, seed: int,
                   min_responses: int, horizon: int = 12) -> list[float]:
    """Per run, the weeks after a drop until the change line first says "lower" (inf if not
    within `horizon`)."""
    rng = random.Random(seed)
    found = []
    for _ in range(runs):
        weeks = [draw_week(before, answers, rng) for _ in range(HISTORY)]
        base_weeks = weeks[:BASELINE_WEEKS]
        seen = math.inf
        for week_after in range(1, horizon + 1):
            weeks.append(draw_week(after, answers, rng))
            base_weeks = weeks[-HISTORY:-RECENT_WEEKS]
            baseline: AnswerCounts = Counter()
            for week in base_weeks:
                baseline.update(week)
            change, _ = judged(weeks, baseline, before.kind, min_responses)
            if change is Change.LOWER:
                seen = week_after
                break
        found.append(seen)
    return found


def coverage(level: TrueLevel, answers: int, samples: int, seed: int,
             min_responses: int) -> float:
    """The share of score intervals over `answers` answers that hold the true score."""
    rng = random.Random(seed)
    held = 0
    categories = [c for c, _ in level.chances]
    weights = [p for _, p in level.chances]
    for _ in range(samples):
        counts = Counter(rng.choices(categories, weights, k=answers))
        score = summarize_scores(level.kind, counts, min_responses)
        assert score.low is not None and score.high is not None
        held += score.low <= level.score <= score.high
    return held / samples


def error(share: float, n: int) -> float:
    """The Monte Carlo standard error of a share estimated from n runs."""
    return math.sqrt(max(share * (1 - share), 1e-12) / n)


def pct(share: float, n: int) -> str:
    return f"{100 * share:5.1f} % ± {100 * error(share, n):.1f}"


# The levels a stable agent is judged at: the budget must hold at every level a team sees.
STABLE = {"smiley 50 % happy": smiley(0.50), "smiley 80 % happy": smiley(0.80),
          "smiley 97 % happy": smiley(0.97), "NPS −20 (20/40/40)": nps(0.20, 0.40, 0.40),
          "NPS +50 (60/30/10)": nps(0.60, 0.30, 0.10), "NPS +70 (75/20/5)": nps(0.75, 0.20, 0.05)}
# The share of years in which a stable agent may be told of a change, or named worth a word.
YEARLY_BUDGET = 0.10
DROPS = (("smiley 80 % → 55 % happy", smiley(0.80), smiley(0.55), 4, 0.80),
         ("NPS +50 → +20 (60/30/10 → 40/40/20)", nps(0.60, 0.30, 0.10), nps(0.40, 0.40, 0.20),
          6, 0.70))


def _run(task: tuple[Callable[..., object], tuple[object, ...]]) -> object:
    function, arguments = task
    return function(*arguments)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench signals", description=__doc__)
    parser.add_argument("--years", type=int, default=400,
                        help="simulated agent-years per scale and rate (default %(default)s)")
    parser.add_argument("--runs", type=int, default=1000,
                        help="simulated drops per scenario and rate (default %(default)s)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    minimum = default_min_responses()
    started = time.perf_counter()
    chunks = max(1, args.workers * 2)
    tasks: list[tuple[Callable[..., object], tuple[object, ...]]] = []
    for answers in ANSWERS_A_WEEK:
        for level in STABLE.values():
            for chunk in range(chunks):
                tasks.append((stable_years, (level, answers, args.years // chunks,
                                             args.seed + chunk, minimum)))
        for _, before, after, _, _ in DROPS:
            for chunk in range(chunks):
                tasks.append((weeks_to_lower, (before, after, answers, args.runs // chunks,
                                               args.seed + chunk, minimum)))
    with ProcessPoolExecutor(args.workers) as pool:
        results = iter(list(pool.map(_run, tasks)))
    print(f"Signals over {args.years} agent-years per line and {args.runs} drops per "
          f"scenario, minimum {minimum} answers; ± is the Monte Carlo standard error.\n")
    print("| answers a week | agents | years with a \"change\" | years with \"worth a word\" |")
    print("|---|---|---|---|")
    drops: dict[int, list[list[float]]] = {}
    for answers in ANSWERS_A_WEEK:
        for name in STABLE:
            years = changed = worded = 0
            for _ in range(chunks):
                y, c, w = next(results)  # type: ignore[misc]
                years, changed, worded = years + y, changed + c, worded + w
            print(f"| {answers} | stable, {name} | {pct(changed / years, years)} | "
                  f"{pct(worded / years, years)} |")
        drops[answers] = []
        for _ in DROPS:
            found: list[float] = []
            for _ in range(chunks):
                found += next(results)  # type: ignore[arg-type]
            drops[answers].append(found)
    print("\n| answers a week | drop | shown as lower within | power | median weeks |")
    print("|---|---|---|---|---|")
    for answers in ANSWERS_A_WEEK:
        for (name, _, _, within, target), found in zip(DROPS, drops[answers], strict=True):
            power = sum(w <= within for w in found) / len(found)
            median = statistics.median(found)
            shown = "more than 12" if math.isinf(median) else f"{median:g}"
            mark = "" if answers != 10 else (" (target ≥ "
                                              f"{100 * target:.0f} %)")
            print(f"| {answers} | {name} | {within} weeks | {pct(power, len(found))}{mark} | "
                  f"{shown} |")
    print("\n| answers a week | scale | interval coverage: week | month (4 weeks) | "
          "quarter (13 weeks) |")
    print("|---|---|---|---|---|")
    samples = 2000
    for answers in ANSWERS_A_WEEK:
        for name, level in (("smiley 80 %", smiley(0.80)), ("smiley 97 %", smiley(0.97)),
                            ("NPS +50", nps(0.60, 0.30, 0.10))):
            shares = [coverage(level, answers * weeks, samples, args.seed, minimum)
                      for weeks in (1, 4, 13)]
            print(f"| {answers} | {name} | " + " | ".join(pct(s, samples) for s in shares)
                  + " |")
    print("\nThe most any weekly test could see: a CUSUM that knows the level before and after "
          "the drop exactly, every look spent on \"lower\" (nothing left for \"higher\" or "
          f"for reasons), {args.runs * 10} runs per line.\n")
    print(f"| answers a week | drop | power within the weeks above at "
          f"{100 * YEARLY_BUDGET:.0f} % of years | yearly false alarms it needs for the target |")
    print("|---|---|---|---|")
    for answers in ANSWERS_A_WEEK:
        for name, before, after, within, target in DROPS:
            limit = oracle_limit([p for _, p in before.chances], [p for _, p in after.chances],
                                 answers, within, YEARLY_BUDGET, target, args.runs * 10,
                                 args.seed)
            print(f"| {answers} | {name} | {100 * limit.power_at_budget:5.1f} % | "
                  f"{100 * limit.false_alarms_for_target:5.1f} % (target {100 * target:.0f} %)"
                  " |")
    print(f"\nThe run took {(time.perf_counter() - started) / 60:.1f} minutes.")


if __name__ == "__main__":
    main()
