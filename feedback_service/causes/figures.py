"""A reason's figures: its share of the answers with an interval, its change against its own
history, its spikes, and its share before and after an improvement action.

Pure: it takes the counts the read model tallied (coaching/read_model.py) and the reason
catalogue, and knows nothing of the database. The statistics are the coaching signals' own
(coaching/statistics.py), so a reason is judged with the discipline an agent's score is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from feedback_service.coaching.read_model import AnswerCounts
from feedback_service.coaching.statistics import (
    BASELINE_WEEKS,
    RECENT_WEEKS,
    STANDOUT_MIN_COUNT,
    Change,
    ReasonRates,
    binomial_upper_tail,
    change_in_share,
    effect_of_change,
    share_if_enough,
    wilson_interval,
)
from feedback_service.surveys.reasons import Reason, ReasonCatalogue, ReasonOwner

# Owners outside the agent's coaching: they hear about their reasons themselves.
OWNED_ELSEWHERE = frozenset({ReasonOwner.PROCESS, ReasonOwner.OUTSIDE})
# Each side of an improvement action's start, at most.
SPAN_WEEKS = 8
# A spike's test at each weekly look of one scope. A spike is the scope's, not an agent's, so
# it does not share a yearly budget with an agent's "lower" line as STANDOUT_P does: at 0.0003
# a stable company saw a spike in about 2 % of years (budget 10 %; test_figures simulates it),
# and a jump from 10 % to 35 % at 50 answers a week was seen at once in about 88 % of cases.
SPIKE_P = 0.0003


@dataclass(frozen=True)
class Share:
    """How many answers gave a reason, of how many; the share and its 95 % interval (Wilson),
    all three None below the minimum of answers."""

    with_reason: int
    answers: int
    share: float | None
    low: float | None
    high: float | None


def share_of(with_reason: int, answers: int, min_responses: int) -> Share:
    """The share with its interval, withheld below `min_responses` answers."""
    share = share_if_enough(with_reason, answers, min_responses)
    if share is None:
        return Share(with_reason, answers, None, None, None)
    low, high = wilson_interval(with_reason, answers)
    return Share(with_reason, answers, share, low, high)


def by_reason(counts: AnswerCounts) -> tuple[Counter[str], int]:
    """Answers giving each reason code, and every answer (every scale: a reason is a reason
    whichever question came before it)."""
    found: Counter[str] = Counter()
    for (_, _, reason), n in counts.items():
        if reason is not None:
            found[reason] += n
    return found, sum(counts.values())


@dataclass(frozen=True)
class ReasonFigure:
    """One reason over a period: who owns it, its share, and its change against its history."""

    reason: Reason
    share: Share
    change: Change | None

    @property
    def code(self) -> str:
        return self.reason.code


def reason_change(code: str, weeks: Sequence[AnswerCounts], min_responses: int) -> Change | None:
    """The reason's share over the last RECENT_WEEKS of `weeks` (oldest first, the judged week
    last) against the weeks before them, by the coaching signals' CUSUM."""
    per_week = [by_reason(week) for week in weeks]
    recent = [(found[code], total) for found, total in per_week[-RECENT_WEEKS:]]
    baseline = per_week[-(RECENT_WEEKS + BASELINE_WEEKS):-RECENT_WEEKS]
    return change_in_share(recent, (sum(found[code] for found, _ in baseline),
                                    sum(total for _, total in baseline)), min_responses)


def reason_figures(catalogue: ReasonCatalogue, period: AnswerCounts,
                   history: Sequence[AnswerCounts] | None,
                   min_responses: int) -> tuple[int, list[ReasonFigure]]:
    """Every answer in the period, and every reason of the catalogue (in its order) with its
    share of them; the change from `history` (weekly counts, oldest first), None without it."""
    found, total = by_reason(period)
    return total, [
        ReasonFigure(reason, share_of(found[reason.code], total, min_responses),
                     reason_change(reason.code, history, min_responses) if history else None)
        for reason in catalogue.reasons]


def weekly_shares(code: str, weeks: Sequence[AnswerCounts], min_responses: int) -> list[Share]:
    """The reason's share week by week (or month by month)."""
    shares = []
    for counts in weeks:
        found, total = by_reason(counts)
        shares.append(share_of(found[code], total, min_responses))
    return shares


@dataclass(frozen=True)
class ReasonSpike:
    """A process or outside reason given far more often this week than its own history says:
    the answers giving it, of all, the share expected, and the chance of as many by luck."""

    code: str
    owner: ReasonOwner
    owned_by: str | None
    with_reason: int
    answers: int
    expected_share: float
    chance: float

    @property
    def share(self) -> float:
        return self.with_reason / self.answers


def reason_spikes(catalogue: ReasonCatalogue, this_week: ReasonRates, history: ReasonRates,
                  min_responses: int) -> list[ReasonSpike]:
    """The process and outside reasons that spiked this week, in the catalogue's order.

    The test that names an agent's reason as standing out (`standout_reason`): the binomial
    chance of this week's count at the history's rate, below SPIKE_P, from
    STANDOUT_MIN_COUNT answers giving it. SPIKE_P holds a weekly look at one scope's reasons
    to the coaching signals' yearly false-alarm budget. Nothing is judged on a week below the
    minimum of answers, or against a history of fewer than twice that many (as the change
    line's baseline).
    """
    minimum = max(min_responses, 1)
    if this_week.answers < minimum or history.answers < 2 * minimum:
        return []
    spikes = []
    for reason in catalogue.reasons:
        if reason.owner not in OWNED_ELSEWHERE:
            continue
        count = this_week.counts.get(reason.code, 0)
        if count < STANDOUT_MIN_COUNT:
            continue
        # Half an answer of smoothing: a reason never seen before is rare, not impossible.
        expected = (history.counts.get(reason.code, 0) + 0.5) / (history.answers + 1)
        chance = binomial_upper_tail(count, this_week.answers, expected)
        if chance < SPIKE_P:
            spikes.append(ReasonSpike(reason.code, reason.owner, reason.owned_by, count,
                                      this_week.answers, expected, chance))
    return spikes


def rates_of(counts: AnswerCounts) -> ReasonRates:
    """Every reason's answers, out of every answer."""
    found, total = by_reason(counts)
    return ReasonRates(found, total)


@dataclass(frozen=True)
class Spans:
    """The days before and after an action's start that its figures compare (inclusive)."""

    before_since: date
    before_until: date
    after_since: date
    after_until: date
    after_complete: bool  # every one of its SPAN_WEEKS weeks has passed


def action_spans(started_on: date, today: date, first_answer: date | None) -> Spans:
    """Up to SPAN_WEEKS weeks on each side of `started_on`, as far as there is data: before
    from the scope's first answer at the earliest, after up to today at the latest (an action
    yet to start has its first day, and no answers, after it)."""
    span = timedelta(weeks=SPAN_WEEKS)
    before_since = started_on - span
    if first_answer is not None and before_since < first_answer < started_on:
        before_since = first_answer
    planned_end = started_on + span - timedelta(days=1)
    return Spans(before_since, started_on - timedelta(days=1), started_on,
                 max(started_on, min(planned_end, today)), today > planned_end)


def action_effect(before: Share, after: Share, spans: Spans, min_responses: int) -> Change | None:
    """Lower, higher or steady after the action; None while too little is known."""
    return effect_of_change((before.with_reason, before.answers),
                            (after.with_reason, after.answers),
                            after_complete=spans.after_complete, min_responses=min_responses)
