"""`/login` and `/logout`."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from feedback_service.database import unit_of_work
from feedback_service.extensions import db
from feedback_service.web.auth import (
    TooManyAttempts,
    authenticate,
    end_session,
    start_session,
)
from feedback_service.web.blueprints import auth
from feedback_service.web.forms import LoginForm
from feedback_service.web.texts import text


def safe_next(target: str | None) -> str | None:
    """A path on this site to go back to after login; anything else could send users away."""
    if not target or any(ord(char) < 0x21 or ord(char) == 0x7F for char in target):
        return None  # a line break would end the Location header and start another one
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target


@auth.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Log in with e-mail and password; a new server-side session each time."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("pages.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return _login_page(form, failed=None), 200
    try:
        user = authenticate(form.email.data or "", form.password.data or "",
                            request.remote_addr or "unknown")
    except TooManyAttempts:
        # Only a real throttle says to wait; it is about this address, never about the e-mail.
        return _login_page(form, failed="login_throttled"), 429
    if user is None:
        return _login_page(form, failed="login_failed"), 401
    with unit_of_work(db.session):
        if current_user.is_authenticated:
            end_session(current_user.token)
        signed_in = start_session(user)
    # Nothing from before the login survives into the new session; the cookie names the new
    # session only once it is committed.
    session.clear()
    login_user(signed_in)
    return redirect(safe_next(request.args.get("next")) or url_for("pages.index"))


def _login_page(form: LoginForm, *, failed: str | None) -> str:
    """The login form; `failed` is the text key of what went wrong, if anything."""
    return render_template("web/login.html", form=form, failed=failed,
                           asked_for_page=bool(request.args.get("next")))


@auth.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    """End the session on the server too, so the old cookie stops working."""
    with unit_of_work(db.session):
        end_session(current_user.token)
    logout_user()
    session.clear()
    flash(text("logged_out"))
    return redirect(url_for("auth.login"))
