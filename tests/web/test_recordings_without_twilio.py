"""Pages where no Twilio account is configured, as in the local trial: a recording cannot be
fetched, and the page says why instead of showing a player that stays silent; a spoken
comment shows as its transcript.

The answers come from the phone simulator (`flask simulate call`), as in the trial.
"""

from __future__ import annotations

import pytest

from tests.conftest import settings


@pytest.fixture
def app_settings(database_url):
    # The trial's settings: no TWILIO_ACCOUNT_SID, SMS to the log, no quiet hours.
    return settings(database_url, SMS_BACKEND="console", SMS_QUIET_HOURS="", QUARANTINE_DAYS=0,
                    SURVEY_KIND="smiley")


def simulate_call(runner, *options: str) -> str:
    result = runner.invoke(args=["simulate", "call", "--agent", "anna", "--caller",
                                 "+46701234567", *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_page_says_why_a_recording_cannot_be_played(app, organisation, runner, login):
    output = simulate_call(runner, "--keys", "2,1", "--comment", "Jag fick vänta länge",
                           "--speech-not-recognised")
    assert "caller records: Jag fick vänta länge" in output

    client = login("anna@example.com")
    page = client.get("/me").get_data(as_text=True)
    assert "<audio" not in page
    assert ("Inspelningen finns hos Twilio, och inget Twilio-konto är inställt här (som vid en "
            "lokal provkörning), så den kan inte hämtas och spelas upp.") in page

    [link] = [part.split('"')[0] for part in page.split('id="answer-')[1:]]
    reply = client.get(f"/answers/{link}/recording")
    assert reply.status_code == 503
    assert reply.mimetype == "text/html"
    assert "Inspelningen kan inte spelas upp här" in reply.get_data(as_text=True)


def test_a_spoken_comment_shows_as_its_transcript(app, organisation, runner, login):
    output = simulate_call(runner, "--keys", "1", "--say", "Hon var jättebra")
    assert "caller says: Hon var jättebra" in output
    assert "caller records" not in output

    for email, path in (("anna@example.com", "/me"),
                        ("sara@example.com", "/teams/support/agents/anna")):
        page = login(email).get(path).get_data(as_text=True)
        assert '<blockquote class="comment">Hon var jättebra</blockquote>' in page
        assert "Sagt i telefon, utskrivet automatiskt" in page
        assert "<audio" not in page and "Inspelning" not in page
