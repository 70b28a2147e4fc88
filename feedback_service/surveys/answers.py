"""Recording what the caller answers, step by step, for the IVR and SMS channels alike.

Nothing here commits: the view, job or command that calls it commits at its edge.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.surveys.flow import Step, step_after
from feedback_service.surveys.models import FollowUp, Response, Survey, SurveyState
from feedback_service.surveys.praise import load_praise
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind, categorize, is_negative


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
        # The answer's team with it, in the same INSERT.
        response.follow_up = FollowUp(team_id=response.team_id)
    survey.step = step_after(Step.SCORE, category,
                             ask_praise=ask_praise and bool(load_praise().choices))
    survey.attempts = 0
    return response


def record_reason(survey: Survey, digit: int, raw: Mapping[str, Any]) -> str | None:
    """Save the reason for a keypad digit; None, saving nothing, for a digit not in the list."""
    reason = load_catalogue().by_digit(digit)
    if reason is None:
        return None
    _answer_choice(survey, Step.REASON, raw).reason = reason.code
    return reason.code


def record_praise(survey: Survey, digit: int, raw: Mapping[str, Any]) -> str | None:
    """Save what went well for a keypad digit; None, saving nothing, for a digit not listed."""
    praise = load_praise().by_digit(digit)
    if praise is None:
        return None
    _answer_choice(survey, Step.PRAISE, raw).praise = praise.code
    return praise.code


def _answer_choice(survey: Survey, step: Step, raw: Mapping[str, Any]) -> Response:
    """The answer a choice from a catalogue goes in, with what was heard kept; the survey moves
    on past `step`."""
    response = _response_for(survey)
    _keep_raw(response, step, raw)
    survey.step = step_after(step, None)
    survey.attempts = 0
    return response


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
