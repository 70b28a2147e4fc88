"""`python -m bench overhead`: the CPU one request costs in this process, webhook by webhook.

Each request is handed to its WSGI app in-process, as Flask's test client does but without the
client's own work: the requests are built first, then the process's CPU time
(`time.process_time`) is taken over all of them. CPU time counts only this process's work (on
PostgreSQL the server's work is not in it), and it holds on a busy machine far better than
requests a second do. Beside the bare endpoint and the limit (`bench.baselines`) it measures a
signed webhook the service answers without the database (an SMS delivery status the outbox does
not count), which is what the service's app-wide machinery costs every webhook.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.test import EnvironBuilder

from bench import webhook_requests as hooks
from bench.baselines import create_bare_app, create_limit_app, create_limit_table
from bench.data import generate
from bench.environment import (
    DEFAULT_POSTGRES_URL,
    PUBLIC_BASE_URL,
    TWILIO_AUTH_TOKEN,
    BenchDatabase,
    empty_database,
    load_average,
    machine,
    service_app,
)
from bench.webhooks import keypad_path

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
SERVICE_NOOP = "service, signed, no database"


def options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench overhead", description=__doc__)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url",
                        default=os.environ.get("FEEDBACK_BENCH_POSTGRES_URL",
                                               DEFAULT_POSTGRES_URL),
                        help="emptied and rebuilt by the run")
    parser.add_argument("--requests", type=int, default=500, help="of each kind (at most 1000)")
    return parser.parse_args(argv)


def environ(request: hooks.WebhookRequest) -> dict[str, Any]:
    """The WSGI environ of `request` as it reaches the app behind a proxy."""
    return EnvironBuilder(path=request.path, method="POST", data=request.body(),
                          headers=list(request.headers.items()), base_url="http://127.0.0.1:8000").get_environ()


def _start_response(status: str, _headers: Any, _exc_info: Any = None) -> None:
    if not status.startswith("2"):
        raise RuntimeError(f"answered {status}")


def cpu_microseconds(app: WSGIApp, make: Callable[[int], hooks.WebhookRequest],
                     numbers: range) -> float:
    """CPU time per request over `numbers`, each request built before the clock starts."""
    environs = [environ(make(n)) for n in numbers]
    gc.collect()
    started = time.process_time()
    for one in environs:
        answer = app(one, _start_response)
        b"".join(answer)
        getattr(answer, "close", lambda: None)()
    return (time.process_time() - started) / len(environs) * 1e6


def measure_overhead(database: BenchDatabase, requests: int) -> dict[str, float]:
    """CPU µs per request of each endpoint, after as many requests of each to warm up."""
    if requests > 1000:
        raise ValueError("at most 1000 requests of each kind: the numbers are laid out so")
    empty_database(database)
    generate(database, agents=20, answers=0, sms_surveys=range(hooks.SMS_SURVEYS))
    create_limit_table(database.url)
    limit = create_limit_app(database.url, TWILIO_AUTH_TOKEN, PUBLIC_BASE_URL)
    try:
        with service_app(database) as service:
            return _measure(service, limit, requests)
    finally:
        # Every connection closed: Python 3.13 warns of a SQLite connection left open.
        limit.extensions["limit_engine"].dispose()


def _measure(service: Flask, limit: Flask, requests: int) -> dict[str, float]:
    apps: dict[str, tuple[WSGIApp, Callable[[int], hooks.WebhookRequest]]] = {
        "bare Flask endpoint": (_mounted(create_bare_app(), "/bare"), hooks.bare),
        "the limit": (_mounted(limit, "/limit"), hooks.limit),
        SERVICE_NOOP: (service, hooks.sms_status_unreported),
        "/twilio/voice/connect": (service, hooks.connect),
        "/twilio/voice/after-call": (service, hooks.after_call),
        "/twilio/sms/inbound": (service, hooks.sms_inbound),
        "/hooks/call-ended": (service, hooks.call_ended),
    }
    warm, measured = range(hooks.WARM_UP_FIRST, hooks.WARM_UP_FIRST + requests), range(requests)
    figures = {}
    for name, (app, make) in apps.items():
        cpu_microseconds(app, make, warm)
        figures[name] = cpu_microseconds(app, make, measured)
        if name == "/twilio/voice/after-call":
            # Each call's keypad step answers the question its after-call asked.
            asked = keypad_path(_answer(service, hooks.after_call(hooks.COUNTED_FIRST)))
            keypad = partial(hooks.keypad, asked)
            cpu_microseconds(service, keypad, warm)
            figures["keypad step"] = cpu_microseconds(service, keypad, measured)
    return figures


def _mounted(app: Flask, prefix: str) -> WSGIApp:
    """`app` reached under `prefix`, as `bench.bench_app` mounts it."""
    def under_prefix(one: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        one["SCRIPT_NAME"] = prefix
        one["PATH_INFO"] = one["PATH_INFO"].removeprefix(prefix)
        return app(one, start_response)

    return under_prefix


def _answer(app: Flask, request: hooks.WebhookRequest) -> str:
    answer = app.test_client().post(request.path, data=request.body(), headers=request.headers)
    return answer.get_data(as_text=True)


def main(argv: list[str]) -> None:
    args = options(argv)
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="feedback-bench-") as name:
        database = (BenchDatabase("sqlite", f"sqlite:///{Path(name) / 'bench.sqlite3'}")
                    if args.database == "sqlite" else BenchDatabase("postgres", args.postgres_url))
        figures = measure_overhead(database, args.requests)
    print(f"CPU per request in this process, {database.name}, {args.requests} requests each "
          f"after as many to warm up")
    bare, limit = figures["bare Flask endpoint"], figures["the limit"]
    print("| endpoint | CPU µs / request | × bare | × limit |\n|---|---|---|---|")
    for what, micros in figures.items():
        print(f"| {what} | {micros:,.0f} | {micros / bare:.1f} | {micros / limit:.2f} |")
    print(f"\nMachine: {machine()}. Load average (1, 5, 15 min) at the start {load_before}, "
          f"at the end {load_average()}.")
