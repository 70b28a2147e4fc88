"""Test data for coaching, built the way the service builds it: through the directory and
the survey answer functions."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from feedback_service.extensions import db
from feedback_service.settings import Settings
from feedback_service.staff.directory import AgentChanges, find_user, upsert_agent, upsert_team
from feedback_service.staff.models import Agent
from feedback_service.surveys import answers, calls, decision
from feedback_service.surveys.models import Channel, Response, Survey, SurveyState
from feedback_service.surveys.praise import load_praise
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind

_call_numbers = itertools.count(1)


def a_team(slug: str, name: str, supervisors: Mapping[str, str | None]) -> None:
    """A team whose supervisors (e-mail to language, None for the default) can log in."""
    upsert_team(slug, name, list(supervisors))
    db.session.flush()
    for email, language in supervisors.items():
        find_user(email).language = language


def an_agent(handle: str, name: str, team: str, *, language: str | None = None,
             email: bool = True) -> Agent:
    agent, _ = upsert_agent(handle, AgentChanges(
        name=name, email=f"{handle}@acme.example" if email else None, team=team,
        language=language))
    db.session.flush()
    return agent


def a_survey(agent: Agent, at: datetime, settings: Settings, *,
             kind: SurveyKind = SurveyKind.SMILEY, caller: str | None = None,
             topic: str | None = None) -> Survey:
    """A surveyed call that ended at `at`; the question reached the caller (IVR)."""
    number = next(_call_numbers)
    call = calls.find_or_create_call(
        "twilio", f"CA{number:06d}", caller=caller or f"+4670{number:07d}", agent_id=agent.id,
        answered=True, duration_seconds=180, started_at=at - timedelta(minutes=3), ended_at=at,
        topic=topic)
    return decision.open_survey(call, channel=Channel.IVR, kind=kind, language="sv",
                               settings=settings, now=at, draw=lambda: 0.0)


def not_surveyed(agent: Agent, at: datetime, settings: Settings, *,
                 seconds: int = 5) -> Survey:
    """A call too short to survey: the decision is kept with its reason."""
    number = next(_call_numbers)
    call = calls.find_or_create_call(
        "twilio", f"CA{number:06d}", caller=f"+4670{number:07d}", agent_id=agent.id,
        answered=True, duration_seconds=seconds, started_at=at - timedelta(seconds=seconds),
        ended_at=at)
    return decision.open_survey(call, channel=Channel.IVR, kind=SurveyKind.SMILEY, language="sv",
                               settings=settings, now=at, draw=lambda: 0.0)


def unanswered(agent: Agent, at: datetime, settings: Settings, **kw: Any) -> Survey:
    """A survey sent and never answered: it expires."""
    survey = a_survey(agent, at, settings, **kw)
    survey.state = SurveyState.EXPIRED  # as the expiry job leaves it
    return survey


def answered(agent: Agent, at: datetime, settings: Settings, score: int, *,
             reason: str | None = None, comment: str | None = None,
             kind: SurveyKind = SurveyKind.SMILEY, caller: str | None = None,
             praise: str | None = None, topic: str | None = None) -> Response:
    """A survey answered a minute after the call: score, reason or praise when asked, comment."""
    survey = a_survey(agent, at, settings, kind=kind, caller=caller, topic=topic)
    response = answers.record_score(survey, score, {"digits": str(score)},
                                    ask_praise=praise is not None)
    if reason:
        answers.record_reason(survey, load_catalogue().by_code(reason).digit, {"digits": reason})
    if praise:
        answers.record_praise(survey, load_praise().by_code(praise).digit, {"digits": praise})
    if comment:
        answers.record_comment(survey, {"text": "comment"}, text=comment)
    answers.complete(survey, now=at + timedelta(minutes=1))
    response.received_at = at + timedelta(minutes=1)
    if response.follow_up is not None:
        response.follow_up.created_at = response.received_at
    return response


def many(agent: Agent, at: datetime, settings: Settings, scores: list[int],
         **kw: Any) -> None:
    """Several answers, a few minutes apart."""
    for offset, score in enumerate(scores):
        answered(agent, at + timedelta(minutes=5 * offset), settings, score, **kw)
