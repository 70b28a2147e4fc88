"""`/metrics` under gunicorn with two worker processes, as deploy/gunicorn.conf.py runs them:
whichever worker answers a scrape, the webhook counts are every worker's, also those of a
worker that has ended since."""

from __future__ import annotations

import json
import os
import re
import signal
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.clock import on_the_test_clock
from tests.deploy.gunicorn_server import gunicorn_serving
from tests.deploy.test_compose import app_env
from tests.metrics.scrape import METRICS_TOKEN, samples, value
from tests.telephony.sms_fixtures import call_ended_body, pbx_headers

pytestmark = pytest.mark.own_database

HOOK = "call_ended.call_ended_hook"


@pytest.fixture
def two_workers(tmp_path) -> Iterator[tuple[int, Path]]:
    """gunicorn with the shipped config and two single-threaded workers, on a loopback port;
    the workers' figures in a folder the test can look into."""
    folder = tmp_path / "metrics"
    env = on_the_test_clock(app_env(
        f"sqlite:///{tmp_path / 'feedback.sqlite3'}", WEB_CONCURRENCY="2", WEB_THREADS="1",
        FEEDBACK_METRICS_TOKEN=METRICS_TOKEN, FEEDBACK_SURVEY_CHANNEL="sms",
        PROMETHEUS_MULTIPROC_DIR=str(folder)))
    folder.mkdir()
    (folder / "counter_1.db").write_bytes(b"left by an earlier run")  # wiped at start
    with gunicorn_serving(env, tmp_path / "gunicorn.log") as port:
        yield port, folder


def post_call_ended(port: int) -> int:
    raw = json.dumps(call_ended_body()).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/hooks/call-ended", data=raw,
                                     headers=pbx_headers(raw), method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status


def scrape(port: int) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/metrics",
                                     headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return samples(answer.read().decode())


def workers_counting(folder: Path) -> set[int]:
    """The processes that have written a count to the shared folder."""
    return {int(match[1]) for path in folder.glob("counter_*.db")
            if (match := re.fullmatch(r"counter_(\d+)\.db", path.name))}


def test_counts_add_up_across_workers_and_outlive_a_worker(two_workers):
    port, folder = two_workers
    assert workers_counting(folder) == set()  # the earlier run's file is gone
    sent = 0
    # Which worker takes a connection is the kernel's choice: send until both have counted.
    while len(workers_counting(folder)) < 2 and sent < 400:
        assert post_call_ended(port) == 202
        sent += 1
    assert len(workers_counting(folder)) == 2, f"one worker took all {sent} requests"

    scrapes = [scrape(port) for _ in range(6)]  # answered by either worker

    for figures in scrapes:
        assert value(figures, "feedback_webhook_requests_total", endpoint=HOOK,
                     outcome="ok") == sent
        assert value(figures, "feedback_webhook_request_duration_seconds_count",
                     endpoint=HOOK) == sent
        # No agents in this database: every call is one the eligibility rules skip.
        assert value(figures, "feedback_eligibility_skips_total", rule="unknown_agent") == sent

    ended = min(workers_counting(folder))
    os.kill(ended, signal.SIGTERM)  # gunicorn starts another in its place
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            assert post_call_ended(port) == 202
            break
        except OSError:
            time.sleep(0.2)
    figures = scrape(port)
    assert value(figures, "feedback_webhook_requests_total", endpoint=HOOK,
                 outcome="ok") == sent + 1
