"""Fixtures: an app on a fresh database (SQLite, or PostgreSQL when asked), its client and CLI.

The schema is built once per test process: on SQLite into a file each test gets a copy of, on
PostgreSQL by the migrations, with every table emptied after each test. Under pytest-xdist each
worker has its own PostgreSQL database (`<database>_gw0`, ...) on the server that
FEEDBACK_TEST_DATABASE_URL names, made at the start and dropped at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.engine import make_url

from feedback_service import create_app
from feedback_service.extensions import db
from tests.clock import clock_start_for_tests

# CI sets this to a PostgreSQL URL; without it every test gets its own SQLite file.
SHARED_POSTGRES_URL = os.environ.get("FEEDBACK_TEST_DATABASE_URL", "")
# An xdist worker's name (gw0, gw1, ...); empty without workers.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _worker_database(url: str) -> str:
    """This process's PostgreSQL database: the one named, or a worker's own beside it."""
    if not url.startswith("postgres") or not WORKER:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{WORKER}").render_as_string(hide_password=False)


# The PostgreSQL database this process's tests use.
POSTGRES_URL = _worker_database(SHARED_POSTGRES_URL)

PUBLIC_BASE_URL = "https://feedback.example.com"
TWILIO_AUTH_TOKEN = "test-auth-token-0123456789abcdef"
API_TOKEN = "test-api-token"


# The clock stands at the test moment when the process starts and ticks from there, so every
# run sees the same date, weekday and week (a test's minutes depend on how long the run took).
# It is not set back before each test: a session cookie or a login signed later in the run
# would look as if it came from the future.
TEST_CLOCK_START = clock_start_for_tests()
_process_clock = time_machine.travel(TEST_CLOCK_START, tick=True)


def pytest_configure(config: pytest.Config) -> None:
    _process_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _process_clock.stop()


@pytest.fixture(autouse=True)
def _clock_mark(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test whose data are written for given dates runs at the moment its `clock` mark names
    (a digest of 2026-W47 is sent on the Monday after it), whatever the run's test clock."""
    mark = request.node.get_closest_marker("clock")
    if mark is None:
        yield
        return
    with time_machine.travel(datetime.fromisoformat(mark.args[0]), tick=True):
        yield


