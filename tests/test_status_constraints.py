"""Status columns refuse values no part of the service writes, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from feedback_service.coaching.goals.models import TeamGoal
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxChannel, OutboxPause
from feedback_service.outbox.queue import enqueue_sms
from feedback_service.settings import settings_of
from feedback_service.staff.directory import find_user
from feedback_service.web.password_links import LinkPurpose, issue_link
from tests.coaching.builders import a_team, an_agent, answered


@pytest.fixture
def one_row_in_each_table(app):
    """A sad answer (call, survey, response, follow-up), an SMS, a pause, a login and a link."""
    with app.app_context():
        a_team("support", "Support", {"sara@acme.example": None})
        agent = an_agent("anna", "Anna", "support")
        answered(agent, utcnow() - timedelta(hours=1), settings_of(app), 2)
        enqueue_sms(
            "survey:1:score",
            to="+46701234567",
            body="Hur gick samtalet?",
            purpose="survey_question",
        )
        db.session.add(OutboxPause(channel=OutboxChannel.SMS, reason="401", next_try_at=utcnow()))
        user = find_user("sara@acme.example")
        assert user is not None
        issue_link(user, LinkPurpose.INVITE)
        db.session.add(TeamGoal(team_id=agent.team_id, kind="smiley", target=80,
                                since=date(2026, 11, 1), until=date(2026, 11, 30)))
        db.session.commit()


# (table, column) of every status column, and a value each one must refuse.
CONSTRAINED = [
    ("surveys", "channel"),
    ("surveys", "kind"),
    ("surveys", "state"),
    ("surveys", "step"),
    ("surveys", "skip_reason"),
    ("responses", "channel"),
    ("responses", "kind"),
    ("responses", "category"),
    ("follow_ups", "status"),
    ("outbox_messages", "channel"),
    ("outbox_messages", "status"),
    ("outbox_pauses", "channel"),
    ("users", "role"),
    ("password_links", "purpose"),
    ("team_goals", "kind"),
]
# Checks that are not about a status: (table, the check's name).
OTHER_CHECKS = [("team_goals", "period")]


def test_every_status_column_refuses_a_value_the_service_never_writes(app, one_row_in_each_table):
    accepted = []
    with app.app_context():
        for table, column in CONSTRAINED:
            savepoint = db.session.begin_nested()
            try:
                db.session.execute(sa.text(f"UPDATE {table} SET {column} = 'misspelt'"))
            except IntegrityError:
                pass
            else:
                accepted.append(f"{table}.{column}")
            savepoint.rollback()
        assert accepted == []


def test_a_status_the_service_writes_is_accepted_and_an_empty_optional_one_too(
    app, one_row_in_each_table
):
    with app.app_context():
        db.session.execute(sa.text("UPDATE surveys SET state = 'expired', skip_reason = NULL"))
        db.session.execute(sa.text("UPDATE responses SET category = NULL"))
        db.session.execute(sa.text("UPDATE outbox_messages SET status = 'ambiguous'"))
        db.session.commit()
        assert db.session.scalar(sa.text("SELECT state FROM surveys")) == "expired"


def test_every_check_in_the_models_is_listed_here(app):
    """A status column given a CHECK later is tested above too."""
    declared = {
        (table.name, str(constraint.name).removeprefix(f"ck_{table.name}_"))
        for table in db.metadata.sorted_tables
        for constraint in table.constraints
        if isinstance(constraint, sa.CheckConstraint) and constraint.name
    }
    assert declared == set(CONSTRAINED) | set(OTHER_CHECKS)


def test_a_goal_never_ends_before_it_begins(app, one_row_in_each_table):
    with app.app_context(), pytest.raises(IntegrityError):
        db.session.execute(sa.text("UPDATE team_goals SET until = '2026-10-31'"))
