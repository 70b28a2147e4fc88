"""When a survey takes answers: from its first question until it expires.

An SMS question held back by quiet hours moves the expiry with it; the scheduler's expiry job
closes what stayed unanswered. Nothing here commits: its callers commit at their edge.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from feedback_service.database import rows_changed
from feedback_service.extensions import db
from feedback_service.surveys.models import Survey, SurveyState


def accepts_answers(survey: Survey, now: datetime) -> bool:
    """Open for answers: active and not expired (the expiry job marks it so later)."""
    return survey.state == SurveyState.ACTIVE and (
        survey.expires_at is None or now < survey.expires_at
    )


def mark_question_sent(survey: Survey, sent_at: datetime) -> None:
    """The survey's first question reached the caller: replies count as answers from now on,
    and the expiry counts from now when the question went later than planned."""
    if survey.question_sent_at is not None:
        return
    survey.question_sent_at = sent_at
    if survey.state != SurveyState.ACTIVE or survey.asked_at is None:
        return
    if survey.expires_at is not None and sent_at > survey.asked_at:
        survey.expires_at += sent_at - survey.asked_at
    survey.asked_at = max(survey.asked_at, sent_at)


def expire_surveys(now: datetime) -> int:
    """Close the active surveys whose time for answers is over; returns how many."""
    return rows_changed(
        db.session,
        sa.update(Survey)
        .where(Survey.state == SurveyState.ACTIVE, Survey.expires_at <= now)
        .values(state=SurveyState.EXPIRED)
        .execution_options(synchronize_session=False),
    )
