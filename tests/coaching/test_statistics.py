"""Worked examples for the coaching statistics, each computed by hand in the comments."""

from __future__ import annotations

import dataclasses

import pytest

from feedback_service.coaching.statistics import (
    ReasonCount,
    ScoreSummary,
    Trend,
    coaching_focus,
    compare_summaries,
    compare_with_own_history,
    customer_service_categories,
    nps_interval,
    rank_reasons,
    response_rate,
    summarize_scores,
    wilson_interval,
)
from feedback_service.surveys.reasons import parse_catalogue
from feedback_service.surveys.scoring import Category, SurveyKind

HAPPY, SAD = Category.HAPPY, Category.SAD
PROMOTER, PASSIVE, DETRACTOR = Category.PROMOTER, Category.PASSIVE, Category.DETRACTOR
SMILEY, NPS = SurveyKind.SMILEY, SurveyKind.NPS


def _reason(code: str, digit: int, customer_service: bool) -> dict:
    return {
        "code": code,
        "digit": digit,
        "customer_service": customer_service,
        "label": {"en": code},
    }


# Our own catalogue, so that edits to config/reasons.toml do not move these numbers.
CATALOGUE = parse_catalogue(
    {
        "reasons": [
            _reason("wait_time", 1, True),
            _reason("resolution", 2, True),
            _reason("manner", 3, True),
            _reason("effort", 4, True),
            _reason("product", 5, False),
            _reason("delivery", 6, False),
        ]
    }
)


# --- wilson_interval ---------------------------------------------------------------------


def test_wilson_eight_of_ten():
    # p = 0.8, z² = 3.8416, z²/n = 0.38416, denominator = 1.38416
    # centre = (0.8 + 0.19208) / 1.38416 = 0.71674
    # half = 1.96 / 1.38416 · √(0.016 + 0.009604) = 1.41602 · 0.16001 = 0.22658
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)


def test_wilson_none_of_ten_starts_at_zero():
    # p = 0: centre = 0.19208 / 1.38416 = 0.13877, half = 1.41602 · √0.009604 = 0.13877
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)


def test_wilson_all_of_ten_ends_at_one():
    # The mirror of 0/10: (1 − 0.2775, 1).
    assert wilson_interval(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)


def test_wilson_one_answer_is_wide_but_not_a_point():
    # p = 1, z²/n = 3.8416, denominator = 4.8416, centre = (1 + 1.9208) / 4.8416 = 0.60327
    # half = 1.96 / 4.8416 · √(3.8416 / 4) = 0.40482 · 0.98 = 0.39673
    assert wilson_interval(1, 1) == pytest.approx((0.2065, 1.0), abs=1e-4)


def test_wilson_without_answers_is_the_whole_range():
    assert wilson_interval(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(("successes", "n"), [(-1, 5), (6, 5), (0, -1)])
def test_wilson_rejects_impossible_counts(successes, n):
    with pytest.raises(ValueError):
        wilson_interval(successes, n)


def test_wilson_wider_z_gives_wider_interval():
    narrow = wilson_interval(8, 10, z=1.0)
    wide = wilson_interval(8, 10)
    assert wide[0] < narrow[0] and narrow[1] < wide[1]


# --- nps_interval ------------------------------------------------------------------------


def test_nps_six_two_two():
    # p = 0.6, d = 0.2, NPS = 0.4; var = (0.8 − 0.16) / 10 = 0.064, se = 0.25298
    # half = 1.96 · 0.25298 = 0.49585 → 40 ± 49.585
    low, high = nps_interval(6, 2, 2)
    assert low == pytest.approx(-9.585, abs=1e-3)
    assert high == pytest.approx(89.585, abs=1e-3)


def test_nps_clipped_at_plus_hundred():
    # p = 0.9, d = 0.1, NPS = 0.8; var = (1.0 − 0.64) / 10 = 0.036, se = 0.18974
    # half = 0.37189 → (42.81, 117.19), clipped to 100
    assert nps_interval(9, 0, 1) == pytest.approx((42.811, 100.0), abs=1e-3)


def test_nps_clipped_at_minus_hundred():
    # The mirror of 9/0/1: (−117.19, −42.81), clipped to −100.
    assert nps_interval(1, 0, 9) == pytest.approx((-100.0, -42.811), abs=1e-3)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((10, 0, 0), (100.0, 100.0)),  # var = (1 − 1) / 10 = 0
        ((0, 10, 0), (0.0, 0.0)),  # var = (0 − 0) / 10 = 0
        ((0, 0, 10), (-100.0, -100.0)),  # var = (1 − 1) / 10 = 0
    ],
)
def test_nps_all_one_category_has_no_spread(counts, expected):
    assert nps_interval(*counts) == pytest.approx(expected)


