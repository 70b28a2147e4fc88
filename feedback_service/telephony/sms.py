"""Twilio's messaging webhooks: callers' replies to SMS surveys, and delivery status.

Replies to the caller leave through the outbox, like every other SMS the service sends, not as
TwiML in the webhook answer: they are sent only once the answer that explains them is
committed, they are retried when Twilio is briefly unavailable, their delivery is tracked by
the status callback, and `SMS_BACKEND=console` keeps them off the network in local trials.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from feedback_service.database_engine import (
    answer_within_the_database_timeout,
    database_unreachable,
)
from feedback_service.extensions import csrf, db
from feedback_service.settings import current_settings
from feedback_service.telephony.delivery_reports import REPORTED_STATUSES, receive_report
from feedback_service.telephony.inbound_sms import receive_sms
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
                settings=current_settings())
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
    receive_report(message_sid, reported, error_code)
    db.session.commit()  # the unit: the report kept once, with its effect on the message
    return Response(status=204)
