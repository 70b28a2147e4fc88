"""`/healthz` says whether the database answers, and what else needs attention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from feedback_service import create_app
from feedback_service.extensions import db
from feedback_service.job_runs import record_job_run
from feedback_service.outbox.models import OutboxMessage
from tests.conftest import settings

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def test_healthy_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok", "database": "ok", "configuration": "ok", "catalogues": "ok",
        "sms": "ok", "email": "ok",
        "outbox": {"due": 0, "oldest_due_seconds": None,
                   "open_circuits": {"alert": 0, "webhook": 0}},
        "scheduler": {"last_run": None, "jobs": {}},
    }


def test_the_oldest_due_message_and_the_scheduler_s_runs_are_reported(app, client, monkeypatch):
    monkeypatch.setattr("feedback_service.health.utcnow", lambda: NOW)
    with app.app_context():
        for minutes in (90, 5, -30):  # the last is due in half an hour: not waiting yet
            db.session.add(OutboxMessage(idempotency_key=f"probe:{minutes}", channel="sms",
                                         purpose="survey", recipient="+46701234567", body="Hej",
                                         not_before=NOW - timedelta(minutes=minutes),
                                         created_at=NOW - timedelta(hours=2)))
        record_job_run("outbox-flush", NOW - timedelta(seconds=4), succeeded=True)
        record_job_run("retention", NOW - timedelta(hours=7), succeeded=True)
        record_job_run("retention", NOW - timedelta(hours=6), succeeded=False)
        db.session.commit()

    health = client.get("/healthz").json

    assert health["outbox"] == {"due": 2, "oldest_due_seconds": 5400,
                                "open_circuits": {"alert": 0, "webhook": 0}}
    assert health["scheduler"] == {
        "last_run": "2026-11-18T09:59:56Z",
        "jobs": {"outbox-flush": {"last_success": "2026-11-18T09:59:56Z", "last_failure": None},
                 "retention": {"last_success": "2026-11-18T03:00:00Z",
                               "last_failure": "2026-11-18T04:00:00Z"}},
    }


def test_a_configuration_file_broken_after_the_start_shows_and_the_answer_stays_200(
        app, client, tmp_path, monkeypatch):
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "reasons.toml").write_text("[[reasons]]\ncode = 'wait_time'\n", encoding="utf-8")
    monkeypatch.setenv("FEEDBACK_CONFIG_DIR", str(folder))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json["status"] == "degraded"
    assert response.json["configuration"] == (
        f"{folder / 'reasons.toml'}, line 1: [[reasons]] number 1: `digit` must be a keypad "
        "digit 1-9, not None")


def test_503_when_the_database_is_unreachable():
    # Port 9 on loopback has nothing listening: the connection is refused at once.
    app = create_app(settings("postgresql://nobody@127.0.0.1:9/none?connect_timeout=2"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable",
                             "configuration": "ok", "catalogues": "ok"}
