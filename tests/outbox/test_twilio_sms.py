"""`flask outbox flush` through Twilio's REST API (faked by `responses`), one error class each."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
import requests
import responses
import sqlalchemy as sa
from urllib3.exceptions import ProtocolError

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage, OutboxStatus
from feedback_service.outbox.queue import enqueue_sms
from feedback_service.settings import settings_of
from feedback_service.surveys.models import OptOut
from tests.conftest import settings

ACCOUNT_SID = "AC" + "1" * 32
MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
FROM_NUMBER = "+46766860000"
CALLER = "+46701234567"


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                    TWILIO_FROM_NUMBER=FROM_NUMBER)


@pytest.fixture
def twilio_api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def created(sid: str = "SM" + "f" * 32) -> dict:
    return {"sid": sid, "status": "queued", "to": CALLER, "from": FROM_NUMBER, "body": "x"}


def twilio_error(code: int, message: str) -> dict:
    return {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": 400}


def queue_question(app, key: str = "survey:1:score") -> int:
    with app.app_context():
        message = enqueue_sms(key, to=CALLER, body="Hur var samtalet?", purpose="survey_question")
        db.session.commit()
        return message.id


def flush(runner) -> str:
    result = runner.invoke(args=["outbox", "flush"])
    assert result.exit_code == 0, result.output
    return result.output


def message(app, message_id: int) -> OutboxMessage:
    with app.app_context():
        return db.session.get(OutboxMessage, message_id)


def test_a_message_is_sent_with_the_status_callback(app, runner, twilio_api):
    twilio_api.post(MESSAGES_URL, json=created("SM" + "a" * 32), status=201)
    message_id = queue_question(app)

    assert flush(runner).strip() == "1 sent"

    [call] = twilio_api.calls
    form = parse_qs(call.request.body)
    assert form["To"] == [CALLER]
    assert form["From"] == [FROM_NUMBER]
    assert form["Body"] == ["Hur var samtalet?"]
    assert form["StatusCallback"] == ["https://feedback.example.com/twilio/sms/status"]
    sent = message(app, message_id)
    assert (sent.status, sent.provider_message_id, sent.attempts) == ("sent", "SM" + "a" * 32, 1)
    assert sent.sent_at is not None


def test_a_messaging_service_is_used_when_set(app, runner, twilio_api):
    settings_of(app).twilio_messaging_service_sid = "MG" + "2" * 32
    twilio_api.post(MESSAGES_URL, json=created(), status=201)
    queue_question(app)

    flush(runner)

    form = parse_qs(twilio_api.calls[0].request.body)
    assert form["MessagingServiceSid"] == ["MG" + "2" * 32]
    assert "From" not in form


@pytest.mark.parametrize(("reply", "retry_after"), [
    ({"status": 429, "json": twilio_error(20429, "Too Many Requests"),
      "headers": {"Retry-After": "120"}}, 120),
    ({"status": 503, "json": twilio_error(20503, "Service Unavailable"),
      "headers": {"Retry-After": "7"}}, 30),  # never sooner than the back-off
    ({"status": 503, "body": "Service Unavailable"}, 30),
    ({"body": requests.ConnectionError("Name or service not known")}, 30),
    ({"body": requests.ConnectTimeout("connect timed out")}, 30),
])
# In the afternoon: a retry that would land in SMS_QUIET_HOURS waits for their end instead.
@pytest.mark.clock("2026-11-18T14:00:00+01:00")
def test_passing_faults_are_retried_after_a_wait(app, runner, twilio_api, reply, retry_after):
    twilio_api.post(MESSAGES_URL, **reply)
    message_id = queue_question(app)
    before = utcnow()

    assert flush(runner).strip() == "1 pending"

    waiting = message(app, message_id)
    assert waiting.status == OutboxStatus.PENDING
    assert waiting.last_error
    assert timedelta(seconds=retry_after - 1) <= waiting.not_before - before
    assert waiting.not_before - before <= timedelta(seconds=retry_after + 5)
    assert flush(runner).strip() == "Nothing was due."  # not before its time
    assert len(twilio_api.calls) == 1


@pytest.mark.parametrize("reply", [
    {"status": 500, "json": twilio_error(20500, "Internal Server Error")},
    {"status": 502, "body": "Bad Gateway"},
    {"body": requests.ReadTimeout("read timed out")},
    {"body": requests.ConnectionError(ProtocolError("Connection aborted."))},
])
def test_a_send_twilio_may_have_taken_is_marked_ambiguous_and_never_resent(
        app, runner, twilio_api, reply):
    twilio_api.post(MESSAGES_URL, **reply)
    message_id = queue_question(app)

    assert flush(runner).strip() == "1 ambiguous"
    with app.app_context():
        db.session.get(OutboxMessage, message_id).not_before = utcnow() - timedelta(days=1)
        db.session.commit()
    flush(runner)

    assert len(twilio_api.calls) == 1
    assert message(app, message_id).status == OutboxStatus.AMBIGUOUS


def test_an_unsubscribed_number_is_recorded_as_opted_out(app, runner, twilio_api):
    twilio_api.post(MESSAGES_URL, status=400, json=twilio_error(
        21610, "Attempt to send to unsubscribed recipient"))
    message_id = queue_question(app)

    flush(runner)

    assert message(app, message_id).status == OutboxStatus.FAILED
    assert "21610" in message(app, message_id).last_error
    with app.app_context():
        opt_out = db.session.scalar(sa.select(OptOut))
        assert (opt_out.phone, opt_out.source) == (CALLER, "twilio-21610")


@pytest.mark.parametrize(("code", "text"), [
    (21211, "The 'To' number is not a valid phone number."),
    (21614, "'To' number is not a valid mobile number"),
    (21408, "Permission to send an SMS has not been enabled for the region"),
    (21612, "The 'To' phone number is not currently reachable via SMS"),
])
def test_numbers_that_cannot_take_an_sms_fail_for_good(app, runner, twilio_api, code, text):
    twilio_api.post(MESSAGES_URL, status=400, json=twilio_error(code, text))
    message_id = queue_question(app)

    assert flush(runner).strip() == "1 failed"
    with app.app_context():
        db.session.get(OutboxMessage, message_id).not_before = utcnow() - timedelta(days=1)
        db.session.commit()
    flush(runner)

    failed = message(app, message_id)
    assert (failed.status, failed.attempts) == (OutboxStatus.FAILED, 1)
    assert str(code) in failed.last_error
    assert len(twilio_api.calls) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(OptOut)) is None


def test_once_retrying_has_outlasted_its_window_the_message_stays_visible_as_failed(
        app, runner, twilio_api):
    twilio_api.post(MESSAGES_URL, status=503, body="Service Unavailable")
    message_id = queue_question(app)

    for _ in range(8):
        flush(runner)
        with app.app_context():
            db.session.get(OutboxMessage, message_id).not_before = utcnow()
            db.session.commit()
    assert message(app, message_id).status == OutboxStatus.PENDING
    with app.app_context():  # the message has no survey: it is retried for a day
        waiting = db.session.get(OutboxMessage, message_id)
        assert timedelta(hours=23) < waiting.give_up_at - utcnow() <= timedelta(hours=24)
        waiting.give_up_at = utcnow()
        db.session.commit()
    flush(runner)

    failed = message(app, message_id)
    assert (failed.status, failed.attempts) == (OutboxStatus.FAILED, 9)
    assert failed.last_error == "gave up after 9 attempts: Twilio answered 503, error 503"
    assert len(twilio_api.calls) == 9


def test_a_message_to_an_opted_out_number_is_cancelled_without_a_request(
        app, runner, twilio_api):
    message_id = queue_question(app)
    with app.app_context():
        db.session.add(OptOut(phone=CALLER, keyword="STOPP", source="sms"))
        db.session.commit()

    flush(runner)

    assert message(app, message_id).status == OutboxStatus.FAILED
    assert len(twilio_api.calls) == 0


def test_the_console_backend_logs_instead_of_sending(app, runner, twilio_api, caplog):
    settings_of(app).sms_backend = "console"
    message_id = queue_question(app)

    with caplog.at_level("INFO"):
        assert flush(runner).strip() == "1 sent"

    assert message(app, message_id).status == OutboxStatus.SENT
    assert len(twilio_api.calls) == 0
    assert CALLER not in caplog.text and "+46 *******67" in caplog.text


def test_a_status_callback_that_comes_before_the_send_is_recorded_still_counts(
        app, runner, twilio_api, twilio_post):
    sid = "SM" + "b" * 32

    def twilio_creates_and_delivers_at_once(request):
        # Twilio reports delivery before its answer to the send reaches the flush.
        for status in ("sent", "delivered"):
            assert twilio_post("/twilio/sms/status", {
                "MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status,
                "AccountSid": ACCOUNT_SID, "To": CALLER, "From": FROM_NUMBER,
            }).status_code == 204
        return 201, {}, json.dumps(created(sid))

    twilio_api.add_callback(responses.POST, MESSAGES_URL,
                            callback=twilio_creates_and_delivers_at_once)
    message_id = queue_question(app)

    assert flush(runner).strip() == "1 delivered"

    assert (message(app, message_id).status, message(app, message_id).provider_message_id) == (
        "delivered", sid)
