"""What a sender reports of one message, and the two interfaces every sender has."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class Outcome(enum.StrEnum):
    SENT = "sent"
    RETRY = "retry"  # a passing fault: try again after `retry_after` seconds (or back-off)
    FAILED = "failed"  # for good: resending cannot help
    AMBIGUOUS = "ambiguous"  # the provider may have it: never resend blindly
    OPTED_OUT = "opted_out"  # the recipient has unsubscribed at the provider
    # The provider refused the service's own credentials: no message can go until they are
    # fixed, so sending pauses and nothing is marked failed.
    CREDENTIALS_REFUSED = "credentials_refused"


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    provider_message_id: str | None = None
    error: str | None = None
    retry_after: float | None = None


class SmsSender(Protocol):
    def send_sms(self, to: str, body: str, *, status_callback: str | None) -> SendResult: ...


class Mailer(Protocol):
    def send_mail(self, to: str, subject: str, text: str, html: str | None) -> SendResult: ...


# A send prepared inside the transaction that read the message, run after it has ended: it
# holds what it needs (a URL, a secret, the text) and touches no database.
Delivery = Callable[[], SendResult]
