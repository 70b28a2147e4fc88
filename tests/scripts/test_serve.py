"""./scripts/serve as a person runs it, in a copy of the project (its own instance/ folder)."""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from feedback_service.trial.ports import free_port
from tests.clock import on_the_test_clock

pytestmark = pytest.mark.own_database

ROOT = Path(__file__).resolve().parents[2]


def installed_from_current_locks() -> bool:
    """Whether .venv's install stamp matches the locks, as scripts/install.sh computes it."""
    stamp = ROOT / ".venv" / "installed-lock"
    files = [ROOT / "pyproject.toml", ROOT / "scripts" / "install.sh",
             *sorted((ROOT / "requirements").glob("*.lock"))]
    wanted = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    return stamp.exists() and stamp.read_text().split()[:1] == [wanted]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The project without its data; .venv is shared, so nothing is installed again."""
    # Were the stamp stale, the trial would reinstall the shared .venv from this temporary
    # copy and leave it pointing at a folder about to be deleted.
    if not installed_from_current_locks():
        pytest.fail(".venv is not installed from the current locks: run ./scripts/test")
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "instance", "tests", "__pycache__", "*.egg-info", ".*_cache"))
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def night_zone() -> str:
    """A time zone where it is 23:00-something now: inside the service's quiet hours (21-08)."""
    offset = (23 - datetime.now(UTC).hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return f"Etc/GMT{-offset:+d}"  # the Etc zones' signs are inverted: Etc/GMT-5 is UTC+5


def trial_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("FEEDBACK_") and k not in ("PORT", "MAIL_PORT")}
    return on_the_test_clock({**env, **extra})


@pytest.fixture
def trial(project: Path) -> Iterator[tuple[subprocess.Popen[str], list[str], str, int]]:
    """A running trial in the company's night; (process, lines shown, URL, mail port)."""
    port, mail_port = free_port(), free_port()
    server = subprocess.Popen(
        ["./scripts/serve"], cwd=project, text=True, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True,
        env=trial_env(PORT=str(port), MAIL_PORT=str(mail_port), FEEDBACK_TIMEZONE=night_zone()))
    lines: list[str] = []
    try:
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("Try:"):
                break
        assert lines and lines[-1].startswith("Try:"), "\n".join(lines)
        yield server, lines, f"http://127.0.0.1:{port}", mail_port
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=20)
        server.stdout.close()


def answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_the_trial_shows_url_and_logins_last_answers_sms_at_night_and_stops(project, trial):
    server, lines, url, mail_port = trial

    shown = "\n".join(lines)
    assert f"feedback-service trial on {url}" in shown
    after_url = shown.split(url, 1)[1]
    assert "sara@demo.example" in after_url and "anna@demo.example" in after_url
    assert "Quiet hours are off in this trial" in after_url
    assert "Adding job tentatively" not in shown and "Running upgrade" not in shown
    assert requests.get(f"{url}/healthz", timeout=5).status_code == 200

    # The command the trial suggests, run as shown, and run again: surveyed both times.
    suggested = shlex.split(lines[-1].removeprefix("Try:"))
    assert suggested[:3] == ["./scripts/flask", "simulate", "sms"]
    for _ in range(2):
        sms = subprocess.run(suggested, cwd=project, env=trial_env(), capture_output=True,
                             text=True, timeout=60)
        assert sms.returncode == 0, sms.stdout + sms.stderr
        assert sms.stdout.count("SMS to caller:") >= 2  # the question, then the thanks
        assert "quiet hours" not in sms.stdout and "no survey" not in sms.stdout

    web_port = int(url.rsplit(":", 1)[1])
    assert answers(mail_port)
    os.killpg(server.pid, signal.SIGINT)  # Ctrl-C
    assert server.wait(timeout=20) == 130
    assert server.stdout.read() == ""  # no alarm about processes it stopped itself
    deadline = time.monotonic() + 10
    while (answers(web_port) or answers(mail_port)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not answers(web_port) and not answers(mail_port)


def test_a_taken_web_port_stops_the_trial_before_it_starts(project):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        taken = listener.getsockname()[1]

        result = subprocess.run(["./scripts/serve"], cwd=project, capture_output=True, text=True,
                                env=trial_env(PORT=str(taken)), timeout=120)

    assert result.returncode == 1
    assert f"Port {taken} is taken by another program" in result.stderr
    assert not (project / "instance" / "feedback.sqlite3").exists()
