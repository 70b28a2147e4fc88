"""Each request's id, its line in the log and, for the phone webhooks, its count and latency.

Kept small (measured in docs/operate/metrics.md): the webhooks answer a caller who is waiting
on the line.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

from feedback_service.request_ids import HEADER, current_request_id, start_request_id
from feedback_service.request_metrics import record_webhook_request

log = logging.getLogger("feedback_service.requests")

# The blueprints whose requests come from Twilio or a phone system, counted by outcome.
WEBHOOK_BLUEPRINTS = frozenset({"voice", "sms", "call_ended"})


def configure_request_log(app: Flask) -> None:
    # First of all before_request functions: a request refused by a guard is timed and logged.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)


def _start() -> None:
    g.request_started = time.perf_counter()
    start_request_id()


def note_outcome(outcome: str) -> None:
    """What the request came to, where its status does not say: a voice webhook answers 200
    with TwiML however it failed, so that the caller hears words rather than Twilio's error."""
    g.request_outcome = outcome


def outcome_of(status: int) -> str:
    """`ok`, `rejected` (the caller's fault: signature, body), `unavailable` (the database is
    out of reach: Twilio or the phone system retries) or `error`."""
    if status < 400:
        return "ok"
    if status < 500:
        return "rejected"
    return "unavailable" if status == 503 else "error"


def _finish(response: Response) -> Response:
    request_id = current_request_id()
    if request_id is None:  # a request that bypassed before_request (none today)
        return response
    response.headers[HEADER] = request_id
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    endpoint = request.endpoint or "unknown"
    outcome = g.get("request_outcome") or outcome_of(response.status_code)
    if request.blueprint in WEBHOOK_BLUEPRINTS:
        record_webhook_request(endpoint, outcome, seconds)
    if log.isEnabledFor(logging.INFO):
        log.info("%s %s %s %d in %.1f ms", request.method, endpoint, outcome,
                 response.status_code, seconds * 1000, extra=_fields(
                     request_id, endpoint, outcome, response.status_code, seconds))
    return response


def _fields(request_id: str, endpoint: str, outcome: str, status: int,
            seconds: float) -> dict[str, object]:
    fields: dict[str, object] = {
        "request_id": request_id, "method": request.method, "endpoint": endpoint,
        "status": status, "outcome": outcome, "duration_ms": round(seconds * 1000, 2)}
    # Twilio's ids name the call or message without naming the caller (never From or To).
    # Only from a form already parsed: a body refused unread (too large) stays unread.
    if request.blueprint in WEBHOOK_BLUEPRINTS and "form" in vars(request):
        for field, name in (("CallSid", "call_sid"), ("MessageSid", "message_sid")):
            if value := request.form.get(field):
                fields[name] = value[:64]
    return fields
