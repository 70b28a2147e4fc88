"""Figures each web process counts itself: the phone webhooks' requests and their latency.

Under gunicorn every worker is a process of its own; with `PROMETHEUS_MULTIPROC_DIR` set (by
deploy/gunicorn.conf.py) each writes its figures to a file there, and `/metrics`, whichever
worker answers it, adds up every worker's files. Without it (one process: the development
server, tests) the figures live in this process's memory.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics
from prometheus_client.multiprocess import MultiProcessCollector

# No `_created` series: the multiprocess mode has none, so one process alone shows none either.
disable_created_metrics()

# Not in prometheus_client's global registry: `/metrics` chooses how to collect them.
WEBHOOK_REQUESTS = Counter(
    "feedback_webhook_requests", "Requests to the phone webhooks, by endpoint and outcome.",
    ["endpoint", "outcome"], registry=None)
WEBHOOK_SECONDS = Histogram(
    "feedback_webhook_request_duration_seconds",
    "How long the phone webhooks took to answer, by endpoint.", ["endpoint"], registry=None,
    # Twilio waits 15 s; a caller notices a pause of a second. Few buckets: each is a file
    # slot under several workers.
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15))


# The labelled series by their labels: `labels()` takes a lock and builds a key on every call,
# a third of what recording a request costs; a dict lookup is a fraction of a microsecond.
# Few keys (a dozen endpoints, four outcomes); two threads adding the same key get the same
# series from `labels()`, so the race is harmless.
_series: dict[tuple[str, str], tuple[Counter, Histogram]] = {}


def record_webhook_request(endpoint: str, outcome: str, seconds: float) -> None:
    series = _series.get((endpoint, outcome))
    if series is None:
        series = _series.setdefault((endpoint, outcome), (
            WEBHOOK_REQUESTS.labels(endpoint, outcome), WEBHOOK_SECONDS.labels(endpoint)))
    count, duration = series
    count.inc()
    duration.observe(seconds)


def multiprocess_folder() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def collect_process_metrics(registry: CollectorRegistry) -> None:
    """Every worker's figures into `registry`: from the shared folder, or from this process."""
    if multiprocess_folder():
        MultiProcessCollector(registry)
    else:
        registry.register(WEBHOOK_REQUESTS)
        registry.register(WEBHOOK_SECONDS)
