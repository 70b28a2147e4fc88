"""Worked examples for the coaching statistics, each computed by hand in the comments."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from feedback_service.coaching.presentation import describe_numbers
from feedback_service.coaching.statistics import (
    NET_SCORE_THRESHOLDS,
    SMILEY_THRESHOLDS,
    Change,
    ReasonRates,
    _tilted_log_ratio_of_any,
    _tilted_log_ratio_of_two,
    _untilted_log_ratio,
    binomial_upper_tail,
    change_against_history,
    change_score,
    net_score_interval,
    response_rate,
    share_if_enough,
    standout_reason,
    summarize_scores,
    tilted_log_ratio,
    wilson_interval,
)
from feedback_service.coaching.summaries import Level, summarize
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import Category, SurveyKind, categorize

HAPPY, SAD = Category.HAPPY, Category.SAD
PROMOTER, PASSIVE, DETRACTOR = Category.PROMOTER, Category.PASSIVE, Category.DETRACTOR
EASY, NEUTRAL, DIFFICULT = Category.EASY, Category.NEUTRAL, Category.DIFFICULT
SMILEY, NPS, CES = SurveyKind.SMILEY, SurveyKind.NPS, SurveyKind.CES


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


def test_wilson_bounds_of_none_and_all_are_exactly_zero_and_one():
    # Rounding made 63 answers of 63 end at 0.9999999999999999 (and 0 of 11 start at 2.8e-17):
    # the API showed an interval that stops short of a share it holds.
    for n in range(1, 2001):
        assert wilson_interval(0, n)[0] == 0.0, n
        assert wilson_interval(n, n)[1] == 1.0, n


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


# --- net_score_interval (adjusted Wald) ---------------------------------------------------


def test_net_score_six_two_two():
    # n = 10 + 3 = 13, p = 6.75/13 = 0.51923, d = 2.75/13 = 0.21154, score = 0.30769
    # variance = (0.73077 − 0.09467) / 13 = 0.04893, half = 1.96 · 0.22120 = 0.43356
    low, high = net_score_interval(6, 2, 2)
    assert low == pytest.approx(-12.586, abs=1e-3)
    assert high == pytest.approx(74.125, abs=1e-3)


def test_five_promoters_of_five_is_an_interval_not_a_point():
    # The plain Wald interval gave [+100, +100] here. n = 8, p = 5.75/8 = 0.71875,
    # d = 0.75/8 = 0.09375, score = 0.625, variance = (0.8125 − 0.390625) / 8 = 0.05273,
    # half = 1.96 · 0.22964 = 0.45009 → (17.49, 107.51), clipped to 100.
    assert net_score_interval(5, 0, 0) == pytest.approx((17.491, 100.0), abs=1e-3)


def test_five_detractors_of_five_mirrors_it():
    assert net_score_interval(0, 0, 5) == pytest.approx((-100.0, -17.491), abs=1e-3)


def test_all_passives_is_centred_on_zero():
    # n = 13, p = d = 0.75/13 = 0.05769, score = 0, half = 1.96 · √(0.11538/13) = 0.18465
    assert net_score_interval(0, 10, 0) == pytest.approx((-18.465, 18.465), abs=1e-3)


def test_net_score_rejects_negative_counts():
    with pytest.raises(ValueError):
        net_score_interval(1, -1, 0)


def _draw(rng: random.Random, n: int, positive: float, negative: float) -> tuple[int, int, int]:
    counts = [0, 0, 0]
    for _ in range(n):
        roll = rng.random()
        counts[0 if roll < positive else 2 if roll < positive + negative else 1] += 1
    return counts[0], counts[1], counts[2]


def test_net_score_interval_keeps_its_coverage_at_small_samples():
    # Simulated samples of 5 to 20 answers from known mixes: the 95 % interval must hold the
    # true score about 95 % of the time (the plain Wald interval held it 40-90 % of the time).
    rng = random.Random(2026)
    coverages = []
    for positive, negative in ((0.6, 0.1), (0.8, 0.05), (0.9, 0.02), (0.4, 0.3), (0.3, 0.5)):
        for n in (5, 10, 20):
            truth = 100 * (positive - negative)
            held = 0
            for _ in range(1000):
                low, high = net_score_interval(*_draw(rng, n, positive, negative))
                held += low <= truth <= high
            coverages.append(held / 1000)
    assert min(coverages) >= 0.90
    assert sum(coverages) / len(coverages) >= 0.93


# --- summarize_scores --------------------------------------------------------------------


def test_smiley_summary_in_percent():
    summary = summarize_scores(SMILEY, {HAPPY: 8, SAD: 2}, min_responses=5)
    assert summary.value == pytest.approx(80.0)
    assert (summary.low, summary.high) == pytest.approx((49.02, 94.33), abs=1e-2)
    assert summary.answers == 10 and summary.enough


def test_nps_summary():
    summary = summarize_scores(NPS, {PROMOTER: 6, PASSIVE: 2, DETRACTOR: 2}, min_responses=5)
    assert summary.value == pytest.approx(40.0)
    assert (summary.low, summary.high) == pytest.approx((-12.586, 74.125), abs=1e-3)


def test_net_easy_summary_is_easy_minus_difficult():
    # 4 easy, 1 neutral, 1 difficult: (4 − 1) / 6 = +50, the interval as for NPS.
    summary = summarize_scores(CES, {EASY: 4, NEUTRAL: 1, DIFFICULT: 1}, min_responses=5)
    assert summary.value == pytest.approx(50.0)
    assert (summary.low, summary.high) == pytest.approx(net_score_interval(4, 1, 1))


def test_too_few_answers_withholds_the_score():
    summary = summarize_scores(SMILEY, {HAPPY: 4}, min_responses=5)
    assert (summary.answers, summary.value, summary.low, summary.high) == (4, None, None, None)
    assert not summary.enough


def test_no_answers_is_never_enough_even_without_a_minimum():
    assert not summarize_scores(NPS, {}, min_responses=0).enough


@pytest.mark.parametrize(("kind", "counts"), [
    (SMILEY, {HAPPY: 3, PROMOTER: 1}),
    (NPS, {PROMOTER: 3, SAD: 1}),
    (CES, {EASY: 3, PROMOTER: 1}),
])
def test_mixing_scales_is_refused(kind, counts):
    with pytest.raises(ValueError, match="do not belong"):
        summarize_scores(kind, counts, min_responses=1)


# --- change_against_history --------------------------------------------------------------


def test_the_log_ratio_of_a_known_baseline_is_the_bernoulli_one():
    # With a baseline of 10 000 answers its level is as good as known: 80 % happy. Tilting the
    # log-odds by −1.2 gives p1 = 1 / (1 + e^−(ln 4 − 1.2)) = 0.5464, and five happy and five
    # sad answers give 5·ln(0.5464/0.8) + 5·ln(0.4536/0.2) = −1.907 + 4.095 = 2.188.
    ratio = tilted_log_ratio([2000.5, 8000.5], [5, 5], [0, 1], -1.2)
    assert ratio == pytest.approx(2.188, abs=0.01)


def test_the_two_valued_ratio_is_the_general_one_to_the_last_bit():
    # A smiley's ratio is written out value by value for speed; a change line must not move
    # because of it, also at a threshold: baselines from none to a year of a busy team's
    # answers, recent weeks from one answer to hundreds, 0 % and 100 % included.
    rng = random.Random(7)
    for _ in range(2000):
        baseline = [rng.choice([0, 1, 7, 120, 5200]) * rng.random() // 1 + 0.5 for _ in "ab"]
        recent = [float(rng.choice([0, 1, 3, 10, 40, 300])) for _ in "ab"]
        recent[rng.randrange(2)] += 1.0
        tilt = rng.choice([-1.2, 1.2])
        assert (_tilted_log_ratio_of_two(baseline, recent, [0, 1], tilt)
                == _tilted_log_ratio_of_any(baseline, recent, [0, 1], tilt))


def test_no_tilt_fits_the_recent_answers_better_than_their_own_distribution():
    # The closed form that lets most weeks skip the CUSUM's iterations must bound it from
    # above, on both scales, in both directions, from a handful of answers to a busy year.
    rng = random.Random(11)
    for _ in range(3000):
        values = rng.choice([[0, 1], [-1, 0, 1]])
        baseline = [rng.choice([0, 1, 7, 120, 5200]) * rng.random() // 1 + 0.5 for _ in values]
        recent = [float(rng.choice([0, 1, 3, 10, 40, 300])) for _ in values]
        recent[rng.randrange(len(values))] += 1.0
        bound = _untilted_log_ratio(baseline, recent)
        for tilt in (-1.2, 1.2, -0.6, 0.6):
            assert tilted_log_ratio(baseline, recent, values, tilt) <= bound + 1e-9


def _change_by_the_full_rule(recent, baseline, min_responses):
    """The change line as decided from the CUSUM's own ratios for every week."""
    if sum(baseline.values()) < 2 * min_responses:
        return None
    if sum(n for week in recent for n in week.values()) < min_responses:
        return None
    down, up = change_score(recent, baseline)
    net = any(c not in (HAPPY, SAD) for c in [*baseline, *(c for w in recent for c in w)])
    thresholds = NET_SCORE_THRESHOLDS if net else SMILEY_THRESHOLDS
    if down > thresholds.lower and down - thresholds.lower >= up - thresholds.higher:
        return Change.LOWER
    return Change.HIGHER if up > thresholds.higher else Change.STEADY


