"""What Twilio's REST API remembers: the texts a number received, and how a call ended.

The catch-up job asks it for what the webhooks could not deliver while the database was out of
reach. Without Twilio credentials (`SMS_BACKEND=console`, the local trial) there is nothing to
ask, and `twilio_history_for` says so with None.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from feedback_service.settings import Settings

log = logging.getLogger(__name__)
# The SDK logs every request and its headers at INFO; only its warnings matter here.
_http_log = logging.getLogger(f"{__name__}.http")
_http_log.setLevel(logging.WARNING)

TIMEOUT_SECONDS = 10.0
PAGE_SIZE = 100
MOST_LISTED = 10_000  # messages read in one run, whatever the traffic


@dataclass(frozen=True)
class ReceivedText:
    """A text a caller sent to one of the company's numbers, as Twilio keeps it."""

    sid: str
    sender: str
    to: str
    body: str
    sent_at: datetime


@dataclass(frozen=True)
class CallOutcome:
    """How a call ended, as Twilio keeps it; `status` is Twilio's (`completed`, `busy`, ...)."""

    status: str
    duration_seconds: int | None
    ended_at: datetime | None


class TwilioHistory(Protocol):
    def texts_received_since(self, since: datetime) -> list[ReceivedText]:
        """Texts received at or after `since`, oldest first."""

    def call_outcome(self, call_sid: str) -> CallOutcome | None:
        """How the call stands now, or None when Twilio does not know it."""


class TwilioRestHistory:
    """`TwilioHistory` through Twilio's REST API (the twilio SDK, 10 s timeouts)."""

    def __init__(self, account_sid: str, auth_token: str, *,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self.client = Client(account_sid, auth_token,
                             http_client=TwilioHttpClient(timeout=timeout, logger=_http_log))

    def texts_received_since(self, since: datetime) -> list[ReceivedText]:
        texts = []
        # Twilio filters by whole days and lists the newest first: read back to `since`, no
        # further, so a run after the first reads a page or two.
        records = self.client.messages.stream(
            date_sent_after=since.astimezone(UTC).strftime("%Y-%m-%d"), page_size=PAGE_SIZE,
            limit=MOST_LISTED)
        for listed, record in enumerate(records, start=1):
            if record.date_sent is not None and record.date_sent < since:
                break
            if record.direction == "inbound" and record.date_sent is not None:
                texts.append(ReceivedText(sid=record.sid, sender=record.from_ or "",
                                          to=record.to or "", body=record.body or "",
                                          sent_at=record.date_sent))
            if listed == MOST_LISTED:
                log.warning("catch-up: stopped after %s messages; older ones are not recovered",
                            MOST_LISTED)
        return sorted(texts, key=lambda text: (text.sent_at, text.sid))

    def call_outcome(self, call_sid: str) -> CallOutcome | None:
        try:
            call = self.client.calls(call_sid).fetch()
        except TwilioRestException as error:
            if error.status == 404:
                return None
            raise
        duration = call.duration
        return CallOutcome(status=str(call.status or ""),
                           duration_seconds=int(duration) if duration and duration.isdecimal()
                           else None,
                           ended_at=call.end_time)


def twilio_history_for(settings: Settings) -> TwilioHistory | None:
    """Twilio's history for the configured account, or None when Twilio is not used."""
    account_sid = settings.twilio_account_sid
    auth_token = settings.twilio_auth_token
    if settings.sms_backend != "twilio" or not account_sid or not auth_token:
        return None
    return TwilioRestHistory(account_sid, auth_token)
