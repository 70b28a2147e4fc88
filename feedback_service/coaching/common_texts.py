"""The words the pages and the mails both print: a score, a driver's row, a week, a table's
column, a greeting.

One message each, under one key, so a translator changes a word once and it reads alike on the
page, in the digest, in the owners' mail and on the goals and talks. The pages' texts
(`web/texts.py`), the mails' (`mail_texts.py`) and the goals' and talks' presenters include
these; none of them defines the same key again (tests/test_translations.py checks).
"""

from __future__ import annotations

from feedback_service.languages import message_in, pgettext_noop

_ENGLISH = [
    # A score in its own unit; `value` is written by `presentation.points_text` (82 %, +31).
    pgettext_noop("score_smiley", "{value} happy"),
    pgettext_noop("score_nps", "NPS {value}"),
    pgettext_noop("score_ces", "Net Easy {value}"),
    # A chart's scale, and a table's columns.
    pgettext_noop("axis_smiley", "% happy"),
    pgettext_noop("axis_nps", "NPS"),
    pgettext_noop("axis_ces", "Net Easy"),
    pgettext_noop("col_week", "Week"),
    pgettext_noop("col_reason", "Reason"),
    pgettext_noop("week_short", "wk {number}"),
    # What drives a team's score: a driver's row.
    pgettext_noop("too_few_answers", "too few answers"),
    pgettext_noop("driver_outside", "outside customer service, not in the score"),
    pgettext_noop("driver_complaint", "complaint"),
    pgettext_noop("driver_praise", "praise"),
    pgettext_noop("driver_no_topic", "(no queue)"),
    # A score's change, and what callers said and appreciated.
    pgettext_noop("change", "The last four weeks against the year before"),
    pgettext_noop("trend_unknown", "too few answers to tell"),
    pgettext_noop("callers_said", "What callers said"),
    pgettext_noop("praise", "What callers appreciated"),
    # Follow-ups of unhappy callers, and a mail to someone without a name on file.
    pgettext_noop("follow_ups_heading", "Follow-ups"),
    pgettext_noop("waiting", "{count} unhappy callers are waiting for a call back."),
    pgettext_noop("greeting_anonymous", "Hello,"),
]
COMMON_MESSAGES: dict[str, str] = dict(_ENGLISH)


def common_text(language: str, key: str, **values: object) -> str:
    """A common text in `language`, its `{name}` placeholders filled in."""
    return message_in(language, key, COMMON_MESSAGES[key], **values)
