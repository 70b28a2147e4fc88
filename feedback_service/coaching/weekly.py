"""One week's coaching numbers per agent and per team, read from the database."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from feedback_service.coaching.statistics import (
    HISTORY_WEEKS,
    ReasonCount,
    ScoreSummary,
    Trend,
    coaching_focus,
    compare_summaries,
    customer_service_categories,
    rank_reasons,
    response_rate,
    summarize_scores,
)
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.extensions import db
from feedback_service.staff.models import Agent, Team
from feedback_service.surveys.models import Response, Survey, SurveyState
from feedback_service.surveys.reasons import ReasonCatalogue, load_catalogue
from feedback_service.surveys.scoring import (
    NEGATIVE_CATEGORIES,
    POSITIVE_CATEGORIES,
    Category,
    SurveyKind,
)

# A survey counts as sent once its first question reached the caller.
SENT_STATES = (SurveyState.ACTIVE, SurveyState.COMPLETED, SurveyState.ABANDONED,
               SurveyState.EXPIRED)
COMMENTS_SHOWN = 3
# Seven or more digits in a row (spaces and dashes allowed) look like a phone number.
_PHONE_LIKE = re.compile(r"\+?\d(?:[\s-]?\d){6,}")


def without_phone_numbers(text: str) -> str:
    """A comment with anything that looks like a phone number blotted out."""
    return _PHONE_LIKE.sub("[…]", text)


def agent_language(agent: Agent) -> str | None:
    """The language the agent reads: set on the agent, else on their login."""
    return agent.language or (agent.user.language if agent.user else None)


@dataclass(frozen=True)
class Answer:
    """One caller's answer, as much of it as the coaching uses."""

    kind: SurveyKind
    category: Category
    reason: str | None
    comment: str | None
    received_at: datetime


@dataclass(frozen=True)
class KindScore:
    """The score on one scale (smiley or NPS), with its change against the agent's own weeks."""

    summary: ScoreSummary
    trend: Trend
    left_out: int  # answers blamed on reasons outside customer service


@dataclass(frozen=True)
class Numbers:
    """Answers, response rate, scores and reasons of one agent or one whole team for a week."""

    sent: int
    answers: int
    scores: list[KindScore]
    customer_service_reasons: list[ReasonCount]
    other_reasons: list[ReasonCount]
    focus: str | None

    @property
    def rate(self) -> float | None:
        return response_rate(self.answers, self.sent)


@dataclass(frozen=True)
class AgentWeek:
    """One agent's week: their own numbers and the comments callers left them."""

    handle: str
    name: str
    first_name: str
    email: str | None
    language: str | None
    numbers: Numbers
    comments: list[str]
    kudos: list[str]


@dataclass(frozen=True)
class TeamWeek:
    """A team's week: totals over every answer, and each agent's week, alphabetical by name."""

    slug: str
    name: str
    week: IsoWeek
    totals: Numbers
    agents: list[AgentWeek]


def _sent_per_agent(agent_ids: Sequence[int], start: datetime, end: datetime) -> Counter[int]:
    rows = db.session.execute(
        sa.select(Survey.agent_id, sa.func.count())
        .where(Survey.agent_id.in_(agent_ids), Survey.state.in_(SENT_STATES),
               Survey.created_at >= start, Survey.created_at < end)
        .group_by(Survey.agent_id)
    )
    return Counter({agent_id: count for agent_id, count in rows})


def _answers_per_agent(
    agent_ids: Sequence[int], start: datetime, end: datetime
) -> dict[int, list[Answer]]:
    # Answers belong to the week of their call (the survey's creation), like the sends, so
    # that a Sunday-night call answered on Monday keeps answers and sends in one week.
    rows = db.session.execute(
        sa.select(Survey.agent_id, Response.kind, Response.category, Response.reason,
                  Response.comment, Response.received_at)
        .join(Response, Response.survey_id == Survey.id)
        .where(Survey.agent_id.in_(agent_ids), Survey.state.in_(SENT_STATES),
               Survey.created_at >= start, Survey.created_at < end,
               Response.category.is_not(None))
        .order_by(Response.received_at, Response.id)
    )
    found: dict[int, list[Answer]] = defaultdict(list)
    for agent_id, kind, category, reason, comment, received_at in rows:
        found[agent_id].append(Answer(SurveyKind(kind), Category(category), reason, comment,
                                      received_at))
    return found


