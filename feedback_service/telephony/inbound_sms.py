"""A caller's text, from Twilio's webhook or recovered through its API: stored, then applied.

The message is kept as received first, in a commit of its own, so it survives whatever happens
to its survey; applying it claims it, so that a retry or a recovery running at the same time
applies it only once.
"""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from feedback_service.extensions import db
from feedback_service.outbox.queue import enqueue_sms
from feedback_service.phone_numbers import normalize_e164
from feedback_service.settings import Settings
from feedback_service.surveys.sms_conversation import answer_inbound_sms
from feedback_service.telephony.models import InboundMessage
from feedback_service.telephony.sms_replies import reply_text

log = logging.getLogger(__name__)

RECEIVED = "received"  # stored, not yet applied to a survey
PROCESSING = "processing"  # claimed, within the transaction that applies it


def storable(text: str) -> str:
    """A caller's text as it can be stored: NUL, which no database text holds, becomes U+FFFD."""
    return text.replace("\x00", "\ufffd")


def store_as_received(message_sid: str, *, sender: str, to: str, body: str,
                      received_at: datetime | None = None) -> None:
    """Keep the message before anything else happens to it; a MessageSid held adds nothing."""
    message = InboundMessage(
        provider_message_id=message_sid,
        from_number=(normalize_e164(sender) or sender)[:32] or None,
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


def apply_received(message_sid: str, settings: Settings) -> str | None:
    """Apply a stored message to its sender's survey and queue the answer; commits.

    Returns what became of it, or None when it was already applied. The conversation is judged
    at the time the message arrived, so one recovered after an outage counts as on time.
    """
    message = _claim(message_sid)
    if message is None:
        return None
    if not message.from_number:
        message.outcome = "no_sender"
        db.session.commit()  # the unit: the claim and its outcome
        return message.outcome
    turn = answer_inbound_sms(message.from_number, message.body or "", settings,
                              message_sid=message_sid, now=message.received_at)
    message.outcome = turn.outcome
    message.survey_id = turn.survey.id if turn.survey else None
    if reply := reply_text(turn, settings.company):
        # The claim above makes this the only answer to the message: no look-up of its key.
        enqueue_sms(f"sms-reply:{message_sid}", to=message.from_number, body=reply,
                    purpose=turn.purpose, survey_id=message.survey_id,
                    expires_at=turn.survey.expires_at if turn.survey else None, new_key=True)
    db.session.commit()  # the unit: the claim, the survey's answer and the reply to send
    log.info("inbound SMS %s: %s", message_sid, turn.outcome)
    return turn.outcome


def receive_sms(message_sid: str, *, sender: str, to: str, body: str,
                settings: Settings, received_at: datetime | None = None) -> str | None:
    """Store, then apply, one text; None when it had been applied before."""
    store_as_received(message_sid, sender=sender, to=to, body=body, received_at=received_at)
    return apply_received(message_sid, settings)
