"""Twilio webhook signatures, checked with the twilio SDK against `PUBLIC_BASE_URL`."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from functools import lru_cache, wraps
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


@lru_cache(maxsize=4)
def _validator(auth_token: str) -> RequestValidator:
    return RequestValidator(auth_token)


def twilio_signature_is_valid() -> bool:
    """Whether `X-Twilio-Signature` signs this request's URL and form with the auth token.

    The SDK's `validate` computes two signatures every time (the URL with its default port
    and without); Twilio signs the URL it was told to call, so one signature, of that URL,
    settles a genuine request. Anything else still goes to `validate`, port variants and all.
    """
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    validator = _validator(current_settings().twilio_auth_token)
    url, form = signed_url(), request.form.to_dict()
    # Compared as bytes: `compare_digest` refuses str with non-ASCII characters.
    if hmac.compare_digest(validator.compute_signature(url, form).encode(), signature.encode()):
        return True
    return validator.validate(url, form, signature)


def twilio_webhook(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer 403, and change nothing, unless the request carries Twilio's valid signature."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if not twilio_signature_is_valid():
            log.warning("rejected a Twilio webhook with a bad signature: %s", request.path)
            return Response("invalid signature", status=403, mimetype="text/plain")
        return view(*args, **kwargs)

    return checked
