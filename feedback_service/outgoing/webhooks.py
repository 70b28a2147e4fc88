"""Webhook subscribers and the events queued for them.

An event is queued in the transaction of the change it tells of, one outbox message per
subscriber that wants it, so it leaves only if the change is committed. Its envelope is
`{"type", "timestamp", "data"}`; its `webhook-id` is the same for every subscriber and every
retry.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from feedback_service.database import AnySession, utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxChannel
from feedback_service.outbox.queue import enqueue_delivery
from feedback_service.outgoing.models import EventType, WebhookSubscriber
from feedback_service.outgoing.network_rule import check_url
from feedback_service.outgoing.webhook_delivery import webhook_key

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """24 random bytes, as Standard Webhooks writes a secret."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


@dataclass(frozen=True)
class SubscriberChange:
    """What `PUT /api/v1/webhooks/NAME` or the admin page asks for."""

    url: str
    events: Sequence[EventType]
    rotate_secret: bool = False


def save_subscriber(name: str, change: SubscriberChange,
                    allow_private: bool) -> tuple[WebhookSubscriber, bool, str | None]:
    """Create or update a subscriber; returns it, whether it is new, and its secret when it was
    made now (to show once). Raises `RefusedDestination` for a URL the network rule refuses."""
    check_url(change.url, allow_private, resolve=False)
    subscriber = db.session.scalar(
        sa.select(WebhookSubscriber).where(WebhookSubscriber.name == name))
    created = subscriber is None
    if subscriber is None:
        subscriber = WebhookSubscriber(name=name, secret=new_secret())
        db.session.add(subscriber)
    elif change.rotate_secret:
        subscriber.secret = new_secret()
    subscriber.url = change.url
    subscriber.events = [str(event) for event in dict.fromkeys(change.events)]
    shown = subscriber.secret if created or change.rotate_secret else None
    return subscriber, created, shown


def rotate_secret(subscriber: WebhookSubscriber) -> str:
    """A new secret: deliveries from now on are signed with it."""
    subscriber.secret = new_secret()
    return subscriber.secret


def subscriber_as_json(subscriber: WebhookSubscriber, secret: str | None = None) -> dict[str, Any]:
    found = {"name": subscriber.name, "url": subscriber.url, "events": list(subscriber.events)}
    return found | {"secret": secret} if secret else found


def subscribers_for(session: AnySession, event: EventType) -> list[WebhookSubscriber]:
    # A handful of rows: filtered here rather than by a JSON query each database spells apart.
    return [s for s in session.scalars(sa.select(WebhookSubscriber).order_by(WebhookSubscriber.id))
            if str(event) in s.events]


def publish(session: AnySession, event: EventType, data: dict[str, Any], *,
            event_id: str | None = None, quotes: Iterable[int] = ()) -> int:
    """Queue `event` for every subscriber that wants it; returns how many were queued now.

    `event_id` makes announcing the same event twice queue it once; `quotes` are the answers
    whose data it carries, so erasing one cancels it.
    """
    subscribers = subscribers_for(session, event)
    if not subscribers:
        return 0
    webhook_id = f"msg_{event_id or uuid.uuid4().hex}"
    body = json.dumps({"type": str(event), "timestamp": utcnow().isoformat(), "data": data},
                      ensure_ascii=False, separators=(",", ":"))
    quoted, queued = list(quotes), 0
    for subscriber in subscribers:
        message = enqueue_delivery(
            webhook_key(subscriber.id, webhook_id), channel=OutboxChannel.WEBHOOK,
            to=subscriber.destination, body=body, purpose=str(event), quotes=quoted,
            session=session)
        queued += message.id is None  # not flushed yet: new, not found under its key
    return queued
