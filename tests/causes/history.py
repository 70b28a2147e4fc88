"""Weeks of answers for the causes tests, built through the survey answer functions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from feedback_service.settings import Settings
from feedback_service.staff.models import Agent
from tests.coaching.builders import answered

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def a_week_of_answers(agent: Agent, monday: date, settings: Settings, *, answers: int,
                      giving: dict[str, int], comment: str | None = None) -> None:
    """`answers` answers on the week's Tuesday: `giving[code]` of them sad with that reason
    (the first of each with `comment`), the rest happy."""
    at = datetime.combine(monday + timedelta(days=1), time(9), tzinfo=STOCKHOLM)
    given = 0
    for code, count in giving.items():
        for n in range(count):
            answered(agent, at + timedelta(minutes=3 * given), settings, 2, reason=code,
                     comment=comment if n == 0 else None)
            given += 1
    for n in range(answers - given):
        answered(agent, at + timedelta(minutes=3 * (given + n)), settings, 1)


def mondays(first: date, weeks: int) -> list[date]:
    return [first + timedelta(weeks=n) for n in range(weeks)]
