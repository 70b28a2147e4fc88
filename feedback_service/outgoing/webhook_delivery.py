"""Delivering one webhook: a `POST` signed as Standard Webhooks says, its outcome for the outbox.

| what happened | outcome |
| --- | --- |
| 2xx | SENT |
| 410 Gone | FAILED: the receiver says it wants no more |
| another status, a timeout, no connection, a name that does not resolve | RETRY, with back-off |
| an address the network rule refuses | FAILED (`outbox retry` queues it again once fixed) |

A timeout is retried although the receiver may have taken the delivery: every retry carries the
same `webhook-id`, by which a receiver drops one it already has (Standard Webhooks asks that).
"""

from __future__ import annotations

import os
from datetime import datetime
from functools import partial

import requests
from standardwebhooks.webhooks import Webhook

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.outbox.send_results import Delivery, Outcome, SendResult
from feedback_service.outgoing.models import WebhookSubscriber
from feedback_service.outgoing.network_rule import (
    RefusedDestination,
    Unresolved,
    check_url,
    guarded,
)
from feedback_service.settings import current_settings

# Connect and read: short, so that a receiver that hangs costs a flush seconds, not minutes
# (after a few such faults its circuit opens and it costs nothing).
TIMEOUT = (3.05, 5.0)
USER_AGENT = "feedback-service-webhooks"


def webhook_key(subscriber_id: int, webhook_id: str) -> str:
    """The outbox key of one event's delivery to one subscriber."""
    return f"webhook:{subscriber_id}:{webhook_id}"


def webhook_id_of(message: OutboxMessage) -> str:
    """The `webhook-id` a delivery carries on every try: the event's id, from its key."""
    return message.idempotency_key.split(":", 2)[2]


def prepare_webhook(message: OutboxMessage) -> Delivery | SendResult:
    """What delivering `message` takes, read now; the delivery itself comes after the commit."""
    subscriber = db.session.get(WebhookSubscriber, int((message.recipient or "0:0")
                                                       .split(":")[1]))
    if subscriber is None:
        return SendResult(Outcome.FAILED, error="cancelled: the subscriber was deleted")
    if message.body is None:
        return SendResult(Outcome.FAILED, error="cancelled: it quotes an erased answer")
    return partial(deliver_webhook, subscriber.url, subscriber.secret, webhook_id_of(message),
                   message.body, current_settings().webhook_allow_private)


def signed_headers(secret: str, webhook_id: str, body: str, at: datetime) -> dict[str, str]:
    """The three Standard Webhooks headers for `body`, signed at `at`."""
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(webhook_id, at, body),
    }


def trusted_certificates() -> str | bool:
    """The CA bundle `REQUESTS_CA_BUNDLE` (or `CURL_CA_BUNDLE`) names, as requests reads it,
    for a receiver behind a private CA; else the public CAs requests ships with. Read here
    because the session ignores the environment, so that no proxy takes the hop."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True


def deliver_webhook(url: str, secret: str, webhook_id: str, body: str,
                    allow_private: bool) -> SendResult:
    """POST `body` to `url`, signed now; the receiver's answer as an outbox outcome."""
    headers = {"content-type": "application/json", "user-agent": USER_AGENT,
               **signed_headers(secret, webhook_id, body, utcnow())}
    try:
        check_url(url, allow_private)
        with requests.Session() as session, guarded(allow_private):
            session.trust_env = False  # no proxy from the environment: the rule checks the hop
            session.verify = trusted_certificates()
            answer = session.post(url, data=body.encode(), headers=headers, timeout=TIMEOUT,
                                  allow_redirects=False)
    except Unresolved as error:
        return SendResult(Outcome.RETRY, error=str(error))
    except RefusedDestination as error:
        return SendResult(Outcome.FAILED, error=f"refused: {error}")
    except requests.RequestException as error:
        return SendResult(Outcome.RETRY, error=f"{type(error).__name__}")
    if 200 <= answer.status_code < 300:
        return SendResult(Outcome.SENT)
    refusal = f"the receiver answered {answer.status_code}"
    if answer.status_code == 410:
        return SendResult(Outcome.FAILED, error=refusal)
    return SendResult(Outcome.RETRY, error=refusal)
