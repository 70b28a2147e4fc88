"""The trial works every time it is run: without `--caller` the simulator calls from a number no
survey has used within the quarantine, and it says why when the service chose not to survey."""

from __future__ import annotations

import pytest

from tests.conftest import settings
from tests.telephony.voice_calls import add_agent


@pytest.fixture
def app_settings(database_url):
    # The trial's own rules: a week's quarantine, SMS logged instead of sent, no quiet hours.
    return settings(database_url, SMS_BACKEND="console", SMS_QUIET_HOURS="", QUARANTINE_DAYS=7,
                    SURVEY_KIND="smiley")


@pytest.fixture(autouse=True)
def anna(client, api_headers):
    add_agent(client, api_headers, "anna", language="sv")


def simulate(runner, *args: str) -> str:
    result = runner.invoke(args=["simulate", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_same_try_run_twice_is_surveyed_twice(runner):
    first = simulate(runner, "sms", "--agent", "anna", "--reply", "1")
    second = simulate(runner, "sms", "--agent", "anna", "--reply", "1")

    assert "caller +46701740605 calls" in first
    assert "caller +46701740606 calls" in second
    for output in (first, second):
        assert "SMS to caller: Hej!" in output and "no survey" not in output


def test_a_call_the_quarantine_holds_back_says_so(runner):
    simulate(runner, "call", "--agent", "anna", "--caller", "+46701234567", "--keys", "1")
    again = simulate(runner, "call", "--agent", "anna", "--caller", "+46701234567", "--keys", "1")

    assert ("(no survey: the caller was surveyed within QUARANTINE_DAYS; leave out --caller to "
            "call from a fresh number)") in again
    texted = simulate(runner, "sms", "--agent", "anna", "--caller", "+46701234567")
    assert "(no survey: the caller was surveyed within QUARANTINE_DAYS" in texted


def test_a_call_too_short_to_survey_says_so(runner):
    output = simulate(runner, "call", "--agent", "anna", "--duration", "3", "--keys", "1")
    assert "(no survey: the call was shorter than MIN_CALL_SECONDS)" in output
