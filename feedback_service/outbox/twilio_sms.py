"""Survey SMS sent through Twilio's REST API, each failure sorted into what the outbox does next.

| what happened | outcome |
| --- | --- |
| 201 created | SENT |
| 401, error 20003 (the account SID or auth token is wrong) | CREDENTIALS_REFUSED: sending pauses |
| 429, 503, no connection made | RETRY, after `Retry-After` when Twilio gives one |
| 500 and other 5xx, a read timeout, a connection lost mid-request | AMBIGUOUS, not resent |
| error 21610 (the number texted STOP) | OPTED_OUT |
| invalid, landline or unreachable numbers, other 4xx | FAILED for good |
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.rest import Client
from urllib3.exceptions import ProtocolError

from feedback_service.outbox.send_results import Outcome, SendResult
from feedback_service.phone_numbers import mask

log = logging.getLogger(__name__)
# The SDK logs every request and its headers at INFO; only its warnings matter here.
_http_log = logging.getLogger(f"{__name__}.http")
_http_log.setLevel(logging.WARNING)

TIMEOUT_SECONDS = 10.0
UNSUBSCRIBED = 21610
AUTHENTICATION_FAILED = 20003
# Numbers that will never take an SMS: resending cannot help.
UNREACHABLE_NUMBER_CODES = frozenset({
    21211,  # invalid 'To' number
    21212,  # invalid 'From' number
    21217,  # the number does not appear to be valid
    21401,  # invalid phone number
    21407,  # this phone number type does not support SMS
    21408,  # no permission to send to this region
    21421,  # invalid phone number
    21612,  # cannot route to this number
    21614,  # 'To' is not a valid mobile number (a landline)
})


class _HeaderKeepingHttpClient(TwilioHttpClient):
    """Keeps the last response's headers: the SDK's errors do not carry `Retry-After`."""

    last_headers: dict[str, str]

    def request(self, *args: Any, **kwargs: Any) -> TwilioResponse:
        self.last_headers = {}
        response = super().request(*args, **kwargs)
        self.last_headers = {str(k).lower(): str(v) for k, v in (response.headers or {}).items()}
        return response


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds: it may be a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def _lost_mid_request(error: requests.ConnectionError) -> bool:
    """A connection dropped after the request went out: Twilio may have taken it."""
    return any(isinstance(arg, ProtocolError) for arg in error.args)


class TwilioSmsSender:
    """Sends SMS with the twilio SDK, from `TWILIO_MESSAGING_SERVICE_SID` or `TWILIO_FROM_NUMBER`.

    One instance serves one thread: it keeps the last response's headers.
    """

    def __init__(self, account_sid: str, auth_token: str, *, from_number: str | None = None,
                 messaging_service_sid: str | None = None,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        if not (from_number or messaging_service_sid):
            raise ValueError("set FEEDBACK_TWILIO_FROM_NUMBER or "
                             "FEEDBACK_TWILIO_MESSAGING_SERVICE_SID to send SMS through Twilio")
        self.http = _HeaderKeepingHttpClient(timeout=timeout, logger=_http_log)
        self.client = Client(account_sid, auth_token, http_client=self.http)
        self.sender = ({"messaging_service_sid": messaging_service_sid} if messaging_service_sid
                       else {"from_": from_number})

    def send_sms(self, to: str, body: str, *, status_callback: str | None) -> SendResult:
        extra = {"status_callback": status_callback} if status_callback else {}
        try:
            message = self.client.messages.create(to=to, body=body, **self.sender, **extra)
        except (TwilioRestException, TwilioServiceException) as error:
            result = self._classify(error.status, error.code)
        except requests.ReadTimeout:
            result = SendResult(Outcome.AMBIGUOUS, error="no answer from Twilio in time")
        except requests.ConnectionError as error:
            result = (SendResult(Outcome.AMBIGUOUS, error="the connection broke mid-request")
                      if _lost_mid_request(error)
                      else SendResult(Outcome.RETRY, error="could not connect to Twilio"))
        except requests.RequestException as error:
            result = SendResult(Outcome.AMBIGUOUS, error=f"request error: {type(error).__name__}")
        else:
            return SendResult(Outcome.SENT, provider_message_id=message.sid)
        log.warning("SMS to %s not sent: %s (%s)", mask(to), result.outcome, result.error)
        return result

    def _classify(self, status: int, code: int | None) -> SendResult:
        error = f"Twilio answered {status}" + (f", error {code}" if code else "")
        if code == UNSUBSCRIBED:
            return SendResult(Outcome.OPTED_OUT, error=error)
        if status == 401 or code == AUTHENTICATION_FAILED:
            return SendResult(Outcome.CREDENTIALS_REFUSED, error=error)
        if code in UNREACHABLE_NUMBER_CODES:
            return SendResult(Outcome.FAILED, error=error)
        if status in (429, 503):
            wait = retry_after_seconds(getattr(self.http, "last_headers", {}).get("retry-after"))
            return SendResult(Outcome.RETRY, error=error, retry_after=wait)
        if status >= 500:
            return SendResult(Outcome.AMBIGUOUS, error=error)
        return SendResult(Outcome.FAILED, error=error)
