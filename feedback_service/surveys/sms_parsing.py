"""Reads a caller's SMS reply to a survey as a keyword, a score, a reason, praise or a comment."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from feedback_service.surveys.flow import Step
from feedback_service.surveys.praise import PraiseCatalogue, load_praise
from feedback_service.surveys.reasons import ReasonCatalogue, load_catalogue
from feedback_service.surveys.scoring import SMILEY_HAPPY, SMILEY_SAD, SurveyKind, score_range
from feedback_service.surveys.sms_words import fold, load_sms_words

MAX_COMMENT_CHARS = 1600
# What is read of a reply: Twilio joins at most 1600 characters into one message, and a longer
# text (a script, not a caller) must not cost more than one to read.
MAX_PARSED_CHARS = 2000

_Value = TypeVar("_Value")


class ReplyIntent(enum.StrEnum):
    ANSWER = "answer"
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"
    UNCLEAR = "unclear"
    EMPTY = "empty"


@dataclass(frozen=True)
class ParsedReply:
    intent: ReplyIntent
    score: int | None = None
    reason_digit: int | None = None
    comment: str | None = None
    keyword: str | None = None
    praise_digit: int | None = None  # what went well, at the praise step


_UNCLEAR = ParsedReply(ReplyIntent.UNCLEAR)


_fold = fold
# The words callers use, every language's (translations/<language>/sms_words.toml).
_WORDS = load_sms_words()


def _folded_keys(table: Mapping[str, _Value]) -> dict[str, _Value]:
    return {_fold(key): value for key, value in table.items()}


def _folded_set(words: str | Iterable[str]) -> frozenset[str]:
    return frozenset(_fold(word) for word in (words.split() if isinstance(words, str) else words))


def _listed(section: str, name: str) -> frozenset[str]:
    """A list from the words files, folded."""
    return _folded_set(_WORDS.words(section, name))


# --- Keywords ---------------------------------------------------------------------------------

_KEYWORDS: dict[str, tuple[ReplyIntent, str]] = _folded_keys(
    {word: (intent, word) for intent in (ReplyIntent.OPT_OUT, ReplyIntent.OPT_IN, ReplyIntent.HELP)
     for word in _WORDS.words("keywords", intent.value)}
)

# Anything that is not a letter or digit at either end: "Stop!", "STOP 😡", '"stop"'.
_KEYWORD_EDGE = re.compile(r"[\W_]+")
# Longer than any keyword with its punctuation: such a message is not one.
_LONGEST_KEYWORD_MESSAGE = 60


def _without_edges(text: str) -> str:
    """`text` without the non-letters at either end, in one pass from each side.

    (A single `^...|...$` pattern retries the end match from every position: quadratic.)
    """
    if lead := _KEYWORD_EDGE.match(text):
        text = text[lead.end():]
    if tail := _KEYWORD_EDGE.match(text[::-1]):
        text = text[:len(text) - tail.end()]
    return text


def _match_keyword(text: str) -> tuple[ReplyIntent, str] | None:
    if len(text) > _LONGEST_KEYWORD_MESSAGE:
        return None
    core = " ".join(_without_edges(text).split())
    return _KEYWORDS.get(_fold(core))


def match_keyword(text: str) -> tuple[ReplyIntent, str] | None:
    """The intent and upper-cased keyword when the whole message is one, else None."""
    return _match_keyword(_normalise(text).text)


# --- Normalising, keeping the way back to what the caller wrote -------------------------------

_DROPPED = frozenset(
    {"\ufe0e", "\ufe0f", "\u20e3", "\u200d", "\u200b", "\u2060", "\ufeff"}
    | {chr(c) for c in range(0x1F3FB, 0x1F400)}  # skin tones must not hide a 👍
)
_REPLACED = {"🔟": "10", "’": "'", "‘": "'", "´": "'", "`": "'", "⁄": "/", "∕": "/"}


@dataclass(frozen=True)
class _Message:
    source: str  # the reply as written (NFC), where comments are cut from
    text: str  # NFKC, case-folded, emoji selectors dropped: what is matched
    origins: tuple[int, ...]  # for each character of `text`, its index in `source`

    def source_from(self, position: int) -> str:
        return self.source[self.origins[position]:]


def _normalise(text: str) -> _Message:
    source = unicodedata.normalize("NFC", text)
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(source):
        folded = _fold_char(char)
        chars.append(folded)
        origins.extend([index] * len(folded))
    return _Message(source, "".join(chars), tuple(origins))


def _fold_char(char: str) -> str:
    if char in _DROPPED:
        return ""
    if char in _REPLACED:
        return _REPLACED[char]
    return unicodedata.normalize("NFKC", char).casefold()


_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Mn", "Mc", "Me", "Zs", "Zl", "Zp"})


def _is_blank(text: str) -> bool:
    return all(c.isspace() or unicodedata.category(c) in _INVISIBLE for c in text)


def _clip(text: str) -> str | None:
    return text.strip()[:MAX_COMMENT_CHARS].rstrip() or None


# --- Tokens -----------------------------------------------------------------------------------

NUMBER, WORD, EMOTICON, SYMBOL = "number", "word", "emoticon", "symbol"

_TOKEN = re.compile(
    r"(?P<emoticon>[:;=]'?-?(?:\)+|\(+|\]|\[|[dp](?![^\W\d_]))|<3)"
    r"|(?P<number>[0-9]+)"
    r"|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)"
    r"|(?P<symbol>\S)"
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return _fold(self.text)


def _tokenize(text: str) -> list[_Token]:
    return [
        _Token(m.lastgroup or SYMBOL, m.group(), m.start(), m.end())
        for m in _TOKEN.finditer(text)
    ]


def _touches(before: _Token, after: _Token) -> bool:
    return before.end == after.start


# --- Leading numbers: the score or the reason digit -------------------------------------------

_NUMBER_WORDS: dict[str, int] = dict(_WORDS.numbers)
_TENS = frozenset({"10"}) | _listed("scores", "ten")
_OUT_OF = (("/",), *(tuple(_fold(phrase).split()) for phrase in _WORDS.words("scores", "out_of")))
# Words and signs that join two numbers into a choice: "7 or 8", "7 eller 8", "1, 3".
_CONNECTORS = _folded_set(", / - – & +") | _listed("scores", "connectors")
# Numbers glued to these and another number are decimals, dates, times or ranges: "7,5" "10/5".
_NUMBER_GLUE = frozenset(".,:/-–")
_SEPARATORS = frozenset(",.;:!?-–—#*¡¿…")
_LEAD_INS = tuple(tuple(_fold(phrase).split()) for phrase in _WORDS.words("scores", "lead_ins"))
_ARTICLES = _listed("scores", "articles")


def _starts_with(tokens: Sequence[_Token], phrase: Sequence[str]) -> bool:
    return len(tokens) >= len(phrase) and all(
        t.folded == word for t, word in zip(tokens, phrase, strict=False)
    )


def _digit_value(digits: str) -> int | None:
    """0-99 without leading zeros: "070..." and "2024" are never scores (and never huge ints)."""
    if len(digits) > 2 or (len(digits) == 2 and digits[0] == "0"):
        return None
    return int(digits)


def _skip_out_of_ten(tokens: Sequence[_Token],
                    tops: frozenset[str] = _TENS) -> tuple[Sequence[_Token], bool]:
    """Drops "/10", "av 10", "out of ten" (or of another top of the scale, as `tops` says)."""
    for phrase in _OUT_OF:
        ten = tokens[len(phrase)] if len(tokens) > len(phrase) else None
        if _starts_with(tokens, phrase) and ten is not None and ten.folded in tops:
            return tokens[len(phrase) + 1:], True
    return tokens, False


def _skip_swedish_ordinal(number: _Token, rest: Sequence[_Token]) -> Sequence[_Token]:
    """Swedish writes "a nine" as "en 9:a"."""
    glued = len(rest) >= 2 and _touches(number, rest[0]) and _touches(rest[0], rest[1])
    return rest[2:] if glued and rest[0].text == ":" and rest[1].folded == "a" else rest


def _glued_to_more(number: _Token, rest: Sequence[_Token]) -> bool:
    if not rest or not _touches(number, rest[0]):
        return False
    if rest[0].kind == WORD:
        return True  # "10min", "3h"
    return (
        rest[0].text in _NUMBER_GLUE
        and len(rest) > 1
        and rest[1].kind == NUMBER
        and _touches(rest[0], rest[1])
    )


def _another_choice_follows(
    rest: Sequence[_Token], value: int, valid: Container[int], words: Mapping[str, int]
) -> bool:
    index = 0
    while index < len(rest) and rest[index].folded in _CONNECTORS:
        index += 1
    if index == len(rest):
        return False
    after = rest[index]
    if after.kind == NUMBER:
        other = _digit_value(after.text)
        return other is not None and other != value and other in valid
    return index > 0 and _stands_alone(rest[index + 1:]) and words.get(after.folded, value) != value


def _stands_alone(rest: Sequence[_Token]) -> bool:
    """A number word is a number only when prose does not carry on: "en bra kille" is not 1."""
    return not rest or rest[0].kind not in (WORD, NUMBER)


def _leading_number(
    tokens: Sequence[_Token], valid: Container[int], words: Mapping[str, int],
    tops: frozenset[str] | None = None,
) -> tuple[int, Sequence[_Token]] | None:
    """The number the reply opens with and the tokens after it, if it is plainly one choice.

    `tops` are the ways to write the scale's top, for "4/5" or "8 av 10" (ten by default when
    10 is a valid answer).
    """
    if not tokens:
        return None
    tops = tops or (_TENS if 10 in valid else None)
    first, rest = tokens[0], tokens[1:]
    if first.kind == NUMBER:
        value = _digit_value(first.text)
        if tops:
            rest, _ = _skip_out_of_ten(rest, tops)
        rest = _skip_swedish_ordinal(first, rest)
        if _glued_to_more(first, rest):
            return None
    elif first.kind == WORD and first.folded in words:
        value = words[first.folded]
        rest, out_of_ten = _skip_out_of_ten(rest, tops or _TENS)
        if not (out_of_ten or _stands_alone(rest)):
            return None
    else:
        return None
    if value is None or value not in valid or _another_choice_follows(rest, value, valid, words):
        return None
    return value, rest


def _leftover(message: _Message, rest: Sequence[_Token]) -> str | None:
    index = 0
    while index < len(rest) and rest[index].kind == SYMBOL and rest[index].text in _SEPARATORS:
        index += 1
    if index == len(rest):
        return None
    return _clip(message.source_from(rest[index].start))


def _skip_lead_in(tokens: Sequence[_Token]) -> Sequence[_Token]:
    """Drops "Betyg:", "Jag ger" and the article of "en 9:a" or "a 10" before a score."""
    for phrase in _LEAD_INS:
        if _starts_with(tokens, phrase):
            tokens = tokens[len(phrase):]
            if tokens and tokens[0].text in (":", "=", "-"):
                tokens = tokens[1:]
            break
    if len(tokens) >= 2 and tokens[0].folded in _ARTICLES and tokens[1].kind == NUMBER:
        return tokens[1:]
    return tokens


# --- Smiley sentiment -------------------------------------------------------------------------

_FLIPPED = {SMILEY_HAPPY: SMILEY_SAD, SMILEY_SAD: SMILEY_HAPPY}
_HAPPY_EMOJI = "🙂😀😊😃😄👍❤♥☺😁😆😍🥰😇🤗🤩👌🙌👏💯💙💚💛💜🧡🤍⭐🌟"
_SAD_EMOJI = "🙁😞☹😠😡👎😢😭😤🤬😒😔😕😟😩😫😣💔"
_EMOJI_POLARITY = {e: SMILEY_HAPPY for e in _HAPPY_EMOJI} | {e: SMILEY_SAD for e in _SAD_EMOJI}
# Whole words only, so "missnöjd" never reads as "nöjd" nor "utilfreds" as "tilfreds".
_SENTIMENT_WORDS: dict[str, int] = {word: SMILEY_HAPPY for word in _listed("smiley", "happy")} | {
    word: SMILEY_SAD for word in _listed("smiley", "sad")
}
_INTENSIFIER_PREFIXES = tuple(_fold(p) for p in _WORDS.words("smiley", "intensifier_prefixes"))
_NEGATORS = _listed("smiley", "negators")
_NEGATION_REACH = 3  # "inte så nöjd", "not at all happy"
# Words that add nothing to a smiley answer, so "Mycket nöjd, tack!" needs no comment.
_SMILEY_FILLERS = _listed("smiley", "fillers")


def _emoji_polarity(token: _Token) -> int | None:
    if token.kind == EMOTICON:
        if token.text == "<3" or token.text[-1] in ")]d":
            return SMILEY_HAPPY
        return SMILEY_SAD if token.text[-1] in "([" else None
    return _EMOJI_POLARITY.get(token.text) if token.kind == SYMBOL else None


def _word_polarity(word: str) -> int | None:
    if word in _SENTIMENT_WORDS:
        return _SENTIMENT_WORDS[word]
    for prefix in _INTENSIFIER_PREFIXES:
        if word.startswith(prefix) and word[len(prefix):] in _SENTIMENT_WORDS:
            return _SENTIMENT_WORDS[word[len(prefix):]]
    return None


def _is_negated(tokens: Sequence[_Token], index: int) -> bool:
    for token in reversed(tokens[max(0, index - _NEGATION_REACH):index]):
        if token.kind != WORD:
            return False  # "Nej, dåligt" is not "not bad"
        if token.folded in _NEGATORS:
            return True
    return False


def _sentiments(tokens: Sequence[_Token]) -> Iterator[int]:
    for index, token in enumerate(tokens):
        if token.kind != WORD:
            if (polarity := _emoji_polarity(token)) is not None:
                yield polarity
        elif (polarity := _word_polarity(token.folded)) is not None:
            yield _FLIPPED[polarity] if _is_negated(tokens, index) else polarity


def _says_only_the_answer(tokens: Sequence[_Token]) -> bool:
    return all(
        token.kind in (SYMBOL, EMOTICON)
        or (token.kind == WORD and _is_answer_word(token.folded))
        for token in tokens
    )


def _is_answer_word(word: str) -> bool:
    return word in _SMILEY_FILLERS or word in _NEGATORS or _word_polarity(word) is not None


def _leading_emoji(tokens: Sequence[_Token]) -> tuple[set[int], Sequence[_Token]]:
    polarities: set[int] = set()
    index = 0
    while index < len(tokens) and (polarity := _emoji_polarity(tokens[index])) is not None:
        polarities.add(polarity)
        index += 1
    return polarities, tokens[index:]


def _parse_smiley(message: _Message, tokens: Sequence[_Token]) -> ParsedReply:
    if found := _leading_number(tokens, score_range(SurveyKind.SMILEY), {}):
        score, rest = found
        return ParsedReply(ReplyIntent.ANSWER, score=score, comment=_leftover(message, rest))
    polarities, rest = _leading_emoji(tokens)
    if polarities:
        if len(polarities) > 1:
            return _UNCLEAR
        return ParsedReply(
            ReplyIntent.ANSWER, score=polarities.pop(), comment=_leftover(message, rest)
        )
    return _smiley_from_words(message, tokens)


def _smiley_from_words(message: _Message, tokens: Sequence[_Token]) -> ParsedReply:
    polarities = set(_sentiments(tokens))
    if len(polarities) != 1:
        return _UNCLEAR  # nothing said, or "bra hjälp men dålig väntetid"
    # Prose that carries the answer is kept whole: it reads better than a cut-off sentence.
    comment = None if _says_only_the_answer(tokens) else _clip(message.source)
    return ParsedReply(ReplyIntent.ANSWER, score=polarities.pop(), comment=comment)


def _parse_nps(message: _Message, tokens: Sequence[_Token]) -> ParsedReply:
    found = _leading_number(_skip_lead_in(tokens), score_range(SurveyKind.NPS), _NUMBER_WORDS)
    if found is None:
        return _UNCLEAR
    score, rest = found
    return ParsedReply(ReplyIntent.ANSWER, score=score, comment=_leftover(message, rest))


# --- Net Easy ---------------------------------------------------------------------------------

_FIVES = frozenset({"5"}) | _listed("scores", "five")
# Words that say how easy it was, on the scale's two sides; an intensifier before one ("mycket
# lätt", "meget svært", "jättekrångligt") moves it to the end of the scale, a negation ("inte
# lätt", "not difficult") to the other side.
_EASE_WORDS: dict[str, int] = {word: 4 for word in _listed("ease", "easy")} | {
    word: 2 for word in _listed("ease", "difficult")
}
_VERY = _listed("ease", "very")
# "Varken lätt eller svårt", "hverken let eller svært", "neither easy nor hard", "sådär".
_MIDDLE_WORDS = _listed("ease", "middle")
_EASE_FILLERS = _SMILEY_FILLERS | _VERY | _MIDDLE_WORDS | _listed("ease", "fillers")


def _ease_of_word(tokens: Sequence[_Token], index: int) -> int | None:
    word = tokens[index].folded
    value = _EASE_WORDS.get(word)
    very = False
    if value is None:
        for prefix in _INTENSIFIER_PREFIXES:
            if word.startswith(prefix) and word[len(prefix):] in _EASE_WORDS:
                value, very = _EASE_WORDS[word[len(prefix):]], True
                break
    if value is None:
        return None
    if _is_negated(tokens, index):
        return 6 - value  # "inte lätt" is difficult, "not hard" easy; never the extremes
    before = tokens[max(0, index - 2):index]
    if very or any(t.kind == WORD and t.folded in _VERY for t in before):
        return 5 if value > 3 else 1
    return value


def _ces_from_words(message: _Message, tokens: Sequence[_Token]) -> ParsedReply:
    words = [t for t in tokens if t.kind == WORD]
    if not words:
        return _UNCLEAR
    if any(t.folded in _MIDDLE_WORDS for t in words):
        values = {3}
    else:
        values = {value for index, token in enumerate(tokens) if token.kind == WORD
                  and (value := _ease_of_word(tokens, index)) is not None}
    if len(values) != 1:
        return _UNCLEAR  # nothing about ease, or "lätt att ringa men svårt att få svar"
    only_answer = all(
        t.kind == SYMBOL or (t.kind == WORD and (t.folded in _EASE_FILLERS or t.folded in
                                                 _NEGATORS or _ease_word(t.folded)))
        for t in tokens)
    return ParsedReply(ReplyIntent.ANSWER, score=values.pop(),
                       comment=None if only_answer else _clip(message.source))


def _ease_word(word: str) -> bool:
    return word in _EASE_WORDS or any(
        word.startswith(p) and word[len(p):] in _EASE_WORDS for p in _INTENSIFIER_PREFIXES)


def _parse_ces(message: _Message, tokens: Sequence[_Token]) -> ParsedReply:
    found = _leading_number(_skip_lead_in(tokens), score_range(SurveyKind.CES), _NUMBER_WORDS,
                            _FIVES)
    if found is not None:
        score, rest = found
        return ParsedReply(ReplyIntent.ANSWER, score=score, comment=_leftover(message, rest))
    return _ces_from_words(message, tokens)


# --- Reasons ----------------------------------------------------------------------------------

# Callers name reasons in their own words; these stems add to the catalogue's labels, by code.
_REASON_SYNONYMS = {code: " ".join(stems) for code, stems in _WORDS.reasons.items()}
_LABEL_STOPWORDS = _listed("reason_words", "label_stopwords")
_REASON_FILLERS = _LABEL_STOPWORDS | _listed("reason_words", "fillers")
# The same for what went well (config/praise.toml).
_PRAISE_SYNONYMS = {code: " ".join(stems) for code, stems in _WORDS.praise.items()}
_MIN_PREFIX = 4  # shorter stems must match a whole word: "kö" is not "köpte"
_LABEL_STEM = 5


class _Choice(Protocol):
    """A reason or a praise: what the caller can name by digit or in words."""

    @property
    def code(self) -> str: ...
    @property
    def digit(self) -> int: ...
    @property
    def labels(self) -> dict[str, str]: ...


def _choice_stems(choices: Sequence[_Choice], synonyms: Mapping[str, str]) -> list[tuple[str, int]]:
    stems: list[tuple[str, int]] = []
    for choice in choices:
        label_words = (w for label in choice.labels.values() for w in _fold(label).split())
        stems += [(w[:_LABEL_STEM], choice.digit) for w in label_words
                  if len(w) >= _MIN_PREFIX and w not in _LABEL_STOPWORDS]
        stems += [(s, choice.digit) for s in _folded_set(synonyms.get(choice.code, ""))]
    return stems


def _stem_matches(word: str, stem: str) -> bool:
    return word == stem or (len(stem) >= _MIN_PREFIX and word.startswith(stem))


def _choice_from_words(
    message: _Message, tokens: Sequence[_Token], choices: Sequence[_Choice],
    synonyms: Mapping[str, str],
) -> tuple[int, str | None] | None:
    stems = _choice_stems(choices, synonyms)
    words = [t.folded for t in tokens if t.kind == WORD]
    digits = {digit for word in words for stem, digit in stems if _stem_matches(word, stem)}
    if len(digits) != 1:
        return None
    named = all(
        word in _REASON_FILLERS or any(_stem_matches(word, stem) for stem, _ in stems)
        for word in words
    )
    only_words = all(t.kind in (WORD, SYMBOL) for t in tokens)
    comment = None if named and only_words else _clip(message.source)
    return digits.pop(), comment


def _parse_choice(
    message: _Message, tokens: Sequence[_Token], choices: Sequence[_Choice],
    synonyms: Mapping[str, str],
) -> tuple[int, str | None] | None:
    """The digit of the choice named (by digit or in words) and any comment beside it."""
    if found := _leading_number(tokens, {c.digit for c in choices}, {}):
        digit, rest = found
        return digit, _leftover(message, rest)
    return _choice_from_words(message, tokens, choices, synonyms)


# --- Entry point ------------------------------------------------------------------------------


def parse_sms_reply(
    text: str,
    *,
    kind: SurveyKind | str,
    step: Step | str,
    catalogue: ReasonCatalogue | None = None,
    praise: PraiseCatalogue | None = None,
) -> ParsedReply:
    """What a caller's SMS means at this step of a survey of this kind; never raises on text.

    An unknown `kind` or `step` is a programming error and raises ValueError. At the `done`
    step a reply is read as a late comment, so that nothing the caller writes is lost.
    """
    kind, step = SurveyKind(kind), Step(step)
    message = _normalise((text or "")[:MAX_PARSED_CHARS])
    if _is_blank(message.text):
        return ParsedReply(ReplyIntent.EMPTY)
    if keyword := _match_keyword(message.text):
        intent, word = keyword
        return ParsedReply(intent, keyword=word)
    if step in (Step.COMMENT, Step.DONE):
        return ParsedReply(ReplyIntent.ANSWER, comment=_clip(message.source))
    tokens = _tokenize(message.text)
    if step is Step.REASON:
        reason = _parse_choice(message, tokens, (catalogue or load_catalogue()).reasons,
                               _REASON_SYNONYMS)
        return _UNCLEAR if reason is None else ParsedReply(
            ReplyIntent.ANSWER, reason_digit=reason[0], comment=reason[1])
    if step is Step.PRAISE:
        found = _parse_choice(message, tokens, (praise or load_praise()).choices,
                              _PRAISE_SYNONYMS)
        return _UNCLEAR if found is None else ParsedReply(
            ReplyIntent.ANSWER, praise_digit=found[0], comment=found[1])
    if kind is SurveyKind.NPS:
        return _parse_nps(message, tokens)
    if kind is SurveyKind.CES:
        return _parse_ces(message, tokens)
    return _parse_smiley(message, tokens)
