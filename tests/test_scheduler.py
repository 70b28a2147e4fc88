"""The scheduler process: its jobs, their times across daylight saving, and one leader."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from flask import current_app, g, has_app_context

from feedback_service import create_app
from feedback_service.extensions import db
from feedback_service.job_runs import job_runs
from feedback_service.outbox.queue import enqueue_email
from feedback_service.scheduler import (
    SchedulerProcess,
    add_jobs,
    digest_due_since_monday,
    digest_trigger,
    in_app_context,
)
from feedback_service.settings import settings_of
from tests.clock import on_the_test_clock
from tests.conftest import settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example")


def test_jobs_have_fixed_ids_and_a_restart_replaces_them(app):
    scheduler = BackgroundScheduler(timezone=STOCKHOLM)
    scheduler.start(paused=True)
    try:
        add_jobs(scheduler, app)
        add_jobs(scheduler, app)
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert sorted(jobs) == ["kudos-and-alerts", "missed-webhooks", "outbox-flush",
                                "reason-owner-mails", "retention", "survey-expiry",
                                "weekly-digests"]
        for job in jobs.values():
            assert job.coalesce and job.max_instances == 1
            assert job.misfire_grace_time >= 60
    finally:
        scheduler.shutdown(wait=False)


def test_the_digest_keeps_its_local_time_across_the_change_to_summer_time(app):
    trigger = digest_trigger(settings_of(app).model_copy(update={"digest_schedule": "mon 07:00"}))
    # Monday 23 March 2026 is in winter time (UTC+1), Monday 30 March in summer time (UTC+2).
    first = trigger.get_next_fire_time(None, datetime(2026, 3, 22, tzinfo=UTC))
    second = trigger.get_next_fire_time(first, first.replace(minute=1))
    assert first.astimezone(UTC) == datetime(2026, 3, 23, 6, 0, tzinfo=UTC)
    assert second.astimezone(UTC) == datetime(2026, 3, 30, 5, 0, tzinfo=UTC)
    assert (first.astimezone(STOCKHOLM).hour, second.astimezone(STOCKHOLM).hour) == (7, 7)


def test_a_scheduler_started_after_the_digest_time_catches_up(app):
    trigger = digest_trigger(settings_of(app).model_copy(update={"digest_schedule": "mon 07:00"}))
    before = datetime(2026, 3, 30, 6, 59, tzinfo=STOCKHOLM)
    after = datetime(2026, 3, 30, 7, 0, tzinfo=STOCKHOLM)
    wednesday = datetime(2026, 4, 1, 12, 0, tzinfo=STOCKHOLM)
    assert not digest_due_since_monday(trigger, before, STOCKHOLM)
    assert digest_due_since_monday(trigger, after, STOCKHOLM)
    assert digest_due_since_monday(trigger, wednesday, STOCKHOLM)


def test_each_job_runs_in_its_own_app_context(app):
    """A run finds the app without a context of its own, starts from an empty `g` and its own
    database session, and leaves no context or open transaction behind for the next run."""
    runs = []

    def job():
        runs.append({"app": current_app._get_current_object(), "g": dict(g),
                     "session": db.session()})
        g.left_behind = True
        db.session.execute(sa.text("SELECT 1"))  # a transaction the run must not leave open

    run = in_app_context(app, job, "probe")
    after_each_run = []

    def scheduler_thread():  # APScheduler's worker threads have no app context either
        for _ in range(2):
            run()
            after_each_run.append((has_app_context(), runs[-1]["session"].in_transaction()))

    thread = threading.Thread(target=scheduler_thread)
    thread.start()
    thread.join(timeout=10)

    assert [r["app"] for r in runs] == [app, app]
    assert [r["g"] for r in runs] == [{}, {}]
    assert runs[0]["session"] is not runs[1]["session"]
    assert after_each_run == [(False, False), (False, False)]


def test_each_run_is_recorded_with_its_outcome(app):
    def failing_job():
        raise RuntimeError("the job broke")

    in_app_context(app, lambda: None, "fine")()
    with pytest.raises(RuntimeError):
        in_app_context(app, failing_job, "broken")()

    with app.app_context():
        runs = {run.job: run for run in job_runs()}
    assert runs["fine"].last_success_at is not None and runs["fine"].last_failure_at is None
    assert runs["broken"].last_failure_at is not None and runs["broken"].last_success_at is None


def wait_until(condition, timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def queue_mail(app, key):
    with app.app_context():
        enqueue_email(key, to="sara@acme.example", subject=key, text="Hej", html=None,
                      purpose="test")
        db.session.commit()


def start(process: SchedulerProcess) -> threading.Thread:
    thread = threading.Thread(target=process.run, daemon=True)
    thread.start()
    return thread


def stop(process: SchedulerProcess, thread: threading.Thread) -> None:
    process.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_the_scheduler_flushes_the_outbox(app, smtp_server):
    process = SchedulerProcess(app, flush_seconds=0.2)
    thread = start(process)
    try:
        assert process.leading.wait(5)
        queue_mail(app, "first")
        [message] = smtp_server.wait_for(1)
        assert message["Subject"] == "first"
        assert wait_until(lambda: process.runs["outbox-flush"] >= 1)
    finally:
        stop(process, thread)


def test_the_scheduler_runs_the_catch_up_of_missed_webhooks(app):
    process = SchedulerProcess(app, flush_seconds=60, catch_up_seconds=0.2)
    thread = start(process)
    try:
        assert process.leading.wait(5)
        assert wait_until(lambda: process.runs["missed-webhooks"] >= 2)
    finally:
        stop(process, thread)


@pytest.mark.postgres_only
def test_a_second_scheduler_stays_idle_and_takes_over(app, app_settings, smtp_server):
    # Two processes' worth: each its own app, engine and lock connection, one database.
    first = SchedulerProcess(app, lock_retry_seconds=0.2, flush_seconds=0.2)
    second_app = create_app(app_settings)
    second = SchedulerProcess(second_app, lock_retry_seconds=0.2, flush_seconds=0.2)
    first_thread = start(first)
    assert first.leading.wait(5)
    second_thread = start(second)
    try:
        queue_mail(app, "while the first leads")
        assert len(smtp_server.wait_for(1)) == 1
        time.sleep(1)
        assert not second.leading.is_set()
        assert second.runs == {}
        assert wait_until(lambda: first.runs["outbox-flush"] >= 3)

        stop(first, first_thread)
        assert second.leading.wait(5)
        queue_mail(app, "after the second took over")
        messages = smtp_server.wait_for(2)
        assert [m["Subject"] for m in messages] == ["while the first leads",
                                                    "after the second took over"]
        assert wait_until(lambda: second.runs["outbox-flush"] >= 1)
    finally:
        stop(first, first_thread)
        stop(second, second_thread)
        with second_app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_flask_scheduler_runs_until_told_to_stop(app, database_url, smtp_server, tmp_path):
    queue_mail(app, "sent by the scheduler command")
    environment = on_the_test_clock({
        **os.environ,
        "FEEDBACK_DATABASE_URL": database_url,
        "FEEDBACK_SECRET_KEY": "test-secret-key",
        "FEEDBACK_TWILIO_AUTH_TOKEN": "test-auth-token",
        "FEEDBACK_PUBLIC_BASE_URL": "https://feedback.example.com",
        "FEEDBACK_SMS_BACKEND": "console",
        "FEEDBACK_SMTP_URL": smtp_server.url,
        "FEEDBACK_MAIL_FROM": "feedback@acme.example",
    })
    command = [sys.executable, "-m", "flask", "--app", "feedback_service", "scheduler"]
    process = subprocess.Popen(command, env=environment, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert [m["Subject"] for m in smtp_server.wait_for(1, timeout=20)] == [
            "sent by the scheduler command"]
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert "sara@acme.example" not in output
