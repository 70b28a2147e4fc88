"""What a signed Twilio webhook costs against a bare Flask endpoint, under the same server.

Starts one gunicorn worker on a fresh SQLite database, then sends the same number of sequential
requests to each endpoint and prints latency figures and the ratio to the bare endpoint.

    .venv/bin/python -m bench.webhook_overhead [--requests 400]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import requests
from twilio.request_validator import RequestValidator

PUBLIC_BASE_URL = "https://feedback.example.com"
AUTH_TOKEN = "bench-auth-token"
HOOK_SECRET = "bench-hook-secret"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def service_env(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FEEDBACK_DATABASE_URL": f"sqlite:///{database}",
        "FEEDBACK_SECRET_KEY": "bench-secret",
        "FEEDBACK_PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "FEEDBACK_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "FEEDBACK_PBX_WEBHOOK_SECRET": HOOK_SECRET,
        "FEEDBACK_SMS_BACKEND": "console",
        "FEEDBACK_QUARANTINE_DAYS": "0",
        "FEEDBACK_SMS_QUIET_HOURS": "",
        "FEEDBACK_COMPANY_NAME": "Bench AB",
    }


def prepare_database(env: dict[str, str]) -> None:
    flask = [sys.executable, "-m", "flask", "--app", "feedback_service"]
    for command in (["db", "upgrade"],
                    ["teams", "add", "support", "--name", "Support"],
                    ["agents", "add", "anna", "--name", "Anna", "--email", "anna@bench.example",
                     "--team", "support", "--address", "client:anna"]):
        subprocess.run(flask + command, env=env, cwd=ROOT, check=True, capture_output=True)


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "bench.bench_app:application"],
        env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return server
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def twilio_request(path: str, params: dict[str, str]) -> tuple[str, dict, dict]:
    signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_BASE_URL + path, params)
    return path, {"data": params}, {"X-Twilio-Signature": signature}


def connect(i: int):
    return twilio_request("/twilio/voice/connect?agent=anna&topic=billing",
                          {"CallSid": f"CAconnect{i:08d}", "From": "+46701234567",
                           "To": "+46812345678", "CallStatus": "in-progress"})


def after_call(i: int):
    # Every request a new call, so each one opens a survey and answers its first question.
    return twilio_request("/twilio/voice/after-call?agent=anna&topic=billing",
                          {"CallSid": f"CAafter{i:08d}", "From": "+46701234567",
                           "To": "+46812345678", "CallStatus": "in-progress",
                           "DialCallStatus": "completed", "DialCallDuration": "95"})


def call_ended(i: int):
    body = json.dumps({"call_id": f"pbx-{i}", "caller": "+46701234567", "agent": "anna",
                       "topic": "billing", "answered": True, "duration_seconds": 95,
                       # Now: the hook refuses calls that ended more than a day ago.
                       "ended_at": datetime.now(UTC).isoformat()}).encode()
    digest = hmac.new(HOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return "/hooks/call-ended", {"data": body}, {"X-Feedback-Signature": f"sha256={digest}",
                                                  "Content-Type": "application/json"}


def bare(i: int):
    return "/bare/ping", {"data": {"CallSid": f"CAbare{i:08d}"}}, {}


def measure(base: str, make: Callable[[int], tuple], count: int, expected: int) -> list[float]:
    session = requests.Session()
    timings = []
    for i in range(-20, count):  # the first 20 warm up and are not counted
        path, body, headers = make(i + 20_000 if i < 0 else i)
        started = time.perf_counter()
        answer = session.post(base + path, headers=headers, timeout=10, **body)
        elapsed = time.perf_counter() - started
        if answer.status_code != expected:
            raise SystemExit(f"{path}: {answer.status_code} {answer.text[:200]}")
        if i >= 0:
            timings.append(elapsed)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    count = parser.parse_args().requests

    with tempfile.TemporaryDirectory() as folder:
        env = service_env(Path(folder) / "bench.sqlite3")
        prepare_database(env)
        port = free_port()
        server = start_server(env, port)
        base = f"http://127.0.0.1:{port}"
        try:
            cases = [("bare Flask endpoint", bare, 200),
                     ("/twilio/voice/connect", connect, 200),
                     ("/twilio/voice/after-call", after_call, 200),
                     ("/hooks/call-ended", call_ended, 202)]
            results = [(name, measure(base, make, count, status)) for name, make, status in cases]
        finally:
            server.terminate()
            server.wait()

    bare_mean = statistics.mean(results[0][1])
    print(f"one gunicorn sync worker, SQLite, {count} sequential requests each")
    print(f"{'endpoint':28} {'mean ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'x bare':>7}")
    for name, timings in results:
        ordered = sorted(timings)
        mean = statistics.mean(timings)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        print(f"{name:28} {mean * 1000:8.2f} {statistics.median(timings) * 1000:8.2f} "
              f"{p95 * 1000:8.2f} {1 / mean:7.0f} {mean / bare_mean:7.1f}")


if __name__ == "__main__":
    main()
