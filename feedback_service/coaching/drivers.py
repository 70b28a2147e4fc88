"""What drives a team's score: per reason, praise and topic, the points its answers cost or bring.

Pure: it takes the answers the read model counted (by scale, category, reason, praise and
topic) and the catalogues, and knows nothing of the database. A driver's points are the team's
score with every answer minus its score without that driver's answers: a complaint reason that
costs 12 points shows −12, a praise that brings 8 shows +8. The answers counted are the ones the
team's score counts (a reason outside customer service is left out of it, so it drives nothing,
but its answers are still shown).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from feedback_service.coaching.read_model import DriverCounts
from feedback_service.coaching.summaries import LEFT_OUT_OF_SCORE, Level
from feedback_service.surveys.praise import PraiseCatalogue
from feedback_service.surveys.reasons import ReasonCatalogue
from feedback_service.surveys.scoring import SurveyKind, answer_value


@dataclass(frozen=True)
class Driver:
    """One reason, praise or topic: its answers and the points they cost (−) or bring (+)."""

    group: str  # "reason", "praise" or "topic"
    code: str  # the reason's, praise's or topic's code ("" for calls without a topic)
    answers: int
    points: float | None  # None when the score, or the score without them, is withheld


@dataclass(frozen=True)
class DriverTable:
    """A team's drivers on one scale over a period."""

    kind: SurveyKind
    answers: int  # the answers the team's score counts
    score: float | None
    reasons: list[Driver]  # complaint reasons, then praise, each in its catalogue's order
    topics: list[Driver]  # most answers first


@dataclass(frozen=True)
class _Sum:
    answers: int = 0
    values: int = 0

    def __add__(self, other: _Sum) -> _Sum:
        return _Sum(self.answers + other.answers, self.values + other.values)

    def __sub__(self, other: _Sum) -> _Sum:
        return _Sum(self.answers - other.answers, self.values - other.values)


def _score(total: _Sum, min_responses: int) -> float | None:
    """The scale's score, the mean answer value × 100, like `summarize_scores`; None below
    the minimum."""
    if total.answers < max(min_responses, 1):
        return None
    return 100 * total.values / total.answers


def points_without(total: _Sum, part: _Sum, min_responses: int) -> float | None:
    """The score with every answer minus the score without `part`'s."""
    with_all = _score(total, min_responses)
    without = _score(total - part, min_responses)
    if with_all is None or without is None:
        return None
    return with_all - without


def drivers(kind: SurveyKind, counts: DriverCounts, catalogue: ReasonCatalogue,
            praise: PraiseCatalogue, min_responses: int) -> DriverTable:
    """The team's driver table on one scale, from its answers' counts."""
    left_out = LEFT_OUT_OF_SCORE[Level.TEAM]
    total = _Sum()
    by_reason: dict[str, _Sum] = {}
    by_praise: dict[str, _Sum] = {}
    by_topic: dict[str, _Sum] = {}
    outside: Counter[str] = Counter()
    for (of_kind, category, reason, praised, topic), n in counts.items():
        if of_kind is not kind:
            continue
        if catalogue.owner_of(reason) in left_out:
            outside[reason or ""] += n  # not in the team's score: shown, driving nothing
            continue
        part = _Sum(n, n * answer_value(category))
        total += part
        if reason:
            by_reason[reason] = by_reason.get(reason, _Sum()) + part
        if praised:
            by_praise[praised] = by_praise.get(praised, _Sum()) + part
        by_topic[topic or ""] = by_topic.get(topic or "", _Sum()) + part
    rows = [
        Driver("reason", r.code, by_reason[r.code].answers,
               points_without(total, by_reason[r.code], min_responses))
        for r in catalogue.reasons if r.code in by_reason
    ] + [
        Driver("reason", r.code, outside[r.code], None)
        for r in catalogue.reasons if outside.get(r.code)
    ] + [
        Driver("praise", p.code, by_praise[p.code].answers,
               points_without(total, by_praise[p.code], min_responses))
        for p in praise.choices if p.code in by_praise
    ]
    topics = [Driver("topic", code, part.answers, points_without(total, part, min_responses))
              for code, part in sorted(by_topic.items(), key=lambda item: (-item[1].answers,
                                                                           item[0]))]
    return DriverTable(kind, total.answers, _score(total, min_responses), rows, topics)


def driver_tables(counts: DriverCounts, catalogue: ReasonCatalogue, praise: PraiseCatalogue,
                  min_responses: int) -> list[DriverTable]:
    """One table per scale answered, in the scales' fixed order."""
    kinds = {kind for kind, *_ in counts}
    return [drivers(kind, counts, catalogue, praise, min_responses)
            for kind in SurveyKind if kind in kinds]


def praise_counts(counts: Mapping[tuple[SurveyKind, str], int], praise: PraiseCatalogue,
                  kind: SurveyKind | None = None) -> list[tuple[str, int]]:
    """What callers appreciated (on one scale, or all), in the catalogue's order, never ranked;
    codes no longer in the catalogue are left out."""
    by_code: Counter[str] = Counter()
    for (of_kind, code), n in counts.items():
        if kind is None or of_kind is kind:
            by_code[code] += n
    return [(p.code, by_code[p.code]) for p in praise.choices if by_code.get(p.code)]
