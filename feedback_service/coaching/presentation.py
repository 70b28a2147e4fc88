"""Turning a week's numbers into the lines an e-mail shows, in the reader's language."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from feedback_service.coaching.mail_texts import TEXTS
from feedback_service.coaching.statistics import ReasonCount
from feedback_service.coaching.weekly import KindScore, Numbers
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.surveys.reasons import ReasonCatalogue
from feedback_service.surveys.scoring import SurveyKind

# Where each language files the letters after z (ä and æ, ö and ø are the same letter there);
# other accented letters sort as their base letter.
_AFTER_Z = {
    "sv": {"å": 1, "ä": 2, "æ": 2, "ö": 3, "ø": 3},
    "da": {"æ": 1, "ä": 1, "ø": 2, "ö": 2, "å": 3},
}


def alphabetical_key(name: str, language: str) -> tuple[str, str]:
    """A sort key that puts names in the reader's alphabet (Å, Ä, Ö after Z in Swedish)."""
    after_z = _AFTER_Z.get(language, {})
    letters = []
    for char in name.casefold().strip():
        if char in after_z:
            letters.append(chr(ord("z") + after_z[char]))
        else:
            letters.append(unicodedata.normalize("NFKD", char)[0])
    # The name itself breaks ties, so two spellings never depend on the order they came in.
    return "".join(letters), name


def texts_for(language: str) -> dict[str, str]:
    return TEXTS.get(language) or TEXTS["en"]


def percent(share: float, language: str) -> str:
    """A share (0..1) as a whole percent, spaced as each language writes it."""
    number = round(100 * share)
    return f"{number}%" if language == "en" else f"{number} %"


def signed(value: float) -> str:
    """An NPS, always with its sign: +35, 0, −20."""
    number = round(value)
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "0"


def week_dates(week: IsoWeek) -> tuple[str, str]:
    """The week's first and last day, in ISO dates."""
    return week.monday.isoformat(), (week.monday + timedelta(days=6)).isoformat()


@dataclass(frozen=True)
class ScoreLine:
    label: str
    score: str
    change: str
    note: str | None


@dataclass(frozen=True)
class NumbersView:
    """One block of numbers (a team's totals, or one agent's week) ready to print."""

    answers: str
    scores: list[ScoreLine]
    reasons: list[str]
    other_reasons: list[str]
    focus: str


def _score_line(score: KindScore, texts: dict[str, str], language: str,
                min_responses: int) -> ScoreLine:
    summary = score.summary
    label = texts[str(summary.kind)]
    if not summary.enough:
        shown = texts["too_few"].format(answers=summary.answers, min=min_responses)
    elif summary.kind is SurveyKind.SMILEY:
        shown = texts["score"].format(value=percent(summary.value / 100, language),
                                      low=percent(summary.low / 100, language),
                                      high=percent(summary.high / 100, language))
    else:
        shown = texts["score"].format(value=signed(summary.value), low=signed(summary.low),
                                      high=signed(summary.high))
    note = texts["left_out"].format(count=score.left_out) if score.left_out else None
    return ScoreLine(label, shown, texts[f"trend_{score.trend}"], note)


def _reason_lines(reasons: list[ReasonCount], catalogue: ReasonCatalogue, texts: dict[str, str],
                  language: str) -> list[str]:
    return [texts["reason_count"].format(label=_label(catalogue, r.code, language),
                                         count=r.count, share=percent(r.share, language))
            for r in reasons]


def _label(catalogue: ReasonCatalogue, code: str, language: str) -> str:
    reason = catalogue.by_code(code)
    return reason.label(language) if reason else code


def describe_numbers(numbers: Numbers, language: str, catalogue: ReasonCatalogue,
                     min_responses: int) -> NumbersView:
    """The lines for one block of numbers in one language."""
    texts = texts_for(language)
    rate = numbers.rate
    answers = (texts["answers_none_sent"] if rate is None else
               texts["answers"].format(answers=numbers.answers, sent=numbers.sent,
                                       rate=percent(rate, language)))
    return NumbersView(
        answers=answers,
        scores=[_score_line(s, texts, language, min_responses) for s in numbers.scores],
        reasons=_reason_lines(numbers.customer_service_reasons, catalogue, texts, language),
        other_reasons=_reason_lines(numbers.other_reasons, catalogue, texts, language),
        focus=(_label(catalogue, numbers.focus, language) if numbers.focus
               else texts["no_focus"]),
    )
