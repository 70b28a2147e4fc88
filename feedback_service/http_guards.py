"""What every request and answer has in common: limits on what a request may carry, the
security headers, and the bearer tokens that guard the API and /metrics.

A body is refused by its announced length before anything reads it, so a huge POST costs
nothing even when it is not signed. A chunked body has no length to announce: it is read up to
one byte past the limit and refused there, never held whole in memory.

A NUL character fits no database text (PostgreSQL refuses it), so a path, query, form field or
JSON body that carries one is refused with 400, except in the fields that hold a caller's own
words, which the view stores with the NUL replaced. Ids in paths stop at what an integer column
holds, and JSON nested too deeply to read is a malformed body like any other.
"""

from __future__ import annotations

import hmac
import io
import json
import re
from typing import Any, NoReturn

from flask import Flask, Response, abort, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

from feedback_service.settings import current_settings, settings_of

# Fields whose text comes from a caller as they typed it: stored as received, never refused.
CALLERS_WORDS = frozenset({("sms.inbound", "Body")})
_JSON_NUL = re.compile(rb"\\u0000", re.IGNORECASE)
LARGEST_ID = 2**31 - 1  # PostgreSQL's integer
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

# Nothing the service answers belongs in a cache, in a frame, or runs scripts.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; media-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}
HSTS = "max-age=31536000"


def configure_http_guards(app: Flask) -> None:
    """Cap request bodies at `MAX_REQUEST_BYTES` and send the security headers everywhere."""
    # Werkzeug's own cap too, for whatever reads the stream without asking first.
    app.config["MAX_CONTENT_LENGTH"] = settings_of(app).max_request_bytes
    app.url_map.converters["int"] = DatabaseIdConverter
    app.json = JsonProvider(app)
    app.before_request(refuse_oversized_body)
    app.before_request(refuse_nul_characters)
    app.after_request(add_security_headers)


def refuse_oversized_body() -> Response | None:
    """413 for a body announced as larger than the limit, before a byte of it is read."""
    limit = current_settings().max_request_bytes
    if request.content_length is not None:
        if request.content_length > limit:
            _too_large(limit)
        return None
    if request.environ.get("wsgi.input_terminated"):
        # Chunked: Werkzeug would silently cut the body at the limit; read it here instead,
        # and hand the rest of the request what was read.
        body = request.environ["wsgi.input"].read(limit + 1)
        if len(body) > limit:
            _too_large(limit)
        request.environ["wsgi.input"] = io.BytesIO(body)
    return None


def refuse_nul_characters() -> Response | None:
    """400 for a NUL anywhere but in a caller's own words."""
    if "\x00" in request.path or any("\x00" in key or "\x00" in value
                                     for key, value in request.args.items(multi=True)):
        return _has_nul()
    if request.method in ("POST", "PUT", "PATCH"):
        # Any body but a form may be read as JSON (the phone system's hook reads whatever it is
        # sent as JSON, `text/plain` included): a NUL escaped in it is refused as in JSON.
        if request.mimetype not in FORM_TYPES and _JSON_NUL.search(request.get_data()):
            return _has_nul()
        if any("\x00" in key or ("\x00" in value and (request.endpoint, key) not in CALLERS_WORDS)
               for key, value in request.form.items(multi=True)):
            return _has_nul()
    return None


def _has_nul() -> Response:
    message = "the request carries a NUL character, which no field accepts"
    if request.is_json or request.path.startswith(("/api/", "/hooks/")):
        # The JSON interfaces answer every error as {"error": ...}.
        return Response(json.dumps({"error": message}), status=400, mimetype="application/json")
    return Response(message, status=400, mimetype="text/plain")


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in paths, up to the largest id a database column holds (else 404)."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)


class JsonProvider(DefaultJSONProvider):
    """Flask's JSON, with a body nested too deeply to read counted as malformed (400)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("the JSON is nested too deeply") from None


def _too_large(limit: int) -> NoReturn:
    # The app's error answers say it as each kind of client reads it (a page, JSON, text).
    abort(413, f"the request body is larger than {limit} bytes")


def add_security_headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    response.headers["Cache-Control"] = "no-store"
    if current_settings().public_base_url.startswith("https://"):
        response.headers["Strict-Transport-Security"] = HSTS
    return response


def bearer_token_matches(expected: str) -> bool:
    """Whether the request says `Authorization: Bearer <expected>`, compared in constant time."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    # Compared as bytes: `compare_digest` refuses str with non-ASCII characters.
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                              expected.encode())
