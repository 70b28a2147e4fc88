"""`GET /metrics`: Prometheus' text format, for the bearer `METRICS_TOKEN` only."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, Response
from flask.typing import ResponseReturnValue
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from feedback_service.database import utcnow
from feedback_service.database_engine import answer_within_the_database_timeout
from feedback_service.extensions import db
from feedback_service.http_guards import bearer_token_matches
from feedback_service.metrics.database_figures import Figures, read_database_figures
from feedback_service.request_metrics import collect_process_metrics
from feedback_service.settings import current_settings

log = logging.getLogger(__name__)
metrics = Blueprint("metrics", __name__)
answer_within_the_database_timeout(metrics)


def _plain(text: str, status: int) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


@metrics.get("/metrics")
def scrape() -> ResponseReturnValue:
    """Every figure of the service, for Prometheus: webhooks, surveys, outbox, jobs."""
    token = current_settings().metrics_token
    if not token:
        return _plain("metrics are off: set FEEDBACK_METRICS_TOKEN to turn them on", 404)
    if not bearer_token_matches(token):
        answer = _plain("a valid bearer token is required", 401)
        answer.headers["WWW-Authenticate"] = "Bearer"
        return answer
    registry = CollectorRegistry(auto_describe=False)
    collect_process_metrics(registry)
    # The webhooks' counts matter most while the database is out of reach: they are answered
    # all the same, with the database's figures left out and said to be.
    try:
        registry.register(read_database_figures(utcnow()))
        reachable = 1
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        log.warning("metrics: the database's figures are left out (%s)", type(error).__name__)
        reachable = 0
    registry.register(Figures([GaugeMetricFamily(
        "feedback_database_reachable", "Whether this scrape could read the database's figures "
        "(1) or not (0).", value=reachable)]))
    answer = Response(generate_latest(registry), mimetype=None,
                      content_type=CONTENT_TYPE_LATEST)
    answer.headers["Cache-Control"] = "no-store"
    return answer