@pytest.mark.parametrize("categories", [(HAPPY, SAD), (PROMOTER, PASSIVE, DETRACTOR)])
def test_the_line_is_what_the_cusum_s_own_ratios_decide(categories):
    # Stable agents, drops and rises, quiet weeks and busy ones: every line the same as the
    # full rule's, the weeks near a threshold included.
    rng = random.Random(5)
    decided = Counter()
    for _ in range(1500):
        level = [rng.random() + 0.05 for _ in categories]
        moved = [max(0.01, p + rng.choice([0.0, 0.0, -0.4, 0.4])) for p in level]
        weekly = rng.choice([0, 2, 5, 10, 30])
        baseline = Counter(rng.choices(categories, level, k=weekly * 52))
        recent = [Counter(rng.choices(categories, moved, k=rng.randint(0, 2 * weekly)))
                  for _ in range(4)]
        change = change_against_history(recent, baseline, 5)
        assert change is _change_by_the_full_rule(recent, baseline, 5)
        decided[change] += 1
    assert decided[Change.LOWER] and decided[Change.HIGHER] and decided[Change.STEADY]


def test_no_tilt_is_no_evidence():
    assert tilted_log_ratio([20, 30, 50], [3, 3, 4], [-1, 0, 1], 0.0) == pytest.approx(0.0)


