"""One scope's figures for one scale: answers, score, change, reasons and focus, from counts.

Pure: it takes the counts the read model tallied and the reason catalogue, and knows nothing of
the database. Pages, digests and the summaries API all render what `summarize` returns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from feedback_service.coaching.follow_up_outcomes import FollowUpOutcomes
from feedback_service.coaching.read_model import SENT_STATES, AnswerCounts, SurveyCounts
from feedback_service.coaching.statistics import (
    BASELINE_WEEKS,
    RECENT_WEEKS,
    Change,
    ReasonRates,
    ScoreSummary,
    change_against_history,
    response_rate,
    share_if_enough,
    standout_reason,
    summarize_scores,
    wilson_interval,
)
from feedback_service.surveys.eligibility import SkipReason
from feedback_service.surveys.models import SurveyState
from feedback_service.surveys.reasons import ReasonCatalogue, ReasonOwner
from feedback_service.surveys.scoring import (
    CATEGORIES,
    NEGATIVE_CATEGORIES,
    POSITIVE_CATEGORIES,
    Category,
    SurveyKind,
    answer_value,
)

# The weeks of history a weekly summary reads: the baseline, then the recent weeks, the last
# of which is the week summarised.
HISTORY_WEEKS = BASELINE_WEEKS + RECENT_WEEKS


class Level(StrEnum):
    AGENT = "agent"
    TEAM = "team"


# An agent is scored only on what they can change; a team's customer-service score leaves out
# only what lies outside customer service. The answer counts keep everything.
LEFT_OUT_OF_SCORE = {
    Level.AGENT: frozenset({ReasonOwner.PROCESS, ReasonOwner.OUTSIDE}),
    Level.TEAM: frozenset({ReasonOwner.OUTSIDE}),
}
# What a focus (the coaching material of a page or digest) may name: the agents' own reasons
# only. Process and outside reasons go to their owners (`owned_by` in reasons.toml, the
# owners' weekly mail and the reasons page), not to the supervisors who coach agents.
FOCUS_OWNERS = {
    Level.AGENT: frozenset({ReasonOwner.AGENT}),
    Level.TEAM: frozenset({ReasonOwner.AGENT}),
}


@dataclass(frozen=True)
class ReasonShare:
    """One reason of unhappy answers: how many, and their share once there are enough."""

    code: str
    owner: ReasonOwner
    answers: int
    share: float | None


@dataclass(frozen=True)
class Funnel:
    """From calls to answers: how many were surveyed, answered, and why the others were not."""

    calls: int  # calls the service decided on, surveyed or not
    skipped: list[tuple[str, int]]  # not surveyed, by reason (too short, quarantine, ...)
    waiting: int  # to be surveyed, the question held back (quiet hours)
    surveyed: int  # the first question reached the caller
    answered: int
    expired: int  # asked, never answered before the survey closed

    @property
    def eligible(self) -> int:
        return self.calls - sum(n for _, n in self.skipped)


def _funnel(surveys: SurveyCounts, answered: int) -> Funnel:
    skipped: Counter[str] = Counter()
    by_state: Counter[str] = Counter()
    for key, n in surveys.items():
        by_state[key.state] += n
        if key.skip_reason is not None:
            skipped[key.skip_reason] += n
    return Funnel(
        calls=sum(by_state.values()),
        # Most frequent first; equal counts in the reasons' own order, so the list is stable.
        skipped=sorted(skipped.items(), key=lambda item: (-item[1], item[0])),
        waiting=by_state[SurveyState.SCHEDULED],
        surveyed=sum(by_state[state] for state in SENT_STATES),
        answered=answered,
        expired=by_state[SurveyState.EXPIRED],
    )


@dataclass(frozen=True)
class FirstContact:
    """First-contact resolution: of the answered calls whose caller could be followed and whose
    repeat-contact window (REPEAT_CONTACT_DAYS) has closed, how many were not followed by
    another call from the same caller within it.

    A call whose window is still open is `pending` ("not yet known"): counting it as resolved
    would change the figure after it was reported. On an agent's figure, repeats whose caller
    gave a reason of the process or outside customer service are `left_out`: the second call
    was not the agent's doing. The team's figure keeps them.
    """

    calls: int
    repeated: int
    share: float | None  # None below the minimum number of calls
    low: float | None
    high: float | None
    pending: int = 0
    left_out: int = 0


def _first_contact(surveys: SurveyCounts, level: Level, catalogue: ReasonCatalogue,
                   min_responses: int) -> FirstContact:
    calls = repeated = pending = left_out = 0
    not_theirs = LEFT_OUT_OF_SCORE[level]
    for key, n in surveys.items():
        # A call nobody answered was no contact; one without a number cannot be followed.
        if not key.traced or key.skip_reason == SkipReason.NOT_ANSWERED:
            continue
        if not key.settled:
            pending += n
        elif key.repeat_contact and catalogue.owner_of(key.reason) in not_theirs:
            left_out += n
        else:
            calls += n
            repeated += n if key.repeat_contact else 0
    if calls < max(min_responses, 1):
        return FirstContact(calls, repeated, None, None, None, pending, left_out)
    low, high = wilson_interval(calls - repeated, calls)
    return FirstContact(calls, repeated, (calls - repeated) / calls, low, high, pending,
                        left_out)


@dataclass(frozen=True)
class Summary:
    """A scope's figures on one scale over a period (a week, for digests and the API)."""

    level: Level
    kind: SurveyKind
    answers: int  # every answer, also those the score leaves out
    categories: dict[Category, int]  # every answer by category: the promoter/passive/... split
    # The answers the score counts, by category: the split that adds up to the score (+35 from
    # these, never +41 at the top and +35 from a split of other answers).
    scored_categories: dict[Category, int]
    score: ScoreSummary  # over the answers the score counts
    left_out: list[ReasonShare]  # answers the score leaves out, by reason
    unhappy: int
    reasons: list[ReasonShare]  # reasons of unhappy answers, most frequent first
    without_reason: int
    change: Change | None
    focus: str | None
    recent_answers: int  # answers over the recent weeks the change and focus judge
    recent_positive: int
    funnel: Funnel | None
    first_contact: FirstContact | None
    follow_ups: FollowUpOutcomes | None = None  # a team's call backs, for its supervisors
    # The recent answers that gave the focus's reason: the evidence a first screen shows.
    focus_answers: int = 0

    @property
    def surveys_sent(self) -> int | None:
        return self.funnel.surveyed if self.funnel is not None else None

    @property
    def response_rate(self) -> float | None:
        if self.funnel is None:
            return None
        return response_rate(self.answers, self.funnel.surveyed)


