"""`/healthz`: whether this instance can reach its database."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from feedback_service.extensions import db
from feedback_service.outbox.pauses import sending_state

health = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@health.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer 200 when the database answers, 503 when it does not; say if sending is paused."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        log.warning("health check: database unreachable (%s)", type(error).__name__)
        return jsonify(status="error", database="unreachable"), 503
    # A paused channel is not this instance's fault: it still serves, so the answer stays 200.
    return jsonify(status="ok", database="ok", **sending_state())
