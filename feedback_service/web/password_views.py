"""`/password/forgot` and `/password/set/TOKEN`: a one-time link by mail to set a password,
for someone who forgot theirs and for someone invited."""

from __future__ import annotations

import logging

from flask import redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user

from feedback_service.database import unit_of_work
from feedback_service.extensions import db
from feedback_service.staff.directory import find_user
from feedback_service.web.auth import end_session, may_log_in, start_session
from feedback_service.web.blueprints import auth
from feedback_service.web.forms import ForgotPasswordForm, NewPasswordForm
from feedback_service.web.models import PasswordLink
from feedback_service.web.password_links import (
    LinkPurpose,
    LinkRefusal,
    address_may_request,
    find_link,
    issue_link,
    may_mail_reset,
    use_link,
)
from feedback_service.web.password_mail import queue_password_mail, rehearse_reset_mail

log = logging.getLogger(__name__)


@auth.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> ResponseReturnValue:
    """Ask for a link by e-mail; the answer is the same whether the address is known or not."""
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("web/password_forgot.html", form=form, sent=False), (
            400 if form.is_submitted() else 200)
    # One unit: the request is counted (for throttling) even when it is refused, and the link
    # is stored with the mail that carries it.
    with unit_of_work(db.session):
        allowed = address_may_request(request.remote_addr or "unknown")
        user = find_user(form.email.data or "") if allowed else None
        if allowed and may_mail_reset(user) and user is not None:
            link, token = issue_link(user, LinkPurpose.RESET)
            queue_password_mail(link, token)
            log.info("password reset link queued for user %d", user.id)
        elif allowed:
            # The same work as above, with nothing kept: the answer takes as long either way.
            rehearse_reset_mail(form.email.data or "")
    if not allowed:
        log.warning("password link refused: too many requests from one address")
        return render_template("web/password_forgot.html", form=form, sent=False,
                               throttled=True), 429
    # The one answer for every address, so the form tells nobody who has a login here.
    return render_template("web/password_forgot.html", form=ForgotPasswordForm(formdata=None),
                           sent=True)


@auth.route("/password/set/<token>", methods=["GET", "POST"])
def set_password(token: str) -> ResponseReturnValue:
    """Choose a password from a mailed link; it works once, then logs the person in."""
    found = find_link(token)
    if isinstance(found, LinkRefusal):
        return render_template("web/password_link_refused.html", refusal=found.value), 410 if (
            found is not LinkRefusal.UNKNOWN) else 404
    form = NewPasswordForm()
    if not form.validate_on_submit():
        return _set_password_page(found, form), 400 if form.is_submitted() else 200
    if not found.user.name.strip() and not (form.name.data or "").strip():
        form.name.errors = ["name"]
        return _set_password_page(found, form), 400
    with unit_of_work(db.session):
        user = use_link(found, form.password.data or "", (form.name.data or "").strip())
        if user is None:  # used by another request since `find_link` read it
            return render_template("web/password_link_refused.html",
                                   refusal=LinkRefusal.USED.value), 410
        if current_user.is_authenticated:
            end_session(current_user.token)
        signed_in = start_session(user) if may_log_in(user) else None
        purpose, user_id = found.purpose, user.id
    session.clear()
    if signed_in is not None:
        login_user(signed_in)
    log.info("password set from a %s link for user %d", purpose, user_id)
    return redirect(url_for("pages.index"))


def _set_password_page(link: PasswordLink, form: NewPasswordForm) -> str:
    return render_template("web/password_set.html", form=form, link=link,
                           needs_name=not link.user.name.strip(),
                           invited=link.purpose == LinkPurpose.INVITE)
