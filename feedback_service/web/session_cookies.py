"""Flask's signed session cookie, with nothing done for a request that has none and makes none.

Flask builds the cookie's signer (and tries its serializer out) at the start of every request,
and at its end reads the cookie's settings and adds `Vary: Cookie` once anything has looked at
the session, as Flask-Login does on every request: work a phone webhook, an API call or /metrics
pays for a cookie they never carry. Every answer here is `Cache-Control: no-store`, and pages say
`Vary: Cookie` themselves (web/blueprints.py), so an empty session left empty has nothing to say.
"""

from __future__ import annotations

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin


class SessionCookies(SecureCookieSessionInterface):
    """Flask's own session cookie, opened only when the request carries one."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.environ.get("HTTP_COOKIE"):
            return self.session_class()  # what Flask's own answers without a cookie
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        # Empty and never written to: no cookie to set or to delete.
        if session or session.modified:
            super().save_session(app, session, response)