def test_a_clear_drop_over_four_weeks_is_lower():
    # Baseline 96 of 120 happy (80 %), then four weeks of 5 of 10: the ratio over the four
    # weeks is about 6.1, above LOWER_THRESHOLD.
    recent = [{HAPPY: 5, SAD: 5}] * 4
    assert change_score(recent, {HAPPY: 96, SAD: 24})[0] == pytest.approx(6.13, abs=0.01)
    assert change_against_history(recent, {HAPPY: 96, SAD: 24}, 5) is Change.LOWER


def test_four_weeks_at_half_after_a_year_at_74_percent_are_lower():
    # 20 of 40 happy after 386 of 520 (74 %): a ratio of 4.81, below the single threshold of
    # 4.9 both scales shared, so the line said "steady". With "higher" asking for stronger
    # evidence, the yearly budget leaves a smiley's "lower" a threshold of 4.7.
    recent = [{HAPPY: 5, SAD: 5}] * 4
    assert change_score(recent, {HAPPY: 386, SAD: 134})[0] == pytest.approx(4.81, abs=0.01)
    assert change_against_history(recent, {HAPPY: 386, SAD: 134}, 5) is Change.LOWER


def test_a_perfect_month_after_a_year_at_78_percent_is_not_yet_higher():
    # 40 happy answers of 40 after 450 of 580: a ratio of 6.5, which the shared threshold of
    # 6.2 called "higher". A rise asks nothing of a supervisor, so it gets a small share of the
    # yearly budget (about 1 % of a stable agent's years) and needs a ratio above 7.5.
    recent = [{HAPPY: 10}] * 4
    assert change_score(recent, {HAPPY: 450, SAD: 130})[1] == pytest.approx(6.50, abs=0.01)
    assert change_against_history(recent, {HAPPY: 450, SAD: 130}, 5) is Change.STEADY


