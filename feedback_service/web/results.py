"""What the pages show, read from the database: trends, totals, reasons, comments, follow-ups.

Plain functions over a session and ids, free of Flask, so the numbers are tested on their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from feedback_service.coaching.statistics import (
    ReasonCount,
    ScoreSummary,
    customer_service_categories,
    rank_reasons,
    summarize_scores,
)
from feedback_service.coaching.weeks import week_at, week_of
from feedback_service.phone_numbers import mask
from feedback_service.staff.models import Agent
from feedback_service.surveys.models import FollowUp, FollowUpStatus, Response
from feedback_service.surveys.reasons import ReasonCatalogue
from feedback_service.surveys.scoring import (
    NEGATIVE_CATEGORIES,
    POSITIVE_CATEGORIES,
    Category,
    SurveyKind,
)

TREND_WEEKS = 12
# A page lists at most this many comments; the date filter narrows it down.
COMMENT_LIMIT = 200
WAITING = (FollowUpStatus.OPEN, FollowUpStatus.CONTACTED)
EXPORT_COLUMNS = ("id", "received_at", "channel", "kind", "score", "category", "reason", "topic",
                  "comment", "has_recording", "caller")


@dataclass(frozen=True)
class Scope:
    """Whose answers: one agent's, or everything answered in one team."""

    agent_id: int | None = None
    team_id: int | None = None

    def __post_init__(self) -> None:
        if (self.agent_id is None) == (self.team_id is None):
            raise ValueError("a scope is one agent or one team")

    def where(self) -> sa.ColumnElement[bool]:
        if self.agent_id is not None:
            return Response.agent_id == self.agent_id
        return Response.team_id == self.team_id


@dataclass(frozen=True)
class Period:
    """Whole days in the company's time zone, from `first` through `last`."""

    first: date
    last: date
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), tzinfo=self.zone)

    @property
    def end(self) -> datetime:
        """The first moment after the period (exclusive)."""
        return datetime.combine(self.last + timedelta(days=1), time(), tzinfo=self.zone)

    def where(self) -> sa.ColumnElement[bool]:
        return sa.and_(Response.received_at >= self.start, Response.received_at < self.end)


def default_period(today: date, zone: ZoneInfo) -> Period:
    """The weeks the trend covers, ending today."""
    return Period(trend_first_week(today), today, zone)


def trend_first_week(last_day: date, weeks: int = TREND_WEEKS) -> date:
    return week_of(last_day).monday - timedelta(weeks=weeks - 1)


def _scored(scope: Scope) -> sa.Select:
    return sa.select(Response.kind, Response.category, Response.reason, Response.received_at).where(
        scope.where(), Response.category.is_not(None)
    )


def _counted(
    scope: Scope, answers: list[tuple[Category, str | None]], catalogue: ReasonCatalogue
) -> list[Category]:
    """The categories a scope's score counts: an agent's leave out reasons outside customer
    service (the product is not the agent's doing); a team's totals keep every answer."""
    if scope.agent_id is None:
        return [category for category, _ in answers]
    return customer_service_categories(answers, catalogue)


@dataclass(frozen=True)
class WeekResult:
    monday: date
    summary: ScoreSummary

    @property
    def iso_week(self) -> int:
        return self.monday.isocalendar().week


def weekly_trend(
    session: Session, scope: Scope, *, last_day: date, zone: ZoneInfo, min_responses: int,
    catalogue: ReasonCatalogue, weeks: int = TREND_WEEKS,
) -> dict[SurveyKind, list[WeekResult]]:
    """Score and answers per week for the weeks up to `last_day`, one series per survey kind."""
    first = trend_first_week(last_day, weeks)
    period = Period(first, week_of(last_day).monday + timedelta(days=6), zone)
    by_week: dict[SurveyKind, dict[date, list[tuple[Category, str | None]]]] = defaultdict(
        lambda: defaultdict(list))
    for kind, category, reason, received_at in session.execute(
            _scored(scope).where(period.where())):
        monday = week_at(received_at, zone).monday
        by_week[SurveyKind(kind)][monday].append((Category(category), reason))
    # Smiley and NPS are different scales: each gets its own series, never a mix.
    return {
        kind: [
            WeekResult(monday, summarize_scores(
                kind, _counted(scope, weeks_answers[monday], catalogue), min_responses))
            for monday in (first + timedelta(weeks=n) for n in range(weeks))
        ]
        for kind, weeks_answers in sorted(by_week.items())
    }


def score_totals(
    session: Session, scope: Scope, period: Period, min_responses: int,
    catalogue: ReasonCatalogue,
) -> dict[SurveyKind, ScoreSummary]:
    """The score over the whole period, per survey kind."""
    answers: dict[SurveyKind, list[tuple[Category, str | None]]] = defaultdict(list)
    for kind, category, reason, _ in session.execute(_scored(scope).where(period.where())):
        answers[SurveyKind(kind)].append((Category(category), reason))
    return {
        kind: summarize_scores(kind, _counted(scope, kind_answers, catalogue), min_responses)
        for kind, kind_answers in sorted(answers.items())
    }


@dataclass(frozen=True)
class ReasonBreakdown:
    """Why callers were unhappy: customer-service reasons apart from the others."""

    unhappy: int
    customer_service: list[ReasonCount]
    other: list[ReasonCount]

    @property
    def without_reason(self) -> int:
        return self.unhappy - sum(r.count for r in (*self.customer_service, *self.other))


