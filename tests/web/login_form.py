"""Logging in and out through the login form, with its CSRF token, as a browser does."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.conftest import PUBLIC_BASE_URL
from tests.smtp_sink import text_of
from tests.web.factories import PASSWORD

_CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_in(page: str) -> str:
    """The CSRF token a page's form carries, as a browser would send it back."""
    match = _CSRF_FIELD.search(page)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def log_in(client: FlaskClient, email: str, password: str = PASSWORD, next_path: str = ""):
    # Signed in already, /login leads on to a page whose logout form carries the same token.
    page = client.get("/login", follow_redirects=True).get_data(as_text=True)
    query = f"?next={next_path}" if next_path else ""
    return client.post(
        f"/login{query}",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_token_in(page),
        },
    )


def log_out(client: FlaskClient):
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    return client.post("/logout", data={"csrf_token": csrf_token_in(page)})


_PASSWORD_LINK = re.compile(re.escape(PUBLIC_BASE_URL) + r"(/password/set/[A-Za-z0-9_-]+)")


def password_link_in(mail) -> str:
    """The path of the one-time link an invitation or password mail carries."""
    match = _PASSWORD_LINK.search(text_of(mail))
    assert match, text_of(mail)
    return match.group(1)
