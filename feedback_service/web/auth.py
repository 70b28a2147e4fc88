"""Logging in: password check with throttling, and server-side sessions behind Flask-Login.

The session cookie (signed by Flask) carries only a random token; the database keeps its digest
in `LoginSession`, so logging out, or deactivating a user, ends the session on the server.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from feedback_service.database import utcnow
from feedback_service.extensions import db, login_manager
from feedback_service.staff.directory import find_user
from feedback_service.staff.models import Role, User
from feedback_service.web.models import LoginSession

log = logging.getLogger(__name__)

# Five wrong passwords in a row lock the login for a quarter of an hour, then five more, and so on.
MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)
# A session nobody has used for this long is over.
IDLE_TIMEOUT = timedelta(hours=12)
# `last_seen_at` is written at most this often, not on every page view.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)

# Checked against when the e-mail is unknown, so the answer takes as long as for a known one.
_UNKNOWN_USER_HASH = generate_password_hash(secrets.token_urlsafe(16))


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
        return self.user.name or self.user.email


def authenticate(email: str, password: str, now: datetime | None = None) -> User | None:
    """The user when the password is right and the login is neither locked nor deactivated.

    Every attempt is counted, and committed, before the password is checked: parallel guesses
    cannot slip past the lock, and no database lock is held while the password is hashed.
    """
    now = now or utcnow()
    user = find_user(email) if email.strip() else None
    if user is None or not user.password_hash:
        check_password_hash(_UNKNOWN_USER_HASH, password)
        return None
    user_id = user.id
    attempt = _count_attempt(user_id, now)
    db.session.commit()
    if attempt is None:
        # Hashing anyway keeps a locked login from answering faster than an open one.
        check_password_hash(_UNKNOWN_USER_HASH, password)
        log.info("login refused: user %d is locked after failed attempts", user_id)
        return None
    if not check_password_hash(user.password_hash or "", password):
        if attempt % MAX_FAILED_LOGINS == 0:
            log.warning("login locked: user %d after %d failed attempts", user_id, attempt)
        return None
    if not may_log_in(user):
        log.info("login refused: user %d is deactivated", user_id)
        return None
    user.failed_logins = 0
    user.locked_until = None
    return user


def _count_attempt(user_id: int, now: datetime) -> int | None:
    """Count an attempt in one statement, locking the login at every MAX_FAILED_LOGINS-th;
    None, and nothing counted, while the login is locked."""
    failed = User.failed_logins + 1
    return db.session.execute(
        sa.update(User)
        .where(User.id == user_id,
               sa.or_(User.locked_until.is_(None), User.locked_until <= now))
        .values(failed_logins=failed,
                locked_until=sa.case((failed % MAX_FAILED_LOGINS == 0, now + LOCK_DURATION),
                                     else_=User.locked_until))
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()


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
    """The user of a live session: not revoked, not idle too long, user still allowed in."""
    now = now or utcnow()
    login_session = db.session.scalar(
        sa.select(LoginSession).where(LoginSession.token == token_digest(token))
    )
    if login_session is None or login_session.revoked_at is not None:
        return None
    if now - login_session.last_seen_at > IDLE_TIMEOUT or not may_log_in(login_session.user):
        # Deactivation or idleness ends the session for good, not only for this request.
        login_session.revoked_at = now
        db.session.commit()
        return None
    if now - login_session.last_seen_at > LAST_SEEN_RESOLUTION:
        login_session.last_seen_at = now
        db.session.commit()
    return SignedInUser(login_session.user, login_session, token)


def configure_login(app: Flask) -> None:
    """Bind Flask-Login and set the session cookie's flags."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # The login page says why in the user's language; Flask-Login's own message is English.
    login_manager.login_message = None
    login_manager.user_loader(load_signed_in_user)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=cookies_need_https(app),
    )


def cookies_need_https(app: Flask) -> bool:
    """Secure cookies everywhere but at a local trial's plain-http address."""
    base_url = str(app.config.get("PUBLIC_BASE_URL") or "")
    return not (base_url.startswith("http://") or (not base_url and (app.debug or app.testing)))