def reason_breakdown(
    session: Session, scope: Scope, period: Period, catalogue: ReasonCatalogue
) -> ReasonBreakdown:
    """Reasons given with unhappy answers in the period, most frequent first."""
    codes = list(session.scalars(
        sa.select(Response.reason).where(
            scope.where(), period.where(), Response.category.in_(list(NEGATIVE_CATEGORIES))
        )
    ))
    if not codes:
        return ReasonBreakdown(0, [], [])
    customer_service, other = rank_reasons(codes, catalogue)
    return ReasonBreakdown(len(codes), customer_service, other)


@dataclass(frozen=True)
class AnswerNote:
    """One answer with something to read or hear: a comment, a recording or both."""

    response_id: int
    received_at: datetime
    kind: str
    score: int | None
    category: str | None
    reason: str | None
    topic: str | None
    comment: str | None
    has_recording: bool
    caller_masked: str

    @property
    def kudos(self) -> bool:
        """A happy caller who said something: praise to pass on."""
        return bool(self.comment) and self.category in POSITIVE_CATEGORIES


def comments_and_recordings(
    session: Session, scope: Scope, period: Period, limit: int = COMMENT_LIMIT
) -> list[AnswerNote]:
    """Answers with a comment or a recording, newest first; the caller's number masked."""
    rows = session.scalars(
        sa.select(Response).options(joinedload(Response.call))
        .where(scope.where(), period.where(),
               sa.or_(Response.comment.is_not(None), Response.recording_url.is_not(None)))
        .order_by(Response.received_at.desc(), Response.id.desc())
        .limit(limit)
    )
    return [_note(response) for response in rows]


def _note(response: Response) -> AnswerNote:
    return AnswerNote(
        response_id=response.id,
        received_at=response.received_at,
        kind=response.kind,
        score=response.score,
        category=response.category,
        reason=response.reason,
        topic=response.topic,
        comment=response.comment,
        has_recording=bool(response.recording_url),
        caller_masked=mask(response.call.caller),
    )


def answers_for_export(session: Session, scope: Scope, period: Period) -> list[dict[str, object]]:
    """Every answer in the period as a row of `EXPORT_COLUMNS`, oldest first; callers masked."""
    rows = session.scalars(
        sa.select(Response).options(joinedload(Response.call))
        .where(scope.where(), period.where(), Response.category.is_not(None))
        .order_by(Response.received_at, Response.id)
    )
    return [
        {
            "id": r.id,
            "received_at": r.received_at.isoformat(),
            "channel": r.channel,
            "kind": r.kind,
            "score": r.score,
            "category": r.category,
            "reason": r.reason,
            "topic": r.topic,
            "comment": r.comment,
            "has_recording": bool(r.recording_url),
            "caller": mask(r.call.caller),
        }
        for r in rows
    ]


@dataclass(frozen=True)
class FollowUpItem:
    """An unhappy answer in the call-back queue."""

    id: int
    status: str
    note: str | None
    created_at: datetime
    handled_at: datetime | None
    agent_name: str
    answer: AnswerNote
    # The full number, for calling back; None once the follow-up is resolved or erased.
    caller_to_call: str | None


def follow_up_queue(
    session: Session, team_ids: Sequence[int] | None, statuses: Sequence[str] = WAITING
) -> list[FollowUpItem]:
    """Follow-ups in the given teams (None: every team) with these statuses, newest first."""
    stmt = (
        sa.select(FollowUp, Agent.name)
        .join(FollowUp.response)
        .outerjoin(Agent, Response.agent_id == Agent.id)
        .options(joinedload(FollowUp.response).joinedload(Response.call))
        .where(FollowUp.status.in_(list(statuses)))
        .order_by(FollowUp.created_at.desc(), FollowUp.id.desc())
    )
    if team_ids is not None:
        stmt = stmt.where(Response.team_id.in_(list(team_ids)))
    return [_follow_up_item(follow_up, agent_name or "") for follow_up, agent_name
            in session.execute(stmt)]


def _follow_up_item(follow_up: FollowUp, agent_name: str) -> FollowUpItem:
    response = follow_up.response
    waiting = follow_up.status in WAITING
    return FollowUpItem(
        id=follow_up.id,
        status=follow_up.status,
        note=follow_up.note,
        created_at=follow_up.created_at,
        handled_at=follow_up.handled_at,
        agent_name=agent_name,
        answer=_note(response),
        caller_to_call=response.call.caller if waiting else None,
    )


def waiting_count(session: Session, team_id: int) -> int:
    """How many follow-ups of the team's answers wait for a call back."""
    return session.scalar(
        sa.select(sa.func.count(FollowUp.id)).join(FollowUp.response)
        .where(FollowUp.status.in_(list(WAITING)), Response.team_id == team_id)
    ) or 0


def find_follow_up(
    session: Session, follow_up_id: int, team_ids: Sequence[int] | None
) -> FollowUp | None:
    """The follow-up with this id when it belongs to one of the teams (None: any team)."""
    stmt = sa.select(FollowUp).join(FollowUp.response).where(FollowUp.id == follow_up_id)
    if team_ids is not None:
        stmt = stmt.where(Response.team_id.in_(list(team_ids)))
    return session.scalar(stmt)


def mark_follow_up(
    follow_up: FollowUp, status: FollowUpStatus, note: str, handled_by_id: int, now: datetime
) -> None:
    """Record a call back: contacted or resolved, with the supervisor's note."""
    follow_up.status = status
    follow_up.note = note.strip() or follow_up.note
    follow_up.handled_by_id = handled_by_id
    follow_up.handled_at = now


def find_response(session: Session, response_id: int) -> Response | None:
    return session.scalar(
        sa.select(Response).options(joinedload(Response.agent)).where(Response.id == response_id)
    )
