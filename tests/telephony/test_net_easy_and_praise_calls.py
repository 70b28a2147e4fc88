"""Whole Net Easy (`ces`) calls and calls that ask what went well (`ASK_PRAISE`), on the phone.

Each test plays Twilio's side with signed requests and follows the TwiML; a survey never asks
more than three questions: the score, the reason or what went well, then the comment.
"""

from __future__ import annotations

import pytest

from feedback_service.settings import settings_of
from tests.conftest import settings
from tests.telephony.voice_calls import DANISH_MOBILE, TwilioCall, add_agent, responses


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, SMS_QUIET_HOURS="", QUARANTINE_DAYS=0, ASK_PRAISE=True)


@pytest.fixture(autouse=True)
def agents(client, api_headers):
    add_agent(client, api_headers, "anna", language="sv")
    add_agent(client, api_headers, "freja", team="kundeservice", language="da")


def questions_asked(call: TwilioCall) -> int:
    """How many questions the caller was asked: each `<Gather>` and `<Record>` answered."""
    return call.asked


class CountingCall(TwilioCall):
    """A call that counts the questions it is asked (a repeat after silence is no new one)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.asked = 0
        self._steps: set[str] = set()

    def request(self, path, **extra):
        document = super().request(path, **extra)
        question = document.find("Gather")
        if question is None:
            question = document.find("Record")
        if question is not None:
            step = question.get("action", "").split("/survey/")[-1].split("?")[0]
            if step not in self._steps:
                self._steps.add(step)
                self.asked += 1
        return document


def test_a_difficult_net_easy_call_in_swedish_asks_the_reason_then_the_comment(
        client, api_headers, twilio_post):
    call = CountingCall(twilio_post)
    call.connect("agent=anna&topic=billing&survey=ces")
    call.agent_hangs_up()
    gather = call.gather()
    assert gather.get("numDigits") == "1"
    assert gather.get("language") == "sv-SE"
    assert "mycket svårt" in gather.get("hints")
    assert call.prompt == (
        "Tack för att du ringde Acme. Vi vill gärna höra hur samtalet gick. "
        "Hur lätt var det att få den hjälp du ville ha? Tryck 1 om det var mycket svårt, och "
        "så vidare upp till 5 om det var mycket lätt.")

    call.press("1")
    assert call.prompt.startswith("Vad gick mindre bra? Väntetiden, tryck 1.")
    call.press("4")
    assert call.asks_for_comment
    call.say("Jag fick ringa tre gånger")
    assert call.hung_up
    call.hang_up()

    assert questions_asked(call) == 3
    [response] = responses(client, api_headers)
    assert (response["kind"], response["score"], response["category"], response["reason"],
            response["praise"], response["comment"]) == (
        "ces", 1, "difficult", "effort", None, "Jag fick ringa tre gånger")


def test_an_easy_net_easy_call_in_danish_asks_what_went_well_then_the_comment(
        client, api_headers, twilio_post):
    call = CountingCall(twilio_post, caller=DANISH_MOBILE)
    call.connect("agent=freja&survey=ces")
    call.agent_hangs_up()
    assert "Hvor let var det at få den hjælp, du ønskede? Tryk 1, hvis det var meget svært, " \
           "og så videre op til 5, hvis det var meget let." in call.prompt

    call.press("5")
    assert call.prompt == ("Hvad gik godt? Det gik hurtigt, tryk 1. Du fik det løst, tryk 2. "
                           "En venlig modtagelse, tryk 3. Kompetent hjælp, tryk 4.")
    call.press("3")
    assert call.asks_for_comment
    call.stay_silent()  # no words: the comment is asked once more, to be recorded
    call.stay_silent()
    assert call.hung_up
    call.hang_up()

    assert questions_asked(call) == 3
    [response] = responses(client, api_headers)
    assert (response["agent"], response["kind"], response["score"], response["category"],
            response["reason"], response["praise"]) == ("freja", "ces", 5, "easy", None,
                                                        "friendly")


def test_what_went_well_can_be_said_and_words_beside_the_score_are_kept(
        client, api_headers, twilio_post):
    call = CountingCall(twilio_post)
    call.connect("agent=anna&survey=ces")
    call.agent_hangs_up()
    call.say("mycket lätt")
    assert call.prompt.startswith("Vad gick bra?")
    call.say("det gick snabbt, tack så mycket")
    assert call.asks_for_comment
    call.stay_silent()
    call.hang_up()

    assert questions_asked(call) == 3
    [response] = responses(client, api_headers)
    assert (response["score"], response["category"], response["praise"]) == (5, "easy", "quick")
    assert response["comment"] == "det gick snabbt, tack så mycket"


def test_a_neutral_answer_is_asked_neither_reason_nor_praise(client, api_headers, twilio_post):
    call = CountingCall(twilio_post)
    call.connect("agent=anna&survey=ces")
    call.agent_hangs_up()
    call.press("3")
    assert call.asks_for_comment
    call.stay_silent()
    call.hang_up()

    assert questions_asked(call) == 2
    [response] = responses(client, api_headers)
    assert (response["category"], response["reason"], response["praise"]) == ("neutral", None,
                                                                              None)


def test_a_key_that_is_not_on_the_scale_is_asked_again(client, api_headers, twilio_post):
    call = CountingCall(twilio_post)
    call.connect("agent=anna&survey=ces")
    call.agent_hangs_up()
    call.press("7")
    assert call.prompt.startswith("Förlåt, det uppfattade jag inte. Hur lätt var det")
    call.press("2")
    assert call.prompt.startswith("Vad gick mindre bra?")
    call.press("9")  # not a reason
    assert call.prompt.startswith("Förlåt, det uppfattade jag inte. Vad gick mindre bra?")
    call.press("2")
    call.stay_silent()
    call.hang_up()

    [response] = responses(client, api_headers)
    assert (response["score"], response["category"], response["reason"]) == (2, "difficult",
                                                                             "resolution")


def test_a_happy_smiley_is_asked_what_went_well_too(client, api_headers, twilio_post):
    call = CountingCall(twilio_post)
    call.connect("agent=anna")
    call.agent_hangs_up()
    call.press("1")
    assert call.prompt.startswith("Vad gick bra? Det gick snabbt, tryck 1.")
    call.press("2")
    call.stay_silent()
    call.hang_up()

    assert questions_asked(call) == 3
    [response] = responses(client, api_headers)
    assert (response["kind"], response["category"], response["praise"]) == ("smiley", "happy",
                                                                            "solved")


def test_without_ask_praise_a_happy_answer_goes_straight_to_the_comment(
        app, client, api_headers, twilio_post):
    settings_of(app).ask_praise = False
    call = CountingCall(twilio_post)
    call.connect("agent=anna&survey=nps")
    call.agent_hangs_up()
    call.press("10")
    assert call.asks_for_comment
    call.stay_silent()
    call.hang_up()

    assert questions_asked(call) == 2
    [response] = responses(client, api_headers)
    assert (response["category"], response["praise"]) == ("promoter", None)


def test_survey_kind_ces_is_the_lines_default(app, client, api_headers, twilio_post):
    settings_of(app).survey_kind = "ces"
    call = CountingCall(twilio_post)
    call.connect("agent=anna")
    call.agent_hangs_up()
    assert "Hur lätt var det att få den hjälp du ville ha?" in call.prompt
    call.press("4")
    call.press("1")
    call.stay_silent()
    call.hang_up()

    [response] = responses(client, api_headers)
    assert (response["kind"], response["category"], response["praise"]) == ("ces", "easy",
                                                                            "quick")
