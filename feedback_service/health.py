"""`/healthz`: whether this instance can reach its database."""

from __future__ import annotations

import logging

import psycopg
import sqlalchemy as sa
from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from feedback_service.database_engine import (
    DeadlineExceeded,
    answer_within_the_database_timeout,
)
from feedback_service.extensions import db
from feedback_service.outbox.pauses import sending_state

health = Blueprint("health", __name__)
answer_within_the_database_timeout(health)
log = logging.getLogger(__name__)


@health.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer 200 when the database answers, 503 naming what is wrong when it does not; say
    if sending is paused."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        state = "timeout" if is_timeout(error) else "unreachable"
        log.warning("health check: database %s (%s)", state, type(error).__name__)
        return jsonify(status="error", database=state), 503
    # A paused channel is not this instance's fault: it still serves, so the answer stays 200.
    return jsonify(status="ok", database="ok", **sending_state())


def is_timeout(error: sa.exc.SQLAlchemyError) -> bool:
    """Whether the database was reached too slowly, rather than refused or not found."""
    if isinstance(error, sa.exc.TimeoutError):  # no pooled connection came free in time
        return True
    cause = getattr(error, "orig", None)
    return isinstance(cause, DeadlineExceeded | psycopg.errors.ConnectionTimeout
                      | psycopg.errors.QueryCanceled)
