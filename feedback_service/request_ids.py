"""The id of the request being served: taken from a sane `X-Request-Id`, else made up; echoed
in the answer and carried into the log lines and outbox messages the request causes.

A leaf: it knows Flask's request globals and nothing of the service, so the outbox can ask it.
"""

from __future__ import annotations

import re
import secrets

from flask import g, has_request_context, request

from feedback_service.log_privacy import without_secrets

HEADER = "X-Request-Id"
# What a proxy or a load balancer sends (a UUID, a hex trace id, "abc-123.4"): short, and
# nothing a log line could be made to say with it.
_SANE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


def choose_request_id(incoming: str | None) -> str:
    """`incoming` when it is a sane id (and no phone number), else a new random one."""
    if incoming and _SANE.match(incoming) and without_secrets(incoming) == incoming:
        return incoming
    # 32 hex digits, as a UUID's: a third of what `uuid4().hex` costs, which builds the UUID.
    return secrets.token_hex(16)


def start_request_id() -> None:
    g.request_id = choose_request_id(request.headers.get(HEADER))


def current_request_id() -> str | None:
    """The id of the request this code serves, or None outside a request (a job, a command)."""
    return g.get("request_id") if has_request_context() else None
