"""Turning summaries into the lines an e-mail shows, in the reader's language."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from feedback_service.coaching.common_texts import common_text
from feedback_service.coaching.drivers import Driver
from feedback_service.coaching.follow_up_outcomes import FollowUpOutcomes
from feedback_service.coaching.mail_texts import texts_in
from feedback_service.coaching.summaries import FirstContact, Funnel, ReasonShare, Summary
from feedback_service.coaching.trends import WeekPoint
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.languages import days, number, percent
from feedback_service.surveys.reasons import ReasonCatalogue, ReasonOwner
from feedback_service.surveys.scoring import SurveyKind, is_net_score

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


def signed(value: float) -> str:
    """A net score, always with its sign: +35, 0, −20."""
    number = round(value)
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "0"


def points_text(kind: SurveyKind, value: float, language: str) -> str:
    """A score in its own unit: 82 % for smileys, +31 for NPS and Net Easy."""
    return signed(value) if is_net_score(kind) else percent(value / 100, language)


def written_score(kind: SurveyKind, value: float, language: str) -> str:
    """A score as the pages, the mails, the goals and the talks write it: "83 % happy",
    "NPS +31"."""
    return common_text(language, f"score_{kind.value}", value=points_text(kind, value, language))


def rise_text(driver: Driver, too_few: str, outside: str, rise: str) -> str:
    """A driver's rise, in one format wherever it shows: "+12 (likely +7 to +18)" through the
    `rise` template; `too_few` below the minimum, `outside` for a reason outside customer
    service, "–" for a row that has no rise (praise)."""
    if driver.group == "outside":
        return outside
    if driver.group == "praise":
        return "–"
    if driver.rise is None or driver.low is None or driver.high is None:
        return too_few
    return rise.format(rise=signed(driver.rise), low=signed(driver.low),
                       high=signed(driver.high))


def week_days(week: IsoWeek, language: str) -> str:
    """The week's first to last day, as the reader's language writes them."""
    return days(week.monday, week.monday + timedelta(days=6), language)


@dataclass(frozen=True)
class TrendBar:
    """One week of a mail's small chart: a bar whose length is the score, or just a count."""

    label: str
    value: str
    width: int  # percent of the full bar; 0 when the week has too few answers


@dataclass(frozen=True)
class ScoreLine:
    label: str
    answers: str
    score: str
    counts: str  # which answers the score counts: a team's and an agent's are not alike
    change: str
    notes: list[str]
    funnel: list[str]
    first_contact: str | None
    trend: list[TrendBar]


@dataclass(frozen=True)
class NumbersView:
    """One block of numbers (a team's week, or one agent's) ready to print."""

    scores: list[ScoreLine]
    follow_ups: list[str]
    reasons: list[str]
    process_reasons: list[str]
    other_reasons: list[str]
    focus: str


def reason_label(catalogue: ReasonCatalogue, code: str, language: str) -> str:
    """A reason in the reader's language; its code when the catalogue no longer has it."""
    reason = catalogue.by_code(code)
    return reason.label(language) if reason else code


def _answers_line(summary: Summary, texts: Mapping[str, str], language: str) -> str:
    sent, rate = summary.surveys_sent, summary.response_rate
    if sent is None or rate is None:
        return texts["answers_none_sent"]
    return texts["answers"].format(answers=number(summary.answers, language),
                                   sent=number(sent, language), rate=percent(rate, language))


def _left_out_notes(summary: Summary, texts: Mapping[str, str], language: str,
                    catalogue: ReasonCatalogue, agent_name: str | None) -> list[str]:
    notes = []
    for left in summary.left_out:
        label = reason_label(catalogue, left.code, language)
        if left.owner is ReasonOwner.OUTSIDE:
            key = "left_out_outside"
        else:
            key = "left_out_agent_own" if agent_name is None else "left_out_agent"
        notes.append(texts[key].format(count=left.answers, label=label, name=agent_name or ""))
    return notes


def _funnel_lines(funnel: Funnel | None, texts: Mapping[str, str], language: str) -> list[str]:
    if funnel is None or not funnel.calls:
        return []
    lines = [texts["funnel"].format(calls=number(funnel.calls, language),
                                    surveyed=number(funnel.surveyed, language),
                                    answered=number(funnel.answered, language))]
    if funnel.skipped:
        reasons = ", ".join(texts[f"skip_{reason}"].format(count=number(count, language))
                            for reason, count in funnel.skipped if f"skip_{reason}" in texts)
        lines.append(texts["funnel_skipped"].format(reasons=reasons))
    if funnel.waiting:
        lines.append(texts["funnel_waiting"].format(count=number(funnel.waiting, language)))
    if funnel.expired:
        lines.append(texts["funnel_expired"].format(count=number(funnel.expired, language)))
    return lines


def _follow_up_lines(outcomes: FollowUpOutcomes | None, texts: Mapping[str, str], language: str,
                     catalogue: ReasonCatalogue, hours: float) -> list[str]:
    if outcomes is None or not outcomes.raised:
        return []
    median = ("–" if outcomes.median_hours is None else
              number(round(outcomes.median_hours, 1), language, "#,##0.#"))
    lines = [texts["follow_ups"].format(
        called_back=outcomes.called_back, raised=outcomes.raised,
        within=outcomes.within_due_time, hours=number(hours, language),
        median=median, won_back=outcomes.won_back)]
    if outcomes.past_due:
        lines.append(texts["follow_ups_past_due"].format(count=outcomes.past_due))
    if outcomes.confirmed:
        reasons = ", ".join(f"{reason_label(catalogue, code, language)} {count}"
                            for code, count in outcomes.confirmed)
        lines.append(texts["follow_ups_confirmed"].format(reasons=reasons))
    return lines