def test_nps_without_answers_is_the_whole_scale():
    assert nps_interval(0, 0, 0) == (-100.0, 100.0)


def test_nps_rejects_negative_counts():
    with pytest.raises(ValueError):
        nps_interval(3, -1, 2)


# --- summarize_scores --------------------------------------------------------------------


def test_smiley_summary_in_percent():
    summary = summarize_scores(SMILEY, [HAPPY] * 8 + [SAD] * 2, min_responses=5)
    assert summary.kind is SMILEY
    assert summary.answers == 10
    assert summary.enough is True
    assert summary.value == pytest.approx(80.0)
    # Wilson 8/10 on the 0..100 scale.
    assert summary.low == pytest.approx(49.02, abs=0.01)
    assert summary.high == pytest.approx(94.33, abs=0.01)


def test_smiley_summary_all_sad_starts_at_zero():
    summary = summarize_scores(SMILEY, [SAD] * 10, min_responses=5)
    assert summary.value == 0.0
    assert summary.low == 0.0
    assert summary.high == pytest.approx(27.75, abs=0.01)


def test_nps_summary():
    categories = [PROMOTER] * 6 + [PASSIVE] * 2 + [DETRACTOR] * 2
    summary = summarize_scores(NPS, categories, min_responses=5)
    assert summary.value == pytest.approx(40.0)
    assert summary.low == pytest.approx(-9.585, abs=1e-3)
    assert summary.high == pytest.approx(89.585, abs=1e-3)
    assert summary.enough


def test_too_few_answers_withholds_the_score():
    summary = summarize_scores(SMILEY, [HAPPY] * 4, min_responses=5)
    assert summary == ScoreSummary(SMILEY, 4, None, None, None, enough=False)


def test_exactly_min_responses_is_enough():
    summary = summarize_scores(NPS, [PROMOTER] * 5, min_responses=5)
    assert summary.enough
    assert (summary.value, summary.low, summary.high) == pytest.approx((100.0, 100.0, 100.0))


def test_no_answers_is_never_enough_even_without_a_minimum():
    summary = summarize_scores(NPS, [], min_responses=0)
    assert summary == ScoreSummary(NPS, 0, None, None, None, enough=False)


@pytest.mark.parametrize(
    ("kind", "categories"),
    [(SMILEY, [HAPPY, PROMOTER]), (NPS, [PROMOTER, SAD])],
)
def test_mixing_scales_is_refused(kind, categories):
    with pytest.raises(ValueError):
        summarize_scores(kind, categories, min_responses=1)


