"""Answering a webhook once per idempotency key, with the event and its answer kept together.

A phone system retries a webhook it did not hear back from; the retry must get the first
answer again and change nothing, so the answer is stored with the event in the same commit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Response
from sqlalchemy.exc import IntegrityError

from feedback_service.extensions import db
from feedback_service.telephony.models import WebhookEvent


def stored_answer(key: str) -> Response | None:
    """The answer given the first time this event came, or None for a new event."""
    event = db.session.scalar(sa.select(WebhookEvent).where(WebhookEvent.idempotency_key == key))
    if event is None:
        return None
    return Response(event.response_body, status=event.response_status,
                    mimetype=event.response_type)


def answer_once(key: str, source: str, produce: Callable[[], str], *,
                payload: Callable[[], dict[str, Any]], status: int, mimetype: str) -> Response:
    """Run `produce` once per key and commit its answer with the event; a repeat gets it again.

    The event is not looked up first: a repeat is rare, and the key's unique index finds it
    when the event is inserted. A repeat's work is then rolled back, in the same transaction,
    and the answer stored the first time is given instead.
    """
    try:
        return _produce_and_keep(key, source, produce, payload, status, mimetype)
    except IntegrityError:
        # A repeat, or the same event (or another for the same call) handled at once.
        db.session.rollback()
        if (answer := stored_answer(key)) is not None:
            return answer
        return _produce_and_keep(key, source, produce, payload, status, mimetype)


def _produce_and_keep(key: str, source: str, produce: Callable[[], str],
                      payload: Callable[[], dict[str, Any]], status: int,
                      mimetype: str) -> Response:
    body = produce()
    db.session.add(WebhookEvent(source=source, idempotency_key=key, payload=payload(),
                                response_status=status, response_body=body,
                                response_type=mimetype))
    db.session.commit()  # the unit: what the webhook did, with the answer a repeat gets
    return Response(body, status=status, mimetype=mimetype)
