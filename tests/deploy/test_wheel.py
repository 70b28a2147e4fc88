"""The service's wheel is the whole service: built from a clean clone of the repository (so that
nothing git leaves out, such as compiled catalogues, can slip in), installed into a fresh
virtual environment, and run from another folder, it migrates a database and answers a call
and the login page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from twilio.request_validator import RequestValidator

from feedback_service.trial.ports import free_port
from tests.conftest import TWILIO_AUTH_TOKEN

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not (ROOT / ".git").exists(),
                       reason="builds from a clone: needs the git repository"),
    pytest.mark.own_database,
    pytest.mark.calendar_free,
]


def run(*command: str | Path, **options) -> str:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                            timeout=600, **options)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment holding the wheel built from a clone of HEAD: its bin/."""
    work = tmp_path_factory.mktemp("wheel")
    clone = work / "clone"
    head = run("git", "-C", ROOT, "rev-parse", "HEAD").strip()
    run("git", "clone", "--quiet", "--no-checkout", ROOT, clone)
    run("git", "-C", clone, "checkout", "--quiet", "--detach", head)
    pip = [sys.executable, "-m", "pip", "--quiet"]
    # An isolated build, with only the build requirements pyproject.toml names.
    run(*pip, "wheel", "--no-deps", "--wheel-dir", work / "wheels", clone)
    [wheel] = (work / "wheels").glob("feedback_service-*.whl")

    venv = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # Every dependency as the lock pins it (no resolving), then the service itself.
    # No bytecode compiled ahead: the service compiles what it imports, as on any first run.
    run(*pip, "--python", python, "install", "--no-deps", "--no-compile", "--require-hashes",
        "--requirement", clone / "requirements" / "runtime.lock")
    run(*pip, "--python", python, "install", "--no-deps", wheel)
    run(*pip, "--python", python, "check")
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A folder that holds nothing of the project, where the installed service is run."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def service_env(database: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FEEDBACK_", "FLASK_", "PYTHON"))}
    return {**env,
            "FEEDBACK_DATABASE_URL": f"sqlite:///{database}",
            "FEEDBACK_SECRET_KEY": "wheel-test-secret",
            "FEEDBACK_TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
            "FEEDBACK_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "FEEDBACK_COMPANY_NAME": "Acme"}


def fetch(url: str, data: dict[str, str] | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    """(status, content type, body) of a GET, or of a form POST when `data` is given."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.headers.get_content_type(), reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read().decode()


def test_the_installed_package_is_the_checkouts_own_wheel_not_the_checkout(installed, elsewhere):
    where = run(installed / "python", "-c",
                "import feedback_service; print(feedback_service.__file__)",
                cwd=elsewhere, env=service_env(elsewhere / "x.sqlite3", 8000))

    assert Path(where.strip()).is_relative_to(installed.parent)
    for carried in ("config/defaults.toml", "migrations/env.py",
                    "translations/sv/LC_MESSAGES/messages.mo"):
        assert (Path(where.strip()).parent / carried).is_file(), carried


def test_migrate_serve_a_signed_call_and_the_login_page_from_another_folder(
        installed, elsewhere):
    port = free_port()
    env = service_env(elsewhere / "feedback.sqlite3", port)
    command = installed / "feedback-service"
    run(command, "db", "upgrade", cwd=elsewhere, env=env)
    run(command, "teams", "add", "support", "--name", "Support", cwd=elsewhere, env=env)
    run(command, "agents", "add", "anna", "--name", "Anna", "--email", "anna@example.com",
        "--team", "support", cwd=elsewhere, env=env)

    log_path = elsewhere / "gunicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [installed / "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "feedback_service.wsgi:app"],
            cwd=elsewhere, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while server.poll() is None and time.monotonic() < deadline:
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert server.poll() is None, log_path.read_text()

        path = "/twilio/voice/after-call?agent=anna"
        params = {"AccountSid": "AC" + "0" * 32, "CallSid": "CA" + "1" * 32,
                  "CallStatus": "in-progress", "From": "+46701234567",
                  "To": "+46101600000", "Direction": "inbound",
                  "DialCallStatus": "completed", "DialCallSid": "CA" + "2" * 32,
                  "DialCallDuration": "95"}
        signature = RequestValidator(TWILIO_AUTH_TOKEN).compute_signature(base + path, params)
        status, kind, twiml = fetch(base + path, params, {"X-Twilio-Signature": signature})

        assert (status, kind) == (200, "text/xml"), log_path.read_text()
        gather = ET.fromstring(twiml).find("Gather")
        assert gather is not None, twiml
        # The Swedish caller hears the question from the compiled Swedish catalogue.
        assert "Acme" in twiml and "tack" in twiml.lower(), twiml

        status, kind, page = fetch(base + "/login", headers={"Accept-Language": "sv"})

        assert (status, kind) == (200, "text/html"), log_path.read_text()
        assert "Logga in" in page and 'type="password"' in page
    finally:
        server.terminate()
        server.wait(timeout=10)
