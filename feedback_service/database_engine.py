"""Per-database engine settings, and how long a request may wait for the database.

A phone call cannot wait for a database that does not answer: Twilio gives up on a webhook
after 15 seconds and plays an error to the caller, and a caller hears silence long before. So on
PostgreSQL every connection has a connect timeout and a statement timeout
(`DATABASE_TIMEOUT_SECONDS`), and a webhook also has a deadline for all its database work
together (`VOICE_TIMEOUT_SECONDS` for Twilio's voice webhooks), kept on the client side: it
holds when the server stops answering on a connection that is already open, where no
server-side timeout can help, and it bounds the wait for a free connection in the pool too.

Pages and the API bear at most `DATABASE_TIMEOUT_SECONDS` (and a second) of the database's
silence (a CSV export streams for longer than any deadline, but never waits long for one
answer), and no more than `WEB_DATABASE_CONNECTIONS` of them use the database at once: the rest
of the pool stays for the phone path whatever pages and the API are doing. Past their limit
they answer 503.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, cast

import psycopg
import sqlalchemy as sa
from flask import Blueprint, Flask, Response, current_app, g, request
from flask.blueprints import BlueprintSetupState

from feedback_service.database import AnySession
from feedback_service.extensions import db
from feedback_service.settings import (
    POOL_OVERFLOW,
    POOL_SIZE,
    current_settings,
    settings_of,
)

log = logging.getLogger(__name__)

# The monotonic time by which the current webhook must be done with the database; None: no limit.
_deadline: ContextVar[float | None] = ContextVar("database_deadline", default=None)


@dataclass
class Patience:
    """How long a page or API request bears the database's silence: `seconds` since it last
    heard from it (a connection made, an answer read)."""

    seconds: float
    heard_at: float = field(default_factory=time.monotonic)

    def heard(self) -> None:
        self.heard_at = time.monotonic()


_patience: ContextVar[Patience | None] = ContextVar("database_patience", default=None)
# psycopg waits whole seconds to connect, and no fewer than 2 (as libpq does).
SHORTEST_CONNECT_SECONDS = 2
LONGEST_OVERRUN = 0.5


class DeadlineExceeded(psycopg.OperationalError):
    """The database did not answer before the webhook's deadline; the connection was closed."""


class DatabaseBusy(sa.exc.TimeoutError):
    """Every connection pages and the API may use stayed busy for as long as they may wait."""


def time_left() -> float | None:
    """Seconds the current wait for the database may last; None: as long as it takes."""
    deadline, patience, now = _deadline.get(), _patience.get(), time.monotonic()
    limits = [deadline - now] if deadline is not None else []
    if patience is not None:
        limits.append(patience.heard_at + patience.seconds - now)
    return max(min(limits), 0.0) if limits else None


def _heard_from_the_database() -> None:
    patience = _patience.get()
    if patience is not None:
        patience.heard()


class DeadlinePool(sa.pool.QueuePool):
    """A pool whose wait for a free connection ends when the current request's time is up."""

    @property
    def _timeout(self) -> float:
        left = time_left()
        return self._longest_wait if left is None else min(self._longest_wait, left)

    @_timeout.setter
    def _timeout(self, seconds: float) -> None:
        self._longest_wait = seconds


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection that stops waiting for the server at the current deadline.

    Every exchange with the server goes through `wait`; past the deadline the connection is in
    an unknown state, so it is closed, and SQLAlchemy, seeing it closed, drops it from the pool.
    """

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        remaining = time_left()
        if remaining is None:
            return super().wait(gen, interval=interval, timeout=timeout)
        try:
            answer = super().wait(gen, interval=interval,
                                  timeout=remaining if timeout is None else min(timeout, remaining))
        except psycopg.OperationalError:
            # psycopg's wait raises an OperationalError when its timeout expires (the class it
            # uses is private); with no time left, that timeout was the deadline's.
            if (time_left() or 0.0) > 0.0:
                raise
            self.pgconn.finish()
            raise DeadlineExceeded("the database did not answer in time") from None
        _heard_from_the_database()
        return answer


def engine_options(url: str, timeout_seconds: float) -> dict[str, Any]:
    """SQLAlchemy engine options: on PostgreSQL, connect and statement timeouts in psycopg's."""
    # hide_parameters: a database error must not write callers' numbers or comments to the log.
    options: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if url.startswith("postgresql"):
        options.update(poolclass=DeadlinePool, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
                       pool_timeout=timeout_seconds)
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
            remaining = time_left()
            if remaining is not None:
                # psycopg may wait its 2 seconds past the time left: with too little left, a
                # connection is not begun, so no request overruns by more than half a second.
                if remaining < SHORTEST_CONNECT_SECONDS - LONGEST_OVERRUN:
                    raise DeadlineExceeded("no time left to connect to the database")
                cparams = {**cparams, "connect_timeout": min(
                    int(cparams.get("connect_timeout") or 2**31),
                    max(SHORTEST_CONNECT_SECONDS, math.floor(remaining)))}
            connection = DeadlineConnection.connect(*cargs, **cparams)
            _heard_from_the_database()
            return connection

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


