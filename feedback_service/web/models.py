"""One-time links for invitations and forgotten passwords, and the requests for them."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_service.database import Base, one_of, utcnow
from feedback_service.staff.models import User


class LinkPurpose(enum.StrEnum):
    INVITE = "invite"
    RESET = "reset"


class PasswordLink(Base):
    """A one-time link to set a password: an invitation, or a reset asked for at `/password/forgot`.

    Only the token's SHA-256 digest is kept, so a copy of the table opens no account.
    """

    __tablename__ = "password_links"
    __table_args__ = (one_of("purpose", LinkPurpose),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    purpose: Mapped[str] = mapped_column(sa.String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class PasswordLinkRequest(Base):
    """A request at `/password/forgot`, by the client's address, for throttling.

    Kept for a day at most, like failed logins: an address is personal data.
    """

    __tablename__ = "password_link_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_address: Mapped[str] = mapped_column(sa.String(64))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    __table_args__ = (
        sa.Index("ix_password_link_requests_address_time", "client_address", "requested_at"),
    )
