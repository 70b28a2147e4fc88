"""The outbox outlasts an outage: back-off for hours, a pause on refused credentials, and
`flask outbox retry` for what failed anyway."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
import responses
import sqlalchemy as sa

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage, OutboxStatus
from feedback_service.outbox.queue import enqueue_email, enqueue_sms
from feedback_service.settings import settings_of
from feedback_service.surveys import calls, decision
from feedback_service.surveys.models import Channel
from feedback_service.surveys.scoring import SurveyKind
from tests.conftest import settings
from tests.outbox.test_twilio_sms import (
    ACCOUNT_SID,
    CALLER,
    FROM_NUMBER,
    MESSAGES_URL,
    created,
    twilio_error,
)
from tests.smtp_sink import SmtpSink

PASSWORD = "s3cret-password"


@pytest.fixture
def smtp_with_login():
    sink = SmtpSink(password=PASSWORD)
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def app_settings(database_url, smtp_with_login):
    return settings(database_url, SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                    TWILIO_FROM_NUMBER=FROM_NUMBER, MAIL_FROM="feedback@acme.example",
                    SMTP_URL=smtp_with_login.url_with_login(PASSWORD))


@pytest.fixture
def twilio_api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def queue_digest(app, key: str) -> None:
    with app.app_context():
        enqueue_email(key, to="sara@acme.example", subject="Week 47", text="Your digest",
                      html=None, purpose="digest_supervisor")
        db.session.commit()


def queue_sms(app, key: str) -> None:
    with app.app_context():
        enqueue_sms(key, to=CALLER, body="Hur var samtalet?", purpose="help_reply")
        db.session.commit()


def flush(runner, hours_from_now: float = 0) -> str:
    """`outbox flush`, as the scheduler runs it some hours from now."""
    from feedback_service.outbox.commands import flush_with_configured_senders

    with runner.app.app_context():
        for message in db.session.scalars(sa.select(OutboxMessage)):
            message.not_before -= timedelta(hours=hours_from_now)
        db.session.commit()
        summary = flush_with_configured_senders()
    return ", ".join(f"{count} {state}" for state, count in sorted(summary.items()))


def statuses(app) -> dict[str, tuple[str, int]]:
    with app.app_context():
        return {m.idempotency_key: (m.status, m.attempts)
                for m in db.session.scalars(sa.select(OutboxMessage))}


def test_mail_outlasts_an_smtp_outage_of_hours(app, runner, smtp_with_login):
    queue_digest(app, "digest:a")
    smtp_with_login.stop()  # the mail server is down for ten hours
    for _half_hour in range(20):
        assert flush(runner, hours_from_now=0.5) == "1 pending"
    assert statuses(app)["digest:a"] == ("pending", 20)

    back = SmtpSink(password=PASSWORD, port=smtp_with_login.port)
    back.start()
    try:
        assert flush(runner, hours_from_now=0.5) == "1 sent"
        assert len(back.wait_for(1)) == 1
    finally:
        back.stop()


def test_after_two_days_mail_gives_up_and_outbox_retry_queues_it_again(
        app, runner, smtp_with_login):
    queue_digest(app, "digest:a")
    queue_digest(app, "digest:b")
    smtp_with_login.refuse("421 4.3.2 Service not available")
    assert flush(runner) == "2 pending"
    with app.app_context():  # two days of retries later
        db.session.execute(sa.update(OutboxMessage).values(give_up_at=utcnow()))
        db.session.commit()
    assert flush(runner, hours_from_now=1) == "2 failed"
    with app.app_context():
        failed = db.session.scalar(sa.select(OutboxMessage).limit(1))
        assert failed.last_error.startswith("gave up after 2 attempts: recipient: 421")

    smtp_with_login.refuse(None)
    result = runner.invoke(args=["outbox", "retry"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 failed messages queued again")
    assert flush(runner) == "2 sent"
    assert len(smtp_with_login.wait_for(2)) == 2


def test_outbox_retry_leaves_cancelled_and_expired_messages_alone(app, runner):
    with app.app_context():
        call = calls.find_or_create_call("twilio", "CA1", caller=CALLER, answered=True,
                                           duration_seconds=90)
        survey = decision.open_survey(call, channel=Channel.SMS, kind=SurveyKind.SMILEY,
                                     language="sv", settings=settings_of(app))
        survey.expires_at = utcnow() - timedelta(minutes=1)
        db.session.flush()
        expired = enqueue_sms("survey:1", to=CALLER, body="Hur var samtalet?",
                              purpose="survey_question", survey_id=survey.id,
                              expires_at=survey.expires_at)
        cancelled = enqueue_email("kudos:1", to="anna@acme.example", subject="Kudos",
                                  text="x", html=None, purpose="kudos")
        for message, error in ((expired, "gave up after 9 attempts"),
                               (cancelled, "cancelled: it quotes an erased answer")):
            message.status, message.last_error = OutboxStatus.FAILED, error
        db.session.commit()

    assert runner.invoke(args=["outbox", "retry"]).output.startswith("0 failed messages")
    assert statuses(app) == {"survey:1": ("failed", 0), "kudos:1": ("failed", 0)}


def test_rotated_twilio_credentials_pause_sms_instead_of_failing_it(
        app, client, runner, twilio_api, caplog):
    twilio_api.post(MESSAGES_URL, status=401, json=twilio_error(20003, "Authenticate"))
    for key in ("reply:1", "reply:2", "reply:3"):
        queue_sms(app, key)

    assert flush(runner) == "3 paused"
    assert len(twilio_api.calls) == 1  # one probe, not one request per message
    assert statuses(app) == {key: ("pending", 0) for key in ("reply:1", "reply:2", "reply:3")}
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json["email"] == "ok"
    assert health.json["sms"].startswith("paused since ")
    assert health.json["sms"].endswith("credentials refused (Twilio answered 401, error 20003)")
    assert "sending sms paused" in caplog.text and CALLER not in caplog.text

    assert flush(runner) == ""  # the next probe waits a few minutes
    assert len(twilio_api.calls) == 1

    # The new token is in place: the next probe gets through and the rest follow.
    sids = iter(f"SM{n:032d}" for n in range(1, 4))
    twilio_api.remove(responses.POST, MESSAGES_URL)
    twilio_api.add_callback(responses.POST, MESSAGES_URL,
                            callback=lambda _request: (201, {}, json.dumps(created(next(sids)))))
    with app.app_context():
        from feedback_service.outbox.models import OutboxPause

        db.session.execute(sa.update(OutboxPause).values(next_try_at=utcnow()))
        db.session.commit()
    assert flush(runner) == "3 sent"
    health = client.get("/healthz").json
    assert (health["status"], health["sms"], health["email"]) == ("ok", "ok", "ok")


def test_a_refused_smtp_password_pauses_mail(app, client, runner, smtp_with_login):
    queue_digest(app, "digest:a")
    smtp_with_login.change_password("rotated-password")

    assert flush(runner) == "1 paused"
    assert statuses(app)["digest:a"] == ("pending", 0)
    assert "credentials refused (login: 535" in client.get("/healthz").json["email"]
    assert smtp_with_login.messages == []


# Its own moment, half an hour into the quiet hours. Set from the hour the run's clock stood
# at, the test at 01:59 on 28 March 2027 made the window 01-03, which ended seconds later when
# clocks went forward to 03:00, before the test could check that it was waited for.
@pytest.mark.clock("2026-11-18T12:30:00+01:00")
def test_a_survey_question_retried_in_quiet_hours_waits_for_their_end(app, runner, twilio_api):
    settings_of(app).sms_quiet_hours = "12-14"
    quiet_end = datetime.fromisoformat("2026-11-18T14:00:00+01:00")
    twilio_api.post(MESSAGES_URL, status=503, body="Service Unavailable")
    with app.app_context():
        call = calls.find_or_create_call("twilio", "CA1", caller=CALLER, answered=True,
                                           duration_seconds=90)
        survey = decision.open_survey(call, channel=Channel.SMS, kind=SurveyKind.SMILEY,
                                     language="sv", settings=settings_of(app))
        survey.expires_at = utcnow() + timedelta(hours=24)
        db.session.flush()
        # Both due now (the question was due before the quiet hours began).
        enqueue_sms("survey:1", to=CALLER, body="Hur var samtalet?", purpose="survey_question",
                    survey_id=survey.id, expires_at=survey.expires_at)
        enqueue_sms("reply:1", to=CALLER, body="Tack!", purpose="help_reply")
        db.session.commit()

    assert flush(runner) == "2 pending"
    with app.app_context():
        question, reply = (db.session.scalar(sa.select(OutboxMessage.not_before)
                                             .where(OutboxMessage.idempotency_key == key))
                           for key in ("survey:1", "reply:1"))
    assert question == quiet_end
    assert reply - utcnow() <= timedelta(seconds=31)  # an answer to a text is not held back
