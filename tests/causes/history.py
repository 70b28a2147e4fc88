"""Weeks of answers for the causes tests, built through the survey answer functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Flask

from feedback_service.extensions import db
from feedback_service.settings import Settings, settings_of
from feedback_service.staff.models import Agent
from tests.coaching.builders import a_team, an_agent, answered

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


@dataclass(frozen=True)
class Stretch:
    """Weeks in a row of one agent's answers: `weeks` weeks from the Monday `first`, each with
    `answers` answers, `giving[code]` of them sad with that reason."""

    agent: str  # "zoe" (support) or "bo" (sales)
    first: date
    weeks: int
    answers: int
    giving: dict[str, int] = field(default_factory=dict)


def support_and_sales(app: Flask, *stretches: Stretch) -> None:
    """Two teams, support (the agent zoe) and sales (the agent bo), and their stretches of
    answers, committed."""
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {})
        a_team("sales", "Sales", {})
        agents = {"zoe": an_agent("zoe", "Zoe Ahl", "support"),
                  "bo": an_agent("bo", "Bo Ek", "sales")}
        for stretch in stretches:
            for monday in mondays(stretch.first, stretch.weeks):
                a_week_of_answers(agents[stretch.agent], monday, config,
                                  answers=stretch.answers, giving=stretch.giving)
        db.session.commit()
