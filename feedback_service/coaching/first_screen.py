"""What the first screen of a team's week (the team page, the digest) and of an agent's own
week (/me, the agent's summary) says, in the reader's language.

One presenter for the page and the mail, so they say the same thing in the same words: how the
week went in one sentence; who is worth a word and why (at most three, in alphabetical order,
each with the rule that named them and its evidence); praise to pass on; who waits for a call
back and for how long; a reason that stood out. The figures come from the summaries every page,
mail and the API render: nothing here counts anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_timedelta

from feedback_service.coaching.appreciation import praise_lines, praise_rows
from feedback_service.coaching.drivers import praise_counts
from feedback_service.coaching.mail_texts import texts_in
from feedback_service.coaching.presentation import points_text
from feedback_service.coaching.statistics import Change
from feedback_service.coaching.summaries import Summary
from feedback_service.coaching.trend_images import ChartWords
from feedback_service.coaching.trends import WeekPoint
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.languages import number, supported
from feedback_service.surveys.praise import PraiseCatalogue
from feedback_service.surveys.reasons import ReasonCatalogue
from feedback_service.surveys.scoring import SurveyKind

# A first screen names at most this many agents; the others are in the details below it.
MENTIONED_AT_MOST = 3


@dataclass(frozen=True)
class Mention:
    """An agent worth a word: who, the rule that named them, and what it saw."""

    name: str
    handle: str
    reason: str
    evidence: str


@dataclass(frozen=True)
class AgentFigures:
    """One agent's week as the first screen needs it."""

    name: str
    handle: str
    summaries: Sequence[Summary]
    praise: Counter[tuple[SurveyKind, str]]


@dataclass(frozen=True)
class TrendPicture:
    """The first screen's chart: one scale's last weeks, its words, and its figures as text."""

    kind: SurveyKind
    weeks: Sequence[WeekPoint]
    words: ChartWords
    title: str
    figures: list[str]  # "wk 47: 82 % (likely 70 % to 90 %)", the numbers beside the chart


@dataclass(frozen=True)
class TeamFirstScreen:
    sentence: str
    chart: TrendPicture | None
    mentions: list[Mention]
    more_mentions: str | None  # "and 2 more in the details below"
    praise: list[str]  # "Anna Berg: quick help 4, friendly 2"
    follow_ups: str
    spiked: str


@dataclass(frozen=True)
class AgentFirstScreen:
    sentence: str
    chart: TrendPicture | None
    praise: list[str]  # "quick help: 4"


def _value(kind: SurveyKind, value: float, language: str) -> str:
    return points_text(kind, value, language)


def _score_clause(summary: Summary, texts: Mapping[str, str], language: str) -> str:
    kind, score = summary.kind, summary.score
    if score.value is None or score.low is None or score.high is None:
        return texts["first_too_few"].format(answers=number(score.answers, language),
                                             kind=texts[f"first_kind_{kind}"])
    change = texts[f"first_change_{summary.change or 'unknown'}"]
    return texts["first_score"].format(value=_value(kind, score.value, language),
                                       kind=texts[f"first_kind_{kind}"],
                                       answers=number(score.answers, language),
                                       low=_value(kind, score.low, language),
                                       high=_value(kind, score.high, language), change=change)


def week_sentence(who: str | None, week: IsoWeek, summaries: Sequence[Summary],
                  language: str) -> str:
    """How the week went in one sentence: each scale's score, its range and its change.
    `who` is the team's name; None speaks to the agent themself."""
    texts = texts_in(language)
    clauses = [_score_clause(s, texts, language) for s in summaries if s.answers]
    said = "; ".join(clauses) if clauses else texts["first_no_answers"]
    if who is None:
        return texts["first_sentence_own"].format(week=week.week, said=said)
    return texts["first_sentence"].format(team=who, week=week.week, said=said)


def trend_figures(kind: SurveyKind, weeks: Sequence[WeekPoint], language: str) -> list[str]:
    """A chart's figures as text, a week each: what a reader who does not see it reads."""
    texts = texts_in(language)
    figures = []
    for point in weeks:
        week = texts["week_short"].format(number=point.week.week)
        score = point.score
        if score.value is None or score.low is None or score.high is None:
            shown = texts["answers_short"].format(count=point.answers)
        else:
            shown = texts["first_chart_figure"].format(
                value=_value(kind, score.value, language),
                low=_value(kind, score.low, language), high=_value(kind, score.high, language))
        figures.append(f"{week}: {shown}")
    return figures


