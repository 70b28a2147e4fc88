"""A scope's week-by-week trend and its figures over a chosen period, for the pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
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


def weekly_trend(session: AnySession, scope: Scope, last_week: IsoWeek, zone: ZoneInfo,
                 catalogue: ReasonCatalogue, min_responses: int,
                 weeks: int = TREND_WEEKS) -> dict[SurveyKind, list[WeekPoint]]:
    """The weeks up to `last_week`, one series per scale, never a mix of scales."""
    return weekly_trends(session, scope, [last_week], zone, catalogue, min_responses, weeks)[0]


# Trends whose weeks lie this close are counted in one read (a page's, to this week, and its
# first screen's, to the last complete week); farther apart, each on its own.
_ONE_READ_WEEKS = 2 * TREND_WEEKS


def weekly_trends(session: AnySession, scope: Scope, last_weeks: Sequence[IsoWeek],
                  zone: ZoneInfo, catalogue: ReasonCatalogue, min_responses: int,
                  weeks: int = TREND_WEEKS) -> list[dict[SurveyKind, list[WeekPoint]]]:
    """`weekly_trend` up to each of `last_weeks`, in their order; the weeks of trends close
    together are counted in one read."""
    first = min(last_weeks, key=lambda week: week.monday).shifted(-(weeks - 1))
    last = max(last_weeks, key=lambda week: week.monday)
    span = (last.monday - first.monday).days // 7 + 1
    if span > _ONE_READ_WEEKS:
        return [weekly_trends(session, scope, [week], zone, catalogue, min_responses, weeks)[0]
                for week in last_weeks]
    by, ids, group = scope_grouping(scope)
    # A trend scores answers only: the surveys sent are not counted for it.
    tallies = tally(session, week_bounds(last, span, zone), by=by, ids=ids, with_surveys=False)
    counted = [tallies.answers_in(group, [bucket]) for bucket in range(span)]
    found = []
    for last_week in last_weeks:
        end = (last_week.monday - first.monday).days // 7 + 1
        found.append(_trend(level_of(scope), counted[end - weeks:end], last_week, catalogue,
                            min_responses))
    return found


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


def calendar_trends(session: AnySession, scope: Scope, last_day: date, zone: ZoneInfo,
                    catalogue: ReasonCatalogue, min_responses: int,
                    ) -> dict[Grain, dict[SurveyKind, list[PeriodPoint]]]:
    """Month by month and quarter by quarter up to `last_day` (its month and quarter so far),
    one series per scale, from the first period with answers; counted in one read by month,
    a quarter being its three months together."""
    months = month_starts(last_day, CALENDAR_QUARTERS)
    bounds = [Period.days(first, first, zone).start for first in months]
    bounds.append(Period.days(last_day, last_day, zone).end)
    by, ids, group = scope_grouping(scope)
    tallies = tally(session, bounds, by=by, ids=ids, with_surveys=False)
    by_month = [tallies.answers_in(group, [n]) for n in range(len(months))]
    by_quarter = [tallies.answers_in(group, range(n, n + 3)) for n in range(0, len(months), 3)]
    ends = [min(month_end(first), last_day) for first in months]
    spans = {
        Grain.MONTH: [(first, end, counts) for first, end, counts
                      in zip(months, ends, by_month, strict=True)],
        Grain.QUARTER: [(months[n], ends[min(n + 2, len(ends) - 1)], by_quarter[n // 3])
                        for n in range(0, len(months), 3)],
    }
    level = level_of(scope)
    kinds = ordered_kinds(kind for counts in by_month for kind, _, _ in counts)
    found: dict[Grain, dict[SurveyKind, list[PeriodPoint]]] = {}
    for grain, periods in spans.items():
        # Empty periods before the first answers say nothing, as on the weekly trend.
        start = next((n for n, (_, _, counts) in enumerate(periods) if counts), len(periods))
        found[grain] = {kind: [PeriodPoint(grain, first, last, scored_answers(
            level, kind, counts, catalogue, min_responses)[1])
            for first, last, counts in periods[start:]] for kind in kinds}
    return found
