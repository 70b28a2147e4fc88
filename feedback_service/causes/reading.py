"""Reading a scope's reasons and an action's before and after, through the one read model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from feedback_service.causes.figures import (
    ReasonFigure,
    ReasonSpike,
    Share,
    Spans,
    action_effect,
    action_spans,
    rates_of,
    reason_figures,
    reason_spikes,
    share_of,
    weekly_shares,
)
from feedback_service.causes.models import ImprovementAction
from feedback_service.coaching.read_model import (
    AnswerCounts,
    Period,
    Scope,
    scope_grouping,
    tally,
    week_bounds,
)
from feedback_service.coaching.statistics import BASELINE_WEEKS, Change
from feedback_service.coaching.summaries import HISTORY_WEEKS
from feedback_service.coaching.trends import (
    CALENDAR_QUARTERS,
    TREND_WEEKS,
    Grain,
    month_end,
    month_starts,
)
from feedback_service.coaching.weeks import IsoWeek, week_of
from feedback_service.database import AnySession
from feedback_service.surveys.models import Response
from feedback_service.surveys.reasons import ReasonCatalogue


def _counts(session: AnySession, scope: Scope, bounds: Sequence[datetime]) -> list[AnswerCounts]:
    """The scope's answers between consecutive bounds, one count each (one GROUP BY)."""
    by, ids, group = scope_grouping(scope)
    found = tally(session, bounds, by=by, ids=ids, with_surveys=False)
    return [found.answers_in(group, [bucket]) for bucket in range(len(bounds) - 1)]


@dataclass(frozen=True)
class ReasonPoint:
    """One week, month or quarter of a reason's trend."""

    grain: Grain
    first: date
    last: date
    share: Share


@dataclass(frozen=True)
class ReasonsRead:
    """A scope's reasons over a period, and each reason's trends up to the period's end."""

    answers: int
    figures: list[ReasonFigure]
    trends: dict[str, dict[Grain, list[ReasonPoint]]]


def read_reasons(session: AnySession, scope: Scope, period: Period, zone: ZoneInfo,
                 catalogue: ReasonCatalogue, min_responses: int, *,
                 with_trends: bool = False) -> ReasonsRead:
    """Every answer in the period and each reason's share of them; the change judges the
    RECENT_WEEKS up to the week of the period's last day against the year before, as the
    weekly summaries do. Trends (week, month, quarter) when asked for."""
    last_day = period.last_day(zone)
    last_week = week_of(last_day)
    (in_period,) = _counts(session, scope, [period.start, period.end])
    weeks = _counts(session, scope, week_bounds(last_week, HISTORY_WEEKS, zone))
    answers, figures = reason_figures(catalogue, in_period, weeks, min_responses)
    trends: dict[str, dict[Grain, list[ReasonPoint]]] = {}
    if with_trends:
        trends = _trends(session, scope, catalogue, weeks[-TREND_WEEKS:], last_week, last_day,
                         zone, min_responses)
    return ReasonsRead(answers, figures, trends)


def _trends(session: AnySession, scope: Scope, catalogue: ReasonCatalogue,
            weeks: Sequence[AnswerCounts], last_week: IsoWeek, last_day: date, zone: ZoneInfo,
            min_responses: int) -> dict[str, dict[Grain, list[ReasonPoint]]]:
    """Week by week (the history already read), month by month and quarter by quarter (one
    read by month), as the score's trends are cut."""
    first_week = last_week.shifted(-(len(weeks) - 1))
    mondays = [first_week.shifted(n).monday for n in range(len(weeks))]
    week_spans = [(monday, monday + timedelta(days=6), counts)
                  for monday, counts in zip(mondays, weeks, strict=True)]
    months = month_starts(last_day, CALENDAR_QUARTERS)
    by_month = _counts(session, scope, [Period.days(m, m, zone).start for m in months]
                       + [Period.days(last_day, last_day, zone).end])
    ends = [min(month_end(m), last_day) for m in months]
    month_spans = list(zip(months, ends, by_month, strict=True))
    quarter_spans = []
    for n in range(0, len(months), 3):
        together: AnswerCounts = AnswerCounts()
        for counts in by_month[n:n + 3]:
            together.update(counts)
        quarter_spans.append((months[n], ends[min(n + 2, len(ends) - 1)], together))
    found: dict[str, dict[Grain, list[ReasonPoint]]] = {}
    for reason in catalogue.reasons:
        found[reason.code] = {}
        for grain, spans in ((Grain.WEEK, week_spans), (Grain.MONTH, month_spans),
                             (Grain.QUARTER, quarter_spans)):
            # Periods before the scope's first answers say nothing, as on the score's trends.
            start = next((n for n, (_, _, counts) in enumerate(spans) if counts), len(spans))
            shares = weekly_shares(reason.code, [c for _, _, c in spans[start:]], min_responses)
            found[reason.code][grain] = [
                ReasonPoint(grain, first, last, share)
                for (first, last, _), share in zip(spans[start:], shares, strict=True)]
    return found