def test_a_clear_rise_is_higher():
    recent = [{HAPPY: 10}] * 4
    assert change_against_history(recent, {HAPPY: 60, SAD: 60}, 5) is Change.HIGHER


def test_an_ordinary_wobble_is_steady():
    # 7 of 10 against 80 % favours neither move: both ratios are below 0, counted as 0.
    assert change_score([{HAPPY: 7, SAD: 3}], {HAPPY: 96, SAD: 24}) == (0.0, 0.0)
    assert change_against_history([{HAPPY: 7, SAD: 3}], {HAPPY: 96, SAD: 24},
                                  5) is Change.STEADY


def test_a_sharp_drop_shows_in_its_first_week():
    recent = [{HAPPY: 8, SAD: 2}] * 3 + [{HAPPY: 1, SAD: 9}]
    assert change_against_history(recent, {HAPPY: 96, SAD: 24}, 5) is Change.LOWER


def test_one_sad_answer_after_a_perfect_run_is_steady():
    # 120 happy answers, then one sad among the next ten: the chance that the one sad answer
    # of 130 falls among the last ten is 10/130 = 0.08, no evidence of a drop. A normal
    # approximation (pooled z = −3.5) called it lower; the ratio, from the counts, is 0.96.
    assert change_score([{HAPPY: 9, SAD: 1}], {HAPPY: 120})[0] == pytest.approx(0.96, abs=0.01)
    assert change_against_history([{HAPPY: 9, SAD: 1}], {HAPPY: 120}, 5) is Change.STEADY


def test_a_perfect_run_after_a_perfect_run_is_steady():
    assert change_against_history([{SAD: 0, HAPPY: 10}] * 4, {HAPPY: 520}, 5) is Change.STEADY


def test_too_little_history_is_no_judgement():
    assert change_against_history([{HAPPY: 10}], {HAPPY: 9}, 5) is None


def test_too_few_recent_answers_is_no_judgement():
    assert change_against_history([{HAPPY: 1}, {SAD: 2}], {HAPPY: 50, SAD: 50}, 5) is None


def test_every_answer_alike_everywhere_is_steady():
    assert change_against_history([{HAPPY: 10}], {HAPPY: 40}, 5) is Change.STEADY


def test_nps_drop_is_lower():
    # Detractors are −1, passives 0, promoters +1: the same test, tilting by half the shift.
    recent = [{DETRACTOR: 6, PASSIVE: 2, PROMOTER: 2}] * 2
    assert change_against_history(recent, {PROMOTER: 70, PASSIVE: 20, DETRACTOR: 10},
                                  5) is Change.LOWER


# --- response_rate and shares ------------------------------------------------------------


def test_response_rate():
    assert response_rate(12, 18) == pytest.approx(2 / 3)


def test_response_rate_without_sends_is_none():
    assert response_rate(0, 0) is None


def test_a_share_of_one_answer_is_held_back():
    assert share_if_enough(1, 1, 5) is None
    assert share_if_enough(2, 5, 5) == pytest.approx(0.4)


# --- binomial_upper_tail and standout_reason ---------------------------------------------


def test_binomial_tail_by_hand():
    # P(X ≥ 2 | n = 3, p = 0.5) = (3 + 1) / 8
    assert binomial_upper_tail(2, 3, 0.5) == pytest.approx(0.5)
    # P(X ≥ 3 | n = 10, p = 0.1) = 1 − (0.9¹⁰ + 10·0.1·0.9⁹ + 45·0.01·0.9⁸) = 0.07019
    assert binomial_upper_tail(3, 10, 0.1) == pytest.approx(0.07019, abs=1e-5)
    assert binomial_upper_tail(0, 10, 0.3) == 1.0
    assert binomial_upper_tail(11, 10, 0.3) == 0.0


REASONS = ["resolution", "manner"]


def test_a_reason_far_above_its_usual_rate_stands_out():
    # 9 of 40 recent answers about the help, against 5 of 200 (2.5 %) before:
    # expected (5 + 0.5) / 201 = 2.7 %, P(X ≥ 9 | 40, 0.027) ≈ 1e−6, below STANDOUT_P.
    recent = ReasonRates({"resolution": 9, "manner": 1}, 40)
    history = ReasonRates({"resolution": 5, "manner": 4}, 200)
    assert standout_reason(REASONS, recent, history) == "resolution"


