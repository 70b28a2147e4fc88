"""Migrations build the schema the models describe, and come down again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade

from feedback_service import create_app
from feedback_service.extensions import db
from tests.conftest import POSTGRES_URL, on_postgres, reset_postgres_schema, settings

# The revision before webhook events kept their numbers beside the payload.
BEFORE_NUMBERS_WERE_KEPT = "9e24994a1697-1"


@pytest.fixture
def unmigrated_app(tmp_path) -> Iterator[Flask]:
    """The app on an empty database, in its context, for the migrations to build."""
    url = POSTGRES_URL if on_postgres() else f"sqlite:///{tmp_path}/migrated.sqlite3"
    if on_postgres():
        reset_postgres_schema(url)
    app = create_app(settings(url))
    with app.app_context():
        try:
            yield app
        finally:
            db.engine.dispose()


def test_upgrade_matches_the_models_and_downgrade_removes_everything(unmigrated_app):
    upgrade()
    with db.engine.connect() as connection:
        drift = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert drift == []

    downgrade(revision="base")
    tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
    upgrade()
    assert "responses" in sa.inspect(db.engine).get_table_names()


def _allowed_values(sql: str) -> set[str]:
    """The quoted values of a CHECK as either database writes it back."""
    return set(re.findall(r"'([^']*)'", sql))


def test_the_migrated_checks_allow_exactly_what_the_models_allow(unmigrated_app):
    upgrade()
    inspector = sa.inspect(db.engine)
    migrated = {
        (table, check["name"]): _allowed_values(check["sqltext"])
        for table in inspector.get_table_names()
        for check in inspector.get_check_constraints(table)
    }
    declared = {
        (table.name, check.name): _allowed_values(str(check.sqltext))
        for table in db.metadata.sorted_tables
        for check in table.constraints
        if isinstance(check, sa.CheckConstraint)
    }
    assert migrated == declared


def test_the_upgrade_finds_the_numbers_in_the_webhook_events_already_kept(unmigrated_app):
    events = sa.table(
        "webhook_events",
        sa.column("source"),
        sa.column("idempotency_key"),
        sa.column("payload", sa.JSON()),
        sa.column("response_status"),
        sa.column("response_body"),
        sa.column("response_type"),
        sa.column("received_at", sa.DateTime()),
    )
    upgrade(revision=BEFORE_NUMBERS_WERE_KEPT)
    with db.engine.begin() as connection:
        connection.execute(
            events.insert(),
            [
                {
                    "source": "twilio-voice",
                    "idempotency_key": key,
                    "payload": payload,
                    "response_status": 200,
                    "response_body": "",
                    "response_type": "text/xml",
                    "received_at": datetime(2026, 11, 2, 9),
                }
                for key, payload in (
                    ("call", {"form": {"From": "+46701234567", "To": "+46101600000"}}),
                    ("pbx", {"caller": "+4520123456", "agent": "anna"}),
                    ("report", {"MessageSid": "SM1", "MessageStatus": "sent"}),
                )
            ],
        )
    upgrade()
    with db.engine.connect() as connection:
        kept = connection.execute(
            sa.text(
                "SELECT e.idempotency_key, n.phone FROM webhook_event_numbers n"
                " JOIN webhook_events e ON e.id = n.webhook_event_id"
                " ORDER BY e.idempotency_key, n.phone"
            )
        ).all()
    assert [tuple(row) for row in kept] == [
        ("call", "+46101600000"),
        ("call", "+46701234567"),
        ("pbx", "+4520123456"),
    ]
