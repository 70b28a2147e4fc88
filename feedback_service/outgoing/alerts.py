"""Chat alerts: an unhappy caller waiting for a call back, and a reason that spikes.

An alert goes to the team's own `alert_urls`, else to `ALERT_URLS`, one outbox message per URL.
It holds no phone number (the caller's is masked as on pages, a comment's personal data too)
and names no agent: a chat channel is read by the whole team, and the follow-up page, behind a
sign-in, says who took the call.

The scheduler's kudos job runs `queue_follow_up_chat_alerts` every minute: an answer alerts
once the caller is done (or quiet), with the reason and comment they gave.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from feedback_service.coaching.kudos import LOOK_BACK, SETTLE
from feedback_service.database import AnySession, unit_of_work, utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxChannel, OutboxMessage
from feedback_service.outbox.queue import enqueue_delivery
from feedback_service.outgoing.alert_delivery import alert_destination
from feedback_service.outgoing.alert_texts import alert_texts
from feedback_service.personal_data import mask_personal_data
from feedback_service.phone_numbers import mask
from feedback_service.settings import Settings, split_urls
from feedback_service.staff.models import Team
from feedback_service.surveys.models import FollowUp, FollowUpStatus, Response, Survey, SurveyState
from feedback_service.surveys.reasons import load_catalogue


def alert_urls_for(team: Team | None, settings: Settings) -> list[str]:
    """The team's own alert URLs, else `ALERT_URLS`."""
    if team is not None and team.alert_urls is not None:
        return split_urls(" ".join(team.alert_urls))
    return settings.alert_url_list()


def team_language(team: Team | None, settings: Settings) -> str:
    """The language most of the team's supervisors read, else `DEFAULT_LANGUAGE`."""
    spoken = Counter(s.language for s in (team.supervisors if team else []) if s.language)
    return spoken.most_common(1)[0][0] if spoken else settings.default_language


def queue_alert(session: AnySession, key: str, urls: list[str], title: str, text: str, *,
                purpose: str, quotes: list[int] | None = None) -> int:
    """One outbox message per URL, once per key; returns how many were queued now."""
    keys = {url: f"{key}:{alert_destination(url)[len('alert:'):][:16]}" for url in urls}
    already = set(session.scalars(sa.select(OutboxMessage.idempotency_key)
                                  .where(OutboxMessage.idempotency_key.in_(keys.values()))))
    queued = 0
    for url, url_key in keys.items():
        if url_key not in already:
            enqueue_delivery(url_key, channel=OutboxChannel.ALERT, to=alert_destination(url),
                             subject=title, body=text, purpose=purpose, quotes=quotes or [],
                             session=session)
            queued += 1
    return queued


def follow_up_alert(response: Response, follow_up: FollowUp, team: Team | None,
                    settings: Settings) -> tuple[str, str]:
    """The title and text of the alert about an unhappy caller waiting for a call back."""
    language = team_language(team, settings)
    t = alert_texts(language)
    lines = [t["chat_follow_up"].format(caller=mask(response.call.caller) or "—")]
    reason = load_catalogue().by_code(response.reason) if response.reason else None
    if reason is not None:
        lines.append(t["chat_follow_up_reason"].format(reason=reason.label(language)))
    if response.comment:
        lines.append(t["chat_follow_up_comment"].format(
            comment=mask_personal_data(response.comment.strip())))
    elif response.recording_url:
        lines.append(t["chat_follow_up_recording"])
    lines.append(t["chat_follow_up_link"].format(
        link=settings.public_url(f"/follow-ups#follow-up-{follow_up.id}")))
    title = t["chat_follow_up_title"].format(team=team.name if team else "—")
    return title, "\n".join(lines)


def queue_follow_up_chat_alerts(settings: Settings, now: datetime | None = None) -> int:
    """Queue an alert for each unhappy caller who waits for a call back and is done answering;
    commits. Returns how many alert messages were queued."""
    now = now or utcnow()
    queued = 0
    with unit_of_work(db.session):
        answers = db.session.scalars(
            sa.select(Response)
            .options(selectinload(Response.follow_up), selectinload(Response.call),
                     selectinload(Response.team).selectinload(Team.supervisors))
            .join(FollowUp, FollowUp.response_id == Response.id)
            .join(Survey, Survey.id == Response.survey_id)
            .where(FollowUp.status == FollowUpStatus.OPEN,
                   Response.received_at >= now - LOOK_BACK, Response.anonymised_at.is_(None),
                   sa.or_(Survey.state != SurveyState.ACTIVE, Response.updated_at <= now - SETTLE))
            .order_by(Response.id))
        for response in answers:
            urls = alert_urls_for(response.team, settings)
            follow_up = response.follow_up
            if not urls or follow_up is None:
                continue
            title, text = follow_up_alert(response, follow_up, response.team, settings)
            queued += queue_alert(db.session, f"chat:follow-up:{follow_up.id}", urls, title,
                                  text, purpose="chat_follow_up", quotes=[response.id])
    return queued
