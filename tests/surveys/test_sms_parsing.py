"""Real-world SMS replies, read at every survey step, and properties that hold for any text."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback_service.surveys.flow import Step
from feedback_service.surveys.reasons import load_catalogue, parse_catalogue
from feedback_service.surveys.scoring import SurveyKind, score_range
from feedback_service.surveys.sms_parsing import (
    MAX_COMMENT_CHARS,
    ParsedReply,
    ReplyIntent,
    match_keyword,
    parse_sms_reply,
)

SMILEY, NPS = SurveyKind.SMILEY, SurveyKind.NPS
SCORE, REASON, COMMENT = Step.SCORE, Step.REASON, Step.COMMENT
ANSWER, UNCLEAR, EMPTY = ReplyIntent.ANSWER, ReplyIntent.UNCLEAR, ReplyIntent.EMPTY
OPT_OUT, OPT_IN, HELP = ReplyIntent.OPT_OUT, ReplyIntent.OPT_IN, ReplyIntent.HELP

LONG_1600 = ("Väntade länge men fick till slut hjälp. " * 40).rstrip() + "!"
LONG_5000 = ("Ring mig på 070-123 45 67 efter 17:00 den 12/3. " * 110)[:5000]

pytestmark = pytest.mark.calendar_free


def row(
    test_id: str,
    text: str,
    kind: SurveyKind,
    step: Step,
    intent: ReplyIntent,
    *,
    score: int | None = None,
    reason: int | None = None,
    comment: str | None = None,
    keyword: str | None = None,
):
    expected = ParsedReply(intent, score, reason, comment, keyword)
    return pytest.param(text, kind, step, expected, id=test_id)


REPLIES = [
    # Keywords win at every step, whole message only.
    row("stop", "STOP", NPS, SCORE, OPT_OUT, keyword="STOP"),
    row("stop-lower-dot", "stop.", SMILEY, SCORE, OPT_OUT, keyword="STOP"),
    row("stopp-sv", "Stopp!", SMILEY, REASON, OPT_OUT, keyword="STOPP"),
    row("avsluta-mixed", "AvSlUtA", NPS, COMMENT, OPT_OUT, keyword="AVSLUTA"),
    row("avbryt", " avbryt ", SMILEY, SCORE, OPT_OUT, keyword="AVBRYT"),
    row("afmeld-da", "Afmeld", NPS, SCORE, OPT_OUT, keyword="AFMELD"),
    row("afmelde-da", "afmelde!!", NPS, REASON, OPT_OUT, keyword="AFMELDE"),
    row("slut", "Slut", SMILEY, COMMENT, OPT_OUT, keyword="SLUT"),
    row("unsubscribe", "Unsubscribe", NPS, SCORE, OPT_OUT, keyword="UNSUBSCRIBE"),
    row("stop-all-spaces", "stop   all", NPS, SCORE, OPT_OUT, keyword="STOP ALL"),
    row("stop-angry-emoji", "STOP 😡", SMILEY, SCORE, OPT_OUT, keyword="STOP"),
    row("quit", "quit?", SMILEY, SCORE, OPT_OUT, keyword="QUIT"),
    row("start", "START", NPS, SCORE, OPT_IN, keyword="START"),
    row("unstop", "unstop", SMILEY, COMMENT, OPT_IN, keyword="UNSTOP"),
    row("starta-sv", "Starta", NPS, SCORE, OPT_IN, keyword="STARTA"),
    row("tilmeld-da", "tilmeld", NPS, SCORE, OPT_IN, keyword="TILMELD"),
    row("yes-not-opt-in", "YES", NPS, SCORE, UNCLEAR),
    row("help", "help", NPS, SCORE, HELP, keyword="HELP"),
    row("hjalp-sv", "Hjälp?", SMILEY, SCORE, HELP, keyword="HJÄLP"),
    row("hjalp-no-umlaut", "hjalp", SMILEY, SCORE, HELP, keyword="HJÄLP"),
    row("hjaelp-da", "HJÆLP", SMILEY, REASON, HELP, keyword="HJÆLP"),
    row("hjelp-typo", "Hjelp", NPS, SCORE, HELP, keyword="HJELP"),
    row("info", "info", NPS, COMMENT, HELP, keyword="INFO"),
    row("stop-in-sentence-is-comment", "Sluta skicka sms", NPS, COMMENT, ANSWER,
        comment="Sluta skicka sms"),
    # Empty replies.
    row("empty", "", NPS, SCORE, EMPTY),
    row("whitespace", " \n\t ", SMILEY, SCORE, EMPTY),
    row("zero-width", "\u200b\ufe0f", NPS, COMMENT, EMPTY),
    # Smiley score step.
    row("smiley-1", "1", SMILEY, SCORE, ANSWER, score=1),
    row("smiley-2-dot", "2.", SMILEY, SCORE, ANSWER, score=2),
    row("smiley-1-comment", "1 Trevlig och snabb", SMILEY, SCORE, ANSWER, score=1,
        comment="Trevlig och snabb"),
    row("smiley-2-comment", "2, lång väntetid", SMILEY, SCORE, ANSWER, score=2,
        comment="lång väntetid"),
    row("smiley-3", "3", SMILEY, SCORE, UNCLEAR),
    row("smiley-12", "12", SMILEY, SCORE, UNCLEAR),
    row("smiley-1-or-2", "1 eller 2", SMILEY, SCORE, UNCLEAR),
    row("emoji-happy", "🙂", SMILEY, SCORE, ANSWER, score=1),
    row("emoji-grin", "😀😀", SMILEY, SCORE, ANSWER, score=1),
    row("emoji-heart-selector", "❤️", SMILEY, SCORE, ANSWER, score=1),
    row("emoji-thumb-skin-tone", "👍🏽", SMILEY, SCORE, ANSWER, score=1),
    row("emoji-frown-selector", "☹️", SMILEY, SCORE, ANSWER, score=2),
    row("emoji-thumb-down-comment", "👎 ingen ringde tillbaka", SMILEY, SCORE, ANSWER, score=2,
        comment="ingen ringde tillbaka"),
    row("emoji-mixed", "🙂🙁", SMILEY, SCORE, UNCLEAR),
    row("emoticon-smile", ":)", SMILEY, SCORE, ANSWER, score=1),
    row("emoticon-nose", ":-)", SMILEY, SCORE, ANSWER, score=1),
    row("emoticon-big-d", ":D", SMILEY, SCORE, ANSWER, score=1),
    row("emoticon-equals", "=)", SMILEY, SCORE, ANSWER, score=1),
    row("emoticon-sad", ":(", SMILEY, SCORE, ANSWER, score=2),
    row("emoticon-sad-nose", ":-( tog evigheter", SMILEY, SCORE, ANSWER, score=2,
        comment="tog evigheter"),
    row("word-nojd", "Nöjd", SMILEY, SCORE, ANSWER, score=1),
    row("word-nojd-no-umlaut", "nojd", SMILEY, SCORE, ANSWER, score=1),
    row("word-missnojd", "missnöjd", SMILEY, SCORE, ANSWER, score=2),
    row("word-inte-nojd", "Inte nöjd", SMILEY, SCORE, ANSWER, score=2),
    row("word-inte-alls-nojd", "inte alls nöjd!", SMILEY, SCORE, ANSWER, score=2),
    row("word-tilfreds-da", "Meget tilfreds", SMILEY, SCORE, ANSWER, score=1),
    row("word-utilfreds-da", "utilfreds", SMILEY, SCORE, ANSWER, score=2),
    row("word-ikke-tilfreds-da", "ikke tilfreds", SMILEY, SCORE, ANSWER, score=2),
    row("word-darlig-da", "Dårlig", SMILEY, SCORE, ANSWER, score=2),
    row("word-not-happy-en", "Not happy", SMILEY, SCORE, ANSWER, score=2),
    row("word-great-en", "great thanks", SMILEY, SCORE, ANSWER, score=1),
    row("word-jattenojd", "Jättenöjd!!", SMILEY, SCORE, ANSWER, score=1),
    row("word-not-bad", "inte dåligt", SMILEY, SCORE, ANSWER, score=1),
    row("word-nej-daligt", "Nej, dåligt", SMILEY, SCORE, ANSWER, score=2),
    row("word-with-comment", "Nöjd men lång väntetid", SMILEY, SCORE, ANSWER, score=1,
        comment="Nöjd men lång väntetid"),
    row("word-mixed", "Bra hjälp men dålig väntetid", SMILEY, SCORE, UNCLEAR),
    row("smiley-nps-answer", "9 bra service", SMILEY, SCORE, ANSWER, score=1,
        comment="9 bra service"),
    row("smiley-ok", "ok", SMILEY, SCORE, UNCLEAR),
    row("smiley-date-words", "Ringde 12/3, ingen svarade", SMILEY, SCORE, UNCLEAR),
    # NPS score step.
    row("nps-9", "9", NPS, SCORE, ANSWER, score=9),
    row("nps-0", "0", NPS, SCORE, ANSWER, score=0),
    row("nps-10", "10", NPS, SCORE, ANSWER, score=10),
    row("nps-10-bang", "10!", NPS, SCORE, ANSWER, score=10),
    row("nps-padded", "  8  ", NPS, SCORE, ANSWER, score=8),
    row("nps-slash", "9/10", NPS, SCORE, ANSWER, score=9),
    row("nps-slash-spaces", "8 / 10 snabbt", NPS, SCORE, ANSWER, score=8, comment="snabbt"),
    row("nps-av-sv", "8 av 10", NPS, SCORE, ANSWER, score=8),
    row("nps-af-da", "7 af 10, ok", NPS, SCORE, ANSWER, score=7, comment="ok"),
    row("nps-out-of-en", "8 out of 10", NPS, SCORE, ANSWER, score=8),
    row("nps-tio", "Tio", NPS, SCORE, ANSWER, score=10),
    row("nps-ti-da", "ti!", NPS, SCORE, ANSWER, score=10),
    row("nps-ten-en", "TEN", NPS, SCORE, ANSWER, score=10),
    row("nps-atta", "åtta", NPS, SCORE, ANSWER, score=8),
    row("nps-atta-no-ring", "atta", NPS, SCORE, ANSWER, score=8),
    row("nps-syv-da", "syv", NPS, SCORE, ANSWER, score=7),
    row("nps-noll", "noll.", NPS, SCORE, ANSWER, score=0),
    row("nps-nio-av-tio", "nio av tio", NPS, SCORE, ANSWER, score=9),
    row("nps-ten-out-of-ten", "Ten out of ten", NPS, SCORE, ANSWER, score=10),
    row("nps-word-comment", "Tio, trevlig personal", NPS, SCORE, ANSWER, score=10,
        comment="trevlig personal"),
    row("nps-word-into-prose", "En bra kille svarade", NPS, SCORE, UNCLEAR),
    row("nps-comment", "9 bra service", NPS, SCORE, ANSWER, score=9, comment="bra service"),
    row("nps-comment-phone", "9 bra, ring mig på 0701234567 den 12/3", NPS, SCORE, ANSWER,
        score=9, comment="bra, ring mig på 0701234567 den 12/3"),
    row("nps-emoji-comment", "10 👍", NPS, SCORE, ANSWER, score=10, comment="👍"),
    row("nps-emoticon-glued", "9:)", NPS, SCORE, ANSWER, score=9, comment=":)"),
    row("nps-keycap", "9️⃣", NPS, SCORE, ANSWER, score=9),
    row("nps-keycap-10", "🔟", NPS, SCORE, ANSWER, score=10),
    row("nps-fullwidth", "１０", NPS, SCORE, ANSWER, score=10),
    row("nps-betyg", "Betyg: 8", NPS, SCORE, ANSWER, score=8),
    row("nps-swedish-ordinal", "Jag ger en 9:a", NPS, SCORE, ANSWER, score=9),
    row("nps-11", "11", NPS, SCORE, UNCLEAR),
    row("nps-100", "100", NPS, SCORE, UNCLEAR),
    row("nps-phone", "4670123456", NPS, SCORE, UNCLEAR),
    row("nps-phone-plus", "+46 70 123 45 67", NPS, SCORE, UNCLEAR),
    row("nps-phone-leading-zero", "070-123 45 67", NPS, SCORE, UNCLEAR),
    row("nps-date", "10/5 ringde jag", NPS, SCORE, UNCLEAR),
    row("nps-iso-date", "2024-05-01 ringde jag", NPS, SCORE, UNCLEAR),
    row("nps-time", "10.30 ringde jag", NPS, SCORE, UNCLEAR),
    row("nps-decimal", "7,5", NPS, SCORE, UNCLEAR),
    row("nps-or", "7 or 8", NPS, SCORE, UNCLEAR),
    row("nps-eller-word", "9 eller tio", NPS, SCORE, UNCLEAR),
    row("nps-range", "7-8", NPS, SCORE, UNCLEAR),
    row("nps-units", "3h i kö", NPS, SCORE, UNCLEAR),
    row("nps-number-inside", "Ringde 3 gånger", NPS, SCORE, UNCLEAR),
    row("nps-smiley-only", "🙂", NPS, SCORE, UNCLEAR),
    # Reason step.
    row("reason-1", "1", NPS, REASON, ANSWER, reason=1),
    row("reason-3-comment", "3 otrevlig ton", SMILEY, REASON, ANSWER, reason=3,
        comment="otrevlig ton"),
    row("reason-keycap", "2️⃣", SMILEY, REASON, ANSWER, reason=2),
    row("reason-6", "6", NPS, REASON, UNCLEAR),
    row("reason-two-digits", "1 och 3", NPS, REASON, UNCLEAR),
    row("reason-word-vantetid", "väntetid", NPS, REASON, ANSWER, reason=1),
    row("reason-word-sentence", "Väntetiden var för lång", NPS, REASON, ANSWER, reason=1),
    row("reason-word-da", "Jeg ventede i 40 min", NPS, REASON, ANSWER, reason=1,
        comment="Jeg ventede i 40 min"),
    row("reason-word-help", "Fick ingen hjälp", SMILEY, REASON, ANSWER, reason=2,
        comment="Fick ingen hjälp"),
    row("reason-word-product", "produkten", SMILEY, REASON, ANSWER, reason=5),
    row("reason-word-unknown", "hej", NPS, REASON, UNCLEAR),
    # Comment step.
    row("comment-text", "  Tack för hjälpen!  ", NPS, COMMENT, ANSWER, comment="Tack för hjälpen!"),
    row("comment-digit", "9", NPS, COMMENT, ANSWER, comment="9"),
    row("comment-emoji", "🙂", SMILEY, COMMENT, ANSWER, comment="🙂"),
    row("comment-phone-date", "Ring 070-123 45 67 den 12/3", SMILEY, COMMENT, ANSWER,
        comment="Ring 070-123 45 67 den 12/3"),
    row("comment-1600", LONG_1600, NPS, COMMENT, ANSWER, comment=LONG_1600),
    row("comment-5000", LONG_5000, NPS, COMMENT, ANSWER,
        comment=LONG_5000[:MAX_COMMENT_CHARS].rstrip()),
    row("comment-done-step", "glömde säga tack", NPS, Step.DONE, ANSWER,
        comment="glömde säga tack"),
]


@pytest.mark.parametrize(("text", "kind", "step", "expected"), REPLIES)
def test_reply_is_read_as_expected(text, kind, step, expected):
    assert parse_sms_reply(text, kind=kind, step=step) == expected


def test_a_comment_is_kept_up_to_1600_characters_and_clipped_beyond():
    at_the_limit = "Lång kö. " * 177 + "Tack!!!"  # 1600 characters, Twilio's longest message
    assert parse_sms_reply(at_the_limit, kind=NPS, step=COMMENT).comment == at_the_limit
    clipped = parse_sms_reply(at_the_limit + " Ring mig.", kind=NPS, step=COMMENT).comment
    assert clipped == at_the_limit


def test_kind_and_step_may_be_plain_strings():
    reply = parse_sms_reply("9/10", kind="nps", step="score")
    assert reply == ParsedReply(ANSWER, score=9)


def test_reason_digits_come_from_the_catalogue():
    catalogue = parse_catalogue({"reasons": [
        {"code": "wait_time", "digit": 1, "customer_service": True, "label": {"en": "waiting"},
         "owned_by": "staffing"},
        {"code": "billing", "digit": 7, "customer_service": False, "label": {"en": "invoice"},
         "owned_by": "billing@example.com"},
    ]})
    assert parse_sms_reply("7", kind=NPS, step=REASON, catalogue=catalogue).reason_digit == 7
    assert parse_sms_reply("2", kind=NPS, step=REASON, catalogue=catalogue).intent is UNCLEAR
    assert parse_sms_reply("invoice", kind=NPS, step=REASON, catalogue=catalogue).reason_digit == 7


def test_an_unknown_step_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_sms_reply("9", kind=NPS, step="scroe")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("stop", OPT_OUT),
        ("STOP ALL!", OPT_OUT),
        ("please stop", None),
        ("Starta", OPT_IN),
        ("yes", None),
        ("HJÆLP", HELP),
    ],
    ids=["stop", "stop-all", "stop-in-sentence", "starta", "yes", "hjaelp"],
)
def test_only_a_whole_message_is_a_keyword(text, intent):
    assert (match_keyword(text) or (None,))[0] is intent


def test_match_keyword_names_the_keyword():
    assert match_keyword(" afmeld. ") == (OPT_OUT, "AFMELD")
    assert match_keyword("9") is None


# --- Properties -------------------------------------------------------------------------------

ALL_KINDS_AND_STEPS = [
    pytest.param(kind, step, id=f"{kind}-{step}") for kind in SurveyKind for step in Step
]
CATALOGUE_DIGITS = {reason.digit for reason in load_catalogue().reasons}

# Pieces of real replies, shuffled together, reach deeper into the parser than random text.
REPLY_PIECES = st.sampled_from([
    "9", "10", "1", "2", "0", "11", "070", "/", "/10", "av", "10", "out of", "or", "eller", ",",
    "-", ".", ":", "!", ":)", ":-(", "🙂", "🙁", "👍🏽", "❤️", "9️⃣", "🔟", "tio", "en", "ni", "to",
    "nöjd", "missnöjd", "inte", "not", "happy", "bra", "dålig", "väntetid", "hjälp", "STOP",
    "stop all", "START", "help", "Jag ger", "Betyg:", "\u200b", "\ufe0f", " ", "  ", "\n",
])
REPLY_LIKE = st.lists(REPLY_PIECES, max_size=8).map("".join) | st.lists(
    REPLY_PIECES, max_size=8
).map(" ".join)


def assert_is_well_formed(reply: ParsedReply, kind: SurveyKind, step: Step) -> None:
    assert isinstance(reply.intent, ReplyIntent)
    if reply.score is not None:
        assert (reply.intent, step) == (ANSWER, SCORE)
        assert reply.score in score_range(kind)
    if reply.reason_digit is not None:
        assert (reply.intent, step) == (ANSWER, REASON)
        assert reply.reason_digit in CATALOGUE_DIGITS
    if reply.intent is ANSWER and step is SCORE:
        assert reply.score is not None
    if reply.intent is ANSWER and step in (COMMENT, Step.DONE):
        assert reply.comment
    if reply.comment is not None:
        assert reply.comment == reply.comment.strip()
        assert 0 < len(reply.comment) <= MAX_COMMENT_CHARS
    assert (reply.keyword is not None) == (reply.intent in (OPT_OUT, OPT_IN, HELP))


@pytest.mark.parametrize(("kind", "step"), ALL_KINDS_AND_STEPS)
@given(text=st.text())
def test_any_text_gives_a_well_formed_reply(kind, step, text):
    assert_is_well_formed(parse_sms_reply(text, kind=kind, step=step), kind, step)


@pytest.mark.parametrize(("kind", "step"), ALL_KINDS_AND_STEPS)
@settings(max_examples=300)
@given(text=REPLY_LIKE)
def test_reply_like_text_gives_a_well_formed_reply(kind, step, text):
    assert_is_well_formed(parse_sms_reply(text, kind=kind, step=step), kind, step)


@given(text=st.text(min_size=MAX_COMMENT_CHARS, max_size=3 * MAX_COMMENT_CHARS))
def test_long_text_is_clipped_not_refused(text):
    reply = parse_sms_reply(text, kind=NPS, step=COMMENT)
    assert reply.comment is None or len(reply.comment) <= MAX_COMMENT_CHARS


@pytest.mark.parametrize("step", list(Step))
@given(
    keyword=st.sampled_from(["stop", "STOPP", "Avsluta", "afmeld", "Stop All", "quit"]),
    edges=st.text(alphabet=".!?… \n", max_size=5),
)
def test_an_opt_out_keyword_wins_at_every_step(step, keyword, edges):
    reply = parse_sms_reply(edges + keyword + edges, kind=NPS, step=step)
    assert reply == ParsedReply(OPT_OUT, keyword=" ".join(keyword.upper().split()))


@pytest.mark.parametrize("text", ["a" + " !" * 20_000 + "a", "!" * 40_000 + "stop",
                                  "9 " + "x" * 40_000, "1" + " 1" * 20_000])
def test_a_huge_reply_is_read_in_a_moment(text):
    started = time.perf_counter()
    for step in (Step.SCORE, Step.REASON, Step.COMMENT):
        parse_sms_reply(text, kind=SurveyKind.NPS, step=step)
    assert time.perf_counter() - started < 1.0


def test_a_keyword_with_punctuation_around_it_still_counts():
    assert match_keyword('  "Stopp!!" 😡 ') == (ReplyIntent.OPT_OUT, "STOPP")
    assert match_keyword("!!!") is None