def answer_within_the_database_timeout(blueprint: Blueprint,
                                       setting: str = "database_timeout_seconds") -> None:
    """Give each request to `blueprint` the seconds `setting` names for its database work."""

    @blueprint.before_request
    def _start_deadline() -> None:
        seconds = float(getattr(current_settings(), setting))
        g.database_deadline = _deadline.set(time.monotonic() + seconds)

    # Before the session is removed (at the end of the app context), so that its clean-up
    # is not cut short.
    @blueprint.teardown_request
    def _end_deadline(_error: BaseException | None) -> None:
        token = g.pop("database_deadline", None)
        if token is not None:
            _deadline.reset(token)


# How long a page or API client is asked to wait before it tries again, in seconds.
RETRY_AFTER_SECONDS = 30
UNREACHABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError,
               sa.exc.DisconnectionError)


def wait_for_the_database_in_turn(blueprint: Blueprint,
                                  unavailable: Callable[[], Response]) -> None:
    """Requests to `blueprint` (pages, the API) share `WEB_DATABASE_CONNECTIONS` connections
    and wait at most `DATABASE_TIMEOUT_SECONDS` for each answer; past that, `unavailable()`
    answers, as 503 with `Retry-After`. Register it before anything else the blueprint does
    before its views."""

    @blueprint.record_once
    def _share_the_slots(state: BlueprintSetupState) -> None:
        # One set of slots per app (per process), shared by every blueprint that waits in turn.
        state.app.extensions.setdefault("web_database_slots", threading.BoundedSemaphore(
            settings_of(cast(Flask, state.app)).web_database_connections))

    @blueprint.before_request
    def _take_a_connection_slot() -> None:
        # A second over the statement timeout: the server cancels a slow statement first and
        # says so; only a server that no longer answers at all is given up on here. The wait
        # for a slot counts too, so that a request does not wait its time twice.
        g.database_patience = _patience.set(
            Patience(current_settings().database_timeout_seconds + 1))
        slots = current_app.extensions["web_database_slots"]
        if not slots.acquire(timeout=time_left()):
            raise DatabaseBusy("every connection for pages and the API stayed busy")
        g.database_slot = slots

    @blueprint.teardown_request
    def _give_the_slot_back(_error: BaseException | None) -> None:
        token = g.pop("database_patience", None)
        if token is not None:
            _patience.reset(token)
        slots = g.pop("database_slot", None)
        if slots is not None:
            slots.release()

    def _unavailable(error: Exception) -> Response:
        log.warning("%s answered 503: the database is out of reach (%s)", request.endpoint,
                    type(error).__name__)
        response = unavailable()
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    for error in UNREACHABLE:
        blueprint.register_error_handler(error, _unavailable)


def database_unreachable(error: BaseException) -> bool:
    """Whether an error says the database could not be reached or did not answer in time.

    Such an error passes: a retry may succeed. Others (a value the database refuses, a broken
    query) come back the same on every retry.
    """
    return isinstance(error, UNREACHABLE)


def lift_statement_timeout(session: AnySession | None = None) -> None:
    """Let the current transaction's statements run as long as they need (bulk work)."""
    session = db.session if session is None else session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL statement_timeout = 0"))