def trend_picture(trend: dict[SurveyKind, list[WeekPoint]], summaries: Sequence[Summary],
                  language: str) -> TrendPicture | None:
    """The chart of the week's first scale with answers (one chart a first screen)."""
    texts = texts_in(language)
    kinds = [s.kind for s in summaries if s.answers and trend.get(s.kind)] or list(trend)
    if not kinds or not trend.get(kinds[0]):
        return None
    kind, weeks = kinds[0], trend[kinds[0]]
    figures = trend_figures(kind, weeks, language)
    title = texts["first_chart_title"].format(kind=texts[f"first_kind_{kind}"], weeks=len(weeks))
    return TrendPicture(
        kind=kind, weeks=weeks,
        words=ChartWords(scale=texts[f"axis_{kind}"], week=texts["col_week"]),
        title=title[:1].upper() + title[1:],
        figures=figures)


def _mention(agent: AgentFigures, texts: Mapping[str, str], language: str,
             catalogue: ReasonCatalogue) -> Mention | None:
    for summary in agent.summaries:
        kind, score = summary.kind, summary.score
        if summary.change is Change.LOWER:
            if score.value is None or score.low is None or score.high is None:
                evidence = texts["first_evidence_few"].format(
                    answers=number(summary.recent_answers, language))
            else:
                evidence = texts["first_evidence_score"].format(
                    value=_value(kind, score.value, language),
                    answers=number(score.answers, language),
                    low=_value(kind, score.low, language), high=_value(kind, score.high, language))
            return Mention(agent.name, agent.handle,
                           texts["first_reason_lower"].format(kind=texts[f"first_kind_{kind}"]),
                           evidence)
    for summary in agent.summaries:
        reason = catalogue.by_code(summary.focus) if summary.focus else None
        if reason is not None:
            return Mention(agent.name, agent.handle,
                           texts["first_reason_focus"].format(reason=reason.label(language)),
                           texts["first_evidence_focus"].format(
                               count=number(summary.focus_answers, language),
                               answers=number(summary.recent_answers, language)))
    return None


def _praise_line(counts: Counter[tuple[SurveyKind, str]], praise: PraiseCatalogue,
                 language: str) -> str:
    return ", ".join(f"{label} {n}" for label, n in praise_rows(counts, praise, language))


def waiting_line(count: int, oldest: datetime | None, now: datetime, language: str) -> str:
    """Who waits for a call back: how many, and for how long the oldest has (None: not said).
    The one wording of this figure on the team page, its first screen and the digest."""
    texts = texts_in(language)
    if not count:
        return texts["nobody_waiting"]
    if oldest is None:
        return texts["waiting"].format(count=count)
    age = format_timedelta(now - oldest, threshold=1.5, locale=supported(language))
    return texts["first_waiting"].format(count=number(count, language), age=age)


def _spiked(summaries: Sequence[Summary], texts: Mapping[str, str], language: str,
            catalogue: ReasonCatalogue) -> str:
    for summary in summaries:
        reason = catalogue.by_code(summary.focus) if summary.focus else None
        if reason is not None:
            line = texts["first_spiked"].format(reason=reason.label(language),
                                                count=number(summary.focus_answers, language),
                                                answers=number(summary.recent_answers, language))
            action = reason.action(language)
            return f"{line} {action}" if action else line
    return texts["first_spiked_none"]


def team_first_screen(team: str, week: IsoWeek, summaries: Sequence[Summary],
                      trend: dict[SurveyKind, list[WeekPoint]],
                      agents: Sequence[AgentFigures], *, waiting: int,
                      oldest_waiting: datetime | None, now: datetime, language: str,
                      catalogue: ReasonCatalogue, praise: PraiseCatalogue) -> TeamFirstScreen:
    """A team's week at a glance. `agents` come in the reader's alphabetical order, which is
    the order the first screen names them in: never an order of merit."""
    texts = texts_in(language)
    found = [m for m in (_mention(a, texts, language, catalogue) for a in agents) if m]
    more = len(found) - MENTIONED_AT_MOST
    return TeamFirstScreen(
        sentence=week_sentence(team, week, summaries, language),
        chart=trend_picture(trend, summaries, language),
        mentions=found[:MENTIONED_AT_MOST],
        more_mentions=texts["first_more"].format(count=more) if more > 0 else None,
        praise=[f"{a.name}: {_praise_line(a.praise, praise, language)}" for a in agents
                if praise_counts(a.praise, praise)],
        follow_ups=waiting_line(waiting, oldest_waiting, now, language),
        spiked=_spiked(summaries, texts, language, catalogue),
    )


def agent_first_screen(week: IsoWeek, summaries: Sequence[Summary],
                       trend: dict[SurveyKind, list[WeekPoint]],
                       praise_counted: Counter[tuple[SurveyKind, str]], *, language: str,
                       praise: PraiseCatalogue) -> AgentFirstScreen:
    """An agent's own week at a glance: the sentence, the chart and what callers praised."""
    return AgentFirstScreen(
        sentence=week_sentence(None, week, summaries, language),
        chart=trend_picture(trend, summaries, language),
        praise=praise_lines(praise_counted, praise, language),
    )

