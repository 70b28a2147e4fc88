"""Deadlines in working hours: worked examples on the company's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from feedback_service.working_hours import NotWorkingHours, parse_working_hours

STOCKHOLM = ZoneInfo("Europe/Stockholm")
OFFICE = parse_working_hours("mon-fri 08-17")  # nine hours a day


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=STOCKHOLM)


def test_within_the_same_day():
    # Monday 30 November 09:00 + 3 working hours = 12:00.
    assert OFFICE.add(at(30, 9), 3, STOCKHOLM) == at(30, 12)


def test_a_friday_afternoon_complaint_is_due_the_next_wednesday():
    # Friday 27 November 15:00: 2 hours that day, 9 on Monday and 9 on Tuesday make 20; the
    # last 4 run on Wednesday 2 December from 08:00 to 12:00.
    assert OFFICE.add(at(27, 15), 24, STOCKHOLM) == at(2, 12, month=12)


def test_a_complaint_at_night_starts_counting_when_the_office_opens():
    assert OFFICE.add(at(30, 22), 1, STOCKHOLM) == at(1, 9, month=12)
    assert OFFICE.add(at(28, 10), 1, STOCKHOLM) == at(30, 9)  # a Saturday


def test_the_answer_keeps_the_time_zone_it_was_given():
    start = at(30, 9).astimezone(UTC)
    due = OFFICE.add(start, 1, STOCKHOLM)
    assert due.tzinfo is UTC and due == at(30, 10)


def test_opening_hours_follow_the_local_clock_across_summer_time():
    # Sunday 29 March 2026 the clocks go forward; Monday still opens at 08:00 local time.
    assert OFFICE.add(at(27, 16, month=3), 2, STOCKHOLM) == at(30, 9, month=3)


def test_working_time_between_two_moments():
    # Friday 15:00 to Monday 10:00: two hours on Friday and two on Monday.
    assert OFFICE.between(at(27, 15), at(30, 10), STOCKHOLM) == timedelta(hours=4)
    assert OFFICE.between(at(30, 10), at(30, 9), STOCKHOLM) == timedelta()


@pytest.mark.parametrize("text, days, opens, closes", [
    ("mon-fri 08-17", {0, 1, 2, 3, 4}, "08:00", "17:00"),
    ("Mon-Sat 08:30-18:00", {0, 1, 2, 3, 4, 5}, "08:30", "18:00"),
    ("sun 10-14", {6}, "10:00", "14:00"),
])
def test_reading_working_hours(text, days, opens, closes):
    hours = parse_working_hours(text)
    assert hours.days == days
    assert (hours.opens.strftime("%H:%M"), hours.closes.strftime("%H:%M")) == (opens, closes)


@pytest.mark.parametrize("text", ["", "weekdays", "fri-mon 08-17", "mon-fri 17-08",
                                  "mon-fri 08-25", "mon-fri 8:60-17"])
def test_what_is_not_working_hours(text):
    with pytest.raises(NotWorkingHours):
        parse_working_hours(text)
