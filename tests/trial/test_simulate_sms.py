"""The SMS simulator in-process: a conversation, and a survey held back by quiet hours."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import settings
from tests.telephony.voice_calls import add_agent, responses


def quiet_now() -> str:
    """Quiet hours that cover the present hour in Stockholm, whenever the test runs.

    Computed when the tests are collected: three hours wide, so they still cover the hour
    in which the test runs.
    """
    hour = datetime.now(ZoneInfo("Europe/Stockholm")).hour
    return f"{hour}-{(hour + 3) % 24}"


def end_of(quiet_hours: str) -> str:
    """When these quiet hours end, on the company's clock, as a person reads it."""
    return f"{int(quiet_hours.split('-')[1]):02d}:00"


@pytest.fixture
def quiet_hours() -> str:
    return ""


@pytest.fixture
def app_settings(database_url, quiet_hours):
    return settings(database_url, SMS_BACKEND="console", SMS_QUIET_HOURS=quiet_hours,
                    QUARANTINE_DAYS=0, SURVEY_KIND="smiley")


@pytest.fixture(autouse=True)
def anna(client, api_headers):
    add_agent(client, api_headers, "anna", language="sv")


def simulate_sms(runner, *replies: str, send_now: bool = False) -> str:
    options = [option for reply in replies for option in ("--reply", reply)]
    result = runner.invoke(args=["simulate", "sms", "--agent", "anna", "--caller",
                                 "+46701234567", *options, *(["--send-now"] if send_now else [])])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_whole_sms_conversation(runner, client, api_headers):
    output = simulate_sms(runner, "2 väntade för länge", "1")

    assert output.count("SMS to caller:") == 3  # the question, the reason, the thanks
    [answer] = responses(client, api_headers)
    assert answer["category"] == "sad" and answer["reason"] == "wait_time"
    assert answer["comment"] == "väntade för länge"


@pytest.mark.parametrize("quiet_hours", [quiet_now()])
def test_in_quiet_hours_the_caller_has_nothing_to_reply_to(runner, client, api_headers):
    output = simulate_sms(runner, "1")

    assert "quiet hours" in output
    assert "(the caller has no survey SMS to reply to)" in output
    assert "caller replies" not in output
    assert responses(client, api_headers) == []


@pytest.mark.parametrize("quiet_hours", [quiet_now()])
def test_the_waiting_sms_is_shown_in_company_time(runner, quiet_hours):
    output = simulate_sms(runner, "1")

    assert f"an SMS waits in the outbox until {end_of(quiet_hours)} " in output
    assert "UTC" not in output
    assert "--send-now" in output  # the way past it


@pytest.mark.parametrize("quiet_hours", [quiet_now()])
def test_send_now_sends_the_survey_past_quiet_hours(runner, client, api_headers):
    output = simulate_sms(runner, "2", "3", send_now=True)

    assert "(sent now, before quiet hours end: --send-now)" in output
    [answer] = responses(client, api_headers)
    assert answer["category"] == "sad" and answer["reason"] == "manner"


@pytest.mark.parametrize("quiet_hours", [quiet_now()])
def test_the_hook_says_when_the_sms_goes_out_in_company_time(runner, quiet_hours):
    result = runner.invoke(args=["simulate", "call-ended", "--agent", "anna", "--caller",
                                 "+46701234567"])

    assert result.exit_code == 0, result.output
    assert f"survey scheduled: the SMS waits for quiet hours, until {end_of(quiet_hours)} " \
        in result.output
    assert "UTC" not in result.output and "+00:00" not in result.output


def test_a_caller_without_a_survey_sms_hears_so_at_once(runner):
    started = time.monotonic()
    result = runner.invoke(args=["simulate", "sms", "--hook", "--agent", "nobody", "--caller",
                                 "+46701234567", "--reply", "1"])

    assert result.exit_code == 0, result.output
    assert "survey skipped" in result.output
    assert "(the caller has no survey SMS to reply to)" in result.output
    assert time.monotonic() - started < 5  # nothing to wait for: not the 15 s an SMS may take
