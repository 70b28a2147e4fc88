"""The SMTP mailer against a real SMTP server: delivery, and how refusals reach the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.flush import flush_outbox
from feedback_service.outbox.models import OutboxMessage, OutboxStatus
from feedback_service.outbox.queue import enqueue_email
from feedback_service.outbox.senders import ConsoleMailer, ConsoleSmsSender, Outcome, mailer_for
from feedback_service.outbox.smtp_mail import SmtpMailer, SmtpUrlError, parse_smtp_url
from feedback_service.settings import settings_of
from tests.conftest import settings
from tests.smtp_sink import free_port, html_of, text_of


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://localhost:1025", ("localhost", 1025, False, False, None, None, 30.0)),
        ("smtp://mail.example.com", ("mail.example.com", 25, False, False, None, None, 30.0)),
        ("smtps://mail.example.com", ("mail.example.com", 465, True, False, None, None, 30.0)),
        ("smtp://user%40acme:p%3Ass@mail.example.com:587?starttls=true&timeout=12",
         ("mail.example.com", 587, False, True, "user@acme", "p:ss", 12.0)),
    ],
)
def test_smtp_url_forms(url, expected):
    s = parse_smtp_url(url)
    assert (s.host, s.port, s.use_ssl, s.starttls, s.username, s.password, s.timeout) == expected


@pytest.mark.parametrize("url", ["http://mail.example.com", "smtp://", "smtp://host:port",
                                 "smtp://host?timeout=soon"])
def test_bad_smtp_urls_are_refused(url):
    with pytest.raises(SmtpUrlError):
        parse_smtp_url(url)


def test_mailer_follows_smtp_url(app):
    assert isinstance(mailer_for(settings_of(app)), SmtpMailer)
    without_smtp = settings_of(app).model_copy(update={"smtp_url": ""})
    assert isinstance(mailer_for(without_smtp), ConsoleMailer)


def test_a_message_arrives_with_text_and_html(app, smtp_server):
    result = mailer_for(settings_of(app)).send_mail(
        "sara@acme.example", "Vecka 47", "Hej Sara – åäö", "<p>Hej <b>Sara</b></p>")
    assert result.outcome is Outcome.SENT
    [message] = smtp_server.wait_for(1)
    assert (message["To"], message["From"], message["Subject"]) == (
        "sara@acme.example", "feedback@acme.example", "Vecka 47")
    assert text_of(message).strip() == "Hej Sara – åäö"
    assert "<b>Sara</b>" in html_of(message)


def test_temporary_refusal_is_retried_by_the_outbox(app, smtp_server):
    with app.app_context():
        enqueue_email("test:1", to="sara@acme.example", subject="Hej", text="Hej", html=None,
                      purpose="test")
        db.session.commit()
        smtp_server.refuse("451 4.3.0 Mailbox busy, try again")
        assert flush_outbox(ConsoleSmsSender(), mailer_for(settings_of(app))) == {"pending": 1}
        message = db.session.query(OutboxMessage).one()
        assert message.last_error.startswith("recipient: 451")
        smtp_server.refuse(None)
        # Not due again until its back-off has passed.
        assert flush_outbox(ConsoleSmsSender(), mailer_for(settings_of(app))) == {}
        later = utcnow() + timedelta(minutes=5)
        mailer = mailer_for(settings_of(app))
        assert flush_outbox(ConsoleSmsSender(), mailer, now=later) == {"sent": 1}
    assert len(smtp_server.wait_for(1)) == 1


def test_permanent_refusal_fails_for_good(app, smtp_server):
    with app.app_context():
        enqueue_email("test:1", to="nobody@acme.example", subject="Hej", text="Hej", html=None,
                      purpose="test")
        db.session.commit()
        smtp_server.refuse("550 5.1.1 No such user")
        assert flush_outbox(ConsoleSmsSender(), mailer_for(settings_of(app))) == {"failed": 1}
        message = db.session.query(OutboxMessage).one()
        assert (message.status, message.last_error) == (OutboxStatus.FAILED,
                                                        "recipient: 550 5.1.1 No such user")
    assert smtp_server.messages == []


def test_a_server_that_is_down_means_try_again():
    mailer = SmtpMailer.from_url(f"smtp://127.0.0.1:{free_port()}?timeout=2", "f@acme.example")
    result = mailer.send_mail("sara@acme.example", "Hej", "Hej", None)
    assert result.outcome is Outcome.RETRY
    assert result.error.startswith("connect: ConnectionRefusedError")
