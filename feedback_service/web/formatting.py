"""How scores, intervals, categories and reasons read on the pages, in the user's language."""

from __future__ import annotations

from feedback_service.coaching.mail_texts import MESSAGES
from feedback_service.coaching.presentation import reason_label as label_of_reason
from feedback_service.coaching.presentation import signed, written_score
from feedback_service.coaching.statistics import ScoreSummary
from feedback_service.csv_export import delimiter_for
from feedback_service.languages import percent, translations
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind, is_net_score
from feedback_service.topics import topic_label
from feedback_service.web.texts import current_language, text


def _number(kind: SurveyKind, value: float) -> str:
    # A net score carries its sign, so +10 and −10 are not mistaken for each other, written as
    # the mails write it (a true minus sign).
    return signed(value) if is_net_score(kind) else f"{round(value)}"


def score_text(summary: ScoreSummary) -> str:
    """`82 % happy` or `NPS +31`; "too few answers" when the score is withheld."""
    if not summary.enough or summary.value is None:
        return text("too_few_answers")
    return written_score(summary.kind, summary.value, current_language())


def interval_text(summary: ScoreSummary) -> str:
    if not summary.enough or summary.low is None or summary.high is None:
        return ""
    return f"{_number(summary.kind, summary.low)} – {_number(summary.kind, summary.high)}"


def category_text(category: str | None) -> str:
    return text(f"category_{category}") if category else ""


def answer_text(kind: str, score: int | None, category: str | None) -> str:
    """`unhappy` for a smiley, `7 (passive)` for an NPS or Net Easy answer."""
    if kind != SurveyKind.SMILEY and score is not None:
        return f"{score} ({category_text(category)})"
    return category_text(category)


def reason_label(code: str | None) -> str:
    """A reason as the mails name it (one presenter), "" for an answer without one."""
    return label_of_reason(load_catalogue(), code, current_language()) if code else ""


def share_text(share: float | None) -> str:
    """A reason's share, or a dash while there are too few answers to give one."""
    return "–" if share is None else percent(share, current_language())


def topic_text(code: str | None) -> str:
    return topic_label(code, current_language()) if code else ""


def mail_text(key: str) -> str:
    """A text the first screens share with the mails (coaching/mail_texts.py): one key, one
    wording, on the team page and in the digest alike."""
    return translations(current_language()).pgettext(key, MESSAGES[key])


HELPERS = {
    "mail_text": mail_text,
    "csv_delimiter_for": delimiter_for,
    "topic_text": topic_text,
    "score_text": score_text,
    "interval_text": interval_text,
    "answer_text": answer_text,
    "reason_label": reason_label,
    "share_text": share_text,
}