def test_a_reason_at_its_usual_rate_does_not():
    recent = ReasonRates({"resolution": 3}, 40)
    history = ReasonRates({"resolution": 15}, 200)
    assert standout_reason(REASONS, recent, history) is None


def test_two_answers_are_never_a_pattern():
    recent = ReasonRates({"resolution": 2}, 10)
    assert standout_reason(REASONS, recent, ReasonRates({}, 200)) is None


def test_a_new_agent_is_set_against_the_teams_mix():
    # No history of their own: the team gives manner in 10 % of answers, so 3 of 20 is usual;
    # resolution at 1 % of the team's answers makes 6 of 20 stand out: expected
    # (0.01 · 20 + 0.5) / 21 = 3.3 %, P(X ≥ 6 | 20, 0.033) ≈ 4e−5.
    recent = ReasonRates({"resolution": 6, "manner": 3}, 20)
    team = ReasonRates({"resolution": 10, "manner": 100}, 1000)
    assert standout_reason(REASONS, recent, ReasonRates({}, 0), team) == "resolution"


def test_six_of_forty_is_no_longer_enough_to_name_anyone():
    # P(X ≥ 6 | 40, 0.027) ≈ 0.003: at 5 % a look, weekly looks named nearly every stable
    # agent in a year; the yearly budget asks for far stronger evidence.
    recent = ReasonRates({"resolution": 6, "manner": 1}, 40)
    history = ReasonRates({"resolution": 5, "manner": 4}, 200)
    assert standout_reason(REASONS, recent, history) is None


def test_only_candidate_reasons_can_stand_out():
    recent = ReasonRates({"wait_time": 20}, 40)
    assert standout_reason(REASONS, recent, ReasonRates({}, 200)) is None



def test_the_net_easy_interval_keeps_its_coverage_at_small_samples():
    # Net Easy reuses the NPS interval: its answers are also +1, 0 or −1. Its mixes differ (a
    # five-point scale puts more answers in the middle), so samples of 5 to 20 answers are drawn
    # from keypad answers 1–5 and scored through `categorize` and `summarize_scores`, as the
    # service scores them; the interval must hold the true score about 95 % of the time.
    rng = random.Random(1130)
    mixes = (  # P(1), P(2), P(3), P(4), P(5)
        (0.02, 0.03, 0.10, 0.35, 0.50),
        (0.05, 0.10, 0.25, 0.30, 0.30),
        (0.10, 0.10, 0.40, 0.20, 0.20),
        (0.25, 0.25, 0.20, 0.15, 0.15),
        (0.01, 0.01, 0.03, 0.15, 0.80),
    )
    coverages = []
    for mix in mixes:
        truth = 100 * (mix[3] + mix[4] - mix[0] - mix[1])
        for n in (5, 10, 20):
            held = 0
            for _ in range(1000):
                keys = rng.choices(range(1, 6), weights=mix, k=n)
                counts = Counter(categorize(CES, key) for key in keys)
                summary = summarize_scores(CES, counts, min_responses=1)
                held += summary.low <= truth <= summary.high
            coverages.append(held / 1000)
    # Measured: 0.945 on average; the worst, 5 answers from the mix of 85 % easy, 0.899 (at
    # 1000 draws a case is known to about ±0.01). Good enough to reuse the NPS interval as is.
    assert min(coverages) >= 0.88
    assert sum(coverages) / len(coverages) >= 0.93


def test_the_focus_line_quotes_no_share_below_the_minimum():
    # Three answers over the recent weeks, two happy: "2 of 3 callers were positive" would be
    # a share of three answers, which nothing else shows below the minimum of five.
    week = Counter({(SMILEY, HAPPY, None): 2, (SMILEY, SAD, "resolution"): 1})
    summary = summarize(Level.AGENT, SMILEY, week, load_catalogue(), 5,
                        history=[Counter(), week])
    focus = describe_numbers([summary], "en", load_catalogue(), 5, follow_up_hours=4,
                            repeat_days=7).focus
    assert "2 of 3" not in focus
    assert focus == "No single reason stands out this week."
