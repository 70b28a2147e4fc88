"""Migrations build the schema the models describe, and come down again."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator
from datetime import datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask, current_app
from flask_migrate import downgrade, upgrade

from feedback_service import create_app
from feedback_service.extensions import db
from tests.conftest import POSTGRES_URL, on_postgres, reset_postgres_schema, settings

pytestmark = pytest.mark.calendar_free

# The revision before webhook events kept their numbers beside the payload.
BEFORE_NUMBERS_WERE_KEPT = "9e24994a1697-1"


@pytest.fixture
def unmigrated_app(request: pytest.FixtureRequest, tmp_path) -> Iterator[Flask]:
    """The app on an empty database, in its context, for the migrations to build."""
    url = POSTGRES_URL if on_postgres() else f"sqlite:///{tmp_path}/migrated.sqlite3"
    if on_postgres():
        # The worker's database is made by `postgres_schema`: this file may run before any
        # other test on its worker, or alone.
        request.getfixturevalue("postgres_schema")
        reset_postgres_schema(url)
    app = create_app(settings(url))
    with app.app_context():
        try:
            yield app
        finally:
            db.engine.dispose()
            if on_postgres():
                # The worker's other tests expect their database migrated and empty, not at
                # whatever revision this test left it with the rows it wrote.
                reset_postgres_schema(url)
                upgrade()
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


# --- Upgrades from every earlier release --------------------------------------------------------

# Every value the test writes that is a time.
WRITTEN_AT = datetime(2026, 3, 2, 9, 30)
ROWS_PER_TABLE = 2


def _earlier_revisions() -> list[str]:
    """Every revision before the head, oldest first: each is a schema a release may have left."""
    from alembic.script import ScriptDirectory

    from feedback_service.config_files import project_dir

    script = ScriptDirectory(str(project_dir("migrations")))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))][:-1]


def _choices_at_head() -> dict[tuple[str, str], list[str]]:
    """(table, column) -> the values its CHECK allows today; the code wrote no others before."""
    choices = {}
    for table in db.metadata.sorted_tables:
        for check in table.constraints:
            if isinstance(check, sa.CheckConstraint):
                column, _, values = str(check.sqltext).partition(" IN ")
                choices[(table.name, column.strip())] = re.findall(r"'([^']*)'", values)
    return choices


def _value(table: sa.Table, column: sa.Column, row: int, choices, written) -> object:
    """What row `row` (1, 2, ...) holds in `column`: every column filled, foreign keys kept."""
    for key in column.foreign_keys:
        parent = written[key.column.table.name][row - 1]
        return parent[key.column.name]
    if (table.name, column.name) in choices:
        allowed = choices[(table.name, column.name)]
        return allowed[(row - 1) % len(allowed)]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return row % 2 == 0
    if isinstance(kind, sa.Integer):
        return row
    if isinstance(kind, sa.DateTime):
        return WRITTEN_AT
    if isinstance(kind, sa.Date):
        return WRITTEN_AT.date()
    if isinstance(kind, sa.Float | sa.Numeric):
        return row / 2
    if isinstance(kind, sa.JSON):
        return {"form": {"From": f"+4670123456{row}", "To": "+46101600000"}}
    if isinstance(kind, sa.LargeBinary):
        return bytes([row])
    if isinstance(kind, sa.String):
        if column.name in ("caller", "phone", "recipient"):
            return f"+4670123456{row}"
        return f"{column.name}-{row}"[: kind.length]
    raise AssertionError(f"no test value for {table.name}.{column.name} ({kind})")


def _fill_every_table(connection: sa.Connection) -> dict[str, list[dict]]:
    """Rows in every table of the schema as it is; answers them as the database reads them."""
    tables = sa.MetaData()
    tables.reflect(connection)
    choices = _choices_at_head()
    written: dict[str, list[dict]] = {}
    for table in tables.sorted_tables:
        if table.name == "alembic_version":
            continue
        rows = [{column.name: _value(table, column, row, choices, written)
                 for column in table.columns} for row in range(1, ROWS_PER_TABLE + 1)]
        connection.execute(table.insert(), rows)
        written[table.name] = rows
    return {name: _rows(connection, name) for name in written}


def _rows(connection: sa.Connection, name: str) -> list[dict]:
    table = sa.Table(name, sa.MetaData(), autoload_with=connection)
    order = [column for column in table.primary_key.columns]
    return [dict(row._mapping) for row in connection.execute(sa.select(table).order_by(*order))]


@pytest.mark.parametrize("revision", _earlier_revisions())
def test_an_upgrade_from_any_earlier_schema_keeps_every_row_and_value(unmigrated_app, revision):
    upgrade(revision=revision)
    with db.engine.begin() as connection:
        before = _fill_every_table(connection)

    upgrade()

    with db.engine.connect() as connection:
        after = {name: _rows(connection, name) for name in before}
        if connection.dialect.name == "sqlite":
            # Off while migrating; on again for whatever uses the connection next.
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert {name: len(rows) for name, rows in after.items()} == \
        {name: ROWS_PER_TABLE for name in before}
    for name, rows in before.items():
        for old, new in zip(rows, after[name], strict=True):
            assert {column: new[column] for column in old if column in new} == \
                {column: old[column] for column in old if column in new}, name
    # The tables filled are every table of that schema, most of today's.
    assert len(before) >= 15
    _check_what_the_migrations_derived(before, after)


def _check_what_the_migrations_derived(before: dict[str, list[dict]],
                                       after: dict[str, list[dict]]) -> None:
    """Values a migration computed from the rows kept, when the schema was older than it."""
    surveys = zip(before["surveys"], after["surveys"], strict=True)
    for old, new in surveys:
        if "call_ended_at" not in old:
            assert new["call_ended_at"] == old["created_at"]
        if "caller_key" not in old:
            secret = str(current_app.config["SECRET_KEY"]).encode()
            assert new["caller_key"] == \
                hmac.new(secret, old["caller"].encode(), hashlib.sha256).hexdigest()
    follow_ups = zip(before["follow_ups"], after["follow_ups"], strict=True)
    for old, new in follow_ups:
        if "team_id" not in old:
            answer = next(row for row in after["responses"] if row["id"] == old["response_id"])
            assert new["team_id"] == answer["team_id"] is not None
    if "webhook_event_numbers" not in before:
        with db.engine.connect() as connection:
            kept = set(connection.execute(sa.text(
                "SELECT webhook_event_id, phone FROM webhook_event_numbers")).all())
        assert kept == {(event["id"], phone) for event in before["webhook_events"]
                        for phone in ("+46101600000", event["payload"]["form"]["From"])}
