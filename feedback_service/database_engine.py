"""Per-database engine settings, and how long a webhook may wait for the database.

A phone call cannot wait for a database that does not answer: Twilio gives up on a webhook
after 15 seconds and plays an error to the caller. So on PostgreSQL every connection has a
connect timeout and a statement timeout (`DATABASE_TIMEOUT_SECONDS`), and a webhook also has a
deadline for all its database work together, kept on the client side: it holds when the server
stops answering on a connection that is already open, where no server-side timeout can help.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import psycopg
import sqlalchemy as sa
from flask import Blueprint, Flask, g
from psycopg import errors

from feedback_service.extensions import db
from feedback_service.settings import current_settings

# The monotonic time by which the current webhook must be done with the database; None: no limit.
_deadline: ContextVar[float | None] = ContextVar("database_deadline", default=None)


class DeadlineExceeded(psycopg.OperationalError):
    """The database did not answer before the webhook's deadline; the connection was closed."""


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection that stops waiting for the server at the current deadline.

    Every exchange with the server goes through `wait`; past the deadline the connection is in
    an unknown state, so it is closed, and SQLAlchemy, seeing it closed, drops it from the pool.
    """

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        deadline = _deadline.get()
        if deadline is None:
            return super().wait(gen, interval=interval, timeout=timeout)
        remaining = max(deadline - time.monotonic(), 0.0)
        try:
            return super().wait(gen, interval=interval,
                                timeout=remaining if timeout is None else min(timeout, remaining))
        except errors._WaitTimeout:
            self.pgconn.finish()
            raise DeadlineExceeded("the database did not answer in time") from None


def engine_options(url: str, timeout_seconds: float) -> dict[str, Any]:
    """SQLAlchemy engine options: on PostgreSQL, connect and statement timeouts in psycopg's."""
    # hide_parameters: a database error must not write callers' numbers or comments to the log.
    options: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if url.startswith("postgresql"):
        options["pool_timeout"] = timeout_seconds
        options["connect_args"] = {
            # psycopg counts whole seconds, and no fewer than 2.
            "connect_timeout": max(2, math.ceil(timeout_seconds)),
            "options": f"-c statement_timeout={round(timeout_seconds * 1000)}",
        }
    return options


def configure_engine(app: Flask) -> None:
    """SQLite: foreign keys on, and a file the web and scheduler processes share.

    PostgreSQL: connections that keep the current webhook's deadline.
    """
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":

        @sa.event.listens_for(engine, "do_connect")
        def _connect_with_deadline(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
            deadline = _deadline.get()
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise DeadlineExceeded("no time left to connect to the database")
                # psycopg counts whole seconds, and no fewer than 2.
                cparams = {**cparams, "connect_timeout": min(
                    int(cparams.get("connect_timeout") or 2**31), max(2, math.ceil(remaining)))}
            return DeadlineConnection.connect(*cargs, **cparams)

        return
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL never corrupts the file and keeps every commit through a crash
            # of the service; only a power loss may undo the last commits. FULL waits for the
            # disk at every commit (4 ms here), which bounds every webhook on SQLite.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@contextmanager
def database_deadline(seconds: float) -> Iterator[None]:
    """Within the block, all database work together may take at most `seconds` (PostgreSQL)."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def answer_within_the_database_timeout(blueprint: Blueprint) -> None:
    """Give each request to `blueprint` `DATABASE_TIMEOUT_SECONDS` for its database work."""

    @blueprint.before_request
    def _start_deadline() -> None:
        seconds = current_settings().database_timeout_seconds
        g.database_deadline = _deadline.set(time.monotonic() + seconds)

    # Before the session is removed (at the end of the app context), so that its clean-up
    # is not cut short.
    @blueprint.teardown_request
    def _end_deadline(_error: BaseException | None) -> None:
        token = g.pop("database_deadline", None)
        if token is not None:
            _deadline.reset(token)


def database_unreachable(error: BaseException) -> bool:
    """Whether an error says the database could not be reached or did not answer in time.

    Such an error passes: a retry may succeed. Others (a value the database refuses, a broken
    query) come back the same on every retry.
    """
    return isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError
                      | sa.exc.TimeoutError | sa.exc.DisconnectionError)


def lift_statement_timeout() -> None:
    """Let the current transaction's statements run as long as they need (bulk work)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL statement_timeout = 0"))
