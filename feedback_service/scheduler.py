"""`flask scheduler`: the one process that runs the service's timed jobs.

Jobs: the outbox flush every few seconds, kudos and follow-up alerts, the catch-up of
webhooks missed during an outage and the expiry of unanswered surveys every minute, the weekly
digests at `DIGEST_SCHEDULE` for the week just ended, and the retention run every night, all
in `TIMEZONE` so they keep their local time across daylight-saving changes.

On PostgreSQL the process first takes a session-level advisory lock on a connection of its
own: a second scheduler started by mistake waits, retrying, and takes over when the first
stops. On SQLite there is one machine, so there is one scheduler to start; nothing guards it.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, time
from functools import partial, update_wrapper
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

import click
import sqlalchemy as sa
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask, current_app
from flask.cli import with_appcontext

from feedback_service.causes.commands import send_owner_mails
from feedback_service.coaching.commands import send_weekly_digests
from feedback_service.coaching.kudos import queue_kudos_and_alerts
from feedback_service.coaching.weeks import week_at
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.job_runs import record_job_run
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.outgoing.alerts import queue_follow_up_chat_alerts
from feedback_service.privacy.commands import run_retention
from feedback_service.settings import Settings, current_settings, settings_of
from feedback_service.surveys.expiry import expire_surveys
from feedback_service.telephony.catch_up import MissedWebhooks

log = logging.getLogger(__name__)
job_log = logging.getLogger("feedback_service.jobs")

# pg_advisory_lock takes a bigint; any constant no other code uses will do ("fbsched").
LOCK_KEY = 0x6662_7363_6865_64
RETENTION_AT = time(3, 15)


def flush_outbox_job(seconds: float = 5) -> None:
    """Send what the outbox holds that is due now, for at most `seconds` (the interval between
    runs, so a backlog is sent without runs piling up behind each other)."""
    flush_with_configured_senders(seconds=seconds)


def kudos_job() -> None:
    """Queue kudos for positive comments and alerts (mail and chat) for unhappy ones."""
    queue_kudos_and_alerts(current_settings())
    queue_follow_up_chat_alerts(current_settings())


def survey_expiry_job() -> None:
    """Close the surveys whose time for answers ran out unanswered."""
    expired = expire_surveys(utcnow())
    db.session.commit()
    if expired:
        log.info("%d survey(s) expired unanswered", expired)


def weekly_digests_job() -> None:
    """Queue and send the digests of the week just ended; a week already sent sends nothing."""
    send_weekly_digests()


def reason_owner_mails_job() -> None:
    """Queue and send the reason owners' mails of the week just ended; once per week."""
    send_owner_mails()


def retention_job() -> None:
    """Erase numbers, comments and recordings past `RETENTION_DAYS`."""
    run_retention()


def in_app_context(app: Flask, job: Callable[[], None], job_id: str) -> Callable[[], None]:
    """The job wrapped in its own app context, with its database session removed afterwards,
    and its run recorded for `/healthz`.

    Each job commits its own units of work (none open while Twilio or a mail server is asked);
    removing the session rolls back whatever a failed job left unfinished.
    """

    def run() -> None:
        with app.app_context():
            succeeded = False
            started = perf_counter()
            try:
                job()
                succeeded = True
            finally:
                _record_run(job_id, succeeded)
                db.session.remove()
                _log_run(job_id, succeeded, perf_counter() - started)

    run.__name__ = run.__qualname__ = job.__name__
    return run


def _log_run(name: str, succeeded: bool, seconds: float) -> None:
    """A line per run (in JSON logs; a terminal hears only of failures, from `_count`)."""
    outcome = "ok" if succeeded else "failed"
    job_log.info("job %s %s in %.1f ms", name, outcome, seconds * 1000, extra={
        "job": name, "outcome": outcome, "duration_ms": round(seconds * 1000, 2)})


def _record_run(name: str, succeeded: bool) -> None:
    """Note the run; a database that cannot take the note must not hide the job's own error."""
    try:
        db.session.rollback()  # whatever a failed job left open
        record_job_run(name, utcnow(), succeeded=succeeded)
        db.session.commit()
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        log.warning("job %s: its run could not be recorded (%s)", name, type(error).__name__)


