"""The phone simulator in-process: how the simulated caller acts at each verb of the TwiML."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.telephony.models import WebhookEvent
from tests.conftest import settings
from tests.telephony.voice_calls import add_agent, responses


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, SMS_BACKEND="console", SMS_QUIET_HOURS="", QUARANTINE_DAYS=0,
                    SURVEY_KIND="smiley")


@pytest.fixture(autouse=True)
def anna(client, api_headers):
    add_agent(client, api_headers, "anna", language="sv")


def simulate_call(runner, *options: str) -> str:
    result = runner.invoke(args=["simulate", "call", "--agent", "anna", "--caller",
                                 "+46701234567", *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_hang_up_at_the_comment_ends_the_call(runner, client, api_headers):
    output = simulate_call(runner, "--keys", "1", "--comment", "Jättebra hjälp",
                           "--hangup-after", "1")

    assert "caller presses: 1" in output
    assert output.rstrip().splitlines()[-1] == "(the caller hangs up)"
    assert "leaves no comment" not in output
    assert "caller records" not in output
    assert "Tack för dina svar" not in output  # the thanks after a comment is never heard
    [answer] = responses(client, api_headers)
    assert answer["category"] == "happy" and answer["has_recording"] is False


def test_a_recorded_comment_is_finished_with_hash_and_thanked_for(app, runner, client,
                                                                   api_headers):
    output = simulate_call(runner, "--keys", "1", "--comment", "Jättebra hjälp")

    assert "caller records: Jättebra hjälp" in output
    with app.app_context():
        [posted] = db.session.scalars(
            sa.select(WebhookEvent.payload).where(WebhookEvent.idempotency_key.like("%:comment:%")))
    # As Twilio reports a recording ended by the key; "hangup" would mean the caller was gone.
    assert posted["form"]["Digits"] == "#"
    assert "Tack för dina svar" in output
    assert "(the service hangs up)" in output
    [answer] = responses(client, api_headers)
    assert answer["has_recording"] is True


def test_silence_at_the_comment_goes_on_to_the_next_verb(runner, client, api_headers):
    output = simulate_call(runner, "--keys", "1")

    assert "(the caller leaves no comment)" in output
    assert "Tack för dina svar" in output
    [answer] = responses(client, api_headers)
    assert answer["has_recording"] is False
