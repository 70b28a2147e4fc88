"""The benchmark harness at a tiny scale, so it keeps working between full runs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bench.data import WEEKS, generate
from bench.environment import BenchDatabase, empty_database
from bench.jobs import measure_jobs
from tests.conftest import on_postgres

pytestmark = pytest.mark.skipif(
    on_postgres(), reason="the harness empties its database; `python -m bench` runs it there")


def test_a_generated_history_is_migrated_realistic_and_measured(tmp_path):
    database = BenchDatabase("sqlite", f"sqlite:///{tmp_path / 'bench.sqlite3'}")
    empty_database(database)
    organisation = generate(database, agents=100, answers=200)

    engine = sa.create_engine(database.url)
    with engine.connect() as connection:
        def one(query: str) -> object:
            return connection.execute(sa.text(query)).scalar()

        assert one("SELECT count(*) FROM responses") == 200
        assert one("SELECT count(*) FROM surveys") == 250  # a quarter more asked than answered
        assert one("SELECT count(*) FROM agents") == len(organisation.agents) == 100
        assert one("SELECT count(DISTINCT team_id) FROM agents") == 5  # one asks NPS
        # Every answer in its call's week, within the year generated.
        assert one("SELECT count(*) FROM responses r JOIN surveys s ON s.id = r.survey_id "
                   "WHERE r.call_ended_at != s.call_ended_at") == 0
        days = one("SELECT julianday(max(call_ended_at)) - julianday(min(call_ended_at)) "
                   "FROM responses")
        assert 0 < days <= WEEKS * 7
        assert one("SELECT count(*) FROM follow_ups") == one(
            "SELECT count(*) FROM responses WHERE category IN ('sad', 'detractor')")
        assert one("SELECT count(*) FROM responses WHERE kind = 'nps'") > 0
        assert one("SELECT count(*) FROM responses WHERE kind = 'nps' AND category NOT IN "
                   "('promoter', 'passive', 'detractor')") == 0
    engine.dispose()

    figures = measure_jobs(database, "200 answers")
    assert [figure.passed for figure in figures] == [True, True, True]
