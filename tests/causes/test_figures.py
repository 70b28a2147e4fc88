"""The statistics of causes with plain values: a reason's change, its spikes, and an action's
effect, each held to a stated false-alarm rate (the simulations below measure it)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from feedback_service.causes.figures import action_spans, reason_spikes
from feedback_service.coaching.statistics import (
    EFFECT_LEVEL,
    Change,
    ReasonRates,
    change_in_share,
    effect_of_change,
    hypergeometric_tails,
)
from feedback_service.surveys.reasons import load_catalogue


def test_fisher_tails_of_a_small_table():
    # 3 of 4 before, 1 of 4 after: P(≤ 1 of the 4 given fall after) = 17/70, the textbook value.
    lower, higher = hypergeometric_tails(1, 4, 4, 4)
    assert lower == pytest.approx(17 / 70)
    assert higher == pytest.approx(69 / 70)
    # Every answer alike: nothing can be told apart.
    assert hypergeometric_tails(0, 10, 10, 0) == (1.0, 1.0)


def test_the_effect_waits_for_answers_and_for_the_eight_weeks():
    assert effect_of_change((32, 80), (8, 80), after_complete=False,
                            min_responses=5) is Change.LOWER
    assert effect_of_change((8, 80), (32, 80), after_complete=False,
                            min_responses=5) is Change.HIGHER
    # Below the minimum on one side nothing is judged, however large the difference.
    assert effect_of_change((4, 4), (0, 4), after_complete=True, min_responses=5) is None
    # No difference yet: "steady" only once the after span is complete.
    assert effect_of_change((16, 80), (15, 80), after_complete=False, min_responses=5) is None
    assert effect_of_change((16, 80), (15, 80), after_complete=True,
                            min_responses=5) is Change.STEADY


def test_an_action_that_changed_nothing_is_rarely_said_to_have_worked():
    """Over its eight weekly looks, an action whose reason stayed at 20 % is called lower or
    higher in at most 5 % of cases (EFFECT_LEVEL per look and direction, Bonferroni)."""
    draw = random.Random(2026)
    runs, wrong = 2000, 0
    for _ in range(runs):
        before = sum(draw.random() < 0.2 for _ in range(80))
        given = answers = 0
        for _week in range(8):
            given += sum(draw.random() < 0.2 for _ in range(10))
            answers += 10
            if effect_of_change((before, 80), (given, answers), after_complete=False,
                                min_responses=5) in (Change.LOWER, Change.HIGHER):
                wrong += 1
                break
    assert pytest.approx(0.05 / 16) == EFFECT_LEVEL
    assert wrong / runs <= 0.05


def test_a_halved_share_is_mostly_seen_within_the_eight_weeks():
    draw = random.Random(7)
    runs, seen = 500, 0
    for _ in range(runs):
        before = sum(draw.random() < 0.3 for _ in range(160))
        after = sum(draw.random() < 0.15 for _ in range(160))
        seen += effect_of_change((before, 160), (after, 160), after_complete=True,
                                 min_responses=5) is Change.LOWER
    assert seen / runs >= 0.6


def test_a_share_s_change_is_the_coaching_signals_cusum():
    year = (520, 5200)  # 10 % of 100 answers a week
    assert change_in_share([(10, 100)] * 4, year, min_responses=5) is Change.STEADY
    assert change_in_share([(25, 100)] * 4, year, min_responses=5) is Change.HIGHER
    assert change_in_share([(2, 100)] * 4, year, min_responses=5) is Change.LOWER
    assert change_in_share([(2, 4)], year, min_responses=5) is None


def test_a_spike_is_a_process_or_outside_reason_far_above_its_own_history():
    catalogue = load_catalogue()
    history = ReasonRates({"wait_time": 100, "resolution": 100, "product": 50}, 1000)
    week = ReasonRates({"wait_time": 9, "resolution": 12, "product": 3}, 20)
    [spike] = reason_spikes(catalogue, week, history, min_responses=5)
    # The agent's own reason (resolution) is coaching material, never a spike for an owner.
    assert (spike.code, spike.owner, spike.owned_by) == ("wait_time", "process",
                                                         "workforce@example.com")
    assert (spike.with_reason, spike.answers, spike.share) == (9, 20, 0.45)
    assert spike.expected_share == pytest.approx(100.5 / 1001)
    assert spike.chance < 0.0003
    # Below the minimum, or against too short a history, nothing is judged.
    assert reason_spikes(catalogue, ReasonRates({"wait_time": 4}, 4), history, 5) == []
    assert reason_spikes(catalogue, week, ReasonRates({"wait_time": 1}, 9), 5) == []


def test_a_stable_company_rarely_sees_a_spike_in_a_year():
    """Weekly looks at the three process and outside reasons, each steady at its rate, name
    a spike in at most one year in ten (the coaching signals' yearly budget)."""
    catalogue = load_catalogue()
    rates = {"wait_time": 0.12, "effort": 0.05, "product": 0.08}
    draw = random.Random(11)
    years, alarmed = 300, 0
    for _ in range(years):
        history = ReasonRates({code: round(rate * 2600) for code, rate in rates.items()}, 2600)
        for _week in range(52):
            counts = {code: sum(draw.random() < rate for _ in range(50))
                      for code, rate in rates.items()}
            if reason_spikes(catalogue, ReasonRates(counts, 50), history, 5):
                alarmed += 1
                break
    assert alarmed / years <= 0.10


def test_spans_reach_eight_weeks_each_side_as_far_as_there_is_data():
    spans = action_spans(date(2026, 10, 5), date(2026, 11, 30), date(2026, 1, 1))
    assert (spans.before_since, spans.before_until) == (date(2026, 8, 10), date(2026, 10, 4))
    assert (spans.after_since, spans.after_until) == (date(2026, 10, 5), date(2026, 11, 29))
    assert spans.after_complete
    spans = action_spans(date(2026, 10, 5), date(2026, 10, 20), date(2026, 9, 1))
    assert spans.before_since == date(2026, 9, 1)
    assert spans.after_until == date(2026, 10, 20) and not spans.after_complete
