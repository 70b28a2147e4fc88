"""What drives a team's score: per reason, praise and topic, how many points the score would rise
if the callers behind it had been happy, and the loyalty matrix of reasons and topics.

Pure: it takes the answers the read model counted (by scale, category, reason, praise and
topic) and the catalogues, and knows nothing of the database.

Why "would rise if they had been happy". The earlier figure, the score with every answer minus
the score without a row's answers, depended on the current level, did not add up across rows
and said little the count beside it did not. The rise is what a supervisor can act on: had the
k callers who gave a reason been happy (a smiley's happy, a net score's promoter or easy), the
score over its n answers would be higher by 100·k/n percentage points on a smiley scale and by
100·Σ(1 − value)/n points on a net score (a detractor becoming a promoter moves it by 2/n).
Rows add up: the rises of the complaint reasons and of "no reason" sum to the distance from the
score to the top of its scale. Its 95 % interval is the Wilson interval of k/n on a smiley scale,
and on a net score the adjusted Wald interval of the mean gain per answer (each answer gains 0,
1 or 2), as for the scores themselves. Below MIN_RESPONSES answers for the row it is withheld.
A reason outside customer service is not in the team's score, so it has no rise: its row says
so, in its own group, and keeps its answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from feedback_service.coaching.read_model import DriverCounts
from feedback_service.coaching.statistics import net_score_interval, wilson_interval
from feedback_service.coaching.summaries import LEFT_OUT_OF_SCORE, Level
from feedback_service.surveys.praise import PraiseCatalogue
from feedback_service.surveys.reasons import ReasonCatalogue
from feedback_service.surveys.scoring import SurveyKind, answer_value, is_net_score


class Quadrant(StrEnum):
    """The loyalty matrix's four areas, as seed 001 names them (lojalitetsmatris)."""

    CRITICAL = "critical_to_develop"  # many answers, scored below the team: kritiska att utveckla
    DEVELOP = "develop"  # few answers, below the team: behöver utvecklas men inte lika kritiska
    STRENGTH = "strong_driver"  # many answers, above the team: bra och starka drivkrafter
    MAINTAIN = "maintain"  # few answers, above the team: områden att förvalta


@dataclass(frozen=True)
class Driver:
    """One reason, praise or topic: its answers, and the points the score would rise had those
    callers been happy, with the rise's 95 % interval (None when withheld or not scored)."""

    group: str  # "reason", "outside" (a reason outside customer service), "praise" or "topic"
    code: str  # the reason's, praise's or topic's code ("" for calls without a topic)
    answers: int
    rise: float | None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class MatrixPoint:
    """A topic in the loyalty matrix: its share of the team's answers (how much of the
    experience it is) against its score's difference from the team's (how well it goes)."""

    code: str
    answers: int
    share: float  # of the answers the team's score counts, 0..1
    effect: float  # the topic's score minus the team's, in the scale's points
    quadrant: Quadrant


@dataclass(frozen=True)
class DriverTable:
    """A team's drivers on one scale over a period."""

    kind: SurveyKind
    answers: int  # the answers the team's score counts
    score: float | None
    reasons: list[Driver]  # complaint reasons, then those outside customer service, then praise
    topics: list[Driver]  # most answers first
    matrix: list[MatrixPoint]  # topics with at least the minimum of answers, most answers first


@dataclass(frozen=True)
class _Sum:
    answers: int = 0
    values: int = 0
    gain_one: int = 0  # answers one step below the top (a passive, a neutral)
    gain_two: int = 0  # answers two steps below it (a detractor, a difficult; a sad smiley)

    def __add__(self, other: _Sum) -> _Sum:
        return _Sum(self.answers + other.answers, self.values + other.values,
                    self.gain_one + other.gain_one, self.gain_two + other.gain_two)


