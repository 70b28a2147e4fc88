"""A scope's week-by-week trend and its figures over a chosen period, for the pages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from zoneinfo import ZoneInfo

from feedback_service.coaching.read_model import (
    AnswerCounts,
    Period,
    Scope,
    scope_grouping,
    tally,
    week_bounds,
)
from feedback_service.coaching.statistics import ScoreSummary
from feedback_service.coaching.summaries import (
    Level,
    Summary,
    ordered_kinds,
    scored_answers,
    summarize,
)
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.database import AnySession
from feedback_service.surveys.reasons import ReasonCatalogue
from feedback_service.surveys.scoring import SurveyKind

TREND_WEEKS = 12


def level_of(scope: Scope) -> Level:
    """An agent's page scores what the agent can change; a team's, all of customer service."""
    return Level.AGENT if scope.agent_id is not None else Level.TEAM


@dataclass(frozen=True)
class WeekPoint:
    """One week of a trend: the answers the score counts, and the score over them.

    The answers shown beside a week are the ones its score counts: a week of five answers, one
    about the waiting time, is "4" on an agent's trend, next to "too few answers" (with five,
    the rule of the minimum would show a score)."""

    week: IsoWeek
    answers: int
    score: ScoreSummary

    @property
    def monday(self) -> date:
        return self.week.monday


def week_points(level: Level, kind: SurveyKind, weekly_counts: Sequence[AnswerCounts],
                first_week: IsoWeek, catalogue: ReasonCatalogue,
                min_responses: int) -> list[WeekPoint]:
    """One scale's score week by week, from each week's counts, the first being `first_week`."""
    points = []
    for offset, counts in enumerate(weekly_counts):
        _, score = scored_answers(level, kind, counts, catalogue, min_responses)
        points.append(WeekPoint(first_week.shifted(offset), score.answers, score))
    return points


@dataclass(frozen=True)
class CountsOverTime:
    """A scope's answers counted between consecutive moments, in one read: each week of its
    weekly trends and each month of its longer view is a run of these spans."""

    bounds: list[datetime]
    spans: list[AnswerCounts]

    def between(self, start: datetime, end: datetime) -> AnswerCounts:
        """The answers from `start` to `end`, two of the bounds."""
        first, last = self.bounds.index(start), self.bounds.index(end)
        total: AnswerCounts = Counter()
        for counts in self.spans[first:last]:
            total.update(counts)
        return total


def read_counts_over_time(session: AnySession, scope: Scope,
                          bounds: Iterable[datetime]) -> CountsOverTime:
    """The scope's answers between each two consecutive of `bounds` (in any order, repeats
    allowed): what `trend_bounds` and `calendar_bounds` ask for, read once."""
    edges = sorted(set(bounds))
    by, ids, group = scope_grouping(scope)
    # A trend scores answers only: the surveys sent are not counted for it.
    tallies = tally(session, edges, by=by, ids=ids, with_surveys=False)
    return CountsOverTime(edges, [tallies.answers_in(group, [n]) for n in range(len(edges) - 1)])


def trend_bounds(last_weeks: Iterable[IsoWeek], zone: ZoneInfo,
                 weeks: int = TREND_WEEKS) -> list[datetime]:
    """The edges of the weeks of a trend up to each of `last_weeks`."""
    return [edge for last in last_weeks for edge in week_bounds(last, weeks, zone)]


def weekly_trend(session: AnySession, scope: Scope, last_week: IsoWeek, zone: ZoneInfo,
                 catalogue: ReasonCatalogue, min_responses: int, weeks: int = TREND_WEEKS,
                 counts: CountsOverTime | None = None) -> dict[SurveyKind, list[WeekPoint]]:
    """The weeks up to `last_week`, one series per scale, never a mix of scales: from `counts`
    (which hold its `trend_bounds`) or from one read of its weeks."""
    edges = week_bounds(last_week, weeks, zone)
    if counts is None:
        counts = read_counts_over_time(session, scope, edges)
    weekly = [counts.between(start, end) for start, end in pairwise(edges)]
    return _trend(level_of(scope), weekly, last_week, catalogue, min_responses)


def _trend(level: Level, counts: list[AnswerCounts], last_week: IsoWeek,
           catalogue: ReasonCatalogue, min_responses: int) -> dict[SurveyKind, list[WeekPoint]]:
    """One series per scale from each week's counts, the last being `last_week`'s."""
    weeks = len(counts)
    kinds = ordered_kinds(kind for week in counts for kind, _, _ in week)
    # The trend starts with the first week that has answers: empty weeks before a new agent's
    # first call say nothing.
    start = next((n for n, week in enumerate(counts) if week), weeks)
    first = last_week.shifted(start - (weeks - 1))
    return {kind: week_points(level, kind, counts[start:], first, catalogue, min_responses)
            for kind in kinds}


def period_summaries(session: AnySession, scope: Scope, period: Period,
                     catalogue: ReasonCatalogue, min_responses: int,
                     settled_before: datetime | None) -> list[Summary]:
    """The scope's figures over the whole period, one summary per scale answered;
    first-contact resolution over the calls that ended before `settled_before`."""
    by, ids, group = scope_grouping(scope)
    tallies = tally(session, [period.start, period.end], by=by, ids=ids,
                    settled_before=settled_before)
    counts = tallies.answers_in(group, [0])
    surveys = tallies.surveys_in(group, 0)
    return [summarize(level_of(scope), kind, counts, catalogue, min_responses, surveys=surveys)
            for kind in ordered_kinds(kind for kind, _, _ in counts)]


class Grain(StrEnum):
    """The length of a longer view's periods: the coaching rhythm, or a planner's."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


