"""Teams, agents with logins, and answers, made through the service's own functions."""

from __future__ import annotations

import functools
import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from werkzeug.security import generate_password_hash

from feedback_service.database import utcnow
from feedback_service.settings import Settings
from feedback_service.staff.directory import AgentChanges, find_user, upsert_agent, upsert_team
from feedback_service.staff.models import Agent, Team
from feedback_service.surveys import answers, calls, decision
from feedback_service.surveys.models import Channel, Response, SurveyState
from feedback_service.surveys.scoring import SurveyKind

PASSWORD = "correct horse battery staple"
ZONE = ZoneInfo("Europe/Stockholm")
_call_numbers = itertools.count(1)


@functools.cache
def _password_hash() -> str:
    """PASSWORD hashed once, the service's way: its hash is slow on purpose."""
    return generate_password_hash(PASSWORD)


def give_password(email: str) -> None:
    """Let a new login in with PASSWORD (`set_password` without hashing it again)."""
    user = find_user(email)
    assert user is not None, email
    user.password_hash = _password_hash()


def make_team(slug: str, name: str, supervisors: list[str]) -> Team:
    team, _ = upsert_team(slug, name, supervisors)
    for email in supervisors:
        give_password(email)
    return team


def make_agent(handle: str, name: str, team: str, language: str = "sv") -> Agent:
    agent, _ = upsert_agent(handle, AgentChanges(
        name=name, email=f"{handle}@example.com", team=team, addresses=[f"client:{handle}"],
        language=language,
    ))
    give_password(f"{handle}@example.com")
    return agent


def weeks_ago(weeks: int, today: date | None = None) -> datetime:
    """Wednesday noon, company time, of the week `weeks` before this one (always in the past)."""
    today = today or utcnow().astimezone(ZONE).date()
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks)
    return datetime.combine(monday + timedelta(days=2), time(12), tzinfo=ZONE)


def give_answer(
    settings: Settings,
    agent: Agent,
    score: int,
    at: datetime,
    *,
    kind: SurveyKind = SurveyKind.SMILEY,
    reason_digit: int | None = None,
    comment: str | None = None,
    recording_url: str | None = None,
    caller: str | None = None,
    answered_at: datetime | None = None,
    topic: str | None = None,
) -> Response:
    """A whole IVR survey after a call that ended a minute before `at`, answered at `at` (or at
    `answered_at`)."""
    number = next(_call_numbers)
    caller = caller or f"+46701{number:06d}"
    call = calls.find_or_create_call(
        "twilio", f"CA{number:032d}", caller=caller, called=f"client:{agent.handle}",
        agent_id=agent.id, answered=True, status="completed", duration_seconds=180, topic=topic,
        started_at=at - timedelta(minutes=4), ended_at=at - timedelta(minutes=1),
    )
    survey = decision.open_survey(call, channel=Channel.IVR, kind=kind, language="sv",
                                 settings=settings, now=at - timedelta(minutes=1), draw=lambda: 0.0)
    assert survey.state == SurveyState.ACTIVE, survey.skip_reason
    response = answers.record_score(survey, score, {"Digits": str(score)})
    if reason_digit is not None:
        answers.record_reason(survey, reason_digit, {"Digits": str(reason_digit)})
    if comment or recording_url:
        answers.record_comment(
            survey, {"comment": "given"}, text=comment, recording_url=recording_url,
            recording_sid=recording_url.rsplit("/", 1)[-1] if recording_url else None,
            recording_seconds=12 if recording_url else None,
        )
    answered_at = answered_at or at
    answers.complete(survey, now=answered_at)
    response.received_at = answered_at
    if response.follow_up is not None:
        response.follow_up.created_at = answered_at
    return response
