"""`simulate call --say`: every survey kind answered in words, in every language the IVR
understands, and what the service made of the words."""

from __future__ import annotations

import pytest

from tests.conftest import settings
from tests.telephony.voice_calls import add_agent, responses


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, SMS_BACKEND="console", QUARANTINE_DAYS=0, ASK_PRAISE=True)


# (language, kind, what the caller says in order) and the answer the service stored.
SPOKEN = [
    ("sv", "smiley", ["missnöjd", "väntetiden"], (2, "sad", "wait_time", None)),
    ("sv", "nps", ["nio", "det gick snabbt"], (9, "promoter", None, "quick")),
    ("sv", "ces", ["mycket svårt", "bemötandet"], (1, "difficult", "manner", None)),
    ("da", "smiley", ["tilfreds", "det gik hurtigt"], (1, "happy", None, "quick")),
    ("da", "nps", ["tre", "hjælpen jeg fik"], (3, "detractor", "resolution", None)),
    ("da", "ces", ["meget let", "to"], (5, "easy", None, "solved")),
    ("en", "smiley", ["unhappy", "the product"], (2, "sad", "product", None)),
    ("en", "nps", ["seven"], (7, "passive", None, None)),
    ("en", "ces", ["difficult", "it took too much effort"], (2, "difficult", "effort", None)),
]


@pytest.mark.parametrize(("language", "kind", "words", "stored"), SPOKEN,
                         ids=[f"{language}-{kind}" for language, kind, _, _ in SPOKEN])
def test_every_survey_kind_is_answered_in_words(runner, client, api_headers, language, kind,
                                                words, stored):
    add_agent(client, api_headers, "anna", language=language)
    said = [option for word in words for option in ("--say", word)]
    result = runner.invoke(args=["simulate", "call", "--agent", "anna", "--survey", kind,
                                 *said, "--comment", "", "--caller", "+46701234567"])

    assert result.exit_code == 0, result.output
    for word in words:
        assert f"caller says: {word}" in result.output
    [answer] = responses(client, api_headers)
    assert (answer["kind"], answer["channel"]) == (kind, "ivr")
    assert (answer["score"], answer["category"], answer["reason"], answer["praise"]) == stored
