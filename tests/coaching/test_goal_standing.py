"""Where a target lies against the score's interval, judged only with enough answers."""

from __future__ import annotations

from datetime import date

import pytest

from feedback_service.coaching.goals.progress import GoalProgress, Standing
from feedback_service.coaching.goals.store import GoalChanges, GoalRejected, check_goal
from feedback_service.coaching.statistics import ScoreSummary
from feedback_service.surveys.scoring import SurveyKind


def progress(target: float, low: float | None, high: float | None) -> GoalProgress:
    value = None if low is None or high is None else (low + high) / 2
    score = ScoreSummary(SurveyKind.NPS, 40, value, low, high)
    return GoalProgress(SurveyKind.NPS, target, date(2026, 11, 1), date(2026, 11, 30),
                        date(2026, 11, 1), date(2026, 11, 18), 40, score)


@pytest.mark.parametrize(("target", "low", "high", "standing"), [
    (20, 20.0, 45.0, Standing.REACHED),  # the target at the interval's edge counts as reached
    (20, 25.0, 45.0, Standing.REACHED),
    (20, -5.0, 19.9, Standing.NOT_YET),
    (20, 10.0, 30.0, Standing.UNDECIDED),
    (20, None, None, None),  # too few answers: nothing judged
])
def test_standing(target, low, high, standing):
    assert progress(target, low, high).standing == standing


@pytest.mark.parametrize(("kind", "target", "field"), [
    (SurveyKind.SMILEY, 100.5, "target"),
    (SurveyKind.SMILEY, -0.1, "target"),
    (SurveyKind.CES, -100.5, "target"),
    (SurveyKind.NPS, float("nan"), "target"),
])
def test_targets_keep_to_their_scale(kind, target, field):
    with pytest.raises(GoalRejected) as refused:
        check_goal(GoalChanges(kind, target, date(2026, 11, 1), date(2026, 11, 30)))
    assert refused.value.field == field


def test_a_one_day_goal_is_a_period():
    check_goal(GoalChanges(SurveyKind.CES, -100, date(2026, 11, 1), date(2026, 11, 1)))
