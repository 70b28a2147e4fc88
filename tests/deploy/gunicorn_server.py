"""The web instance as a deployment runs it: gunicorn with deploy/gunicorn.conf.py on a loopback
port, its database migrated first."""

from __future__ import annotations

import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from feedback_service.trial.ports import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_until_answering(url: str, context: ssl.SSLContext | None, process: subprocess.Popen,
                         log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} stopped:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=2, context=context).read()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer:\n{log.read_text()}")


@contextmanager
def gunicorn_serving(env: dict[str, str], log: Path) -> Iterator[int]:
    """`flask db upgrade`, then gunicorn with the shipped config in `env`, its output in `log`;
    yields its port once /healthz answers, and stops it after."""
    migrate = subprocess.run([sys.executable, "-m", "flask", "--app", "feedback_service", "db",
                              "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=120)
    assert migrate.returncode == 0, migrate.stderr
    port = free_port()
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/healthz", None, server, log)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
