"""How far a team's goal has come: its score so far over the goal's days, with its interval.

Read through the one read model (`coaching.read_model.tally`) and scored by the summaries' own
rule for a team (answers about matters outside customer service left out), so the figure is the
one the team page and the summaries API would show for the same days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from feedback_service.coaching.goals.models import TeamGoal
from feedback_service.coaching.read_model import Period, Scope, scope_grouping, tally
from feedback_service.coaching.statistics import ScoreSummary
from feedback_service.coaching.summaries import Level, scored_answers
from feedback_service.database import AnySession
from feedback_service.surveys.reasons import ReasonCatalogue
from feedback_service.surveys.scoring import SurveyKind, is_net_score


def scale_of(kind: SurveyKind) -> tuple[float, float]:
    """The points a target may name: % happy 0…100, a net score −100…+100."""
    return (-100.0, 100.0) if is_net_score(kind) else (0.0, 100.0)


class Standing(StrEnum):
    """Where the target lies against the score's 95 % interval so far."""

    REACHED = "reached"  # the whole interval is at or above the target
    NOT_YET = "not_yet"  # the whole interval is below it
    UNDECIDED = "undecided"  # the target lies inside the interval: too close to tell


@dataclass(frozen=True)
class GoalProgress:
    """The goal's score over `first`..`last` (its days so far), or nothing yet."""

    kind: SurveyKind
    target: float
    since: date
    until: date
    first: date
    last: date | None  # None: the goal's period has not begun
    answers: int  # every answer on the goal's scale in those days
    score: ScoreSummary  # withheld below MIN_RESPONSES

    @property
    def standing(self) -> Standing | None:
        """None while the score is withheld: too few answers judge nothing."""
        low, high = self.score.low, self.score.high
        if low is None or high is None:
            return None
        if low >= self.target:
            return Standing.REACHED
        if high < self.target:
            return Standing.NOT_YET
        return Standing.UNDECIDED


def goal_progress(session: AnySession, team_id: int, kind: SurveyKind, target: float,
                  since: date, until: date, *, through: date, zone: ZoneInfo,
                  catalogue: ReasonCatalogue, min_responses: int) -> GoalProgress:
    """The goal's progress counting the calls from `since` through `until` or `through`,
    whichever comes first (`through`: today on a page, a digest's last day in a mail)."""
    last = min(until, through)
    if last < since:
        empty = ScoreSummary(kind, 0, None, None, None)
        return GoalProgress(kind, target, since, until, since, None, 0, empty)
    period = Period.days(since, last, zone)
    by, ids, group = scope_grouping(Scope(team_id=team_id))
    counts = tally(session, [period.start, period.end], by=by, ids=ids,
                   with_surveys=False).answers_in(group, [0])
    answers, score = scored_answers(Level.TEAM, kind, counts, catalogue, min_responses)
    return GoalProgress(kind, target, since, until, since, last, answers, score)


def progress_of(session: AnySession, goal: TeamGoal, *, through: date, zone: ZoneInfo,
                catalogue: ReasonCatalogue, min_responses: int) -> GoalProgress:
    """`goal_progress` of a stored goal."""
    return goal_progress(session, goal.team_id, SurveyKind(goal.kind), goal.target, goal.since,
                         goal.until, through=through, zone=zone, catalogue=catalogue,
                         min_responses=min_responses)
