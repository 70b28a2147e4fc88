"""The SMS survey as a conversation: the first question, then each reply applied step by step.

Nothing here commits: the view, job or command that calls it commits at its edge, and the
outbox sends what was queued only after that commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.outbox.queue import enqueue_sms
from feedback_service.settings import quiet_hours
from feedback_service.staff.models import Agent
from feedback_service.surveys import sms_texts
from feedback_service.surveys.eligibility import next_sending_time
from feedback_service.surveys.models import Channel, Survey, SurveyState
from feedback_service.surveys.scoring import SurveyKind


def first_question_key(survey: Survey) -> str:
    return f"survey:{survey.id}:score"


def agent_first_name(survey: Survey) -> str | None:
    agent = db.session.get(Agent, survey.agent_id) if survey.agent_id else None
    return sms_texts.first_name(agent.name) if agent else None


def start_sms_survey(survey: Survey, config: Mapping[str, Any],
                     now: datetime | None = None) -> OutboxMessage | None:
    """Queue the first question of a scheduled SMS survey and open it for answers.

    Inside `SMS_QUIET_HOURS` (in `TIMEZONE`) the message waits in the outbox until the quiet
    hours end; the survey's expiry counts from then. A survey that was skipped, or is not an
    SMS survey, gets nothing (None); one already started returns its queued question again.
    """
    if survey.channel != Channel.SMS or not survey.caller:
        return None
    if survey.state == SurveyState.ACTIVE:
        return db.session.scalar(
            sa.select(OutboxMessage).where(
                OutboxMessage.idempotency_key == first_question_key(survey)))
    if survey.state != SurveyState.SCHEDULED:
        return None
    now = now or utcnow()
    send_at = next_sending_time(now, ZoneInfo(str(config["TIMEZONE"])), quiet_hours(config))
    db.session.flush()  # the survey's id names the message
    message = enqueue_sms(
        first_question_key(survey),
        to=survey.caller,
        body=sms_texts.score_question(
            SurveyKind(survey.kind), survey.language,
            agent=agent_first_name(survey), company=str(config["COMPANY_NAME"] or "") or None),
        purpose="survey_question",
        survey_id=survey.id,
        not_before=send_at,
    )
    survey.state = SurveyState.ACTIVE
    survey.asked_at = send_at
    survey.expires_at = send_at + timedelta(hours=int(config["SURVEY_EXPIRY_HOURS"]))
    return message