def on_postgres() -> bool:
    return POSTGRES_URL.startswith("postgres")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip `postgres_only` tests unless FEEDBACK_TEST_DATABASE_URL points at PostgreSQL."""
    if on_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set FEEDBACK_TEST_DATABASE_URL")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


def settings(database_url: str, **extra: object) -> dict[str, object]:
    """The settings every test app starts from."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "API_TOKEN": API_TOKEN,
        "PBX_WEBHOOK_SECRET": "test-pbx-secret",
        "COMPANY_NAME": "Acme",
        **extra,
    }


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def reset_postgres_schema(url: str) -> None:
    """Start a PostgreSQL run from an empty schema, then migrate it as production would."""
    engine = sa.create_engine(_psycopg(url))
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def _on_the_server(url: str, *statements: str) -> None:
    """Run statements (CREATE/DROP DATABASE) on the server's `postgres` database."""
    engine = sa.create_engine(
        _psycopg(make_url(url).set(database="postgres").render_as_string(hide_password=False)),
        isolation_level="AUTOCOMMIT",
    )
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[None]:
    """The migrated schema in this process's database, made once; a worker's is dropped after."""
    from flask_migrate import upgrade

    name = make_url(POSTGRES_URL).database
    if POSTGRES_URL != SHARED_POSTGRES_URL:
        _on_the_server(
            POSTGRES_URL,
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}"',
        )
    else:
        reset_postgres_schema(POSTGRES_URL)
    app = create_app(settings(POSTGRES_URL))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield
    if POSTGRES_URL != SHARED_POSTGRES_URL:
        _on_the_server(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the tests' SQLite files go: in memory (/dev/shm) where there is one, as a commit
    waits for the disk (fsync) and the suite commits thousands of times; else a temporary folder."""
    memory = Path("/dev/shm")
    if memory.is_dir() and os.access(memory, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="feedback-tests-", dir=memory))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("databases")


@pytest.fixture(scope="session")
def sqlite_schema(sqlite_folder: Path) -> Path:
    """An SQLite file holding the empty schema, built once; each test starts from a copy."""
    path = sqlite_folder / "empty-schema.sqlite3"
    app = create_app(settings(f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


@pytest.fixture
def database_url(request: pytest.FixtureRequest, sqlite_folder: Path) -> Iterator[str]:
    if on_postgres():
        request.getfixturevalue("postgres_schema")
        yield POSTGRES_URL
        return
    folder = Path(tempfile.mkdtemp(dir=sqlite_folder))
    yield f"sqlite:///{folder / 'feedback.sqlite3'}"
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app_settings(database_url: str) -> dict[str, object]:
    """Settings for the `app` fixture; a test module overrides this to change them."""
    return settings(database_url)


@pytest.fixture
def app(request: pytest.FixtureRequest, app_settings: dict[str, object]) -> Iterator[Flask]:
    app = create_app(app_settings)
    with app.app_context():
        if not on_postgres():
            create_sqlite_schema(request)
    yield app
    with app.app_context():
        db.session.remove()
        if on_postgres():
            empty_all_tables()
        db.engine.dispose()


def create_sqlite_schema(request: pytest.FixtureRequest) -> None:
    """The schema in the app's SQLite database: a copy of the one built once, when the file is
    not there yet (copying takes a millisecond, creating the tables a quarter of a second)."""
    path = db.engine.url.database
    if path and path != ":memory:" and not Path(path).exists():
        shutil.copyfile(request.getfixturevalue("sqlite_schema"), path)
    else:
        db.create_all()


def empty_all_tables() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def login(client: FlaskClient):
    """Log the test client in as someone; fails the test when the login does not work."""

    def as_user(email: str) -> FlaskClient:
        from tests.web.login_form import log_in

        reply = log_in(client, email)
        assert reply.status_code == 302, reply.get_data(as_text=True)
        return client

    return as_user


@pytest.fixture
def api_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {API_TOKEN}"}


def sign_twilio_request(url: str, params: dict[str, str], token: str = TWILIO_AUTH_TOKEN) -> str:
    """`X-Twilio-Signature` for a POST to `url`, computed by the twilio SDK as Twilio does."""
    from twilio.request_validator import RequestValidator

    return RequestValidator(token).compute_signature(url, params)


@pytest.fixture
def twilio_post(client: FlaskClient):
    """POST a form to a Twilio webhook path (with its query), signed like Twilio signs it."""

    def post(path: str, params: dict[str, str], *, signature: str | None = None):
        url = PUBLIC_BASE_URL + path
        headers = {"X-Twilio-Signature": signature or sign_twilio_request(url, params)}
        return client.post(path, data=params, headers=headers)

    return post


@pytest.fixture
def anna(app: Flask) -> None:
    """Agent anna of team support, whose calls the SMS survey and call-ended tests report; a
    module asks for her with `pytestmark = pytest.mark.usefixtures("anna")`."""
    from tests.telephony.sms_fixtures import add_agent

    add_agent(app)


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free local port; point SMTP_URL at `.url`."""
    from tests.smtp_sink import SmtpSink

    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@dataclass(frozen=True)
class Organisation:
    """Ids of what the pages are tested against."""

    anna: int
    bjorn: int
    freja: int
    support: int
    kundeservice: int


@pytest.fixture
def organisation(app: Flask) -> Organisation:
    """Team support (Sara supervises Anna and Björn), team kundeservice (Mette: Freja)."""
    from tests.web.factories import make_agent, make_team

    with app.app_context():
        support = make_team("support", "Support Stockholm", ["sara@example.com"])
        kundeservice = make_team("kundeservice", "Kundeservice", ["mette@example.com"])
        anna = make_agent("anna", "Anna Lind", "support", "sv")
        bjorn = make_agent("bjorn", "Björn Holm", "support", "sv")
        freja = make_agent("freja", "Freja Nielsen", "kundeservice", "da")
        db.session.commit()
        return Organisation(anna.id, bjorn.id, freja.id, support.id, kundeservice.id)
