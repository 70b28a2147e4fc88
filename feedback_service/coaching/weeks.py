"""ISO weeks in the company's time zone: Monday 00:00 to the next Monday 00:00, local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def shifted(self, weeks: int) -> IsoWeek:
        """The week `weeks` later (earlier when negative)."""
        return week_of(self.monday + timedelta(weeks=weeks))

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """Start and end of the week in UTC: local Monday 00:00 to the next local Monday 00:00.

        Computed from local midnights rather than by adding seven days to a UTC instant, so the
        week that holds a daylight-saving change is 167 or 169 hours long, as the clock says.
        """
        start = datetime.combine(self.monday, time(), tzinfo=zone)
        end = datetime.combine(self.monday + timedelta(weeks=1), time(), tzinfo=zone)
        return start.astimezone(UTC), end.astimezone(UTC)


class NotAnIsoWeek(ValueError):
    """A week given in another form than `2026-W47`."""


def parse_iso_week(text: str) -> IsoWeek:
    """`2026-W47` as an IsoWeek; NotAnIsoWeek for any other form or a week the year lacks."""
    match = _ISO_WEEK.match(text.strip().upper())
    if not match:
        raise NotAnIsoWeek(f"{text!r} is not an ISO week like 2026-W47")
    year, week = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError as error:
        raise NotAnIsoWeek(f"{year} has no week {week}") from error
    return IsoWeek(year, week)


def week_of(day: date) -> IsoWeek:
    year, week, _ = day.isocalendar()
    return IsoWeek(year, week)


def week_at(moment: datetime, zone: ZoneInfo) -> IsoWeek:
    """The ISO week a moment falls in, by the company's clock."""
    return week_of(moment.astimezone(zone).date())


def last_complete_week(now: datetime, zone: ZoneInfo) -> IsoWeek:
    """The most recent week that has ended by the company's clock: the one before this week."""
    return week_at(now, zone).shifted(-1)
