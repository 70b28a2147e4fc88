"""The invitation and reset mails: a one-time link, how long it works, in the reader's language."""

from __future__ import annotations

import secrets

from flask import render_template, url_for

from feedback_service.extensions import db
from feedback_service.outbox.queue import enqueue_email
from feedback_service.settings import current_settings
from feedback_service.staff.models import User
from feedback_service.web.auth import token_digest
from feedback_service.web.models import PasswordLink
from feedback_service.web.password_links import LinkPurpose
from feedback_service.web.texts import text_in

# The outbox blanks a mail with this purpose once it is sent: the link must not outlive the
# mail in the database.
PURPOSE = "password_link"


def reader_language(user: User) -> str:
    """The person's own language, else their agent's, else the service's default."""
    return (user.language or (user.agent.language if user.agent else None)
            or current_settings().default_language)


def queue_password_mail(link: PasswordLink, token: str) -> None:
    """Queue the mail carrying `token`'s link; it leaves once the caller commits."""
    user = link.user
    _queue_mail(f"password-link:{link.id}", user.email, user.name.strip(), reader_language(user),
                link.purpose == LinkPurpose.INVITE, token)


def rehearse_reset_mail(email: str) -> None:
    """For an address that gets no mail, the work of one that does, and nothing kept: the
    token, the mail and its row in the outbox, written and rolled back; so the time the answer
    takes tells nobody whether the address has a login here."""
    token = secrets.token_urlsafe(32)
    rehearsal = db.session.begin_nested()
    try:
        _queue_mail(f"password-link:rehearsal:{token_digest(token)}", email, "",
                    current_settings().default_language, False, token)
        db.session.flush()
    finally:
        rehearsal.rollback()


def _queue_mail(key: str, email: str, name: str, language: str, invite: bool,
                token: str) -> None:
    prefix = "invite" if invite else "reset"
    url = current_settings().public_url(url_for("auth.set_password", token=token))
    values = {"name": name, "app": text_in(language, "app_name"), "email": email}
    subject = text_in(language, f"{prefix}_mail_subject", **values)
    context = {
        "language": language,
        "subject": subject,
        "greeting": text_in(language, "mail_greeting" if name else "greeting_anonymous",
                            **values),
        "intro": text_in(language, f"{prefix}_mail_intro", **values),
        "action": text_in(language, f"{prefix}_mail_action"),
        "link": url,
        "validity": text_in(language, f"{prefix}_mail_validity"),
        "closing": text_in(language, f"{prefix}_mail_closing"),
    }
    enqueue_email(
        key, to=email, subject=subject,
        text=render_template("web/mail/password_link.txt", **context),
        html=render_template("web/mail/password_link.html", **context), purpose=PURPOSE,
    )
