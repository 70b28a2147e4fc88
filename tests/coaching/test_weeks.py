"""ISO weeks by the company's clock, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from feedback_service.coaching.weeks import (
    IsoWeek,
    NotAnIsoWeek,
    last_complete_week,
    parse_iso_week,
    week_at,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_week_47_of_2026_in_stockholm_winter_time():
    start, end = IsoWeek(2026, 47).bounds(STOCKHOLM)
    assert start == datetime(2026, 11, 15, 23, 0, tzinfo=UTC)  # Monday 16 Nov 00:00 CET
    assert end - start == timedelta(days=7)


def test_the_week_clocks_go_forward_is_an_hour_short():
    # 2026-W13 holds Sunday 29 March, when 02:00 becomes 03:00.
    start, end = IsoWeek(2026, 13).bounds(STOCKHOLM)
    assert start == datetime(2026, 3, 22, 23, 0, tzinfo=UTC)  # Monday 23 March 00:00 CET
    assert end == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # Monday 30 March 00:00 CEST
    assert end - start == timedelta(hours=167)


def test_the_week_clocks_go_back_is_an_hour_long():
    start, end = IsoWeek(2026, 43).bounds(STOCKHOLM)  # ends Sunday 25 October
    assert end - start == timedelta(hours=169)


def test_a_sunday_night_in_utc_can_already_be_monday_in_stockholm():
    assert week_at(datetime(2026, 3, 29, 22, 30, tzinfo=UTC), STOCKHOLM) == IsoWeek(2026, 14)
    assert week_at(datetime(2026, 3, 29, 21, 30, tzinfo=UTC), STOCKHOLM) == IsoWeek(2026, 13)


def test_last_complete_week_on_a_monday_morning():
    monday = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 07:00 in Stockholm
    assert last_complete_week(monday, STOCKHOLM) == IsoWeek(2026, 47)


def test_weeks_cross_the_new_year():
    assert IsoWeek(2026, 1).shifted(-1) == IsoWeek(2025, 1).shifted(51)
    assert str(IsoWeek(2026, 53).shifted(1)) == "2027-W01"
    assert str(IsoWeek(2026, 3).shifted(-8)) == "2025-W47"


@pytest.mark.parametrize(("text", "week"), [("2026-W47", IsoWeek(2026, 47)),
                                             ("2026-w01", IsoWeek(2026, 1)),
                                             ("2026-W53", IsoWeek(2026, 53))])
def test_parse_iso_week(text, week):
    assert parse_iso_week(text) == week


@pytest.mark.parametrize("text", ["2026-47", "2026W47", "W47", "2025-W53", "2026-W00", ""])
def test_parse_iso_week_refuses_other_forms(text):
    with pytest.raises(NotAnIsoWeek):
        parse_iso_week(text)
