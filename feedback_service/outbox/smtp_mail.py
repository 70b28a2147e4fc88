"""Sending outbox e-mail over SMTP, with the server's answer mapped to an outbox outcome.

`SMTP_URL` looks like `smtp://user:password@host:587?starttls=true` (plain SMTP, upgraded
with STARTTLS when asked) or `smtps://user:password@host:465` (TLS from the first byte);
`timeout=SECONDS` in the query changes the 30-second limit on every network step.
"""

from __future__ import annotations

import base64
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from feedback_service.outbox.send_results import Outcome, SendResult

DEFAULT_TIMEOUT = 30.0
_TRUE = {"1", "true", "yes", "on"}


class SmtpUrlError(ValueError):
    """An `SMTP_URL` the mailer cannot use."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    use_ssl: bool
    starttls: bool
    username: str | None
    password: str | None
    timeout: float


def parse_smtp_url(url: str) -> SmtpSettings:
    """`smtp://user:pass@host:port?starttls=true&timeout=20` or `smtps://...` as settings."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SmtpUrlError("SMTP_URL must look like smtp://user:password@host:port or smtps://...")
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    use_ssl = parts.scheme == "smtps"
    try:
        port = parts.port or (465 if use_ssl else 25)
        timeout = float(query.get("timeout", DEFAULT_TIMEOUT))
    except ValueError as error:
        raise SmtpUrlError(f"SMTP_URL has a bad port or timeout: {error}") from error
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        use_ssl=use_ssl,
        starttls=not use_ssl and query.get("starttls", "").lower() in _TRUE,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        timeout=timeout,
    )


def _outcome_for_code(code: int) -> Outcome:
    # 4xx is the server saying "not now" (greylisting, a full queue); 5xx means never.
    return Outcome.RETRY if 400 <= code < 500 else Outcome.FAILED


def _error(prefix: str, code: int, message: bytes | str) -> str:
    text = message.decode(errors="replace") if isinstance(message, bytes) else message
    return f"{prefix}: {code} {text}"[:500]


_DATA_IMAGE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def inline_images(html: str, domain: str | None) -> tuple[str, list[tuple[str, bytes]]]:
    """The HTML with each embedded PNG (a data: URI, as the digests store their charts) turned
    into a `cid:` reference, and those images with their Content-IDs. Gmail and Outlook show no
    data: images; every common client shows a related part by its Content-ID."""
    images: list[tuple[str, bytes]] = []

    def by_content_id(match: re.Match[str]) -> str:
        content_id = make_msgid(idstring=f"chart{len(images) + 1}", domain=domain)[1:-1]
        images.append((content_id, base64.b64decode(match.group(1))))
        return f'src="cid:{content_id}"'

    return _DATA_IMAGE.sub(by_content_id, html), images


class SmtpMailer:
    """A Mailer that hands each message to an SMTP server, one connection per message."""

    def __init__(self, settings: SmtpSettings, mail_from: str) -> None:
        self.settings = settings
        self.mail_from = mail_from

    @classmethod
    def from_url(cls, url: str, mail_from: str) -> SmtpMailer:
        return cls(parse_smtp_url(url), mail_from)

    def compose(self, to: str, subject: str, text: str, html: str | None) -> EmailMessage:
        """The MIME message: plain text, with an HTML alternative when there is one."""
        message = EmailMessage()
        message["From"] = self.mail_from
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.mail_from.rpartition("@")[2] or None)
        message.set_content(text)
        if html:
            html, images = inline_images(html, self.mail_from.rpartition("@")[2] or None)
            message.add_alternative(html, subtype="html")
            if images:
                # multipart/related: the HTML and the images it shows by Content-ID.
                html_part = next(part for part in message.iter_parts()
                                 if part.get_content_type() == "text/html")
                assert isinstance(html_part, EmailMessage)
                for content_id, png in images:
                    html_part.add_related(png, maintype="image", subtype="png",
                                          cid=f"<{content_id}>", disposition="inline",
                                          filename=f"{content_id.partition('@')[0]}.png")
        return message

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        if s.use_ssl:
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        if s.starttls:
            connection.starttls(context=context)
        return connection

    def send_mail(self, to: str, subject: str, text: str, html: str | None) -> SendResult:
        """Send one message; a refusal the server calls temporary comes back as RETRY."""
        message = self.compose(to, subject, text, html)
        try:
            connection = self._connect()
        except smtplib.SMTPResponseException as error:
            return SendResult(_outcome_for_code(error.smtp_code),
                              error=_error("connect", error.smtp_code, error.smtp_error))
        except (OSError, smtplib.SMTPException) as error:
            return SendResult(Outcome.RETRY, error=f"connect: {type(error).__name__}: {error}")
        try:
            return self._deliver(connection, message)
        finally:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()

    def _deliver(self, connection: smtplib.SMTP, message: EmailMessage) -> SendResult:
        s = self.settings
        try:
            if s.username:
                connection.login(s.username, s.password or "")
            refused = connection.send_message(message)
        except smtplib.SMTPAuthenticationError as error:
            # 535: the user name or password is wrong, for every message alike; 454 passes.
            outcome = Outcome.CREDENTIALS_REFUSED if error.smtp_code >= 500 else Outcome.RETRY
            return SendResult(outcome, error=_error("login", error.smtp_code, error.smtp_error))
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            return SendResult(_outcome_for_code(code), error=_error("recipient", code, reply))
        except smtplib.SMTPResponseException as error:
            return SendResult(_outcome_for_code(error.smtp_code),
                              error=_error("refused", error.smtp_code, error.smtp_error))
        except (OSError, smtplib.SMTPException) as error:
            # The connection broke mid-conversation, nearly always before the server took the
            # message. Should only its final reply have been lost, a second copy is a smaller
            # harm than a digest or kudos that never arrives.
            return SendResult(Outcome.RETRY, error=f"send: {type(error).__name__}: {error}")
        if refused:
            code, reply = next(iter(refused.values()))
            return SendResult(_outcome_for_code(code), error=_error("recipient", code, reply))
        return SendResult(Outcome.SENT, provider_message_id=None)
