"""Twilio webhook signatures, checked with the twilio SDK against `PUBLIC_BASE_URL`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, request
from twilio.request_validator import RequestValidator

from feedback_service.settings import current_settings

log = logging.getLogger(__name__)


def public_url(path_and_query: str) -> str:
    """An absolute URL under `PUBLIC_BASE_URL`, as Twilio is told to call it."""
    return current_settings().public_url(path_and_query)


def signed_url() -> str:
    """The URL Twilio signed: our public base URL, then the path and query as received.

    Behind an https proxy the request reaches us as plain http on another host; Twilio
    signed the public URL, so that is the one to check, whatever the proxy forwarded.
    """
    query = request.query_string.decode("latin-1")
    return public_url(request.path + (f"?{query}" if query else ""))


def twilio_signature_is_valid() -> bool:
    validator = RequestValidator(current_settings().twilio_auth_token)
    signature = request.headers.get("X-Twilio-Signature", "")
    return bool(signature) and validator.validate(signed_url(), request.form.to_dict(), signature)


def twilio_webhook(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer 403, and change nothing, unless the request carries Twilio's valid signature."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if not twilio_signature_is_valid():
            log.warning("rejected a Twilio webhook with a bad signature: %s", request.path)
            return Response("invalid signature", status=403, mimetype="text/plain")
        return view(*args, **kwargs)

    return checked
