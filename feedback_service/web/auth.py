"""Logging in: password check with throttling, and server-side sessions behind Flask-Login.

The session cookie (signed by Flask) carries only a random token; the database keeps its digest
in `LoginSession`, so logging out, or deactivating a user, ends the session on the server.

Throttling counts failed logins by the client's address (`request.remote_addr`, see
`configure_client_address`): a login is locked only for the address that guessed wrong, so a
stranger's guesses never lock its owner out, and one address guessing across many logins
(password spraying) is stopped whatever the e-mails.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask_login import UserMixin, current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import check_password_hash, generate_password_hash

from feedback_service.database import unit_of_work, utcnow
from feedback_service.extensions import db, login_manager
from feedback_service.settings import settings_of
from feedback_service.staff.directory import find_user
from feedback_service.staff.models import LoginFailure, LoginSession, Role, User
from feedback_service.web.session_cookies import SessionCookies

log = logging.getLogger(__name__)

# Five wrong passwords for one login from one address lock that login at that address for a
# quarter of an hour after the last of them; from anywhere else it still opens.
MAX_FAILED_LOGINS = 5
# Twenty failed logins from one address, whatever the e-mails, stop that address as long.
MAX_FAILED_FROM_ADDRESS = 20
THROTTLE_WINDOW = timedelta(minutes=15)
# A session nobody has used for this long is over.
IDLE_TIMEOUT = timedelta(hours=12)
# `last_seen_at` is written at most this often, not on every page view.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)



@functools.cache
def _unknown_user_hash() -> str:
    """Checked against when the e-mail is unknown, so the answer takes as long as for a known
    one. Made at the first login rather than at import: hashing takes scrypt's 32 MB for a
    moment, which a process that never checks a password (an export, a job) need not reach."""
    return generate_password_hash(secrets.token_urlsafe(16))


def token_digest(token: str) -> str:
    """What the database keeps of a session token: a stolen table does not yield cookies."""
    return hashlib.sha256(token.encode()).hexdigest()


def may_log_in(user: User) -> bool:
    """Active users only; an agent's login ends with the agent's deactivation."""
    return user.active and (user.agent is None or user.agent.active)


class SignedInUser(UserMixin):
    """The Flask-Login user: a `User` and the server-side session it came in with."""

    def __init__(self, user: User, login_session: LoginSession, token: str) -> None:
        self.user = user
        self.login_session = login_session
        self.token = token

    def get_id(self) -> str:
        # Flask-Login stores this in the cookie; it names the session, not the user.
        return self.token

    @property
    def is_active(self) -> bool:
        return may_log_in(self.user)

    @property
    def is_admin(self) -> bool:
        return self.user.role == Role.ADMIN

    @property
    def display_name(self) -> str:
        """The person's name; empty when they have none yet, never their e-mail."""
        return self.user.name.strip()


class TooManyAttempts(Exception):
    """The client's address has failed too many logins lately, over any e-mails."""


def authenticate(email: str, password: str, client_address: str,
                 now: datetime | None = None) -> User | None:
    """The user when the password is right, the login is not locked at this address and not
    deactivated; raises TooManyAttempts when the address itself is stopped.

    Every attempt is recorded as failed, and committed, before the password is checked, and
    cleared when it turns out right: parallel guesses cannot slip past a limit, and no database
    lock is held while the password is hashed.
    """
    now = now or utcnow()
    client_address = client_address[:64]
    with unit_of_work(db.session):
        user = find_user(email) if email.strip() else None
        user_id = user.id if user is not None and user.password_hash else None
        db.session.add(LoginFailure(client_address=client_address, user_id=user_id,
                                    failed_at=now))
    since = now - THROTTLE_WINDOW
    if _failures(since, LoginFailure.client_address == client_address) > MAX_FAILED_FROM_ADDRESS:
        check_password_hash(_unknown_user_hash(), password)
        log.warning("login refused: too many failed logins from one address")
        raise TooManyAttempts
    if user is None or user_id is None:
        check_password_hash(_unknown_user_hash(), password)
        return None
    at_this_address = (LoginFailure.user_id == user_id,
                       LoginFailure.client_address == client_address)
    attempt = _failures(since, *at_this_address)
    if attempt > MAX_FAILED_LOGINS:
        # Hashing anyway keeps a locked login from answering faster than an open one.
        check_password_hash(_unknown_user_hash(), password)
        log.info("login refused: user %d is locked at this address after failed attempts",
                 user_id)
        return None
    if not check_password_hash(user.password_hash or "", password):
        if attempt == MAX_FAILED_LOGINS:
            log.warning("login locked: user %d at one address after %d failed attempts",
                        user_id, attempt)
        return None
    if not may_log_in(user):
        log.info("login refused: user %d is deactivated", user_id)
        return None
    with unit_of_work(db.session):
        db.session.execute(sa.delete(LoginFailure).where(*at_this_address))
    return user