def digest_trigger(settings: Settings) -> CronTrigger:
    """`DIGEST_SCHEDULE` ("mon 07:00") as a weekly trigger in the company's time zone."""
    weekday, hour, minute = settings.digest_time
    return CronTrigger(day_of_week=weekday, hour=hour, minute=minute,
                       timezone=settings.zone)


def digest_due_since_monday(trigger: CronTrigger, now: datetime, zone: ZoneInfo) -> bool:
    """Whether this week's digest time has passed: a scheduler started late catches up."""
    monday = datetime.combine(week_at(now, zone).monday, time(), tzinfo=zone)
    fire = trigger.get_next_fire_time(None, monday)
    return fire is not None and fire <= now


def add_jobs(scheduler: BlockingScheduler, app: Flask, *, flush_seconds: float = 5,
             kudos_seconds: float = 60, catch_up_seconds: float = 60) -> None:
    """Every job under a fixed id, so a restart replaces rather than duplicates it."""
    settings = settings_of(app)
    zone = settings.zone
    now = utcnow()
    common: dict[str, Any] = {"replace_existing": True, "coalesce": True, "max_instances": 1}
    # Each run sends for at most the interval, so a backlog never makes runs pile up.
    flush_job = update_wrapper(partial(flush_outbox_job, seconds=flush_seconds), flush_outbox_job)
    scheduler.add_job(in_app_context(app, flush_job, "outbox-flush"),
                      IntervalTrigger(seconds=flush_seconds, timezone=zone),
                      id="outbox-flush", misfire_grace_time=60, **common)
    scheduler.add_job(in_app_context(app, kudos_job, "kudos-and-alerts"),
                      IntervalTrigger(seconds=kudos_seconds, timezone=zone),
                      id="kudos-and-alerts", misfire_grace_time=600, **common)
    # Recovers what Twilio could not deliver during an outage (see telephony/catch_up.py).
    scheduler.add_job(in_app_context(app, MissedWebhooks().run, "missed-webhooks"),
                      IntervalTrigger(seconds=catch_up_seconds, timezone=zone),
                      id="missed-webhooks", misfire_grace_time=600, **common)
    scheduler.add_job(in_app_context(app, survey_expiry_job, "survey-expiry"),
                      IntervalTrigger(seconds=catch_up_seconds, timezone=zone),
                      id="survey-expiry", misfire_grace_time=600, **common)
    trigger = digest_trigger(settings)
    catch_up = {"next_run_time": now} if digest_due_since_monday(trigger, now, zone) else {}
    scheduler.add_job(in_app_context(app, weekly_digests_job, "weekly-digests"), trigger,
                      id="weekly-digests", misfire_grace_time=12 * 3600, **catch_up, **common)
    # The owners of process and outside reasons hear about the same week at the same time.
    scheduler.add_job(in_app_context(app, reason_owner_mails_job, "reason-owner-mails"), trigger,
                      id="reason-owner-mails", misfire_grace_time=12 * 3600, **catch_up,
                      **common)
    scheduler.add_job(in_app_context(app, retention_job, "retention"),
                      CronTrigger(hour=RETENTION_AT.hour, minute=RETENTION_AT.minute,
                                  timezone=zone),
                      id="retention", misfire_grace_time=12 * 3600, **common)


class SchedulerLock:
    """A PostgreSQL session-level advisory lock, held on a connection used for nothing else."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.connection: sa.Connection | None = None

    def try_acquire(self) -> bool:
        try:
            if self.connection is None:
                self.connection = self.engine.connect()
            held = self.connection.execute(sa.select(sa.func.pg_try_advisory_lock(LOCK_KEY)))
            acquired = bool(held.scalar())
            # End the implicit transaction; a session-level lock outlives it.
            self.connection.commit()
            return acquired
        except sa.exc.DBAPIError:
            log.warning("scheduler lock: the database did not answer; trying again later")
            self._drop()
            return False

    def still_held(self) -> bool:
        """Whether the lock's connection is alive, and with it the lock."""
        if self.connection is None:
            return False
        try:
            self.connection.execute(sa.select(1))
            self.connection.commit()
            return True
        except sa.exc.DBAPIError:
            self._drop()
            return False

    def release(self) -> None:
        if self.connection is None:
            return
        try:
            self.connection.execute(sa.select(sa.func.pg_advisory_unlock(LOCK_KEY)))
            self.connection.commit()
            self.connection.close()
        except sa.exc.DBAPIError:
            self._drop()
        self.connection = None

    def _drop(self) -> None:
        # Never hand a connection that may still hold the lock back to the pool.
        if self.connection is not None:
            self.connection.invalidate()
            self.connection.close()
        self.connection = None


