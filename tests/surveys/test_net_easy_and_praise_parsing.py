"""Net Easy replies (1 very difficult … 5 very easy) and what went well, read forgivingly."""

from __future__ import annotations

import pytest

from feedback_service.surveys.sms_parsing import ParsedReply, ReplyIntent, parse_sms_reply

ANSWER, UNCLEAR = ReplyIntent.ANSWER, ReplyIntent.UNCLEAR


@pytest.mark.parametrize(("text", "score", "comment"), [
    ("5", 5, None),
    ("1", 1, None),
    ("4/5", 4, None),
    ("5 av 5", 5, None),
    ("fem", 5, None),
    ("to", 2, None),
    ("Mycket lätt!", 5, None),
    ("jättelätt", 5, None),
    ("lätt", 4, None),
    ("Det var lätt att få hjälp", 4, None),
    ("inte lätt alls", 2, None),
    ("svårt", 2, None),
    ("meget svært", 1, None),
    ("nemt", 4, None),
    ("meget let", 5, None),
    ("hverken let eller svært", 3, None),
    ("varken lätt eller svårt", 3, None),
    ("very easy", 5, None),
    ("not difficult", 4, None),
    ("1 kön var lång", 1, "kön var lång"),
    ("svårt, fick ringa tre gånger", 2, "svårt, fick ringa tre gånger"),
])
def test_net_easy_answers(text, score, comment):
    assert parse_sms_reply(text, kind="ces", step="score") == ParsedReply(
        ANSWER, score=score, comment=comment)


@pytest.mark.parametrize("text", ["6", "0", "10/10", "banan", "lätt men svårt", "3 eller 4",
                                  "070-1234567"])
def test_net_easy_replies_that_need_a_clarifying_answer(text):
    assert parse_sms_reply(text, kind="ces", step="score").intent is UNCLEAR


@pytest.mark.parametrize(("text", "digit", "comment"), [
    ("1", 1, None),
    ("snabbt", 1, None),
    ("det gick snabbt", 1, None),
    ("hurtigt", 1, None),
    ("2 löste allt", 2, "löste allt"),
    ("hon var så trevlig", 3, "hon var så trevlig"),
    ("venlig", 3, None),
    ("kunnig", 4, None),
    ("knowledgeable help", 4, None),
])
def test_what_went_well(text, digit, comment):
    assert parse_sms_reply(text, kind="ces", step="praise") == ParsedReply(
        ANSWER, praise_digit=digit, comment=comment)


@pytest.mark.parametrize("text", ["9", "banan", "snabbt och trevligt"])
def test_what_went_well_that_needs_a_clarifying_answer(text):
    assert parse_sms_reply(text, kind="smiley", step="praise").intent is UNCLEAR


def test_stop_still_opts_out_at_every_new_step():
    for kind, step in (("ces", "score"), ("ces", "praise")):
        assert parse_sms_reply("STOPP", kind=kind, step=step).intent is ReplyIntent.OPT_OUT
