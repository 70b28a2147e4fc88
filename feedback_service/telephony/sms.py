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
from werkzeug.exceptions import HTTPException

from feedback_service.database import insert_if_absent, utcnow
from feedback_service.database_engine import (
    answer_within_the_database_timeout,
    database_unreachable,
)
from feedback_service.extensions import csrf, db
from feedback_service.outbox.flush import (
    REPORTED_STATUSES,
    STATUS_REPORT_SOURCE,
    record_status_report,
    status_report_key,
)
from feedback_service.outbox.models import OutboxMessage
from feedback_service.telephony.inbound_sms import receive_sms
from feedback_service.telephony.models import WebhookEvent
from feedback_service.telephony.signature import twilio_webhook
from feedback_service.telephony.twiml import TWIML_MIMETYPE, acknowledge

log = logging.getLogger(__name__)

sms = Blueprint("sms", __name__, url_prefix="/twilio/sms")
csrf.exempt(sms)  # authenticated by Twilio's signature
answer_within_the_database_timeout(sms)

LONGEST_MESSAGE_SID = 64  # Twilio's are 34 characters; the column holds 64


@sms.errorhandler(Exception)
def answer_failure(error: Exception) -> Response:
    """Plain text, never a page: 503 when the database is out of reach, so Twilio may retry.

    Twilio retries a messaging webhook only when its URL asks for it (`#rp=5xx`); without that,
    the scheduler's catch-up job finds the message through Twilio's API once the database is back.
    """
    if isinstance(error, HTTPException):
        return Response(error.description or error.name, status=error.code or 400,
                        mimetype="text/plain")
    if database_unreachable(error):
        log.warning("SMS webhook %s: the database is out of reach (%s)", request.endpoint,
                    type(error).__name__)
        return Response("the database is out of reach; try again later", status=503,
                        mimetype="text/plain", headers={"Retry-After": "60"})
    log.exception("SMS webhook %s failed", request.endpoint)
    return Response("internal error", status=500, mimetype="text/plain")


def empty_answer() -> Response:
    """An empty TwiML document: the answer to the caller leaves through the outbox."""
    return Response(acknowledge(), status=200, mimetype=TWIML_MIMETYPE)


@sms.post("/inbound")
@twilio_webhook
def inbound() -> ResponseReturnValue:
    """Store a caller's SMS as received, apply it to their survey and queue the answer."""
    message_sid = request.form.get("MessageSid") or request.form.get("SmsSid")
    if not message_sid or len(message_sid) > LONGEST_MESSAGE_SID:
        return Response("MessageSid is missing or not a Twilio message id", status=400,
                        mimetype="text/plain")
    receive_sms(message_sid, sender=request.form.get("From", ""),
                to=request.form.get("To", ""), body=request.form.get("Body", ""),
                config=current_app.config)
    return empty_answer()


@sms.post("/status")
@twilio_webhook
def status() -> ResponseReturnValue:
    """Record how far a survey SMS got (sent, delivered, undelivered, failed), only forward."""
    message_sid = request.form.get("MessageSid") or request.form.get("SmsSid") or ""
    reported = request.form.get("MessageStatus") or request.form.get("SmsStatus") or ""
    error_code = request.form.get("ErrorCode") or None
    if not message_sid or len(message_sid) > LONGEST_MESSAGE_SID:
        return Response("MessageSid is missing or not a Twilio message id", status=400,
                        mimetype="text/plain")
    if reported not in REPORTED_STATUSES:
        return Response(status=204)
    # Kept first, in one statement: of the same callback delivered several times at once,
    # exactly one goes on, and the others neither fail nor wait to find out.
    kept = insert_if_absent(db.session, WebhookEvent, {
        "source": STATUS_REPORT_SOURCE, "idempotency_key": status_report_key(message_sid, reported),
        "response_status": 204, "received_at": utcnow(),
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
