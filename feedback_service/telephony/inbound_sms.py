"""A caller's text, from Twilio's webhook or recovered through its API: applied once, and kept.

From the webhook, the text is kept in the transaction that applies it, with what became of it:
keeping it (an INSERT that a MessageSid already held refuses) is the claim that makes a retry,
even a concurrent one, apply it only once. Should applying it fail, the text is kept alone,
as received, before the error goes on, so it survives whatever happened to its survey and the
catch-up job applies it later. Texts recovered through Twilio's API are stored as received
first, in a commit of their own, then claimed and applied.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.queue import enqueue_sms
from feedback_service.outgoing.answer_events import (
    anyone_subscribes,
    know_whether_anyone_subscribes,
)
from feedback_service.phone_numbers import normalize_e164
from feedback_service.settings import Settings
from feedback_service.surveys.sms_conversation import ConversationTurn, answer_inbound_sms
from feedback_service.telephony.models import InboundMessage
from feedback_service.telephony.sms_replies import reply_text

log = logging.getLogger(__name__)

RECEIVED = "received"  # stored, not yet applied to a survey
PROCESSING = "processing"  # claimed, within the transaction that applies it
NO_SENDER = "no_sender"


def storable(text: str) -> str:
    """A caller's text as it can be stored: NUL, which no database text holds, becomes U+FFFD."""
    return text.replace("\x00", "\ufffd")


def _sender(sender: str) -> str | None:
    return (normalize_e164(sender) or sender)[:32] or None


def store_as_received(message_sid: str, *, sender: str, to: str, body: str,
                      received_at: datetime | None = None) -> None:
    """Keep the message before anything else happens to it; a MessageSid held adds nothing."""
    message = InboundMessage(
        provider_message_id=message_sid,
        from_number=_sender(sender),
        to_number=to[:32] or None,
        body=storable(body),
        outcome=RECEIVED,
    )
    if received_at is not None:
        message.received_at = received_at
    db.session.add(message)
    try:
        db.session.commit()  # a unit of its own: the text survives whatever happens next
    except IntegrityError:
        db.session.rollback()  # a retry, or a recovery, of a message already held


def _claim(message_sid: str) -> InboundMessage | None:
    """The stored message, once: a retry (even a concurrent one) finds it already handled."""
    message = db.session.scalar(
        sa.update(InboundMessage)
        .where(InboundMessage.provider_message_id == message_sid,
               InboundMessage.outcome == RECEIVED)
        .values(outcome=PROCESSING)
        .returning(InboundMessage)
        .execution_options(populate_existing=True)
    )
    if message is None:
        db.session.rollback()
    return message


def _queue_reply(turn: ConversationTurn, message_sid: str, to: str, settings: Settings) -> None:
    if reply := reply_text(turn, settings.company):
        # Only the one claim on the message gets here: no look-up of its key.
        enqueue_sms(f"sms-reply:{message_sid}", to=to, body=reply, purpose=turn.purpose,
                    survey_id=turn.survey.id if turn.survey else None,
                    expires_at=turn.survey.expires_at if turn.survey else None, new_key=True)


def apply_received(message_sid: str, settings: Settings) -> str | None:
    """Apply a stored message to its sender's survey and queue the answer; commits.

    Returns what became of it, or None when it was already applied. The conversation is judged
    at the time the message arrived, so one recovered after an outage counts as on time.
    """
    message = _claim(message_sid)
    if message is None:
        return None
    if not message.from_number:
        message.outcome = NO_SENDER
        db.session.commit()  # the unit: the claim and its outcome
        return message.outcome
    turn = answer_inbound_sms(message.from_number, message.body or "", settings,
                              message_sid=message_sid, now=message.received_at)
    message.outcome = turn.outcome
    message.survey_id = turn.survey.id if turn.survey else None
    _queue_reply(turn, message_sid, message.from_number, settings)
    db.session.commit()  # the unit: the claim, the survey's answer and the reply to send
    log.info("inbound SMS %s: %s", message_sid, turn.outcome)
    return turn.outcome


def _keeping(insert: type[postgresql.Insert] | type[sqlite.Insert]) -> sa.Executable:
    """INSERT the applied message unless its MessageSid is held; RETURNING its id and whether
    anyone subscribes to webhooks, which the answer's events need to know at the commit."""
    table = cast(sa.Table, InboundMessage.__table__)
    return (
        insert(table)
        .values({column: sa.bindparam(column) for column in _KEPT})
        .on_conflict_do_nothing(index_elements=[table.c.provider_message_id])
        .returning(table.c.id, anyone_subscribes())
    )


_KEPT = ("provider_message_id", "from_number", "to_number", "body", "outcome", "survey_id",
         "received_at")
# Built once: a webhook only fills in the values.
_KEEP = {"postgresql": _keeping(postgresql.Insert), "sqlite": _keeping(sqlite.Insert)}


def _keep(message_sid: str, *, sender: str | None, to: str, body: str, outcome: str,
          survey_id: int | None, received_at: datetime) -> bool:
    """Keep the applied message in the transaction that applied it; False when its MessageSid
    is held already (the unique index decides, so concurrent retries cannot both keep it)."""
    session = db.session()
    statement = _KEEP[session.get_bind().dialect.name]
    values = {"provider_message_id": message_sid, "from_number": sender,
              "to_number": to[:32] or None, "body": body, "outcome": outcome,
              "survey_id": survey_id, "received_at": received_at}
    # Before the answer's writes are flushed: the claim comes first, and a retry waits on it
    # rather than on the reply's key.
    with session.no_autoflush:
        kept = session.execute(statement, values).first()
    if kept is None:
        return False
    know_whether_anyone_subscribes(session, kept[1])
    return True


def _apply_and_keep(message_sid: str, *, sender: str | None, to: str, body: str,
                    settings: Settings, now: datetime) -> str | None:
    turn = None
    if sender:
        turn = answer_inbound_sms(sender, body, settings, message_sid=message_sid, now=now)
    outcome = turn.outcome if turn else NO_SENDER
    survey_id = turn.survey.id if turn and turn.survey else None
    if not _keep(message_sid, sender=sender, to=to, body=body, outcome=outcome,
                 survey_id=survey_id, received_at=now):
        db.session.rollback()  # held already: applied before, or stored for later
        return apply_received(message_sid, settings)
    if turn and sender:
        _queue_reply(turn, message_sid, sender, settings)
    db.session.commit()  # the unit: the text, its outcome, the survey's answer, the reply
    log.info("inbound SMS %s: %s", message_sid, outcome)
    return outcome


def receive_sms(message_sid: str, *, sender: str, to: str, body: str,
                settings: Settings) -> str | None:
    """Apply one text from the webhook and keep it; None when it had been applied before.

    When applying it fails, the text is kept alone, as received, before the error goes on.
    """
    try:
        return _apply_and_keep(message_sid, sender=_sender(sender), to=to,
                               body=storable(body), settings=settings, now=utcnow())
    except Exception:
        db.session.rollback()
        store_as_received(message_sid, sender=sender, to=to, body=body)
        raise
