"""The page blueprints and what every page they serve has in common."""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from feedback_service.settings import current_settings
from feedback_service.web.auth import sign_in_before_the_view
from feedback_service.web.formatting import HELPERS
from feedback_service.web.recordings import recordings_playable

auth = Blueprint("auth", __name__, template_folder="templates")
pages = Blueprint("pages", __name__, template_folder="templates")



def add_page_headers(response: Response) -> Response:
    # The security headers every answer carries are added app-wide (`http_guards`).
    response.vary.add("Cookie")
    return response


def not_found(error: HTTPException) -> ResponseReturnValue:
    """The one answer for what does not exist and for what the user may not see."""
    return render_template("web/error.html", title_key="not_found_title",
                           text_key="not_found_text"), 404


def form_expired(error: CSRFError) -> ResponseReturnValue:
    """A form without a valid CSRF token changes nothing."""
    return render_template("web/error.html", title_key="form_expired_title",
                           text_key="form_expired_text"), 400


def page_helpers() -> dict[str, object]:
    return {**HELPERS, "recordings_playable": recordings_playable(current_settings())}


def share_page_behaviour(blueprint: Blueprint) -> None:
    """Headers, error pages and template helpers every page blueprint has in common."""
    blueprint.before_request(sign_in_before_the_view)
    blueprint.after_request(add_page_headers)
    blueprint.register_error_handler(404, not_found)
    blueprint.register_error_handler(CSRFError, form_expired)
    blueprint.context_processor(page_helpers)


for blueprint in (auth, pages):
    share_page_behaviour(blueprint)
