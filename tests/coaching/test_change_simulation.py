"""The weekly signals over a year, by the simulation `python -m bench signals` runs: how often
they name a stable agent, and how often they see a drop. Small runs here (the bench's are
larger); each bound leaves room for the Monte Carlo error of its run."""

from __future__ import annotations

from bench.signals import nps, smiley, stable_years, weeks_to_lower

MIN_RESPONSES = 5
SEED = 2026


def test_a_stable_agent_is_rarely_told_of_a_change_in_a_year():
    # 60 agent-years at 10 answers a week; the bench measures about 8 %. The z-test this
    # replaced flagged 60–80 % of these years.
    years, changed, _ = stable_years(smiley(0.80), 10, 60, SEED, MIN_RESPONSES)
    assert changed / years <= 0.2


def test_a_stable_agent_is_rarely_worth_a_word_in_a_year():
    # The reason test ran at 5 % a look and named nearly every stable agent each year.
    years, _, worded = stable_years(nps(0.60, 0.30, 0.10), 10, 60, SEED, MIN_RESPONSES)
    assert worded / years <= 0.2


def test_a_drop_from_80_to_55_percent_shows_within_four_weeks_mostly():
    found = weeks_to_lower(smiley(0.80), smiley(0.55), 10, 60, SEED, MIN_RESPONSES, horizon=4)
    assert sum(weeks <= 4 for weeks in found) / len(found) >= 0.5
