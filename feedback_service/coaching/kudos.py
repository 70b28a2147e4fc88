"""Kudos to agents for positive comments, and alerts to supervisors about unhappy ones.

A comment is what the caller wrote or said, or a recording they left on the phone: a recording
alone counts as well, and its mail links to the page where it can be heard.

The scheduler runs `queue_kudos_and_alerts` every minute. Each mail has its own outbox key
(`kudos:<response id>`, `follow-up-alert:<response id>:<supervisor e-mail>`), so running it
again never mails anything twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from feedback_service.coaching.mail_rendering import mail_language, render_mail
from feedback_service.coaching.mail_texts import texts_in
from feedback_service.coaching.week_summaries import agent_language
from feedback_service.database import unit_of_work, utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.outbox.queue import enqueue_email
from feedback_service.personal_data import mask_personal_data
from feedback_service.settings import Settings
from feedback_service.staff.models import Agent, Team
from feedback_service.surveys.models import FollowUpStatus, Response, Survey, SurveyState
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import NEGATIVE_CATEGORIES, POSITIVE_CATEGORIES, Category

# Answers older than this when first seen are left alone, so switching the job on (or a
# scheduler that was down for a week) does not flood anyone with old comments.
LOOK_BACK = timedelta(days=2)
# A caller still in the survey may add to the comment; wait until they are done or quiet.
SETTLE = timedelta(minutes=5)


def kudos_key(response_id: int) -> str:
    return f"kudos:{response_id}"


def alert_key(response_id: int, email: str) -> str:
    return f"follow-up-alert:{response_id}:{email}"


def _commented_answers(now: datetime) -> list[Response]:
    # The job runs every minute over two days of comments: load the follow-ups, agents, teams
    # and supervisors it reads with the answers, not one query per answer.
    return list(db.session.scalars(
        sa.select(Response)
        .options(selectinload(Response.follow_up),
                 selectinload(Response.agent).selectinload(Agent.team)
                 .selectinload(Team.supervisors))
        .join(Survey, Survey.id == Response.survey_id)
        .where(sa.or_(sa.and_(Response.comment.is_not(None), Response.comment != ""),
                      Response.recording_url.is_not(None)),
               Response.agent_id.is_not(None), Response.received_at >= now - LOOK_BACK,
               sa.or_(Survey.state != SurveyState.ACTIVE, Response.updated_at <= now - SETTLE))
        .order_by(Response.id)
    ))


def _queued_keys(keys: Iterable[str]) -> set[str]:
    keys = list(keys)
    if not keys:
        return set()
    return set(db.session.scalars(
        sa.select(OutboxMessage.idempotency_key).where(OutboxMessage.idempotency_key.in_(keys))
    ))


def _written(response: Response) -> str | None:
    """The comment's words as a mail may quote them; None for a recording alone."""
    return mask_personal_data(response.comment.strip()) if response.comment else None


def _recording_link(response: Response, settings: Settings, page: str) -> str | None:
    """Where the recorded comment can be heard: the page, never the recording's own address."""
    return settings.public_url(page) if response.recording_url else None


def queue_kudos(response: Response, agent: Agent, settings: Settings) -> bool:
    """Queue the caller's positive comment to the agent, text only; False when not possible."""
    if not agent.email or not agent.active:
        return False
    language = mail_language(agent_language(agent), settings)
    texts = texts_in(language)
    comment = _written(response)
    intro = texts["kudos_intro"] if comment else texts["kudos_intro_recorded"]
    mail = render_mail(
        "kudos", texts["kudos_subject"], language=language,
        t=texts, intro=intro.format(name=agent.first_name), comment=comment,
        recording_link=_recording_link(response, settings, f"/me#answer-{response.id}"),
        link=settings.public_url("/me"),
    )
    enqueue_email(kudos_key(response.id), to=agent.email, subject=mail.subject, text=mail.text,
                  html=mail.html, purpose="kudos", quotes=[response.id])
    return True


def queue_follow_up_alerts(response: Response, agent: Agent, settings: Settings,
                           already: set[str]) -> int:
    """Tell each supervisor of the agent's team about an unhappy comment waiting for a call back."""
    follow_up = response.follow_up
    if follow_up is None or follow_up.status != FollowUpStatus.OPEN or agent.team is None:
        return 0
    reason = load_catalogue().by_code(response.reason) if response.reason else None
    queued = 0
    for supervisor in agent.team.supervisors:
        key = alert_key(response.id, supervisor.email)
        if key in already or not supervisor.active:
            continue
        language = mail_language(supervisor.language, settings)
        texts = texts_in(language)
        subject = texts["alert_subject"].format(agent=agent.name)
        mail = render_mail(
            "follow_up_alert", subject, language=language, t=texts,
            intro=texts["alert_intro"].format(agent=agent.name),
            reason=reason.label(language) if reason else None,
            comment=_written(response),
            recording_link=_recording_link(response, settings,
                                           f"/follow-ups#follow-up-{follow_up.id}"),
            link=settings.public_url("/follow-ups"),
        )
        enqueue_email(key, to=supervisor.email, subject=mail.subject, text=mail.text,
                      html=mail.html, purpose="follow_up_alert", quotes=[response.id])
        queued += 1
    return queued


def queue_kudos_and_alerts(settings: Settings, now: datetime | None = None) -> Counter[str]:
    """Queue kudos and follow-up alerts for the comments that came in lately; commits.

    One unit of work per run: the mails go to the outbox together, and are sent later by its
    flush, so no transaction waits for the mail server.
    """
    now = now or utcnow()
    summary: Counter[str] = Counter()
    with unit_of_work(db.session):
        answers = _commented_answers(now)
        already = _queued_keys(
            [kudos_key(r.id) for r in answers]
            + [alert_key(r.id, s.email) for r in answers if r.agent and r.agent.team
               for s in r.agent.team.supervisors]
        )
        # Each key is queued at most once in a run, and `already` holds those queued before:
        # the new mails can wait for one flush at the commit, in bulk, instead of one each.
        with db.session.no_autoflush:
            for response in answers:
                agent = response.agent
                assert agent is not None  # the query reads only answers with an agent
                category = Category(response.category) if response.category else None
                if category in POSITIVE_CATEGORIES and kudos_key(response.id) not in already:
                    summary["kudos"] += queue_kudos(response, agent, settings)
                elif category in NEGATIVE_CATEGORIES:
                    summary["alerts"] += queue_follow_up_alerts(response, agent, settings,
                                                                already)
    return +summary
