"""`/twilio/sms/status`: delivery status of survey SMS, only ever moving forward."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage, OutboxStatus
from feedback_service.outbox.queue import enqueue_sms
from feedback_service.telephony.models import WebhookEvent

SID = "SM" + "d" * 32


@pytest.fixture
def sent_message(app) -> int:
    with app.app_context():
        message = enqueue_sms("survey:1:score", to="+46701234567", body="Hur var samtalet?",
                              purpose="survey_question")
        message.status = OutboxStatus.SENT
        message.provider_message_id = SID
        db.session.commit()
        return message.id


def report(twilio_post, status: str, sid: str = SID, **extra: str):
    return twilio_post("/twilio/sms/status", {
        "MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status,
        "AccountSid": "AC" + "0" * 32, "To": "+46701234567", "From": "+46766860000", **extra,
    })


def status_of(app, message_id: int) -> tuple[str, str | None]:
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        return message.status, message.last_error


@pytest.mark.parametrize(("reports", "final"), [
    (["queued", "sent", "delivered"], "delivered"),
    (["sent", "undelivered"], "undelivered"),
    (["failed"], "failed"),
    (["delivered", "sent"], "delivered"),  # a late "sent" never moves it back
    (["delivered", "queued", "sending"], "delivered"),
    (["undelivered", "delivered"], "undelivered"),  # a final state stays final
    (["sent", "read", "receiving"], "sent"),  # statuses that do not apply are ignored
])
def test_delivery_status_only_moves_forward(app, twilio_post, sent_message, reports, final):
    for status in reports:
        assert report(twilio_post, status).status_code == 204

    assert status_of(app, sent_message)[0] == final


def test_a_failed_delivery_keeps_twilios_error_code(app, twilio_post, sent_message):
    report(twilio_post, "undelivered", ErrorCode="30006")

    assert status_of(app, sent_message) == ("undelivered", "Twilio error 30006")


def test_a_repeated_callback_is_stored_once(app, twilio_post, sent_message):
    report(twilio_post, "delivered")
    report(twilio_post, "delivered")

    with app.app_context():
        [event] = db.session.scalars(sa.select(WebhookEvent)).all()
        assert event.payload == {"MessageSid": SID, "MessageStatus": "delivered",
                                 "ErrorCode": None}  # no phone numbers kept


def test_a_status_for_a_message_we_do_not_know_is_accepted_and_changes_nothing(
        app, twilio_post, sent_message):
    assert report(twilio_post, "delivered", sid="SM" + "e" * 32).status_code == 204
    assert status_of(app, sent_message)[0] == "sent"


def test_a_callback_without_a_valid_signature_is_refused(app, twilio_post, sent_message):
    answer = twilio_post("/twilio/sms/status", {"MessageSid": SID, "MessageStatus": "failed"},
                         signature="forged")

    assert answer.status_code == 403
    assert status_of(app, sent_message)[0] == "sent"


def test_a_callback_without_a_sid_is_refused_clearly(twilio_post):
    assert twilio_post("/twilio/sms/status", {"MessageStatus": "sent"}).status_code == 400
