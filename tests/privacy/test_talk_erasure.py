"""Coaching talks go with the agent's data on request and after RETENTION_DAYS; the answers'
scores stay, and so do the figures built on them."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from feedback_service.coaching.talks.log import TalkNotes, record_talk
from feedback_service.coaching.talks.models import CoachingTalk
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent
from feedback_service.surveys.models import Response
from tests.conftest import settings
from tests.web.factories import give_answer, weeks_ago

# Written for 18 November 2026: the April talk is past RETENTION_DAYS then, and only then.
pytestmark = pytest.mark.clock("2026-11-18T10:00:00+01:00")


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, RETENTION_DAYS=180)


@pytest.fixture
def talks(app, organisation):
    """Anna: a talk in April (past retention on 18 November) and one on 3 November; Björn: one
    on 3 November; answers over twenty weeks."""
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        bjorn = db.session.get(Agent, organisation.bjorn)
        for weeks in range(1, 21):
            give_answer(settings_of(app), anna, 1, weeks_ago(weeks))
        for agent, day in ((anna, date(2026, 4, 1)), (anna, date(2026, 11, 3)),
                           (bjorn, date(2026, 11, 3))):
            record_talk(db.session, agent, TalkNotes(day, "Kortare efterarbete", "Anteckning"),
                        None, utcnow())
        db.session.commit()


def remaining(app) -> list[tuple[str, date]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            sa.select(Agent.handle, CoachingTalk.held_on).join(Agent)
            .order_by(Agent.handle, CoachingTalk.held_on))]


def test_erasing_an_agents_data_erases_their_talks_only(app, runner, talks):
    result = runner.invoke(args=["privacy", "erase-agent", "anna"])
    assert result.exit_code == 0, result.output
    assert "Erased: 2 coaching talks." in result.output
    assert remaining(app) == [("bjorn", date(2026, 11, 3))]
    with app.app_context():
        # Her scores stay: the team's figures do not change when her notes go.
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 20
    again = runner.invoke(args=["privacy", "erase-agent", "anna"])
    assert "Erased: nothing to erase." in again.output


def test_erasing_an_unknown_agent_says_so(runner, talks):
    result = runner.invoke(args=["privacy", "erase-agent", "nobody"])
    assert result.exit_code != 0
    assert "no agent 'nobody'" in result.output


def test_the_retention_run_erases_talks_older_than_retention(app, runner, talks):
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 coaching talks" in result.output
    assert remaining(app) == [("anna", date(2026, 11, 3)), ("bjorn", date(2026, 11, 3))]


def test_the_talks_page_forgets_an_erased_talk(app, login, runner, talks):
    runner.invoke(args=["privacy", "erase-agent", "anna"])
    page = login("anna@example.com").get("/me").get_data(as_text=True)
    assert "Kortare efterarbete" not in page
    assert "Inga coachningssamtal har antecknats än." in page
