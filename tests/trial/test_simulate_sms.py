"""The SMS simulator in-process: a conversation, and a survey held back by quiet hours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import settings
from tests.telephony.voice_calls import add_agent, responses


def quiet_now() -> str:
    """Quiet hours that cover the present hour in Stockholm, whenever the test runs."""
    hour = datetime.now(ZoneInfo("Europe/Stockholm")).hour
    return f"{hour}-{(hour + 2) % 24}"


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


def simulate_sms(runner, *replies: str) -> str:
    options = [option for reply in replies for option in ("--reply", reply)]
    result = runner.invoke(args=["simulate", "sms", "--agent", "anna", "--caller",
                                 "+46701234567", *options])
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