def _scores(answers: Sequence[Answer], history: Sequence[Answer], catalogue: ReasonCatalogue,
            min_responses: int, *, customer_service_only: bool) -> list[KindScore]:
    scores = []
    for kind in SurveyKind:
        # Smiley and NPS answers are never pooled: they are different scales.
        current = [(a.category, a.reason) for a in answers if a.kind is kind]
        before = [(a.category, a.reason) for a in history if a.kind is kind]
        # A scale answered in recent weeks keeps its line in a week without answers: "too few
        # answers" says more than a score that silently disappears.
        if not current and not before:
            continue
        if customer_service_only:
            counted = customer_service_categories(current, catalogue)
            baseline = customer_service_categories(before, catalogue)
        else:
            counted = [category for category, _ in current]
            baseline = [category for category, _ in before]
        summary = summarize_scores(kind, counted, min_responses)
        trend = compare_summaries(summary, summarize_scores(kind, baseline, min_responses))
        scores.append(KindScore(summary, trend, len(current) - len(counted)))
    return scores


def numbers_for(answers: Sequence[Answer], history: Sequence[Answer], sent: int,
                catalogue: ReasonCatalogue, min_responses: int, *,
                customer_service_only: bool) -> Numbers:
    """The week's numbers from its answers, with `history` (earlier answers) for the change."""
    unhappy = [a.reason for a in answers if a.category in NEGATIVE_CATEGORIES]
    customer_service, other = rank_reasons(unhappy, catalogue)
    return Numbers(
        sent=sent,
        answers=len(answers),
        scores=_scores(answers, history, catalogue, min_responses,
                       customer_service_only=customer_service_only),
        customer_service_reasons=customer_service,
        other_reasons=other,
        focus=coaching_focus(unhappy, catalogue),
    )


def _comments(answers: Iterable[Answer], positive: bool) -> list[str]:
    texts = [without_phone_numbers(a.comment.strip()) for a in answers
             if a.comment and a.comment.strip()
             and (a.category in POSITIVE_CATEGORIES) == positive]
    # The latest ones: the week's most recent voices.
    return texts[-COMMENTS_SHOWN:]


@dataclass(frozen=True)
class _WeekData:
    sent: Counter[int]
    answers: dict[int, list[Answer]]
    history: dict[int, list[Answer]]


def _read_week(agent_ids: Sequence[int], week: IsoWeek, zone: ZoneInfo) -> _WeekData:
    start, end = week.bounds(zone)
    history_start, _ = week.shifted(-HISTORY_WEEKS).bounds(zone)
    return _WeekData(_sent_per_agent(agent_ids, start, end),
                     _answers_per_agent(agent_ids, start, end),
                     _answers_per_agent(agent_ids, history_start, start))


def _agent_week(agent: Agent, data: _WeekData, catalogue: ReasonCatalogue,
                min_responses: int) -> AgentWeek:
    answers = data.answers[agent.id]
    return AgentWeek(
        handle=agent.handle,
        name=agent.name,
        first_name=agent.first_name,
        email=agent.email,
        language=agent_language(agent),
        numbers=numbers_for(answers, data.history[agent.id], data.sent[agent.id], catalogue,
                            min_responses, customer_service_only=True),
        comments=_comments(answers, positive=False),
        kudos=_comments(answers, positive=True),
    )


def gather_agent_weeks(agents: Sequence[Agent], week: IsoWeek,
                       config: Mapping[str, Any]) -> list[AgentWeek]:
    """Each agent's own numbers for one ISO week in the company's time zone, read in one go."""
    data = _read_week([agent.id for agent in agents], week, ZoneInfo(str(config["TIMEZONE"])))
    catalogue = load_catalogue()
    min_responses = int(config["MIN_RESPONSES"])
    return [_agent_week(agent, data, catalogue, min_responses) for agent in agents]


def gather_team_week(team: Team, week: IsoWeek, config: Mapping[str, Any]) -> TeamWeek:
    """Every number of the team's digest for one ISO week in the company's time zone."""
    min_responses = int(config["MIN_RESPONSES"])
    catalogue = load_catalogue()
    all_ids = [agent.id for agent in team.agents]
    data = _read_week(all_ids, week, ZoneInfo(str(config["TIMEZONE"])))
    # Agents who have left still appear for a week in which they took surveyed calls.
    agents = [_agent_week(agent, data, catalogue, min_responses) for agent in team.agents
              if agent.active or data.sent[agent.id]]
    # The totals take every answer, reasons outside customer service included.
    everyone = sorted((a for agent_id in all_ids for a in data.answers[agent_id]),
                      key=lambda a: a.received_at)
    everyone_before = [a for agent_id in all_ids for a in data.history[agent_id]]
    totals = numbers_for(everyone, everyone_before, sum(data.sent.values()), catalogue,
                         min_responses, customer_service_only=False)
    return TeamWeek(team.slug, team.name, week, totals, agents)
