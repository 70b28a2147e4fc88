"""Answering a webhook once per idempotency key, with the event and its answer kept together.

A phone system retries a webhook it did not hear back from; the retry must get the first
answer again and change nothing, so the answer is stored with the event in the same commit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

import sqlalchemy as sa
from flask import Response
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.phone_numbers import numbers_in
from feedback_service.telephony.models import WebhookEvent, WebhookEventNumber


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
    keep_event(source=source, idempotency_key=key, payload=payload(), response_status=status,
               response_body=body, response_type=mimetype)
    db.session.commit()  # the unit: what the webhook did, with the answer a repeat gets
    return Response(body, status=status, mimetype=mimetype)


def keep_event(**values: Any) -> None:
    """Insert the event with the numbers its payload holds (which erasure finds it by).

    Core, not the unit of work, with statements built once: on PostgreSQL the event and its
    numbers are one statement, the event kept in a CTE the numbers take its id from; SQLite,
    which has no INSERT in a CTE, takes two. A key kept already fails here, on its unique index.
    """
    numbers = sorted(numbers_in(values["payload"]))
    values.setdefault("received_at", utcnow())
    if not numbers:
        db.session.execute(_EVENT, values)
    elif db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(_event_with_numbers(), {**values, "phones": numbers})
    else:
        event_id = db.session.execute(_EVENT.returning(_EVENTS.c.id), values).scalar_one()
        db.session.execute(_NUMBERS, [{"webhook_event_id": event_id, "phone": number}
                                      for number in numbers])


_EVENTS = cast(sa.Table, WebhookEvent.__table__)
_EVENT = sa.insert(_EVENTS)
_NUMBER_TABLE = cast(sa.Table, WebhookEventNumber.__table__)
_NUMBERS = sa.insert(_NUMBER_TABLE)


@functools.cache
def _event_with_numbers() -> sa.Insert:
    kept = sa.insert(_EVENTS).values({
        column.name: sa.bindparam(column.name, type_=column.type)
        for column in _EVENTS.c if column.name != "id"
    }).returning(_EVENTS.c.id).cte("kept_event")
    phones = sa.func.unnest(sa.bindparam("phones", type_=postgresql.ARRAY(sa.String))
                            ).table_valued("phone").render_derived(name="phones")
    return (sa.insert(_NUMBER_TABLE)
            .from_select(["webhook_event_id", "phone"],
                         sa.select(kept.c.id, phones.c.phone).select_from(kept)
                         .join(phones, sa.true()))
            .add_cte(kept))
