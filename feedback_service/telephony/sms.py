"""Twilio's messaging webhooks: callers' replies to SMS surveys, and delivery status.

Replies to the caller leave through the outbox, like every other SMS the service sends, not as
TwiML in the webhook answer: they are sent only once the answer that explains them is
committed, they are retried when Twilio is briefly unavailable, their delivery is tracked by
the status callback, and `SMS_BACKEND=console` keeps them off the network in local trials.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from feedback_service.database import insert_if_absent, utcnow
from feedback_service.database_engine import answer_within_the_database_timeout
from feedback_service.extensions import csrf, db
from feedback_service.outbox.flush import (
    REPORTED_STATUSES,
    STATUS_REPORT_SOURCE,
    record_status_report,
    status_report_key,
)
from feedback_service.outbox.models import OutboxMessage
from feedback_service.outbox.queue import enqueue_sms
from feedback_service.phone_numbers import normalize_e164
from feedback_service.surveys.sms_conversation import answer_inbound_sms
from feedback_service.telephony.models import InboundMessage, WebhookEvent
from feedback_service.telephony.signature import twilio_webhook
from feedback_service.telephony.twiml import TWIML_MIMETYPE, acknowledge

log = logging.getLogger(__name__)

sms = Blueprint("sms", __name__, url_prefix="/twilio/sms")
csrf.exempt(sms)  # authenticated by Twilio's signature
answer_within_the_database_timeout(sms)

RECEIVED = "received"  # stored, not yet applied to a survey


@sms.errorhandler(Exception)
def answer_failure(error: Exception) -> Response | HTTPException:
    """Plain text, never a page: 503 when the database is out of reach, so Twilio may retry.

    Twilio retries a messaging webhook only when its URL asks for it (`#rp=5xx`); without that,
    the scheduler's catch-up job finds the message through Twilio's API once the database is back.
    """
    if isinstance(error, HTTPException):
        return error
    if isinstance(error, sa.exc.SQLAlchemyError):
        log.warning("SMS webhook %s: the database is out of reach (%s)", request.endpoint,
                    type(error).__name__)
        return Response("the database is out of reach; try again later", status=503,
                        mimetype="text/plain", headers={"Retry-After": "60"})
    log.exception("SMS webhook %s failed", request.endpoint)
    return Response("internal error", status=500, mimetype="text/plain")


def empty_answer() -> Response:
    """An empty TwiML document: the answer to the caller leaves through the outbox."""
    return Response(acknowledge(), status=200, mimetype=TWIML_MIMETYPE)


def _store_as_received(message_sid: str) -> None:
    """Keep the message before anything else happens to it; a retried MessageSid adds nothing."""
    form = request.form
    sender = form.get("From", "")
    db.session.add(InboundMessage(
        provider_message_id=message_sid,
        from_number=(normalize_e164(sender) or sender)[:32] or None,
        to_number=form.get("To", "")[:32] or None,
        body=form.get("Body", ""),
        outcome=RECEIVED,
    ))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # Twilio retried a message we already hold


def _claim(message_sid: str) -> InboundMessage | None:
    """The stored message, once: a retry (even a concurrent one) finds it already handled."""
    claimed = db.session.execute(
        sa.update(InboundMessage)
        .where(InboundMessage.provider_message_id == message_sid,
               InboundMessage.outcome == RECEIVED)
        .values(outcome="processing")
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    return db.session.scalar(
        sa.select(InboundMessage).where(InboundMessage.provider_message_id == message_sid))


@sms.post("/inbound")
@twilio_webhook
def inbound() -> ResponseReturnValue:
    """Store a caller's SMS as received, apply it to their survey and queue the answer."""
    message_sid = request.form.get("MessageSid") or request.form.get("SmsSid")
    if not message_sid:
        return Response("MessageSid is missing", status=400, mimetype="text/plain")
    _store_as_received(message_sid)
    message = _claim(message_sid)
    if message is None:
        return empty_answer()
    if not message.from_number:
        message.outcome = "no_sender"
        db.session.commit()
        return empty_answer()
    turn = answer_inbound_sms(message.from_number, message.body or "", current_app.config,
                              message_sid=message_sid)
    message.outcome = turn.outcome
    message.survey_id = turn.survey.id if turn.survey else None
    if turn.reply:
        enqueue_sms(f"sms-reply:{message_sid}", to=message.from_number, body=turn.reply,
                    purpose=turn.purpose, survey_id=message.survey_id)
    db.session.commit()
    log.info("inbound SMS %s: %s", message_sid, turn.outcome)
    return empty_answer()


@sms.post("/status")
@twilio_webhook
def status() -> ResponseReturnValue:
    """Record how far a survey SMS got (sent, delivered, undelivered, failed), only forward."""
    message_sid = request.form.get("MessageSid") or request.form.get("SmsSid") or ""
    reported = request.form.get("MessageStatus") or request.form.get("SmsStatus") or ""
    error_code = request.form.get("ErrorCode") or None
    if not message_sid:
        return Response("MessageSid is missing", status=400, mimetype="text/plain")
    if reported not in REPORTED_STATUSES:
        return Response(status=204)
    # Kept first, in one statement: of the same callback delivered several times at once,
    # exactly one goes on, and the others neither fail nor wait to find out.
    kept = insert_if_absent(db.session, WebhookEvent, {
        "source": STATUS_REPORT_SOURCE, "idempotency_key": status_report_key(message_sid, reported),
        "response_status": 204, "response_body": "", "response_type": "text/plain",
        "received_at": utcnow(),
        "payload": {"MessageSid": message_sid, "MessageStatus": reported, "ErrorCode": error_code},
    }, "idempotency_key")
    if not kept:
        db.session.rollback()
        return Response(status=204)
    message = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.provider_message_id == message_sid)
        .with_for_update())
    if message is not None:
        record_status_report(message, reported, error_code, utcnow())
    # Otherwise the send is not recorded yet: the flush applies this event when it is.
    db.session.commit()
    return Response(status=204)
