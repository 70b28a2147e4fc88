"""Webhooks under load: the service under gunicorn beside a bare Flask endpoint and the limit.

All three run in the same gunicorn (`bench.bench_app`), so they share workers, settings and
machine. Each endpoint gets a closed loop (throughput, compared with the bare endpoint and with
the limit, the least a signed webhook that keeps its key can do: `bench.baselines`) and an open
loop at a fixed rate (p50 and p99 from the time each request was due); the SQL statements one
request runs are counted in-process through the Flask test client.
"""

from __future__ import annotations

import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import requests
from flask import Flask

from bench import webhook_requests as hooks
from bench.baselines import create_limit_table
from bench.data import generate
from bench.environment import (
    PUBLIC_BASE_URL,
    ROOT,
    BenchDatabase,
    empty_database,
    free_port,
    service_app,
    service_env,
)
from bench.load import LoadResult, RequestMaker, answered, closed_loop, open_loop, post
from bench.report import Figure, milliseconds, show
from bench.statements import counting_statements

WORKERS = 2
BARE = "bare Flask endpoint"
LIMIT = "the limit"
LIMIT_SHARE = 0.5  # of the limit's requests per second, for the webhooks below
# The webhooks every call or reported call reaches, held to LIMIT_SHARE; the others are shown.
HELD_TO_THE_LIMIT = frozenset({"/twilio/voice/after-call", "/twilio/sms/inbound",
                               "/hooks/call-ended"})
P99_TARGET = 0.025  # seconds, at the fixed rate
STATEMENTS_AIM = 3
WARM_UP = 30


@dataclass(frozen=True)
class WebhookSettings:
    seconds: float = 5.0  # each closed loop
    connections: int = 8
    rate: float = 100.0  # requests a second in the open loop
    open_seconds: float = 10.0


def keypad_path(twiml: str) -> str:
    """Where the survey question in an after-call answer sends the caller's key."""
    gather = ET.fromstring(twiml).find("Gather")
    if gather is None:
        raise RuntimeError(f"the after-call answer asks no question: {twiml[:300]}")
    return gather.get("action", "").removeprefix(PUBLIC_BASE_URL)


def _from_list(make: Callable[[int], hooks.WebhookRequest], numbers: list[int],
               n: int) -> hooks.WebhookRequest:
    return make(numbers[n])


def start_gunicorn(database: BenchDatabase, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    # Each worker counts its webhook requests into files here, as under deploy/gunicorn.conf.py.
    metrics = log.parent / f"metrics-{database.name}"
    metrics.mkdir(exist_ok=True)
    with log.open("ab") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--worker-class",
             "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
             "bench.bench_app:application"],
            env={**service_env(database), "PROMETHEUS_MULTIPROC_DIR": str(metrics)}, cwd=ROOT,
            stdout=output, stderr=output)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return server, port
        except (requests.ConnectionError, requests.Timeout):
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn did not start; see {log}")


def count_webhook_statements(app: Flask) -> dict[str, int]:
    """SQL statements one request of each webhook runs, after one request to warm up."""
    client = app.test_client()

    def send(request: hooks.WebhookRequest) -> str:
        answer = client.post(request.path, data=request.body(), headers=request.headers)
        if not answered(answer.status_code):
            raise RuntimeError(f"{request.path}: {answer.status_code} "
                               f"{answer.get_data(as_text=True)[:200]}")
        return answer.get_data(as_text=True)

    warm, counted = hooks.COUNTED_FIRST, hooks.COUNTED_FIRST + 1
    path = keypad_path(send(hooks.after_call(warm)))
    makers: dict[str, RequestMaker] = {
        "/twilio/voice/connect": hooks.connect, "/twilio/voice/after-call": hooks.after_call,
        "keypad step": partial(hooks.keypad, path), "/twilio/sms/inbound": hooks.sms_inbound,
        "/hooks/call-ended": hooks.call_ended}
    counts = {}
    for name, make in makers.items():
        if name != "/twilio/voice/after-call":
            send(make(warm))
        with app.app_context(), counting_statements() as statements:
            send(make(counted))
        counts[name] = len(statements)
    return counts


def _warm_up(port: int, make: RequestMaker) -> str:
    text = ""
    for n in range(hooks.WARM_UP_FIRST, hooks.WARM_UP_FIRST + WARM_UP):
        status, text = post(port, make(n))
        if not answered(status):
            raise RuntimeError(f"{make(n).path}: {status} {text[:300]}")
    return text


