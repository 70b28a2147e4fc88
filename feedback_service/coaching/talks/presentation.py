"""Coaching talks as the agent's page reads them, in the reader's language.

The agent and their supervisor read the same lines: "Since our talk on 3 November: 12 answers,
83 % happy", the score withheld below MIN_RESPONSES as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from feedback_service.coaching.presentation import written_score
from feedback_service.coaching.statistics import ScoreSummary
from feedback_service.coaching.talks.log import SinceTalk
from feedback_service.coaching.talks.models import CoachingTalk
from feedback_service.languages import day_in_year, message_in, number, pgettext_noop

_ENGLISH = [
    pgettext_noop("talks_title", "Coaching talks"),
    pgettext_noop("talks_private",
                  "Only you and your team's supervisors see these notes."),
    pgettext_noop("talks_private_supervisor",
                  "Only {name} and the team's supervisors see these notes."),
    pgettext_noop("talks_none", "No coaching talks recorded yet."),
    pgettext_noop("talk_heading", "Talk on {day}"),
    pgettext_noop("talk_agreed", "What we agreed"),
    pgettext_noop("talk_notes", "Notes"),
    pgettext_noop("talk_since", "Since our talk on {day}: {answers} answers, {score}."),
    pgettext_noop("talk_since_too_few",
                  "Since our talk on {day}: {answers} answers, too few for a share (it takes "
                  "{min})."),
    pgettext_noop("talk_since_none", "Since our talk on {day}: no answers yet."),
    pgettext_noop("talk_marker", "talk"),
    # The supervisor's form on the agent's page
    pgettext_noop("talk_form_title", "Record a coaching talk"),
    pgettext_noop("talk_form_day", "Day of the talk"),
    pgettext_noop("talk_form_agreed", "What you agreed"),
    pgettext_noop("talk_form_notes", "Notes (optional)"),
    pgettext_noop("talk_form_save", "Save the talk"),
    pgettext_noop("talk_saved", "The talk is saved."),
    pgettext_noop("talk_invalid",
                  "The talk was not saved: give its day (not after today) and what you agreed."),
]
TALK_MESSAGES: dict[str, str] = dict(_ENGLISH)


def talk_text(language: str, key: str, **values: object) -> str:
    return message_in(language, key, TALK_MESSAGES[key], **values)


@dataclass(frozen=True)
class TalkView:
    talk_id: int
    held_on: date
    heading: str
    agreed: str
    notes: str
    since: list[str]  # one line per scale the agent was answered on since the talk


def since_lines(since: SinceTalk, language: str, min_responses: int, today: date) -> list[str]:
    """"Since our talk on 3 November: 12 answers, 83 % happy", a line per scale."""
    day = _day(since.held_on, language, today)
    if not any(score.answers for score in since.scores):
        return [talk_text(language, "talk_since_none", day=day)]
    return [_since_line(score, day, language, min_responses) for score in since.scores
            if score.answers]


def _since_line(score: ScoreSummary, day: str, language: str, min_responses: int) -> str:
    answers = number(score.answers, language)
    if score.value is None:
        return talk_text(language, "talk_since_too_few", day=day, answers=answers,
                         min=number(min_responses, language))
    return talk_text(language, "talk_since", day=day, answers=answers,
                     score=written_score(score.kind, score.value, language))


def _day(day: date, language: str, today: date) -> str:
    return day_in_year(day, language, with_year=day.year != today.year)


def describe_talks(talks: list[CoachingTalk], since: dict[date, SinceTalk], language: str,
                   min_responses: int, today: date) -> list[TalkView]:
    return [TalkView(talk.id, talk.held_on,
                     talk_text(language, "talk_heading", day=_day(talk.held_on, language, today)),
                     talk.agreed, talk.notes,
                     since_lines(since[talk.held_on], language, min_responses, today))
            for talk in talks]