def _part(kind: SurveyKind, value: int, n: int) -> _Sum:
    below_top = 1 - value  # 0, 1 or 2 steps below the scale's top answer
    if not is_net_score(kind):
        # A smiley answer is 1 or 0: a sad one is one step from the top, counted as "two"'s
        # place so that one field holds the not-happy answers of both kinds of scale.
        return _Sum(n, n * value, 0, n * below_top)
    return _Sum(n, n * value, n if below_top == 1 else 0, n if below_top == 2 else 0)


def _score(total: _Sum, min_responses: int) -> float | None:
    """The scale's score, the mean answer value × 100, like `summarize_scores`; None below
    the minimum."""
    if total.answers < max(min_responses, 1):
        return None
    return 100 * total.values / total.answers


def rise_if_happy(kind: SurveyKind, part: _Sum, total: _Sum,
                  min_responses: int) -> tuple[float | None, float | None, float | None]:
    """How many points the score would rise had `part`'s callers been happy, and its 95 %
    interval; all None below the minimum of answers for the part or for the score."""
    minimum = max(min_responses, 1)
    if part.answers < minimum or total.answers < minimum:
        return None, None, None
    n = total.answers
    if not is_net_score(kind):
        low, high = wilson_interval(part.gain_two, n)
        return 100 * part.gain_two / n, 100 * low, 100 * high
    gain = 2 * part.gain_two + part.gain_one
    # Each answer gains 2, 1 or 0: shifted by one, the +1/0/−1 of a net score's interval.
    low, high = net_score_interval(part.gain_two, part.gain_one,
                                   n - part.gain_two - part.gain_one)
    return 100 * gain / n, low + 100, high + 100


def _quadrant(share: float, effect: float, shares: list[float]) -> Quadrant:
    # "Many answers" is above an even split among the topics shown: with four topics, above
    # a quarter of the answers.
    many = share > 1 / max(len(shares), 1)
    if effect < 0:
        return Quadrant.CRITICAL if many else Quadrant.DEVELOP
    return Quadrant.STRENGTH if many else Quadrant.MAINTAIN


def loyalty_matrix(by_topic: Mapping[str, _Sum], total: _Sum,
                   min_responses: int) -> list[MatrixPoint]:
    """The topics with enough answers, each placed by share and effect (none without a score)."""
    score = _score(total, min_responses)
    shown = {code: part for code, part in by_topic.items()
             if code and part.answers >= max(min_responses, 1)}
    if score is None or not shown:
        return []
    shares = [part.answers / total.answers for part in shown.values()]
    points = []
    for code, part in sorted(shown.items(), key=lambda item: (-item[1].answers, item[0])):
        share = part.answers / total.answers
        effect = 100 * part.values / part.answers - score
        points.append(MatrixPoint(code, part.answers, share, effect,
                                  _quadrant(share, effect, shares)))
    return points


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
        part = _part(kind, answer_value(category), n)
        total += part
        if reason:
            by_reason[reason] = by_reason.get(reason, _Sum()) + part
        if praised:
            by_praise[praised] = by_praise.get(praised, _Sum()) + part
        by_topic[topic or ""] = by_topic.get(topic or "", _Sum()) + part

    def row(group: str, code: str, part: _Sum) -> Driver:
        return Driver(group, code, part.answers, *rise_if_happy(kind, part, total, min_responses))

    rows = [
        row("reason", r.code, by_reason[r.code]) for r in catalogue.reasons if r.code in by_reason
    ] + [
        Driver("outside", r.code, outside[r.code], None)
        for r in catalogue.reasons if outside.get(r.code)
    ] + [
        # Praising callers were mostly happy already: their rows keep the count only.
        Driver("praise", p.code, by_praise[p.code].answers, None)
        for p in praise.choices if p.code in by_praise
    ]
    topics = [row("topic", code, part)
              for code, part in sorted(by_topic.items(), key=lambda item: (-item[1].answers,
                                                                           item[0]))]
    return DriverTable(kind, total.answers, _score(total, min_responses), rows, topics,
                       loyalty_matrix(by_topic, total, min_responses))


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