class SchedulerProcess:
    """The scheduler, started only once this process holds the lock (on PostgreSQL)."""

    def __init__(self, app: Flask, *, lock_retry_seconds: float = 15, flush_seconds: float = 5,
                 kudos_seconds: float = 60, catch_up_seconds: float = 60) -> None:
        self.app = app
        self.lock_retry_seconds = lock_retry_seconds
        self.flush_seconds = flush_seconds
        self.kudos_seconds = kudos_seconds
        self.catch_up_seconds = catch_up_seconds
        self.leading = threading.Event()
        self.runs: Counter[str] = Counter()
        self.scheduler: BlockingScheduler | None = None
        self._stopping = threading.Event()
        with app.app_context():
            engine = db.engine
        self.lock = SchedulerLock(engine) if engine.dialect.name == "postgresql" else None

    def _wait_for_lock(self) -> bool:
        if self.lock is None:
            log.info("scheduler on SQLite: run exactly one on this machine")
            return True
        waiting_said = False
        while not self._stopping.is_set():
            if self.lock.try_acquire():
                log.info("scheduler: holding the lock, running the jobs")
                return True
            if not waiting_said:
                log.info("scheduler: another scheduler holds the lock; waiting to take over")
                waiting_said = True
            self._stopping.wait(self.lock_retry_seconds)
        return False

    def _count(self, event: JobExecutionEvent) -> None:
        self.runs[event.job_id] += 1
        if event.exception is not None:
            log.error("job %s failed: %s", event.job_id, type(event.exception).__name__,
                      exc_info=event.exception)

    def _check_lock(self) -> None:
        if self.lock is not None and not self.lock.still_held():
            # Another scheduler may take over now; stop so that two never run at once.
            log.error("scheduler: lost the database connection holding the lock; stopping")
            # From inside a job: do not wait for the running jobs, this one among them.
            self.stop(wait=False)

    def run(self) -> None:
        """Wait for the lock, then run the jobs until stopped."""
        if not self._wait_for_lock():
            return
        zone = settings_of(self.app).zone
        scheduler = BlockingScheduler(timezone=zone)
        add_jobs(scheduler, self.app, flush_seconds=self.flush_seconds,
                 kudos_seconds=self.kudos_seconds, catch_up_seconds=self.catch_up_seconds)
        if self.lock is not None:
            scheduler.add_job(self._check_lock, IntervalTrigger(seconds=self.lock_retry_seconds),
                              id="scheduler-lock-check", replace_existing=True, coalesce=True)
        scheduler.add_listener(self._count, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        self.scheduler = scheduler
        try:
            if not self._stopping.is_set():
                self.leading.set()
                scheduler.start()
        finally:
            self.leading.clear()
            if self.lock is not None:
                self.lock.release()

    def stop(self, *, wait: bool = True) -> None:
        """Stop waiting for the lock, or stop the jobs, letting running ones finish when `wait`."""
        self._stopping.set()
        if self.scheduler is not None:
            # Stopped before it started, or stopped twice: either way it is not running.
            with contextlib.suppress(SchedulerNotRunningError):
                self.scheduler.shutdown(wait=wait)


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the job scheduler: outbox, kudos, catch-up, expiry, digests, retention (one per
    deployment)."""
    # The app itself, not the proxy, goes to the scheduler's threads; current_app is typed as
    # the Flask app it stands for, which has no _get_current_object.
    process = SchedulerProcess(current_app._get_current_object())  # type: ignore[attr-defined]
    signal.signal(signal.SIGTERM, lambda *_: process.stop())
    try:
        process.run()
    except (KeyboardInterrupt, SystemExit):
        process.stop()
