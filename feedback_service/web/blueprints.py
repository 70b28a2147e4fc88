"""The page blueprints and what every page they serve has in common."""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

from feedback_service.database_engine import wait_for_the_database_in_turn
from feedback_service.settings import current_settings
from feedback_service.web.auth import sign_in_before_the_view
from feedback_service.web.formatting import HELPERS
from feedback_service.web.recordings import recordings_playable
from feedback_service.web.texts import language_before_sign_in, text_in

auth = Blueprint("auth", __name__, template_folder="templates")
pages = Blueprint("pages", __name__, template_folder="templates")



def add_page_headers(response: Response) -> Response:
    # The security headers every answer carries are added app-wide (`http_guards`).
    response.vary.add("Cookie")
    response.vary.add("Accept-Language")
    return response


def form_expired(error: CSRFError) -> ResponseReturnValue:
    """A form without a valid CSRF token changes nothing."""
    return render_template("web/error.html", title_key="form_expired_title",
                           text_key="form_expired_text"), 400


def page_helpers() -> dict[str, object]:
    return {**HELPERS, "recordings_playable": recordings_playable(current_settings())}


def database_unavailable() -> Response:
    """Plain words in the browser's language (the signed-in person's would ask the database, and
    so would the page around them)."""
    return Response(text_in(language_before_sign_in(), "try_later"), mimetype="text/plain")


def share_page_behaviour(blueprint: Blueprint) -> None:
    """Headers, error pages and template helpers every page blueprint has in common."""
    wait_for_the_database_in_turn(blueprint, database_unavailable)
    blueprint.before_request(sign_in_before_the_view)
    blueprint.after_request(add_page_headers)
    blueprint.register_error_handler(CSRFError, form_expired)
    blueprint.context_processor(page_helpers)


for blueprint in (auth, pages):
    share_page_behaviour(blueprint)
