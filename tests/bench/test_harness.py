"""The benchmark harness at a tiny scale, so it keeps working between full runs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bench import webhook_requests as hooks
from bench.baselines import BARE_TWIML, create_limit_app, create_limit_table
from bench.data import WEEKS, generate
from bench.environment import PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN, BenchDatabase, empty_database
from bench.jobs import measure_jobs
from bench.load import LoadResult
from bench.overhead import SERVICE_NOOP, measure_overhead
from bench.report import markdown_table
from bench.webhooks import BARE, LIMIT, WebhookSettings, _figures
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


def test_the_limit_keeps_each_signed_key_once_and_refuses_a_forged_request(tmp_path):
    url = f"sqlite:///{tmp_path / 'limit.sqlite3'}"
    create_limit_table(url)
    limit = create_limit_app(url, TWILIO_AUTH_TOKEN, PUBLIC_BASE_URL)
    client = limit.test_client()

    def send(request: hooks.WebhookRequest):
        # Reached as `bench_app` mounts it, under /limit.
        return client.post(request.path.removeprefix("/limit"), data=request.body(),
                           headers=request.headers, base_url="http://localhost/limit")

    first, again = send(hooks.limit(1)), send(hooks.limit(1))
    forged = hooks.limit(2)
    forged.headers["X-Twilio-Signature"] = hooks.limit(3).headers["X-Twilio-Signature"]

    assert first.status_code == again.status_code == 200
    assert first.get_data(as_text=True) == BARE_TWIML
    assert send(forged).status_code == 403
    limit.extensions["limit_engine"].dispose()
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT key FROM bench_limit_keys")).scalars().all() \
            == [hooks.call_sid(1)]
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_the_overhead_part_measures_every_endpoint_beside_bare_and_the_limit(tmp_path):
    database = BenchDatabase("sqlite", f"sqlite:///{tmp_path / 'bench.sqlite3'}")

    figures = measure_overhead(database, requests=3)

    assert list(figures) == [
        "bare Flask endpoint", "the limit", SERVICE_NOOP, "/twilio/voice/connect",
        "/twilio/voice/after-call", "keypad step", "/twilio/sms/inbound", "/hooks/call-ended"]
    assert all(micros > 0 for micros in figures.values())


def test_each_webhook_is_shown_beside_the_bare_endpoint_and_the_limit():
    database = BenchDatabase("sqlite", "sqlite://")
    one_second = {BARE: 4000, LIMIT: 2000, "/twilio/voice/connect": 1200,
                  "/twilio/voice/after-call": 900, "/twilio/sms/inbound": 1100,
                  "/hooks/call-ended": 1000}
    closed = {name: LoadResult(count, 1.0) for name, count in one_second.items()}
    opened = {name: LoadResult(100, 1.0, [0.002] * 100) for name in one_second}

    figures = _figures(database, closed, opened, {}, WebhookSettings())
    table = markdown_table(figures)

    assert "| the limit: req/s, closed loop (× bare) | 2,000 (0.50× bare) |" in table
    assert ("| /twilio/voice/connect: req/s, closed loop (× bare, × limit) | "
            "1,200 (0.30× bare, 0.60× limit) |  |  |") in table
    assert ("| /twilio/voice/after-call: req/s, closed loop (× bare, × limit) | "
            "900 (0.23× bare, 0.45× limit) | ≥ 0.5× limit | **FAIL** |") in table
    assert ("| /hooks/call-ended: req/s, closed loop (× bare, × limit) | "
            "1,000 (0.25× bare, 0.50× limit) | ≥ 0.5× limit | pass |") in table
