"""A week's digests go down to the read model once and come back up once.

`flask digests send` is traced with `sys.setprofile`: every time the run enters a module of
feedback_service from another one, and every SQL statement, in the order they happen. The
read model is read in one call of `read_digest_figures`, before any mail is rendered; once
rendering starts, the run never goes back down: the database only takes the outbox's inserts.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from feedback_service.coaching.goals.store import GoalChanges, set_team_goal
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Team
from feedback_service.surveys.scoring import SurveyKind
from tests.coaching.builders import a_team, an_agent, answered, many, unanswered
from tests.conftest import settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEK = "2026-W47"  # Monday 16 to Sunday 22 November 2026
pytestmark = pytest.mark.clock("2026-11-23T07:00:00+01:00")

PACKAGE = "feedback_service."
# Where the week's figures are read: the read model, the week's summaries built on it, goals.
READ_MODEL = {"coaching.read_model", "coaching.week_summaries", "coaching.goals.store",
              "coaching.goals.digest"}
# Where the mails are rendered: templates, charts, the reader's words.
RENDERING = {"coaching.digest_mails", "coaching.mail_rendering", "coaching.presentation",
             "coaching.first_screen", "coaching.trend_images", "coaching.goals.presentation"}


@dataclass(frozen=True)
class Step:
    """A module entered (`function` in `module`), or a statement sent (`sql`)."""

    module: str
    function: str
    in_figures: bool  # inside the call of read_digest_figures
    sql: str | None = None


@contextmanager
def tracing(engine: sa.Engine) -> Iterator[list[Step]]:
    """The run's steps: each entry into a feedback_service module from another module, and
    each SQL statement, in the order they happen."""
    steps: list[Step] = []
    inside = [0]

    def module_of(frame: FrameType | None) -> str:
        name = frame.f_globals.get("__name__", "") if frame else ""
        return name[len(PACKAGE):] if name.startswith(PACKAGE) else ""

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event not in ("call", "return"):
            return
        module = module_of(frame)
        if not module:
            return
        figures = module == "coaching.digest_figures" and frame.f_code.co_name == (
            "read_digest_figures")
        if event == "return":
            inside[0] -= figures
            return
        inside[0] += figures
        if module != module_of(frame.f_back):
            steps.append(Step(module, frame.f_code.co_name, inside[0] > 0))

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        steps.append(Step("", "", inside[0] > 0, sql=" ".join(sql.split()[:2]).upper()))

    sa.event.listen(engine, "before_cursor_execute", statement)
    sys.setprofile(profile)
    try:
        yield steps
    finally:
        sys.setprofile(None)
        sa.event.remove(engine, "before_cursor_execute", statement)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example",
                    DEFAULT_LANGUAGE="sv", MIN_RESPONSES=3, TIMEZONE="Europe/Stockholm")


@pytest.fixture
def small_history(app):
    """Two teams with a goal, a driver table, praise, comments and a caller waiting."""
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support Stockholm", {"sara@acme.example": "sv"})
        a_team("kundeservice", "Kundeservice Aarhus", {"dan@acme.example": "da"})
        anna = an_agent("anna", "Anna Lind", "support")
        bjorn = an_agent("bjorn", "Björn Holm", "support", language="en")
        mette = an_agent("mette", "Mette Hansen", "kundeservice", language="da")
        for weeks_before in (3, 2, 1):
            many(anna, local(17, 9) - timedelta(weeks=weeks_before), config, [1, 1, 2])
        many(anna, local(17, 10), config, [1, 1], praise="quick")
        answered(anna, local(18, 11), config, 2, reason="wait_time", topic="billing",
                 comment="Jag väntade i fyrtio minuter")
        answered(bjorn, local(18, 9), config, 1, comment="Tack, superbra hjälp!")
        unanswered(bjorn, local(19, 9), config)
        many(mette, local(17, 9), config, [10, 9, 3], kind=SurveyKind.NPS)
        support = db.session.scalars(sa.select(Team).where(Team.slug == "support")).one()
        set_team_goal(db.session, support, GoalChanges(SurveyKind.SMILEY, 80.0,
                                                       date(2026, 11, 2), date(2026, 11, 29)),
                      now=local(2, 9))
        db.session.commit()


def test_a_week_of_digests_reads_the_figures_in_one_descent_then_renders(app, runner,
                                                                        smtp_server,
                                                                        small_history):
    with app.app_context():
        engine = db.engine
    with tracing(engine) as steps:
        result = runner.invoke(args=["digests", "send", "--week", WEEK])
    assert result.exit_code == 0, result.output
    assert "5 digests queued now" in result.output
    assert len(smtp_server.wait_for(5)) == 5

    # Only the queueing: the command flushes the outbox after it.
    start = next(n for n, s in enumerate(steps) if s.function == "queue_weekly_digests")
    end = next(n for n, s in enumerate(steps) if s.module == "outbox.commands")
    trip = steps[start:end]
    modules = [s.module for s in trip if not s.sql]

    # The figures are read in one call, and every step down to the read model is inside it.
    assert [s.function for s in trip if s.module == "coaching.digest_figures"] == [
        "read_digest_figures"]
    read = [n for n, s in enumerate(trip) if s.module in READ_MODEL]
    assert read and all(trip[n].in_figures for n in read)
    # The figures are read before the first mail is rendered, and never again after.
    rendered = [n for n, s in enumerate(trip) if s.module in RENDERING]
    assert rendered and max(read) < min(rendered)
    assert not any(s.in_figures for s in trip[min(rendered):])
    # Rendering and queueing take turns, a mail at a time; the database sees only the outbox's
    # rows and the marks being inserted from then on, no read.
    statements = {s.sql for s in trip[min(rendered):] if s.sql}
    assert statements == {"INSERT INTO"}, statements
    assert {"coaching.digest_mails", "coaching.digest_sending"} <= set(
        modules[modules.index("coaching.digest_mails"):])
    # Who is still owed a mail is known (the marks) before the figures are read.
    assert modules.index("coaching.digest_sending") < modules.index("coaching.digest_figures")
