"""What every request and answer has in common: a cap on body size, and the security headers.

A body is refused by its announced length before anything reads it, so a huge POST costs
nothing even when it is not signed. A chunked body has no length to announce: it is read up to
one byte past the limit and refused there, never held whole in memory.
"""

from __future__ import annotations

import io

from flask import Flask, Response, current_app, request

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
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_REQUEST_BYTES"])
    app.before_request(refuse_oversized_body)
    app.after_request(add_security_headers)


def refuse_oversized_body() -> Response | None:
    """413 for a body announced as larger than the limit, before a byte of it is read."""
    limit = int(current_app.config["MAX_REQUEST_BYTES"])
    if request.content_length is not None:
        return _too_large(limit) if request.content_length > limit else None
    if request.environ.get("wsgi.input_terminated"):
        # Chunked: Werkzeug would silently cut the body at the limit; read it here instead,
        # and hand the rest of the request what was read.
        body = request.environ["wsgi.input"].read(limit + 1)
        if len(body) > limit:
            return _too_large(limit)
        request.environ["wsgi.input"] = io.BytesIO(body)
    return None


def _too_large(limit: int) -> Response:
    return Response(f"the request body is larger than {limit} bytes", status=413,
                    mimetype="text/plain")


def add_security_headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    response.headers["Cache-Control"] = "no-store"
    if str(current_app.config["PUBLIC_BASE_URL"] or "").startswith("https://"):
        response.headers["Strict-Transport-Security"] = HSTS
    return response