def ordered_kinds(kinds: Iterable[SurveyKind]) -> list[SurveyKind]:
    """The scales given, each once, in a fixed order."""
    found = set(kinds)
    return [kind for kind in SurveyKind if kind in found]


def _added(weeks: Sequence[AnswerCounts]) -> AnswerCounts:
    """The weeks' counts together (one Counter updated in place, not one per addition)."""
    total: AnswerCounts = Counter()
    for week in weeks:
        total.update(week)
    return total


def _of_kind(counts: AnswerCounts, kind: SurveyKind) -> AnswerCounts:
    """The counts on one scale. Most scopes answer on one scale only: their counts are returned
    as they are, not copied, so what is read here is never written to."""
    if all(key[0] is kind for key in counts):
        return counts
    return Counter({key: n for key, n in counts.items() if key[0] is kind})


def _scored(counts: AnswerCounts, level: Level, catalogue: ReasonCatalogue) -> Counter[Category]:
    left_out = LEFT_OUT_OF_SCORE[level]
    scored: Counter[Category] = Counter()
    for (_, category, reason), n in counts.items():
        if catalogue.owner_of(reason) not in left_out:
            scored[category] += n
    return scored


def _left_out(counts: AnswerCounts, level: Level, catalogue: ReasonCatalogue,
              min_responses: int) -> list[ReasonShare]:
    owners = LEFT_OUT_OF_SCORE[level]
    by_reason: Counter[str] = Counter()
    for (_, _, reason), n in counts.items():
        if reason is not None and catalogue.owner_of(reason) in owners:
            by_reason[reason] += n
    total = sum(counts.values())
    return _ordered([(code, n) for code, n in by_reason.items()], total, catalogue,
                    min_responses)


def _ordered(found: list[tuple[str, int]], total: int, catalogue: ReasonCatalogue,
             min_responses: int) -> list[ReasonShare]:
    order = {reason.code: index for index, reason in enumerate(catalogue.reasons)}
    # Most frequent first; equal counts keep the catalogue's order, never anything about agents.
    found.sort(key=lambda item: (-item[1], order.get(item[0], len(order)), item[0]))
    return [ReasonShare(code, catalogue.owner_of(code) or ReasonOwner.OUTSIDE, n,
                        share_if_enough(n, total, min_responses)) for code, n in found]


def _reasons(counts: AnswerCounts, catalogue: ReasonCatalogue,
             min_responses: int) -> tuple[int, list[ReasonShare], int]:
    """Unhappy answers, their reasons (codes still in the catalogue), and those without one."""
    unhappy = Counter({reason: n for (_, category, reason), n in counts.items()
                       if category in NEGATIVE_CATEGORIES})
    total = sum(unhappy.values())
    known = [(code, n) for code, n in unhappy.items()
             if code is not None and catalogue.by_code(code) is not None]
    reasons = _ordered(known, total, catalogue, min_responses)
    return total, reasons, total - sum(r.answers for r in reasons)


