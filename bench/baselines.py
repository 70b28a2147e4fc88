"""What a webhook's cost is measured against: a bare Flask endpoint, and the limit.

The bare endpoint answers constant TwiML and does nothing else. The limit is the least a signed
webhook that keeps its idempotency key can do: Flask, the twilio SDK's `RequestValidator`
check, and one SQLAlchemy Core `INSERT … ON CONFLICT DO NOTHING` of the request's key,
committed, on the service's database as the service connects to it (on SQLite in WAL mode with
`synchronous=NORMAL`, on PostgreSQL through psycopg with its pool and timeouts).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, request
from sqlalchemy.dialects import postgresql, sqlite
from twilio.request_validator import RequestValidator

from feedback_service.database_engine import engine_options

BARE_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
LIMIT_TIMEOUT_SECONDS = 5.0  # the service's default DATABASE_TIMEOUT_SECONDS

KEYS = sa.Table("bench_limit_keys", sa.MetaData(),
                sa.Column("key", sa.String(128), primary_key=True))


def create_bare_app() -> Flask:
    bare = Flask("bare")

    @bare.post("/twiml")
    def constant_twiml() -> Response:
        return Response(BARE_TWIML, mimetype="text/xml")

    return bare


def limit_engine(database_url: str) -> sa.Engine:
    """An engine to the service's database with the service's options and SQLite pragmas."""
    url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = sa.create_engine(url, **engine_options(url, LIMIT_TIMEOUT_SECONDS))
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _as_the_service_does(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


def create_limit_table(database_url: str) -> None:
    """The limit's table of keys, made once before any server process serves it."""
    engine = limit_engine(database_url)
    KEYS.create(engine, checkfirst=True)
    engine.dispose()


def create_limit_app(database_url: str, auth_token: str, public_base_url: str) -> Flask:
    """The limit as a WSGI app of its own: `POST /twilio` keeps the request's `CallSid`."""
    limit = Flask("limit")
    engine = limit_engine(database_url)
    limit.extensions["limit_engine"] = engine  # for whoever ends the app to dispose of
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    keep_key = dialect.insert(KEYS).on_conflict_do_nothing()

    @limit.post("/twilio")
    def signed_key() -> Response:
        query = request.query_string.decode("latin-1")
        url = (public_base_url + request.script_root + request.path
               + (f"?{query}" if query else ""))
        signature = request.headers.get("X-Twilio-Signature", "")
        if not RequestValidator(auth_token).validate(url, request.form.to_dict(), signature):
            return Response("invalid signature", status=403, mimetype="text/plain")
        with engine.begin() as connection:
            connection.execute(keep_key, {"key": request.form["CallSid"]})
        return Response(BARE_TWIML, mimetype="text/xml")

    return limit
