"""One-time links to set a password: an invitation for someone new, a reset for someone who forgot.

A link is a random token in a URL; the database keeps only its digest, with its expiry and its
use. Using one link ends every other link of the same person, so an older mail found later in
an inbox opens nothing.
"""

from __future__ import annotations

import enum
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.staff.directory import set_password
from feedback_service.staff.models import User
from feedback_service.web.auth import may_log_in, token_digest
from feedback_service.web.models import LinkPurpose, PasswordLink, PasswordLinkRequest

# An invitation waits for someone to read their mail after a weekend or a holiday; a reset is
# asked for by someone at their screen, so a stolen mailbox is of little use for long.
VALID_FOR = {LinkPurpose.INVITE: timedelta(days=7), LinkPurpose.RESET: timedelta(hours=1)}

# At most this many reset mails to one person an hour, so nobody's inbox can be flooded.
MAX_RESETS_PER_HOUR = 3
# Like logins: this many requests from one address within the window stop that address.
MAX_REQUESTS_FROM_ADDRESS = 10
REQUEST_WINDOW = timedelta(minutes=15)


class LinkRefusal(enum.StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


def issue_link(user: User, purpose: LinkPurpose,
               now: datetime | None = None) -> tuple[PasswordLink, str]:
    """A new link for `user`; returns the stored row and the token, which is never stored."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    link = PasswordLink(user=user, token=token_digest(token), purpose=purpose, created_at=now,
                        expires_at=now + VALID_FOR[purpose])
    db.session.add(link)
    db.session.flush()
    return link, token


def find_link(token: str, now: datetime | None = None) -> PasswordLink | LinkRefusal:
    """The link this token opens, or why it opens nothing."""
    now = now or utcnow()
    link = db.session.scalar(sa.select(PasswordLink).where(
        PasswordLink.token == token_digest(token)))
    if link is None:
        return LinkRefusal.UNKNOWN
    if link.used_at is not None:
        return LinkRefusal.USED
    if link.expires_at <= now or not may_log_in(link.user):
        # A deactivated person's link is as dead as an expired one.
        return LinkRefusal.EXPIRED
    return link


def use_link(link: PasswordLink, password: str, name: str | None,
             now: datetime | None = None) -> User | None:
    """Set the person's password (and their name when they had none) and end all their links;
    None when the link was used meanwhile.

    The link is taken by one UPDATE that only finds it unused: of requests using it at once,
    the database makes the others wait for the first to commit, and then finds it used.
    """
    now = now or utcnow()
    taken = db.session.execute(
        sa.update(PasswordLink)
        .where(PasswordLink.id == link.id, PasswordLink.used_at.is_(None))
        .values(used_at=now).returning(PasswordLink.id)
        .execution_options(synchronize_session=False)).first()
    if taken is None:
        return None
    user = link.user
    set_password(user.email, password)
    if name and not user.name.strip():
        user.name = name
    db.session.execute(
        sa.update(PasswordLink)
        .where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))
        .values(used_at=now)
    )
    return user


def address_may_request(client_address: str, now: datetime | None = None) -> bool:
    """Record a request from this address; False once it has asked too often lately."""
    now = now or utcnow()
    client_address = client_address[:64]
    db.session.add(PasswordLinkRequest(client_address=client_address, requested_at=now))
    db.session.flush()
    recent = db.session.scalar(
        sa.select(sa.func.count()).select_from(PasswordLinkRequest)
        .where(PasswordLinkRequest.client_address == client_address,
               PasswordLinkRequest.requested_at > now - REQUEST_WINDOW)) or 0
    return recent <= MAX_REQUESTS_FROM_ADDRESS


def may_mail_reset(user: User | None, now: datetime | None = None) -> bool:
    """Whether this person may get another reset mail now: active, and not flooded.

    Nobody (an unknown address) may not, after the same query: the answer takes as long.
    """
    now = now or utcnow()
    recent = db.session.scalar(
        sa.select(sa.func.count()).select_from(PasswordLink)
        .where(PasswordLink.user_id == (user.id if user else None),
               PasswordLink.purpose == LinkPurpose.RESET,
               PasswordLink.created_at > now - timedelta(hours=1))) or 0
    return user is not None and may_log_in(user) and recent < MAX_RESETS_PER_HOUR
