"""Recording calls, survey decisions and answers, shared by the IVR and SMS channels.

Nothing here commits: the view, job or command that calls it commits at its edge.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from feedback_service.database import insert_if_absent, rows_changed, utcnow
from feedback_service.extensions import db
from feedback_service.phone_numbers import caller_key, is_mobile
from feedback_service.staff.models import Agent
from feedback_service.surveys.eligibility import CallFacts, Policy, SkipReason, skip_reason
from feedback_service.surveys.flow import Step, step_after
from feedback_service.surveys.models import (
    Call,
    Channel,
    FollowUp,
    OptOut,
    Response,
    Survey,
    SurveyState,
)
from feedback_service.surveys.praise import load_praise
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind, categorize, is_negative


def find_call(provider: str, provider_call_id: str) -> Call | None:
    return db.session.scalar(
        sa.select(Call).where(Call.provider == provider, Call.provider_call_id == provider_call_id)
    )


def survey_for_update(provider: str, provider_call_id: str) -> Survey | None:
    """The call's survey, locked until the transaction ends, freshly read.

    Answers to one survey that arrive at once (retries, a second try at a question, a callback)
    are then applied one after the other, each seeing what the one before it did.
    """
    return db.session.scalar(
        sa.select(Survey).join(Survey.call)
        .where(Call.provider == provider, Call.provider_call_id == provider_call_id)
        .with_for_update(of=Survey)
        .execution_options(populate_existing=True)
    )


def find_or_create_call(provider: str, provider_call_id: str, *, caller: str | None = None,
                        **fields: Any) -> Call:
    """The call with this provider id; fields given fill in what is not yet known.

    The caller's number is recorded only with a new call, never filled in later: a call without
    one was either made from a withheld number or erased, and erased stays erased, even when
    the phone system sends (or someone replays) a webhook that names the number again.
    """
    call = find_call(provider, provider_call_id)
    if call is None:
        call = Call(provider=provider, provider_call_id=provider_call_id, caller=caller)
        db.session.add(call)
    for name, value in fields.items():
        if value is not None and getattr(call, name) is None:
            setattr(call, name, value)
    return call


def caller_was_erased(call: Call | None, caller: str | None) -> bool:
    """Whether a webhook naming `caller` is about a call whose number has been erased."""
    return call is not None and call.caller is None and caller is not None


def is_opted_out(phone: str | None) -> bool:
    return bool(phone) and db.session.execute(
        sa.select(sa.func.count()).select_from(OptOut).where(OptOut.phone == phone)
    ).scalar_one() > 0


def opt_out(phone: str, *, keyword: str | None, source: str) -> None:
    """Put the number on the opt-out list (once, however many ask at once); close its surveys."""
    added = insert_if_absent(db.session, OptOut, {
        "phone": phone, "keyword": keyword, "source": source, "created_at": utcnow()}, "phone")
    if not added:
        return
    # Surveys still waiting for this number stop accepting answers and sending questions.
    for survey in db.session.scalars(
        sa.select(Survey).where(
            Survey.caller == phone,
            Survey.state.in_([SurveyState.SCHEDULED, SurveyState.ACTIVE]),
        )
    ):
        survey.state = SurveyState.ABANDONED


def opt_in(phone: str) -> bool:
    """Remove an opt-out; True when there was one."""
    return bool(rows_changed(db.session, sa.delete(OptOut).where(OptOut.phone == phone)))


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


def accepts_answers(survey: Survey, now: datetime | None = None) -> bool:
    """Open for answers: active and not expired (an expired one is marked so)."""
    now = now or utcnow()
    if survey.state != SurveyState.ACTIVE:
        return False
    if survey.expires_at is not None and now >= survey.expires_at:
        survey.state = SurveyState.EXPIRED
        return False
    return True


def mark_asked(survey_id: int, sent_at: datetime) -> None:
    """The survey's first question was sent: its expiry counts from now, if later than planned."""
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.state != SurveyState.ACTIVE or survey.asked_at is None:
        return
    if survey.expires_at is not None and sent_at > survey.asked_at:
        survey.expires_at += sent_at - survey.asked_at
    survey.asked_at = max(survey.asked_at, sent_at)


def _response_for(survey: Survey) -> Response:
    if survey.response is None:
        survey.response = Response(
            survey=survey,
            call=survey.call,
            agent_id=survey.agent_id,
            team_id=survey.team_id,
            call_ended_at=survey.call_ended_at,
            topic=survey.call.topic,
            channel=survey.channel,
            kind=survey.kind,
            raw_inputs=[],
        )
        db.session.add(survey.response)
    return survey.response


def _keep_raw(response: Response, step: Step, raw: Mapping[str, Any]) -> None:
    # A new list, so SQLAlchemy sees the JSON column change.
    response.raw_inputs = [*response.raw_inputs, {"step": step, **raw,
                                                  "at": utcnow().isoformat()}]


def record_score(survey: Survey, score: int, raw: Mapping[str, Any], *,
                 ask_praise: bool = False) -> Response:
    """Save the score; a negative score opens a follow-up and asks for the reason next, a
    positive one asks what went well when `ask_praise` (the ASK_PRAISE setting)."""
    category = categorize(SurveyKind(survey.kind), score)
    response = _response_for(survey)
    response.score = score
    response.category = category
    response.received_at = utcnow()
    _keep_raw(response, Step.SCORE, raw)
    if is_negative(category) and response.follow_up is None:
        response.follow_up = FollowUp()
    survey.step = step_after(Step.SCORE, category,
                             ask_praise=ask_praise and bool(load_praise().choices))
    survey.attempts = 0
    return response


def record_reason(survey: Survey, digit: int, raw: Mapping[str, Any]) -> str | None:
    """Save the reason for a keypad digit; None, saving nothing, for a digit not in the list."""
    reason = load_catalogue().by_digit(digit)
    if reason is None:
        return None
    response = _response_for(survey)
    response.reason = reason.code
    _keep_raw(response, Step.REASON, raw)
    survey.step = step_after(Step.REASON, None)
    survey.attempts = 0
    return reason.code


def record_praise(survey: Survey, digit: int, raw: Mapping[str, Any]) -> str | None:
    """Save what went well for a keypad digit; None, saving nothing, for a digit not listed."""
    praise = load_praise().by_digit(digit)
    if praise is None:
        return None
    response = _response_for(survey)
    response.praise = praise.code
    _keep_raw(response, Step.PRAISE, raw)
    survey.step = step_after(Step.PRAISE, None)
    survey.attempts = 0
    return praise.code


def record_comment(
    survey: Survey,
    raw: Mapping[str, Any],
    *,
    text: str | None = None,
    recording_url: str | None = None,
    recording_sid: str | None = None,
    recording_seconds: int | None = None,
) -> Response:
    """Save a comment: free text (appended to any earlier one) or a voice recording."""
    response = _response_for(survey)
    if text:
        response.comment = f"{response.comment}\n{text}" if response.comment else text
    if recording_url:
        response.recording_url = recording_url
        response.recording_sid = recording_sid
        response.recording_seconds = recording_seconds
    _keep_raw(response, Step.COMMENT, raw)
    return response


def complete(survey: Survey, now: datetime | None = None) -> None:
    survey.step = Step.DONE
    survey.state = SurveyState.COMPLETED
    survey.completed_at = now or utcnow()


def abandon(survey: Survey) -> None:
    """The caller stopped mid-way; what was answered stays."""
    if survey.state == SurveyState.ACTIVE:
        survey.state = SurveyState.ABANDONED