@dataclass(frozen=True)
class ActionFigures:
    """An action's reason before and after its start, and the effect judged from them."""

    action: ImprovementAction
    spans: Spans
    before: Share
    after: Share
    effect: Change | None


def _first_answer(session: AnySession, scope: Scope, zone: ZoneInfo) -> date | None:
    first = session.scalar(sa.select(sa.func.min(Response.call_ended_at))
                           .where(scope.answers(), Response.category.is_not(None)))
    return None if first is None else first.astimezone(zone).date()


def action_figures(session: AnySession, action: ImprovementAction, today: date, zone: ZoneInfo,
                   min_responses: int) -> ActionFigures:
    """The action's before and after over up to 8 weeks each side of its start."""
    scope = Scope(team_id=action.team_id)
    spans = action_spans(action.started_on, today, _first_answer(session, scope, zone))
    before_counts, after_counts = _counts(session, scope, [
        Period.days(spans.before_since, spans.before_since, zone).start,
        Period.days(spans.after_since, spans.after_since, zone).start,
        Period.days(spans.after_until, spans.after_until, zone).end])
    shares = []
    for counts in (before_counts, after_counts):
        given = sum(n for (_, _, reason), n in counts.items() if reason == action.reason)
        shares.append(share_of(given, sum(counts.values()), min_responses))
    before, after = shares
    return ActionFigures(action, spans, before, after,
                         action_effect(before, after, spans, min_responses))


def _spikes_in(weeks: Sequence[AnswerCounts], catalogue: ReasonCatalogue,
               min_responses: int) -> list[ReasonSpike]:
    """The spikes of the last of `weeks` against the weeks before it."""
    history = AnswerCounts()
    for counts in weeks[:-1]:
        history.update(counts)
    return reason_spikes(catalogue, rates_of(weeks[-1]), rates_of(history), min_responses)


def week_spikes(session: AnySession, scope: Scope, week: IsoWeek, zone: ZoneInfo,
                catalogue: ReasonCatalogue, min_responses: int) -> list[ReasonSpike]:
    """The process and outside reasons that spiked in `week` (the whole company, or a team),
    each against the scope's BASELINE_WEEKS before it: one read, then `reason_spikes`."""
    weeks = _counts(session, scope, week_bounds(week, BASELINE_WEEKS + 1, zone))
    return _spikes_in(weeks, catalogue, min_responses)


def spikes_of_every_team(session: AnySession, week: IsoWeek, zone: ZoneInfo,
                         catalogue: ReasonCatalogue,
                         min_responses: int) -> dict[int, list[ReasonSpike]]:
    """`week_spikes` of each team with answers in those weeks, by team id: one read grouped
    by team, however many teams there are."""
    bounds = week_bounds(week, BASELINE_WEEKS + 1, zone)
    found = tally(session, bounds, by="team", with_surveys=False)
    teams = sorted({team for team, _ in found.answers})
    return {team: _spikes_in([found.answers_in(team, [n]) for n in range(len(bounds) - 1)],
                             catalogue, min_responses)
            for team in teams}
