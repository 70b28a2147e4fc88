"""Whether a call is surveyed, recorded as the survey's first state; one survey per call.

Nothing here commits: the view, job or command that calls it commits at its edge.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.phone_numbers import caller_key, is_mobile
from feedback_service.settings import Settings
from feedback_service.staff.models import Agent
from feedback_service.surveys.eligibility import CallFacts, Policy, SkipReason, skip_reason
from feedback_service.surveys.flow import Step
from feedback_service.surveys.models import (
    Call,
    Channel,
    OptOut,
    QuarantineWindow,
    Survey,
    SurveyState,
)
from feedback_service.surveys.scoring import SurveyKind


def _asked_within(caller: str, days: int, now: datetime) -> sa.Exists:
    return sa.exists().where(
        Survey.caller == caller,
        Survey.state != SurveyState.SKIPPED,
        Survey.created_at >= now - timedelta(days=days),
    )


def surveyed_recently(caller: str | None, days: int, now: datetime) -> bool:
    """Whether this caller was asked within the quarantine (skipped decisions do not count)."""
    if not caller or days <= 0:
        return False
    return bool(db.session.scalar(sa.select(_asked_within(caller, days, now))))


def _called_within(key: str, call_ended_at: datetime, days: int) -> sa.ColumnElement[bool]:
    return sa.and_(
        Survey.caller_key == key,
        Survey.call_ended_at >= call_ended_at - timedelta(days=days),
        Survey.call_ended_at < call_ended_at,
    )


@dataclass(frozen=True)
class CallerHistory:
    """Whether the caller opted out, was asked within the quarantine, and called within
    REPEAT_CONTACT_DAYS before the call ended; with the caller, end and moment it was read for."""

    caller: str | None
    call_ended_at: datetime
    now: datetime
    opted_out: bool = False
    asked_lately: bool = False
    called_before: bool = False

    def is_about(self, caller: str | None, call_ended_at: datetime, now: datetime) -> bool:
        return (self.caller, self.call_ended_at, self.now) == (caller, call_ended_at, now)


@dataclass(frozen=True)
class HistoryRead:
    """A caller's history as three columns (the same objects for the same settings, so the
    statement holding them is built once) and the values of their parameters."""

    columns: tuple[sa.ColumnElement[bool], ...]
    params: dict[str, Any]


def history_read(caller: str, call_ended_at: datetime, settings: Settings,
                 now: datetime) -> HistoryRead:
    """What `CallerHistory` holds, as columns: a webhook reads them beside the call."""
    quarantine_days, repeat_days = settings.quarantine_days, settings.repeat_contact_days
    return HistoryRead(_history_columns(quarantine_days > 0, repeat_days > 0), {
        "history_caller": caller,
        "history_key": caller_key(caller, settings.secret_key),
        "history_asked_since": now - timedelta(days=quarantine_days),
        "history_called_since": call_ended_at - timedelta(days=repeat_days),
        "history_call_ended_at": call_ended_at,
    })


@functools.cache
def _history_columns(quarantine: bool, repeat: bool) -> tuple[sa.ColumnElement[bool], ...]:
    caller = sa.bindparam("history_caller", type_=sa.String())
    opted_out = sa.exists().where(OptOut.phone == caller)
    recently = sa.exists().where(
        Survey.caller == caller,
        Survey.state != SurveyState.SKIPPED,
        Survey.created_at >= sa.bindparam("history_asked_since"),
    ) if quarantine else sa.false()
    called_before = sa.exists().where(
        Survey.caller_key == sa.bindparam("history_key"),
        Survey.call_ended_at >= sa.bindparam("history_called_since"),
        Survey.call_ended_at < sa.bindparam("history_call_ended_at"),
    ) if repeat else sa.false()
    return opted_out, recently, called_before


def caller_history(caller: str | None, call_ended_at: datetime, settings: Settings,
                   now: datetime) -> CallerHistory:
    """The caller's history, read in one statement (none without a number)."""
    if not caller:
        return CallerHistory(caller, call_ended_at, now)
    read = history_read(caller, call_ended_at, settings, now)
    row = db.session.execute(_history_statement(read.columns), read.params).one()
    return history_of(caller, call_ended_at, now, row)


@functools.cache
def _history_statement(columns: tuple[sa.ColumnElement[bool], ...]) -> sa.Executable:
    return sa.select(*columns)


def history_of(caller: str | None, call_ended_at: datetime, now: datetime,
               values: Sequence[Any]) -> CallerHistory:
    """The history from the three values `history_read`'s columns hold."""
    opted_out, recently, called_before = values
    return CallerHistory(caller, call_ended_at, now, bool(opted_out), bool(recently),
                         bool(called_before))