# A longer view shows the months of the last four quarters: a year to plan by.
CALENDAR_QUARTERS = 4


@dataclass(frozen=True)
class PeriodPoint:
    """One month or quarter of a longer view: the answers its score counts, and the score."""

    grain: Grain
    first: date
    last: date
    score: ScoreSummary

    @property
    def answers(self) -> int:
        return self.score.answers


def month_starts(last_day: date, quarters: int) -> list[date]:
    """The first days of the months from the start of the quarter `quarters − 1` before
    `last_day`'s through `last_day`'s own month."""
    quarter_start = (last_day.month - 1) // 3 * 3 + 1
    index = last_day.year * 12 + quarter_start - 1 - 3 * (quarters - 1)
    end = last_day.year * 12 + last_day.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index, end + 1)]


def month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def calendar_bounds(last_day: date, zone: ZoneInfo) -> list[datetime]:
    """The edges of the longer view's months up to `last_day` (its month so far)."""
    months = month_starts(last_day, CALENDAR_QUARTERS)
    return ([Period.days(first, first, zone).start for first in months]
            + [Period.days(last_day, last_day, zone).end])


def calendar_trends(session: AnySession, scope: Scope, last_day: date, zone: ZoneInfo,
                    catalogue: ReasonCatalogue, min_responses: int,
                    counts: CountsOverTime | None = None,
                    ) -> dict[Grain, dict[SurveyKind, list[PeriodPoint]]]:
    """Month by month and quarter by quarter up to `last_day` (its month and quarter so far),
    one series per scale, from the first period with answers; from `counts` (which hold
    `calendar_bounds`) or one read by month, a quarter being its three months together."""
    months = month_starts(last_day, CALENDAR_QUARTERS)
    bounds = calendar_bounds(last_day, zone)
    if counts is None:
        counts = read_counts_over_time(session, scope, bounds)
    by_month = [counts.between(bounds[n], bounds[n + 1]) for n in range(len(months))]
    by_quarter = [counts.between(bounds[n], bounds[min(n + 3, len(months))])
                  for n in range(0, len(months), 3)]
    ends = [min(month_end(first), last_day) for first in months]
    spans = {
        Grain.MONTH: [(first, end, month) for first, end, month
                      in zip(months, ends, by_month, strict=True)],
        Grain.QUARTER: [(months[n], ends[min(n + 2, len(ends) - 1)], by_quarter[n // 3])
                        for n in range(0, len(months), 3)],
    }
    level = level_of(scope)
    kinds = ordered_kinds(kind for month in by_month for kind, _, _ in month)
    found: dict[Grain, dict[SurveyKind, list[PeriodPoint]]] = {}
    for grain, periods in spans.items():
        # Empty periods before the first answers say nothing, as on the weekly trend.
        start = next((n for n, (_, _, answers) in enumerate(periods) if answers), len(periods))
        found[grain] = {kind: [PeriodPoint(grain, first, last, scored_answers(
            level, kind, answers, catalogue, min_responses)[1])
            for first, last, answers in periods[start:]] for kind in kinds}
    return found