def measure_webhooks(database: BenchDatabase, folder: Path,
                     settings: WebhookSettings) -> list[Figure]:
    empty_database(database)
    generate(database, agents=20, answers=0, sms_surveys=range(hooks.SMS_SURVEYS))
    with service_app(database) as app:
        statements = count_webhook_statements(app)
    create_limit_table(database.url)
    server, port = start_gunicorn(database, folder / f"gunicorn-{database.name}.log")
    try:
        _warm_up(port, hooks.bare)
        _warm_up(port, hooks.limit)
        _warm_up(port, hooks.connect)
        path = keypad_path(_warm_up(port, hooks.after_call))
        keypad = partial(hooks.keypad, path)
        _warm_up(port, keypad)
        _warm_up(port, hooks.sms_inbound)
        _warm_up(port, hooks.call_ended)
        closed = _closed_loops(port, keypad, settings)
        opened = {name: open_loop(port, make, rate=settings.rate, seconds=settings.open_seconds,
                                  first=hooks.OPEN_FIRST)
                  for name, make in _makers(keypad).items()}
    finally:
        server.terminate()
        server.wait()
    return _figures(database, closed, opened, statements, settings)


def _makers(keypad: RequestMaker) -> dict[str, RequestMaker]:
    return {BARE: hooks.bare, LIMIT: hooks.limit, "/twilio/voice/connect": hooks.connect,
            "/twilio/voice/after-call": hooks.after_call, "keypad step": keypad,
            "/twilio/sms/inbound": hooks.sms_inbound, "/hooks/call-ended": hooks.call_ended}


def _closed_loops(port: int, keypad: RequestMaker,
                  settings: WebhookSettings) -> dict[str, LoadResult]:
    results: dict[str, LoadResult] = {}
    for name, make in _makers(keypad).items():
        limit = None if name == BARE else hooks.CLOSED_MAX
        if name == "keypad step":
            # Only calls whose after-call was answered have a question waiting for the key.
            asked = results["/twilio/voice/after-call"].sent
            make, limit = partial(_from_list, keypad, asked), len(asked)
        results[name] = closed_loop(port, make, connections=settings.connections,
                                    seconds=settings.seconds, max_requests=limit)
    return results


def _figures(database: BenchDatabase, closed: dict[str, LoadResult],
             opened: dict[str, LoadResult], statements: dict[str, int],
             settings: WebhookSettings) -> list[Figure]:
    figures = []
    bare, limit = closed[BARE].per_second, closed[LIMIT].per_second
    for name, result in closed.items():
        figures.append(_throughput(database, name, result, bare, limit))
        late = opened[name]
        errors = f", {late.errors} errors: {late.first_error}" if late.errors else ""
        figures.append(Figure(
            "webhooks", database.name, f"{name}: p50 / p99 at {settings.rate:.0f} req/s",
            f"{milliseconds(late.percentile(0.5) / 1000)} / "
            f"{milliseconds(late.percentile(0.99) / 1000)}{errors}",
            f"p99 < {milliseconds(P99_TARGET)}",
            late.percentile(0.99) / 1000 < P99_TARGET and not late.errors))
        if name in statements:
            figures.append(Figure("webhooks", database.name, f"{name}: SQL statements",
                                  str(statements[name]), f"≤ {STATEMENTS_AIM}",
                                  statements[name] <= STATEMENTS_AIM))
    for figure in figures:
        show(figure)
    return figures


def _throughput(database: BenchDatabase, name: str, result: LoadResult, bare: float,
                limit: float) -> Figure:
    """Requests a second in the closed loop, as a share of the bare endpoint's and the limit's."""
    errors = f", {result.errors} errors: {result.first_error}" if result.errors else ""
    of_bare = result.per_second / bare if bare else 0.0
    of_limit = result.per_second / limit if limit else 0.0
    if name == BARE:
        return Figure("webhooks", database.name, f"{name}: req/s, closed loop",
                      f"{result.per_second:,.0f}{errors}")
    if name == LIMIT:
        return Figure("webhooks", database.name, f"{name}: req/s, closed loop (× bare)",
                      f"{result.per_second:,.0f} ({of_bare:.2f}× bare){errors}")
    what = f"{name}: req/s, closed loop (× bare, × limit)"
    value = f"{result.per_second:,.0f} ({of_bare:.2f}× bare, {of_limit:.2f}× limit){errors}"
    if name not in HELD_TO_THE_LIMIT:
        return Figure("webhooks", database.name, what, value)
    return Figure("webhooks", database.name, what, value, f"≥ {LIMIT_SHARE}× limit",
                  of_limit >= LIMIT_SHARE and not result.errors)
