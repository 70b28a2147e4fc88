"""The service's own error pages (403, 404, 405, 413, 500 and the rest), in the reader's
language; the JSON interfaces answer `{"error": ...}` and Twilio's webhooks plain text.

Every path that no view serves lands here too, so an unknown address answers the same 404
whether or not anyone is signed in.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from feedback_service.extensions import db
from feedback_service.web.texts import language_before_sign_in, text_in

log = logging.getLogger(__name__)

# Machines read these paths: an HTML page would mean nothing to them.
JSON_PATHS = ("/api/", "/hooks/")
PLAIN_TEXT_PATHS = ("/twilio/",)

# Each status's title and explanation (keys in web/texts.py); any other status gets the last.
PAGE_TEXTS = {
    400: ("bad_request_title", "bad_request_text"),
    403: ("forbidden_title", "forbidden_text"),
    404: ("not_found_title", "not_found_text"),
    405: ("method_not_allowed_title", "method_not_allowed_text"),
    413: ("too_large_title", "too_large_text"),
    500: ("server_error_title", "server_error_text"),
}


def configure_error_pages(app: Flask) -> None:
    """Answer every HTTP error the service's own way (Flask passes unhandled exceptions on as
    500s, an `HTTPException` too)."""
    app.register_error_handler(HTTPException, answer_error)


def answer_error(error: HTTPException) -> ResponseReturnValue:
    """The error as the client reading it understands it."""
    status = error.code or 500
    if status >= 500:
        # Whatever the failed request wrote is not kept, and the page below may read the user.
        db.session.rollback()
    if request.path.startswith(JSON_PATHS):
        unknown = status == 404 and request.url_rule is None
        message = "no such address" if unknown else error.description or error.name
        return jsonify(error=message), status
    if request.path.startswith(PLAIN_TEXT_PATHS):
        return Response(error.description or error.name, status=status, mimetype="text/plain")
    return error_page(status, error)


def error_page(status: int, error: HTTPException) -> ResponseReturnValue:
    title_key, text_key = PAGE_TEXTS.get(status, PAGE_TEXTS[500 if status >= 500 else 400])
    try:
        response = Response(render_template("web/error.html", title_key=title_key,
                                            text_key=text_key), status=status)
    except Exception:
        # The page needs the signed-in user; when even that fails (the database is gone), the
        # same words without the page around them, in the browser's language.
        log.exception("the error page for %s could not be rendered", status)
        language = language_before_sign_in()
        words = f"{text_in(language, title_key)}\n\n{text_in(language, text_key)}\n"
        response = Response(words, status=status, mimetype="text/plain")
    # A 405 says which methods the address takes, as HTTP asks.
    response.headers.update({key: value for key, value in error.get_headers()
                             if key.lower() == "allow"})
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response
