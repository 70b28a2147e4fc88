"""Signed Twilio webhook requests as Twilio sends them, each call and message its own.

Request number `n` always means the same call (`CallSid`) or message sender, so the keypad
step `n` answers the survey that after-call request `n` asked, and SMS request `n` comes from
the caller of the generated open SMS survey `n`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from bench.data import agent_handle, sms_caller
from bench.environment import (
    PBX_WEBHOOK_SECRET,
    PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
)

COMPANY_NUMBER = "+46101600000"
AGENT = agent_handle(1)
# Request numbers per phase: the closed loop takes at most CLOSED_MAX, the open loop starts at
# OPEN_FIRST, warm-up requests at WARM_UP_FIRST and single counted requests at COUNTED_FIRST.
CLOSED_MAX = 10_000
OPEN_FIRST = 10_000
WARM_UP_FIRST = 20_000
COUNTED_FIRST = 21_000
SMS_SURVEYS = COUNTED_FIRST + 100  # an open SMS survey for every SMS request number
# The phone system's callers are not Twilio's: each reported call is a caller's first.
PBX_CALLERS = 5 * 10**6


@dataclass(frozen=True)
class WebhookRequest:
    path: str  # with its query, as Twilio requests it
    form: dict[str, str]
    headers: dict[str, str]
    raw: bytes | None = None  # a body that is not a form (JSON)

    def body(self) -> bytes:
        return self.raw if self.raw is not None else urlencode(self.form).encode()


def signed(path: str, form: dict[str, str]) -> WebhookRequest:
    """The request with `X-Twilio-Signature` computed by the twilio SDK, as Twilio does."""
    signature = RequestValidator(TWILIO_AUTH_TOKEN).compute_signature(PUBLIC_BASE_URL + path,
                                                                       form)
    return WebhookRequest(path, form, {"X-Twilio-Signature": signature,
                                       "Content-Type": "application/x-www-form-urlencoded"})


def call_sid(n: int) -> str:
    return f"CA{n:032x}"


def caller(n: int) -> str:
    return f"+4670{n % 10**7:07d}"


def _voice_form(n: int, status: str) -> dict[str, str]:
    return {
        "AccountSid": TWILIO_ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": call_sid(n),
        "CallStatus": status, "Direction": "inbound", "From": caller(n), "Caller": caller(n),
        "FromCountry": "SE", "FromCity": "STOCKHOLM", "To": COMPANY_NUMBER,
        "Called": COMPANY_NUMBER, "ToCountry": "SE",
    }


def bare(n: int) -> WebhookRequest:
    """The same form as a call, to an endpoint that only answers constant TwiML."""
    return WebhookRequest("/bare/twiml", _voice_form(n, "ringing"),
                          {"Content-Type": "application/x-www-form-urlencoded"})


def connect(n: int) -> WebhookRequest:
    return signed(f"/twilio/voice/connect?agent={AGENT}&topic=billing",
                  _voice_form(n, "ringing"))


def after_call(n: int) -> WebhookRequest:
    """The agent hung up after 95 seconds; the caller stays on the line for the survey."""
    return signed(f"/twilio/voice/after-call?agent={AGENT}&topic=billing", {
        **_voice_form(n, "in-progress"), "DialCallStatus": "completed",
        "DialCallSid": f"CA{n + 10**9:032x}", "DialCallDuration": "95",
    })


def limit(n: int) -> WebhookRequest:
    """The after-call request's form, signed, to the limit (`bench.baselines`)."""
    return signed("/limit/twilio", _voice_form(n, "in-progress"))


def keypad(path: str, n: int) -> WebhookRequest:
    """Call `n` presses 1 (happy) at the question `path` (from the after-call's `<Gather>`)."""
    return signed(path, {**_voice_form(n, "in-progress"), "Digits": "1",
                         "FinishedOnKey": "", "msg": "Gather End"})


def sms_inbound(n: int) -> WebhookRequest:
    """The caller of open SMS survey `n` answers 1."""
    return signed("/twilio/sms/inbound", {
        "AccountSid": TWILIO_ACCOUNT_SID, "ApiVersion": "2010-04-01",
        "MessageSid": f"SM{n:032x}", "SmsMessageSid": f"SM{n:032x}", "SmsSid": f"SM{n:032x}",
        "SmsStatus": "received", "NumMedia": "0", "NumSegments": "1", "Body": "1",
        "From": sms_caller(n), "FromCountry": "SE", "To": COMPANY_NUMBER, "ToCountry": "SE",
    })


def sms_status_unreported(n: int) -> WebhookRequest:
    """A delivery status the outbox does not count: signed, answered without the database."""
    return signed("/twilio/sms/status", {
        "AccountSid": TWILIO_ACCOUNT_SID, "ApiVersion": "2010-04-01",
        "MessageSid": f"SM{n:032x}", "SmsSid": f"SM{n:032x}", "MessageStatus": "receiving",
        "SmsStatus": "receiving", "From": COMPANY_NUMBER, "To": caller(n)})


def call_ended(n: int) -> WebhookRequest:
    """Another phone system reports call `n`, answered by the agent, that ended just now."""
    raw = json.dumps({
        "call_id": f"pbx-{n}", "caller": caller(PBX_CALLERS + n), "agent": AGENT,
        "topic": "billing", "answered": True, "duration_seconds": 95,
        "ended_at": datetime.now(UTC).isoformat(),
    }).encode()
    digest = hmac.new(PBX_WEBHOOK_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    return WebhookRequest("/hooks/call-ended", {}, {
        "X-Feedback-Signature": f"sha256={digest}", "Content-Type": "application/json"}, raw)
