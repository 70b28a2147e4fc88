"""`/healthz`: whether this instance can serve, and what a person on call looks at first.

200 whenever the database answers, so a load balancer keeps an instance that can serve; the
body says what else needs attention: configuration files changed into something broken since
the start, missing catalogues, a paused channel, messages waiting past their time, and when the
scheduler's jobs last ran (the scheduler is one process elsewhere; its runs are in the database).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import psycopg
import sqlalchemy as sa
from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from feedback_service.database import utcnow
from feedback_service.database_engine import (
    DeadlineExceeded,
    answer_within_the_database_timeout,
)
from feedback_service.extensions import db
from feedback_service.job_runs import job_runs
from feedback_service.outbox.backlog import backlog_by_channel, total_backlog
from feedback_service.outbox.circuits import open_circuits_by_channel
from feedback_service.outbox.pauses import sending_state
from feedback_service.startup_checks import catalogue_problems, configuration_problems

health = Blueprint("health", __name__)
answer_within_the_database_timeout(health)
log = logging.getLogger(__name__)


@health.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer 200 when the database answers, 503 naming what is wrong when it does not; with
    the configuration, the catalogues, the outbox's oldest due message and the scheduler's runs."""
    checks = {"configuration": _verdict(configuration_problems()),
              "catalogues": _verdict(catalogue_problems())}
    fine = all(verdict == "ok" for verdict in checks.values())
    try:
        db.session.execute(sa.text("SELECT 1"))
        details = {**sending_state(), "outbox": outbox_state(utcnow()),
                   "scheduler": scheduler_state()}
    except sa.exc.SQLAlchemyError as error:
        state = "timeout" if is_timeout(error) else "unreachable"
        log.warning("health check: database %s (%s)", state, type(error).__name__)
        return jsonify(status="error", database=state, **checks), 503
    # A paused channel is not this instance's fault: it still serves, so the answer stays 200.
    return jsonify(status="ok" if fine else "degraded", database="ok", **checks, **details)


def _verdict(problems: list[str]) -> str:
    return "; ".join(problems) or "ok"


def outbox_state(now: datetime) -> dict[str, Any]:
    """How many messages are due and unsent, for how long the oldest has waited, and how many
    webhook receivers and chat services have an open circuit (their messages wait)."""
    backlog = total_backlog(backlog_by_channel(now))
    return {"due": backlog.due, "oldest_due_seconds": backlog.oldest_due_seconds,
            "open_circuits": {str(channel): count
                              for channel, count in open_circuits_by_channel(now).items()}}


def scheduler_state() -> dict[str, Any]:
    """The last successful run of any job, and each job's last success and failure."""
    runs = job_runs()
    successes = [run.last_success_at for run in runs if run.last_success_at]
    return {
        "last_run": _time(max(successes)) if successes else None,
        "jobs": {run.job: {"last_success": _time(run.last_success_at),
                           "last_failure": _time(run.last_failure_at)} for run in runs},
    }


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else f"{moment:%Y-%m-%dT%H:%M:%SZ}"


def is_timeout(error: sa.exc.SQLAlchemyError) -> bool:
    """Whether the database was reached too slowly, rather than refused or not found."""
    if isinstance(error, sa.exc.TimeoutError):  # no pooled connection came free in time
        return True
    cause = getattr(error, "orig", None)
    return isinstance(cause, DeadlineExceeded | psycopg.errors.ConnectionTimeout
                      | psycopg.errors.QueryCanceled)
