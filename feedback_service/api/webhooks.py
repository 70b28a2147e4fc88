"""`/api/v1/webhooks`: the CRM (or anything) subscribes to the service's events."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from flask.typing import ResponseReturnValue
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
)

from feedback_service.api.auth import api_error, require_api_token
from feedback_service.api.description import answer, described
from feedback_service.api.replies import Reply
from feedback_service.api.views import api, json_body
from feedback_service.database import unit_of_work
from feedback_service.extensions import db
from feedback_service.outgoing.models import EventType, WebhookSubscriber
from feedback_service.outgoing.network_rule import RefusedDestination
from feedback_service.outgoing.webhooks import SubscriberChange, save_subscriber, subscriber_as_json
from feedback_service.settings import current_settings
from feedback_service.staff.directory import is_slug


class WebhookBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    events: list[EventType] = Field(min_length=1)
    rotate_secret: bool = False


class WebhookReply(Reply):
    name: str
    url: str
    events: list[EventType]
    secret: str | None = Field(
        default=None, description="`whsec_…`: only when created and when its secret is rotated")

    @model_serializer(mode="wrap")
    def _secret_only_when_shown(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Absent rather than null: a client never mistakes "not shown" for "no secret".
        found: dict[str, Any] = handler(self)
        if found.get("secret") is None:
            found.pop("secret", None)
        return found


class WebhookList(Reply):
    webhooks: list[WebhookReply] = Field(description="Every subscriber, without secrets")


@api.put("/webhooks/<name>")
@described("Create or update a webhook subscriber", body=WebhookBody,
           replies={200: WebhookReply, 201: WebhookReply}, errors=(400, 413))
@require_api_token
def put_webhook(name: str) -> ResponseReturnValue:
    """Create or update a subscriber; its secret is shown when made, and on `rotate_secret`."""
    if not is_slug(name):
        return api_error("a webhook name is lower-case letters, digits, '.', '_' or '-'", 400)
    body = json_body(WebhookBody)
    try:
        with unit_of_work(db.session):
            subscriber, created, secret = save_subscriber(
                name, SubscriberChange(body.url, body.events, body.rotate_secret),
                current_settings().webhook_allow_private)
    except RefusedDestination as error:
        return api_error(f"url: {error}", 400)
    return answer(WebhookReply, subscriber_as_json(subscriber, secret), 201 if created else 200)


@api.get("/webhooks")
@described("List the webhook subscribers", replies={200: WebhookList})
@require_api_token
def list_webhooks() -> ResponseReturnValue:
    """Every subscriber, by name, without secrets."""
    subscribers = db.session.scalars(sa.select(WebhookSubscriber).order_by(WebhookSubscriber.name))
    return answer(WebhookList, {"webhooks": [subscriber_as_json(s) for s in subscribers]})


@api.delete("/webhooks/<name>")
@described("Remove a webhook subscriber", replies={204: None})
@require_api_token
def delete_webhook(name: str) -> ResponseReturnValue:
    """Remove a subscriber; what was queued for it is not sent."""
    with unit_of_work(db.session):
        subscriber = db.session.scalar(
            sa.select(WebhookSubscriber).where(WebhookSubscriber.name == name))
        if subscriber is None:
            return api_error(f"no webhook {name!r}", 404)
        db.session.delete(subscriber)
    return "", 204
