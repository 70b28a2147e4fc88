"""The simulator against a real running service: a `flask run` subprocess on a free port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from feedback_service.trial.ports import free_port
from tests.clock import on_the_test_clock
from tests.conftest import API_TOKEN

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_settings(database_url):
    from tests.conftest import settings

    # The caller is surveyed at once, whatever the hour, and may be surveyed again.
    return settings(database_url, SMS_BACKEND="console", SMS_QUIET_HOURS="", QUARANTINE_DAYS=0,
                    SURVEY_KIND="smiley")


@pytest.fixture
def service(app, runner, app_settings, tmp_path) -> Iterator[str]:
    """The service as users run it, in its own process, on the test's database."""
    for command in (["teams", "add", "support", "--name", "Support"],
                    ["agents", "add", "anna", "--name", "Anna Berg", "--email",
                     "anna@example.com", "--team", "support", "--address", "client:anna"]):
        assert runner.invoke(args=command).exit_code == 0
    port = free_port()
    env = on_the_test_clock({**os.environ, **{f"FEEDBACK_{name}": str(value)
                                              for name, value in app_settings.items()
                                              if name != "TESTING"}})
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "feedback_service", "run", "--port", str(port)],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError((tmp_path / "server.log").read_text()) from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def responses_from(base: str) -> list[dict]:
    answer = requests.get(f"{base}/api/v1/responses",
                          headers={"Authorization": f"Bearer {API_TOKEN}"}, timeout=5)
    assert answer.status_code == 200, answer.text
    return answer.json()["responses"]


def test_an_ivr_call_played_against_a_running_service(runner, service):
    result = runner.invoke(args=["simulate", "call", "--agent", "anna", "--caller",
                                 "+46701234567", "--topic", "billing", "--keys", "2,3",
                                 "--comment", "Det tog alldeles för lång tid", "--url", service])

    assert result.exit_code == 0, result.output
    assert "caller presses: 2" in result.output and "caller presses: 3" in result.output
    assert "caller says: Det tog alldeles för lång tid" in result.output
    assert "Acme" in result.output  # the prompts name the company
    [answer] = responses_from(service)
    assert answer["agent"] == "anna" and answer["channel"] == "ivr"
    assert answer["category"] == "sad" and answer["reason"] == "manner"
    assert answer["topic"] == "billing"
    assert (answer["comment"], answer["has_recording"]) == ("Det tog alldeles för lång tid", False)
    assert answer["caller"] != "+46701234567" and answer["caller"].endswith("67")


def test_a_net_easy_call_played_against_a_running_service(runner, service):
    result = runner.invoke(args=["simulate", "call", "--agent", "anna", "--caller",
                                 "+46701234567", "--survey", "ces", "--keys", "1,4",
                                 "--comment", "Jag fick ringa tre gånger", "--url", service])

    assert result.exit_code == 0, result.output
    assert "Hur lätt var det att få den hjälp du ville ha?" in result.output
    assert ("Tryck 1 om det var mycket svårt, och så vidare upp till 5 om det var mycket lätt."
            in result.output)
    [answer] = responses_from(service)
    assert (answer["kind"], answer["score"], answer["category"], answer["reason"],
            answer["comment"]) == ("ces", 1, "difficult", "effort", "Jag fick ringa tre gånger")


def test_an_sms_conversation_played_against_a_running_service(runner, service):
    result = runner.invoke(args=["simulate", "sms", "--agent", "anna", "--caller",
                                 "+46701234567", "--reply", "2", "--reply", "1",
                                 "--reply", "Väntade i 20 minuter", "--url", service])

    assert result.exit_code == 0, result.output
    assert result.output.count("SMS to caller:") >= 4  # question, reason, comment, thanks
    [answer] = responses_from(service)
    assert answer["channel"] == "sms" and answer["category"] == "sad"
    assert answer["reason"] == "wait_time"
    assert answer["comment"] == "Väntade i 20 minuter"


def test_the_generic_hook_played_against_a_running_service(runner, service):
    result = runner.invoke(args=["simulate", "call-ended", "--agent", "anna", "--caller",
                                 "+46701234567", "--url", service])

    assert result.exit_code == 0, result.output
    assert "answered 202: survey scheduled: the SMS goes out now" in result.output


def test_errors_from_the_service_are_shown_plainly(runner, service):
    result = runner.invoke(args=["simulate", "call", "--agent", "nobody", "--caller",
                                 "+46701234567", "--keys", "1", "--url", service])
    assert result.exit_code != 0
    assert "Error:" in result.output
    assert "Traceback" not in result.output


def test_a_service_that_is_not_running_is_named(runner):
    result = runner.invoke(args=["simulate", "call", "--agent", "anna", "--caller",
                                 "+46701234567", "--url", f"http://127.0.0.1:{free_port()}"])
    assert result.exit_code != 0
    assert "could not reach the service" in result.output


