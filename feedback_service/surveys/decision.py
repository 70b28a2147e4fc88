"""Whether a call is surveyed, recorded as the survey's first state; one survey per call.

Nothing here commits: the view, job or command that calls it commits at its edge.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.phone_numbers import caller_key, is_mobile
from feedback_service.staff.models import Agent
from feedback_service.surveys.eligibility import CallFacts, Policy, SkipReason, skip_reason
from feedback_service.surveys.flow import Step
from feedback_service.surveys.models import Call, Channel, Survey, SurveyState
from feedback_service.surveys.opt_outs import is_opted_out
from feedback_service.surveys.scoring import SurveyKind


def surveyed_recently(caller: str | None, days: int, now: datetime) -> bool:
    """Whether this caller was asked within the quarantine (skipped decisions do not count)."""
    if not caller or days <= 0:
        return False
    asked = db.session.scalar(
        sa.select(sa.func.count()).select_from(Survey).where(
            Survey.caller == caller,
            Survey.state != SurveyState.SKIPPED,
            Survey.created_at >= now - timedelta(days=days),
        )
    )
    return bool(asked)


def open_survey(
    call: Call,
    *,
    channel: Channel,
    kind: SurveyKind,
    language: str,
    config: Mapping[str, Any],
    now: datetime | None = None,
    draw: Callable[[], float] = random.random,
) -> Survey:
    """Decide whether the call is surveyed and record the decision; one survey per call.

    An eligible IVR survey starts ACTIVE; an eligible SMS survey starts SCHEDULED, to be
    activated when its first message is queued. A call skipped because its agent was not known
    is decided again once it is: nothing was sent, so nothing is lost by changing the decision.
    """
    survey = call.survey
    if survey is not None and not (survey.state == SurveyState.SKIPPED
                                   and survey.skip_reason == SkipReason.UNKNOWN_AGENT
                                   and call.agent_id is not None):
        return survey
    now = now or utcnow()
    agent = db.session.get(Agent, call.agent_id) if call.agent_id else None
    facts = CallFacts(
        answered=bool(call.answered),
        duration_seconds=call.duration_seconds,
        caller_e164=call.caller,
        caller_is_mobile=bool(call.caller and is_mobile(call.caller)),
        opted_out=is_opted_out(call.caller),
        surveyed_recently=surveyed_recently(call.caller, int(config["QUARANTINE_DAYS"]), now),
        sample_draw=draw(),
        agent_known=call.agent_id is not None,
        agent_active=agent is None or agent.active,
    )
    policy = Policy(
        min_call_seconds=int(config["MIN_CALL_SECONDS"]),
        sample_rate=float(config["SAMPLE_RATE"]),
        needs_mobile=channel is Channel.SMS,
    )
    reason = skip_reason(facts, policy)
    if survey is None:
        survey = Survey(call=call)
        db.session.add(survey)
    survey.agent_id = call.agent_id
    survey.team_id = agent.team_id if agent else None
    survey.caller = call.caller
    survey.channel = channel
    survey.kind = kind
    survey.language = language
    survey.state = SurveyState.SKIPPED if reason else (
        SurveyState.ACTIVE if channel is Channel.IVR else SurveyState.SCHEDULED)
    survey.step = Step.SCORE
    survey.skip_reason = reason
    survey.created_at = now
    # A call reported when it ended (status callback, PBX hook) carries its end; the Dial
    # action comes the moment the agent hangs up, which is now.
    survey.call_ended_at = call.ended_at or now
    survey.expires_at = now + timedelta(hours=int(config["SURVEY_EXPIRY_HOURS"]))
    survey.caller_key = caller_key(call.caller, str(config["SECRET_KEY"])) if call.caller else None
    if survey.caller_key:
        mark_repeat_contacts(survey.caller_key, survey.call_ended_at,
                             int(config["REPEAT_CONTACT_DAYS"]))
    return survey


def mark_repeat_contacts(key: str, call_ended_at: datetime, days: int) -> None:
    """The caller called again: their calls of the last `days` days were not resolved at first
    contact."""
    if days <= 0:
        return
    db.session.execute(
        sa.update(Survey)
        .where(Survey.caller_key == key,
               Survey.call_ended_at >= call_ended_at - timedelta(days=days),
               Survey.call_ended_at < call_ended_at)
        .values(repeat_contact=True)
    )
