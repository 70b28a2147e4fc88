"""The phone simulator in-process: how the simulated caller acts at each verb of the TwiML."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.settings import settings_of
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


def test_a_spoken_comment_is_sent_as_twilio_s_speech_result(app, runner, client, api_headers):
    output = simulate_call(runner, "--keys", "1", "--comment", "Hon var jättebra")

    assert "caller says: Hon var jättebra" in output
    with app.app_context():
        [posted] = db.session.scalars(
            sa.select(WebhookEvent.payload).where(WebhookEvent.idempotency_key.like("%:comment:%")))
    assert (posted["form"]["SpeechResult"], posted["form"]["Confidence"]) == (
        "Hon var jättebra", "0.92")
    assert "Tack för dina svar" in output
    [answer] = responses(client, api_headers)
    assert (answer["comment"], answer["has_recording"]) == ("Hon var jättebra", False)


def test_a_spoken_answer_given_with_say_is_the_comment_once_the_keys_are_used(
        runner, client, api_headers):
    output = simulate_call(runner, "--keys", "2,3", "--say", "Hon var otrevlig")

    assert "caller says: Hon var otrevlig" in output
    [answer] = responses(client, api_headers)
    assert (answer["reason"], answer["comment"]) == ("manner", "Hon var otrevlig")


def test_a_recorded_comment_is_finished_with_hash_and_thanked_for(app, runner, client,
                                                                   api_headers):
    output = simulate_call(runner, "--keys", "1", "--comment", "Jättebra hjälp",
                           "--speech-not-recognised")

    assert "caller says: Jättebra hjälp (the recogniser makes out no words)" in output
    assert "Förlåt, det uppfattade jag inte." in output
    assert "caller records: Jättebra hjälp" in output
    with app.app_context():
        [posted] = db.session.scalars(
            sa.select(WebhookEvent.payload).where(WebhookEvent.idempotency_key.like("%:comment:2")))
    # As Twilio reports a recording ended by the key; "hangup" would mean the caller was gone.
    assert posted["form"]["Digits"] == "#"
    assert "Tack för dina svar" in output
    assert "(the service hangs up)" in output
    [answer] = responses(client, api_headers)
    assert answer["has_recording"] is True


def test_silence_at_the_comment_goes_on_to_the_next_verb(runner, client, api_headers):
    output = simulate_call(runner, "--keys", "1")

    assert "(the caller says nothing)" in output  # to the spoken question, then the recorded
    assert "(the caller leaves no comment)" in output
    assert "Tack för dina svar" in output
    [answer] = responses(client, api_headers)
    assert answer["has_recording"] is False


def test_with_speech_off_the_comment_is_recorded_at_once(app, runner, client, api_headers):
    settings_of(app).speech_comments = False
    output = simulate_call(runner, "--keys", "1", "--comment", "Jättebra hjälp")

    assert "caller says" not in output
    assert "caller records: Jättebra hjälp" in output
    [answer] = responses(client, api_headers)
    assert (answer["comment"], answer["has_recording"]) == (None, True)
