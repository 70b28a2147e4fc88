"""A real SMTP server on a free local port (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from feedback_service.trial.ports import free_port


@dataclass
class _Handler:
    received: list[EmailMessage] = field(default_factory=list)
    # An SMTP reply like "451 4.3.0 Try again later" to give every RCPT, or None to accept.
    refuse_recipients_with: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if self.refuse_recipients_with:
            return self.refuse_recipients_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@dataclass
class _Authenticator:
    """Accepts one user name and password (AUTH PLAIN or LOGIN); `password` can change."""

    user: str
    password: str

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str,
                 auth_data: Any) -> AuthResult:
        given = (auth_data.login.decode(), auth_data.password.decode()) if isinstance(
            auth_data, LoginPassword) else None
        # handled=False: the server itself answers 235, or 535 for a wrong password.
        return AuthResult(success=given == (self.user, self.password), handled=False)


class SmtpSink:
    """The test's mail server: `url` for SMTP_URL, `messages` for what has arrived.

    With `password`, it asks for a login (user `feedback`) as a provider's server does.
    """

    def __init__(self, password: str | None = None, port: int | None = None) -> None:
        self.port = port or free_port()
        self.handler = _Handler()
        self.authenticator = _Authenticator("feedback", password) if password else None
        # AUTH offered on loopback without TLS; the mailer under test logs in when told to.
        extra = ({"authenticator": self.authenticator, "auth_require_tls": False}
                 if self.authenticator else {})
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     **extra)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def url_with_login(self, password: str) -> str:
        return f"smtp://feedback:{password}@127.0.0.1:{self.port}"

    def change_password(self, password: str) -> None:
        """The provider rotates the password: the old one is refused from now on."""
        assert self.authenticator is not None
        self.authenticator.password = password

    @property
    def messages(self) -> list[EmailMessage]:
        with self.handler.lock:
            return list(self.handler.received)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def refuse(self, reply: str | None) -> None:
        """Answer every recipient with this reply ("451 ...", "550 ..."), or accept again."""
        self.handler.refuse_recipients_with = reply

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        """Wait until at least `count` messages have arrived; returns them all."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        """Stop the server (as in an outage); stopping it again does nothing."""
        if self.controller._thread is not None:
            self.controller.stop()


def text_of(message: EmailMessage) -> str:
    """The plain-text part of a received message."""
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_of(message: EmailMessage) -> str:
    """The HTML part of a received message."""
    return message.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")