def _first_contact_line(first: FirstContact | None, texts: Mapping[str, str],
                        language: str, repeat_days: int) -> str | None:
    if first is None or not (first.calls or first.pending or first.left_out):
        return None
    resolved = first.calls - first.repeated
    if first.share is None or first.low is None or first.high is None:
        shown = texts["first_contact_few"].format(resolved=number(resolved, language),
                                                  calls=number(first.calls, language))
    else:
        shown = texts["first_contact"].format(
            share=percent(first.share, language), resolved=number(resolved, language),
            calls=number(first.calls, language),
            low=percent(first.low, language), high=percent(first.high, language))
    # Which window, and what the figure does not count yet or at all, in the same line.
    notes = [texts["first_contact_window"].format(days=number(repeat_days, language))]
    if first.pending:
        notes.append(texts["first_contact_pending"].format(
            count=number(first.pending, language), days=number(repeat_days, language)))
    if first.left_out:
        notes.append(texts["first_contact_left_out"].format(
            count=number(first.left_out, language)))
    return f"{shown}; {'; '.join(notes)}"


def _trend_bars(points: Sequence[WeekPoint], texts: Mapping[str, str],
                language: str) -> list[TrendBar]:
    bars = []
    for point in points:
        label = texts["week_short"].format(number=point.week.week)
        score = point.score
        if score.value is None:
            bars.append(TrendBar(label, texts["answers_short"].format(count=point.answers), 0))
            continue
        # A smiley score runs 0..100 and a net score −100..100: the bar spans the whole scale.
        width = score.value if not is_net_score(score.kind) else (score.value + 100) / 2
        bars.append(TrendBar(label, points_text(score.kind, score.value, language),
                             max(1, round(width))))
    return bars


def _score_line(summary: Summary, texts: Mapping[str, str], language: str,
                catalogue: ReasonCatalogue, min_responses: int, repeat_days: int,
                agent_name: str | None, trend: Sequence[WeekPoint]) -> ScoreLine:
    score = summary.score
    # With too few answers the value and its interval are all None.
    if score.value is None or score.low is None or score.high is None:
        shown = texts["too_few"].format(answers=score.answers, min=min_responses)
    else:
        shown = texts["score"].format(value=points_text(score.kind, score.value, language),
                                      low=points_text(score.kind, score.low, language),
                                      high=points_text(score.kind, score.high, language))
    return ScoreLine(
        label=texts[str(summary.kind)],
        answers=_answers_line(summary, texts, language),
        score=shown,
        counts=texts[f"score_counts_{summary.level}"],
        change=texts[f"trend_{summary.change or 'unknown'}"],
        notes=_left_out_notes(summary, texts, language, catalogue, agent_name),
        funnel=_funnel_lines(summary.funnel, texts, language),
        first_contact=_first_contact_line(summary.first_contact, texts, language, repeat_days),
        trend=_trend_bars(trend, texts, language),
    )


def _reason_lines(reasons: Sequence[ReasonShare], owners: set[ReasonOwner],
                  catalogue: ReasonCatalogue, texts: Mapping[str, str],
                  language: str) -> list[str]:
    lines = []
    for reason in reasons:
        if reason.owner not in owners:
            continue
        label = reason_label(catalogue, reason.code, language)
        if reason.share is None:
            lines.append(texts["reason_count_few"].format(label=label, count=reason.answers))
        else:
            lines.append(texts["reason_count"].format(label=label, count=reason.answers,
                                                      share=percent(reason.share, language)))
    return lines


def _focus(summaries: Sequence[Summary], texts: Mapping[str, str], language: str,
           catalogue: ReasonCatalogue, min_responses: int) -> str:
    for summary in summaries:
        reason = catalogue.by_code(summary.focus) if summary.focus else None
        if reason is not None:
            action = reason.action(language)
            label = reason.label(language)
            return f"{label}. {action}" if action else label
    for summary in summaries:
        # "2 of 3 callers were positive" is a share quoted below the minimum: never.
        if summary.recent_answers >= max(min_responses, 1):
            return texts["nothing_stands_out"].format(positive=summary.recent_positive,
                                              answers=summary.recent_answers)
    return texts["no_focus"]


def describe_numbers(summaries: Sequence[Summary], language: str, catalogue: ReasonCatalogue,
                     min_responses: int, *, follow_up_hours: float, repeat_days: int,
                     agent_name: str | None = None,
                     trend: Mapping[SurveyKind, Sequence[WeekPoint]] | None = None) -> NumbersView:
    """The lines for one block of summaries in one language.

    `agent_name` names the agent in a supervisor's digest; None speaks to the agent themself
    (or, for a team's block, leaves names out).
    """
    texts = texts_in(language)
    reasons = [reason for summary in summaries for reason in summary.reasons]
    return NumbersView(
        scores=[_score_line(s, texts, language, catalogue, min_responses, repeat_days, agent_name,
                            (trend or {}).get(s.kind, [])) for s in summaries],
        follow_ups=[line for s in summaries for line in _follow_up_lines(
            s.follow_ups, texts, language, catalogue, follow_up_hours)],
        reasons=_reason_lines(reasons, {ReasonOwner.AGENT}, catalogue, texts, language),
        process_reasons=_reason_lines(reasons, {ReasonOwner.PROCESS}, catalogue, texts,
                                      language),
        other_reasons=_reason_lines(reasons, {ReasonOwner.OUTSIDE}, catalogue, texts,
                                    language),
        focus=_focus(summaries, texts, language, catalogue, min_responses),
    )