def _rates(counts: AnswerCounts) -> ReasonRates:
    by_reason: Counter[str] = Counter()
    for (_, category, reason), n in counts.items():
        if reason is not None and category in NEGATIVE_CATEGORIES:
            by_reason[reason] += n
    return ReasonRates(by_reason, sum(counts.values()))


def _focus(level: Level, recent: AnswerCounts, baseline: AnswerCounts,
           reference: AnswerCounts | None, catalogue: ReasonCatalogue,
           min_responses: int) -> str | None:
    if sum(recent.values()) < max(min_responses, 1):
        return None
    candidates = [r.code for r in catalogue.reasons if r.owner in FOCUS_OWNERS[level]]
    return standout_reason(candidates, _rates(recent), _rates(baseline),
                           _rates(reference) if reference is not None else None)


def scored_answers(level: Level, kind: SurveyKind, counts: AnswerCounts,
                   catalogue: ReasonCatalogue, min_responses: int) -> tuple[int, ScoreSummary]:
    """How many answers on the scale, and the score over those it counts: a summary's first
    two figures, which is all a week of a trend needs."""
    of_kind = _of_kind(counts, kind)
    return (sum(of_kind.values()),
            summarize_scores(kind, _scored(of_kind, level, catalogue), min_responses))


def summarize(
    level: Level, kind: SurveyKind, counts: AnswerCounts, catalogue: ReasonCatalogue,
    min_responses: int, *, surveys: SurveyCounts | None = None,
    history: Sequence[AnswerCounts] | None = None, reference: AnswerCounts | None = None,
) -> Summary:
    """The figures of one scope on one scale.

    `counts` are the period's answers and `surveys` its survey decisions; `history` the counts
    of HISTORY_WEEKS weeks (oldest first) ending with the period's week, for the change and the
    focus: the last RECENT_WEEKS a week each, the baseline weeks before them in one or more
    totals (only their sum is used); `reference` the team's counts over the recent weeks, the
    mix an agent's reasons are set against when their own history is thin.
    """
    # scored_answers's two figures, from the one filtering and scoring the rest reads too.
    counts = _of_kind(counts, kind)
    scored = _scored(counts, level, catalogue)
    answered, score = sum(counts.values()), summarize_scores(kind, scored, min_responses)
    of_kind = None if surveys is None else Counter(
        {key: n for key, n in surveys.items() if key.kind is kind})
    unhappy, reasons, without_reason = _reasons(counts, catalogue, min_responses)
    change = focus = None
    recent: AnswerCounts = Counter()
    if history is not None:
        weeks = [_of_kind(week, kind) for week in history]
        baseline, recent = _added(weeks[:-RECENT_WEEKS]), _added(weeks[-RECENT_WEEKS:])
        change = change_against_history(
            [_scored(week, level, catalogue) for week in weeks[-RECENT_WEEKS:]],
            _scored(baseline, level, catalogue), min_responses)
        focus = _focus(level, recent, baseline,
                       _of_kind(reference, kind) if reference is not None else None,
                       catalogue, min_responses)
    return Summary(
        level=level,
        kind=kind,
        answers=answered,
        categories={category: sum(n for (_, c, _), n in counts.items() if c is category)
                    for category in sorted(CATEGORIES[kind], key=answer_value, reverse=True)},
        scored_categories={category: scored[category] for category in
                           sorted(CATEGORIES[kind], key=answer_value, reverse=True)},
        score=score,
        left_out=_left_out(counts, level, catalogue, min_responses),
        unhappy=unhappy,
        reasons=reasons,
        without_reason=without_reason,
        change=change,
        focus=focus,
        recent_answers=sum(recent.values()),
        focus_answers=sum(n for (_, _, reason), n in recent.items() if reason == focus)
        if focus else 0,
        recent_positive=sum(n for (_, category, _), n in recent.items()
                            if category in POSITIVE_CATEGORIES),
        funnel=None if of_kind is None else _funnel(of_kind, answered),
        first_contact=(None if of_kind is None
                       else _first_contact(of_kind, level, catalogue, min_responses)),
    )


def worth_a_word(summaries: Iterable[Summary]) -> bool:
    """Whether a supervisor's page names the agent as worth a word: a scale whose recent weeks
    moved lower against the agent's own history, or a reason of theirs that stands out.

    Both tests are held to a yearly budget per agent (not a false discovery rate across the
    team): a stable agent is named in at most about one year in ten of weekly looks, whatever
    the team's size; `python -m bench signals` measures it.
    """
    return any(s.change is Change.LOWER or s.focus for s in summaries)
