"""Logging in and out through the login form, with its CSRF token, as a browser does."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

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
