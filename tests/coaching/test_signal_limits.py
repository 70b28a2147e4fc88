"""The limit `python -m bench signals` sets beside the change line: a detector that knows the
levels before and after a drop exactly. Small runs; each bound leaves room for their error."""

from __future__ import annotations

import math

import pytest

from bench.signal_limits import oracle_limit, week_outcomes

SMILEY_BEFORE, SMILEY_AFTER = (0.20, 0.80), (0.45, 0.55)  # sad, happy: 80 % → 55 % happy
NPS_BEFORE, NPS_AFTER = (0.10, 0.30, 0.60), (0.20, 0.40, 0.40)  # detractors, passives, promoters


def test_every_week_of_ten_answers_is_counted_once():
    outcomes = week_outcomes(NPS_BEFORE, NPS_AFTER, 10)
    # 66 ways to split ten answers in three, each with its chance before and after the drop.
    assert len(outcomes.ratio) == 66
    assert sum(outcomes.before) == pytest.approx(1.0)
    assert sum(outcomes.after) == pytest.approx(1.0)


def test_a_week_of_ten_sad_answers_has_the_bernoulli_ratio():
    outcomes = week_outcomes(SMILEY_BEFORE, SMILEY_AFTER, 10)
    assert max(outcomes.ratio) == pytest.approx(10 * math.log(0.45 / 0.20))


def test_knowing_both_levels_sees_less_than_80_percent_of_the_smiley_drop_in_budget():
    # Even knowing both levels, spending the whole yearly budget on "lower": about 76 % at
    # 10 answers a week, and about 15 % of stable years flagged for 80 %.
    limit = oracle_limit(SMILEY_BEFORE, SMILEY_AFTER, 10, 4, 0.10, 0.80, 1500, 2026)
    assert limit.power_at_budget < 0.80
    assert limit.false_alarms_for_target > 0.10


def test_a_busy_agents_drop_is_seen_at_almost_no_cost():
    limit = oracle_limit(SMILEY_BEFORE, SMILEY_AFTER, 30, 4, 0.10, 0.80, 400, 2026)
    assert limit.power_at_budget > 0.95
