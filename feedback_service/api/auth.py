"""Bearer-token authentication and JSON errors for `/api/v1`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, jsonify
from flask.typing import ResponseReturnValue

from feedback_service.http_guards import bearer_token_matches
from feedback_service.settings import current_settings


def api_error(message: str, status: int) -> ResponseReturnValue:
    return jsonify(error=message), status


def no_store(response: Response) -> Response:
    """API answers carry callers' comments: no cache on the way may keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def require_api_token(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let the request through only with `Authorization: Bearer API_TOKEN`."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        expected = current_settings().api_token
        if not expected:
            return api_error("the API is off: set FEEDBACK_API_TOKEN to turn it on", 404)
        if not bearer_token_matches(expected):
            return api_error("a valid bearer token is required", 401)
        return view(*args, **kwargs)

    return checked

