"""PostgreSQL statements have a time limit, bulk work lifts it, and webhooks keep a deadline."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from feedback_service.database_engine import database_deadline, lift_statement_timeout
from feedback_service.extensions import db
from tests.conftest import settings

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, DATABASE_TIMEOUT_SECONDS=0.5)


def test_a_statement_longer_than_the_timeout_is_cancelled(app):
    with app.app_context(), pytest.raises(sa.exc.OperationalError, match="statement timeout"):
        db.session.execute(sa.text("SELECT pg_sleep(1)"))


def test_bulk_work_lifts_the_statement_timeout_for_its_transaction(app):
    with app.app_context():
        lift_statement_timeout()
        db.session.execute(sa.text("SELECT pg_sleep(1)"))
        db.session.commit()
        # The next transaction has the limit again.
        with pytest.raises(sa.exc.OperationalError, match="statement timeout"):
            db.session.execute(sa.text("SELECT pg_sleep(1)"))


def test_a_deadline_stops_waiting_and_the_next_request_gets_a_fresh_connection(app):
    with app.app_context():
        lift_statement_timeout()  # so that only the deadline can stop it
        started = time.monotonic()
        with database_deadline(0.3), pytest.raises(sa.exc.OperationalError,
                                                   match="did not answer in time"):
            db.session.execute(sa.text("SELECT pg_sleep(2)"))
        assert time.monotonic() - started < 1
        db.session.rollback()
        assert db.session.scalar(sa.text("SELECT 1")) == 1