def test_summary_is_frozen():
    summary = summarize_scores(SMILEY, [HAPPY], min_responses=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.value = 0.0  # type: ignore[misc]


# --- trends ------------------------------------------------------------------------------

# Eight previous weeks pooled: 40 happy, 40 sad. p = 0.5, z²/n = 0.04802, denominator = 1.04802
# centre = 0.5, half = 1.96 / 1.04802 · √(0.003125 + 0.00015006) = 0.10703 → (39.30, 60.70) %
HISTORY = [HAPPY] * 40 + [SAD] * 40


def test_history_interval_as_worked_out():
    summary = summarize_scores(SMILEY, HISTORY, min_responses=5)
    assert (summary.low, summary.high) == pytest.approx((39.30, 60.70), abs=0.01)


def test_trend_up_when_intervals_do_not_overlap():
    # 10/10 → (72.25, 100) lies wholly above (39.30, 60.70).
    assert compare_with_own_history(SMILEY, [HAPPY] * 10, HISTORY, 5) is Trend.UP


def test_trend_down_when_intervals_do_not_overlap():
    # 0/10 → (0, 27.75) lies wholly below (39.30, 60.70).
    assert compare_with_own_history(SMILEY, [SAD] * 10, HISTORY, 5) is Trend.DOWN


def test_trend_steady_when_intervals_overlap():
    # 8/10 → (49.02, 94.33) overlaps (39.30, 60.70): 80 % against 50 % is not yet a change.
    assert compare_with_own_history(SMILEY, [HAPPY] * 8 + [SAD] * 2, HISTORY, 5) is Trend.STEADY


def test_trend_unknown_when_this_week_has_too_few_answers():
    assert compare_with_own_history(SMILEY, [HAPPY] * 4, HISTORY, 5) is Trend.UNKNOWN


def test_trend_unknown_without_history():
    assert compare_with_own_history(SMILEY, [HAPPY] * 10, [], 5) is Trend.UNKNOWN


def test_nps_trend_up():
    # History 20/40/20 of 80: NPS 0, var = (0.5 − 0) / 80 = 0.00625, half = 1.96 · 0.07906 = 15.50
    # This week 9 promoters, 1 passive: NPS 90, var = (0.9 − 0.81) / 10 = 0.009,
    # half = 1.96 · 0.09487 = 18.59 → (71.41, 100) lies above (−15.50, 15.50).
    history = [PROMOTER] * 20 + [PASSIVE] * 40 + [DETRACTOR] * 20
    this_week = [PROMOTER] * 9 + [PASSIVE]
    assert compare_with_own_history(NPS, this_week, history, 5) is Trend.UP


def test_touching_intervals_count_as_overlap():
    current = ScoreSummary(SMILEY, 10, 80.0, 60.0, 90.0, enough=True)
    previous = ScoreSummary(SMILEY, 80, 50.0, 40.0, 60.0, enough=True)
    assert compare_summaries(current, previous) is Trend.STEADY


def test_comparing_different_kinds_is_refused():
    current = summarize_scores(SMILEY, [HAPPY] * 10, 5)
    previous = summarize_scores(NPS, [PROMOTER] * 10, 5)
    with pytest.raises(ValueError):
        compare_summaries(current, previous)


def test_trend_values_are_plain_strings():
    assert [str(t) for t in Trend] == ["up", "down", "steady", "unknown"]


# --- response_rate -----------------------------------------------------------------------


def test_response_rate():
    assert response_rate(3, 10) == pytest.approx(0.3)
    assert response_rate(0, 5) == 0.0
    assert response_rate(5, 5) == 1.0


def test_response_rate_without_sends_is_none():
    assert response_rate(0, 0) is None


@pytest.mark.parametrize(("answered", "sent"), [(-1, 5), (1, -1), (6, 5)])
def test_response_rate_rejects_impossible_counts(answered, sent):
    with pytest.raises(ValueError):
        response_rate(answered, sent)


# --- rank_reasons ------------------------------------------------------------------------

# Ten unhappy answers: manner 2, wait_time 2, effort 1, product 3, no reason 1, a retired code 1.
CODES = [
    "manner",
    "wait_time",
    "manner",
    "product",
    None,
    "wait_time",
    "product",
    "product",
    "effort",
    "retired_reason",
]


def test_rank_reasons_apart_and_by_frequency():
    customer_service, other = rank_reasons(CODES, CATALOGUE)
    # manner and wait_time tie at 2; wait_time comes first in the catalogue, although manner
    # was given first. Shares are of all ten unhappy answers: 2/10, 2/10, 1/10 and 3/10.
    assert customer_service == [
        ReasonCount("wait_time", 2, pytest.approx(0.2), True),
        ReasonCount("manner", 2, pytest.approx(0.2), True),
        ReasonCount("effort", 1, pytest.approx(0.1), True),
    ]
    assert other == [ReasonCount("product", 3, pytest.approx(0.3), False)]


def test_rank_reasons_frequency_beats_catalogue_order():
    customer_service, _ = rank_reasons(["effort", "effort", "wait_time"], CATALOGUE)
    assert [rc.code for rc in customer_service] == ["effort", "wait_time"]


def test_rank_reasons_other_reasons_tie_by_catalogue_order():
    _, other = rank_reasons(["delivery", "product"], CATALOGUE)
    assert [rc.code for rc in other] == ["product", "delivery"]


def test_rank_reasons_without_reasons():
    assert rank_reasons([], CATALOGUE) == ([], [])
    assert rank_reasons([None, None], CATALOGUE) == ([], [])


def test_missing_reasons_only_dilute_the_share():
    # One resolution among four unhappy answers: 1/4.
    customer_service, _ = rank_reasons(["resolution", None, None, None], CATALOGUE)
    assert customer_service == [ReasonCount("resolution", 1, 0.25, True)]


# --- coaching_focus ----------------------------------------------------------------------


def test_focus_at_both_thresholds():
    # resolution 3 of 10 = 0.3: count 3 ≥ 3 and share 0.3 ≥ 0.3.
    assert coaching_focus(["resolution"] * 3 + [None] * 7, CATALOGUE) == "resolution"


def test_no_focus_when_share_is_too_small():
    # resolution 3 of 11 = 0.27 < 0.3.
    assert coaching_focus(["resolution"] * 3 + [None] * 8, CATALOGUE) is None


def test_no_focus_when_count_is_too_small():
    # 2 of 2 is a share of 1.0 but only two answers.
    assert coaching_focus(["resolution"] * 2, CATALOGUE) is None


def test_no_focus_in_the_mixed_example():
    # wait_time leads the customer-service reasons with only 2 answers.
    assert coaching_focus(CODES, CATALOGUE) is None


def test_product_is_never_the_focus():
    # product 5/10 leads overall, but the focus is resolution: 3/10 = 0.3.
    codes = ["product"] * 5 + ["resolution"] * 3 + ["wait_time", None]
    assert coaching_focus(codes, CATALOGUE) == "resolution"
    assert coaching_focus(["product"] * 10, CATALOGUE) is None


def test_focus_tie_goes_to_catalogue_order():
    assert coaching_focus(["manner", "wait_time"] * 3, CATALOGUE) == "wait_time"


def test_focus_with_custom_thresholds():
    assert coaching_focus(["manner"], CATALOGUE, min_count=1, min_share=0.0) == "manner"
    assert coaching_focus(["manner"] * 3 + [None], CATALOGUE, min_share=0.8) is None


def test_focus_without_answers():
    assert coaching_focus([], CATALOGUE) is None


# --- customer_service_categories ---------------------------------------------------------


def test_answers_about_the_product_leave_the_customer_service_score():
    # Ten answers: 6 happy, 2 sad about the wait, 2 sad about the product.
    answers = ([(HAPPY, None)] * 6 + [(SAD, "wait_time")] * 2 + [(SAD, "product")] * 2)
    kept = customer_service_categories(answers, CATALOGUE)
    assert kept == [HAPPY] * 6 + [SAD] * 2
    # 6 of 8 = 75 % for customer service, against 6 of 10 = 60 % over every answer.
    assert summarize_scores(SMILEY, kept, 5).value == pytest.approx(75.0)
    everything = [category for category, _ in answers]
    assert summarize_scores(SMILEY, everything, 5).value == pytest.approx(60.0)


def test_sad_answers_without_a_reason_stay_in_the_customer_service_score():
    answers = [(SAD, None), (DETRACTOR, "retired_reason"), (PROMOTER, "delivery")]
    assert customer_service_categories(answers, CATALOGUE) == [SAD, DETRACTOR]
