"""`GET /metrics`: Prometheus' text format, for the bearer `METRICS_TOKEN` only."""

from __future__ import annotations

from flask import Blueprint, Response
from flask.typing import ResponseReturnValue
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from feedback_service.api.auth import bearer_token_matches
from feedback_service.database import utcnow
from feedback_service.database_engine import answer_within_the_database_timeout
from feedback_service.metrics.database_figures import read_database_figures
from feedback_service.metrics.process_metrics import collect_process_metrics
from feedback_service.settings import current_settings

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
    registry.register(read_database_figures(utcnow()))
    answer = Response(generate_latest(registry), mimetype=None,
                      content_type=CONTENT_TYPE_LATEST)
    answer.headers["Cache-Control"] = "no-store"
    return answer
