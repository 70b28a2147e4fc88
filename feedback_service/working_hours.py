"""Working hours in the company's time zone, and deadlines counted in them.

A follow-up due "within 24 hours" means 24 working hours: a complaint on Friday afternoon is not
overdue on Saturday morning. Plain values only; nothing here knows of Flask or the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PATTERN = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?\s+"
    r"(\d{1,2})(?::(\d{2}))?-(\d{1,2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class WorkingHours:
    """The same opening hours on each working day (Monday is 0)."""

    days: frozenset[int]
    opens: time
    closes: time

    def _open_interval(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
        if day.weekday() not in self.days:
            return None
        # From the local clock, so a daylight-saving night never moves opening hours.
        return (datetime.combine(day, self.opens, tzinfo=zone),
                datetime.combine(day, self.closes, tzinfo=zone))

    def add(self, start: datetime, hours: float, zone: ZoneInfo) -> datetime:
        """The moment `hours` working hours after `start` (aware; the answer is too)."""
        left = timedelta(hours=hours)
        day = start.astimezone(zone).date()
        while True:
            interval = self._open_interval(day, zone)
            if interval is not None:
                opens, closes = interval
                begin = max(opens, start)
                if begin < closes:
                    if begin + left <= closes:
                        return (begin + left).astimezone(start.tzinfo)
                    left -= closes - begin
            day += timedelta(days=1)

    def between(self, start: datetime, end: datetime, zone: ZoneInfo) -> timedelta:
        """How much working time lies between two moments (zero when `end` is not later)."""
        total = timedelta()
        day = start.astimezone(zone).date()
        while start < end and day <= end.astimezone(zone).date():
            interval = self._open_interval(day, zone)
            if interval is not None:
                begin, finish = max(interval[0], start), min(interval[1], end)
                if begin < finish:
                    total += finish - begin
            day += timedelta(days=1)
        return total


class NotWorkingHours(ValueError):
    """A text that is not working hours like `mon-fri 08-17`."""


def parse_working_hours(text: str) -> WorkingHours:
    """`mon-fri 08-17` or `mon-sat 08:30-18:00` as WorkingHours."""
    match = _PATTERN.match(text.strip().lower())
    if not match:
        raise NotWorkingHours(f"{text!r} is not working hours like mon-fri 08-17")
    first, last = DAYS.index(match[1]), DAYS.index(match[2] or match[1])
    if last < first:
        raise NotWorkingHours(f"{text!r}: the days run from Monday to Sunday")
    try:
        opens = time(int(match[3]), int(match[4] or 0))
        closes = time(int(match[5]), int(match[6] or 0))
    except ValueError:
        raise NotWorkingHours(f"{text!r}: hours run from 00:00 to 23:59") from None
    if closes <= opens:
        raise NotWorkingHours(f"{text!r}: the day must close after it opens")
    return WorkingHours(frozenset(range(first, last + 1)), opens, closes)
