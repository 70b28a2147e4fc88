"""The outside services that carry outbox messages, each behind one small interface.

The real implementations (Twilio's REST API, SMTP) and console ones for local trials are
chosen by settings, so tests and trials swap them without patching anything.
"""

from __future__ import annotations

import logging

from feedback_service.outbox.send_results import Mailer, Outcome, SendResult, SmsSender
from feedback_service.outbox.smtp_mail import SmtpMailer
from feedback_service.phone_numbers import mask
from feedback_service.settings import Settings

log = logging.getLogger(__name__)


class ConsoleSmsSender:
    """Logs the SMS instead of sending it, with the number masked.

    The body is logged: every SMS body is one of the service's own texts (`sms_texts`), which
    never quote what a caller wrote.
    """

    def send_sms(self, to: str, body: str, *, status_callback: str | None) -> SendResult:
        log.info("SMS (console) to %s: %s", mask(to), body)
        return SendResult(Outcome.SENT)


class ConsoleMailer:
    """Logs the e-mail's subject instead of sending it."""

    def send_mail(self, to: str, subject: str, text: str, html: str | None) -> SendResult:
        log.info("Mail (console): %r, %d characters", subject, len(text))
        return SendResult(Outcome.SENT)


def sms_sender_for(settings: Settings) -> SmsSender:
    """The SMS sender `SMS_BACKEND` names: Twilio's REST API, or the log for local trials."""
    if settings.sms_backend != "twilio":
        return ConsoleSmsSender()
    # Twilio's REST client is about 10 MB: only a process that sends SMS loads it.
    from feedback_service.outbox.twilio_sms import TwilioSmsSender

    return TwilioSmsSender(
        settings.twilio_account_sid, settings.twilio_auth_token,
        from_number=settings.twilio_from_number or None,
        messaging_service_sid=settings.twilio_messaging_service_sid or None,
    )


def mailer_for(settings: Settings) -> Mailer:
    """The mailer for `SMTP_URL`; without one, mail is logged."""
    if not settings.smtp_url:
        return ConsoleMailer()
    return SmtpMailer.from_url(settings.smtp_url, settings.mail_from)
