"""Fixtures: an app on a fresh database (SQLite, or PostgreSQL when asked), its client and CLI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from feedback_service import create_app
from feedback_service.extensions import db

# CI sets this to a PostgreSQL URL; without it every test gets its own SQLite file.
POSTGRES_URL = os.environ.get("FEEDBACK_TEST_DATABASE_URL", "")

PUBLIC_BASE_URL = "https://feedback.example.com"
TWILIO_AUTH_TOKEN = "test-auth-token-0123456789abcdef"
API_TOKEN = "test-api-token"


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


def reset_postgres_schema(url: str) -> None:
    """Start a PostgreSQL run from an empty schema, then migrate it as production would."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[None]:
    from flask_migrate import upgrade

    reset_postgres_schema(POSTGRES_URL)
    app = create_app(settings(POSTGRES_URL))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if on_postgres():
        request.getfixturevalue("postgres_schema")
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'feedback.sqlite3'}"


@pytest.fixture
def app_settings(database_url: str) -> dict[str, object]:
    """Settings for the `app` fixture; a test module overrides this to change them."""
    return settings(database_url)


@pytest.fixture
def app(app_settings: dict[str, object]) -> Iterator[Flask]:
    app = create_app(app_settings)
    with app.app_context():
        if not on_postgres():
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if on_postgres():
            empty_all_tables()
        db.engine.dispose()


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