def _failures(since: datetime, *where: sa.ColumnElement[bool]) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure)
                             .where(LoginFailure.failed_at > since, *where)) or 0



def start_session(user: User, now: datetime | None = None) -> SignedInUser:
    """A new server-side session with a fresh token, never one carried over from before."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    login_session = LoginSession(token=token_digest(token), user=user, created_at=now,
                                 last_seen_at=now)
    db.session.add(login_session)
    return SignedInUser(user, login_session, token)


def end_session(token: str | None, now: datetime | None = None) -> None:
    """Revoke the session with this token, so its cookie no longer logs anyone in."""
    if not token:
        return
    db.session.execute(
        sa.update(LoginSession)
        .where(LoginSession.token == token_digest(token), LoginSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )


def load_signed_in_user(token: str, now: datetime | None = None) -> SignedInUser | None:
    """The user of a live session: not revoked, not idle too long, user still allowed in.

    Flask-Login's user loader. What it writes is a unit of its own, committed before the view
    runs (see `sign_in_before_the_view`), never in the middle of one of the view's.
    """
    now = now or utcnow()
    login_session = db.session.scalar(
        sa.select(LoginSession).where(LoginSession.token == token_digest(token))
    )
    if login_session is None or login_session.revoked_at is not None:
        return None
    if now - login_session.last_seen_at > IDLE_TIMEOUT or not may_log_in(login_session.user):
        # Deactivation or idleness ends the session for good, not only for this request.
        with unit_of_work(db.session):
            login_session.revoked_at = now
        return None
    if now - login_session.last_seen_at > LAST_SEEN_RESOLUTION:
        with unit_of_work(db.session):
            login_session.last_seen_at = now
    return SignedInUser(login_session.user, login_session, token)


def sign_in_before_the_view() -> None:
    """Load the signed-in user (Flask-Login loads on first use) before a page's view runs, so
    the loader's unit is over before the view begins its own."""
    _ = current_user.is_authenticated


def configure_client_address(app: Flask) -> None:
    """Behind `TRUSTED_PROXIES` proxies, the client's address is the one they forwarded.

    gunicorn's `--forwarded-allow-ips` trusts only the scheme a proxy forwards, not the
    client's address: without this, every client would share the proxy's address.
    """
    hops = settings_of(app).trusted_proxies
    if hops:
        # Flask's documented way to wrap its WSGI app in middleware; its type says method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops)  # type: ignore[method-assign]


def configure_login(app: Flask) -> None:
    """Bind Flask-Login and set the session cookie's flags."""
    app.session_interface = SessionCookies()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # The login page says why in the user's language; Flask-Login's own message is English.
    login_manager.login_message = None
    login_manager.user_loader(load_signed_in_user)
    configure_client_address(app)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=cookies_need_https(app),
    )


def cookies_need_https(app: Flask) -> bool:
    """Secure cookies everywhere but at a local trial's plain-http address."""
    base_url = settings_of(app).public_base_url
    return not (base_url.startswith("http://") or (not base_url and (app.debug or app.testing)))