def open_survey(
    call: Call,
    *,
    channel: Channel,
    kind: SurveyKind,
    language: str,
    settings: Settings,
    now: datetime | None = None,
    draw: Callable[[], float] = random.random,
    history: CallerHistory | None = None,
) -> Survey:
    """Decide whether the call is surveyed and record the decision; one survey per call.

    An eligible IVR survey starts ACTIVE; an eligible SMS survey starts SCHEDULED, to be
    activated when its first message is queued. A call skipped because its agent was not known
    is decided again once it is: nothing was sent, so nothing is lost by changing the decision.
    `history`, read ahead with the call, is read again here unless it is about this caller,
    end and moment.
    """
    survey = call.survey
    if survey is not None and not (
        survey.state == SurveyState.SKIPPED
        and survey.skip_reason == SkipReason.UNKNOWN_AGENT
        and call.agent_id is not None
    ):
        return survey
    now = now or (history.now if history else utcnow())
    agent = db.session.get(Agent, call.agent_id) if call.agent_id else None
    # A call reported when it ended (status callback, PBX hook) carries its end; the Dial
    # action comes the moment the agent hangs up, which is now.
    call_ended_at = call.ended_at or now
    key = caller_key(call.caller, settings.secret_key) if call.caller else None
    if history is None or not history.is_about(call.caller, call_ended_at, now):
        history = caller_history(call.caller, call_ended_at, settings, now)
    facts = CallFacts(
        answered=bool(call.answered),
        duration_seconds=call.duration_seconds,
        caller_e164=call.caller,
        caller_is_mobile=bool(call.caller and is_mobile(call.caller)),
        opted_out=history.opted_out,
        surveyed_recently=history.asked_lately,
        sample_draw=draw(),
        agent_known=call.agent_id is not None,
        agent_active=agent is None or agent.active,
    )
    policy = Policy(
        min_call_seconds=settings.min_call_seconds,
        sample_rate=settings.sample_rate,
        needs_mobile=channel is Channel.SMS,
    )
    reason = skip_reason(facts, policy)
    if reason is None and key and not claim_quarantine(key, now,
                                                       settings.quarantine_days):
        reason = SkipReason.QUARANTINE  # another call of the caller's was surveyed just now
    if survey is None:
        survey = Survey(call=call)
        db.session.add(survey)
    survey.agent_id = call.agent_id
    survey.team_id = agent.team_id if agent else None
    survey.caller = call.caller
    survey.channel = channel
    survey.kind = kind
    survey.language = language
    survey.state = (
        SurveyState.SKIPPED
        if reason
        else (SurveyState.ACTIVE if channel is Channel.IVR else SurveyState.SCHEDULED)
    )
    survey.step = Step.SCORE
    survey.skip_reason = reason
    if survey.state == SurveyState.ACTIVE:  # an IVR survey is asked on the line at once
        survey.asked_at = survey.question_sent_at = now
    survey.created_at = now
    survey.call_ended_at = call_ended_at
    survey.expires_at = now + timedelta(hours=settings.survey_expiry_hours)
    survey.caller_key = key
    if key and history.called_before:
        mark_repeat_contacts(key, call_ended_at, settings.repeat_contact_days)
    return survey


def claim_quarantine(key: str, now: datetime, days: int) -> bool:
    """Open the caller's quarantine window from `now`; False when one is open already.

    One statement, on the window's unique key: of requests claiming at once, the database
    makes the others wait for the first to commit, and then finds its window open.
    """
    if days <= 0:
        return True
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    window = insert(QuarantineWindow).values(caller_key=key, ends_at=now + timedelta(days=days))
    claim = window.on_conflict_do_update(
        index_elements=[QuarantineWindow.caller_key],
        set_={"ends_at": window.excluded.ends_at},
        where=QuarantineWindow.ends_at <= now,
    ).returning(QuarantineWindow.caller_key)
    return db.session.execute(claim).first() is not None


def mark_repeat_contacts(key: str, call_ended_at: datetime, days: int) -> None:
    """The caller called again: their calls of the last `days` days were not resolved at first
    contact."""
    if days <= 0:
        return
    # Not this call's own survey (it ended at `call_ended_at`, not before): that one need not
    # be flushed first, so it is inserted once, as a text survey queues its question.
    with db.session.no_autoflush:
        db.session.execute(
            sa.update(Survey)
            .where(_called_within(key, call_ended_at, days))
            .values(repeat_contact=True)
        )
