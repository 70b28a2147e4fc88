"""Migrations build the schema the models describe, and come down again."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from feedback_service import create_app
from feedback_service.extensions import db
from tests.conftest import POSTGRES_URL, on_postgres, reset_postgres_schema, settings


def test_upgrade_matches_the_models_and_downgrade_removes_everything(tmp_path):
    url = POSTGRES_URL if on_postgres() else f"sqlite:///{tmp_path}/migrated.sqlite3"
    if on_postgres():
        reset_postgres_schema(url)
    app = create_app(settings(url))
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                drift = compare_metadata(MigrationContext.configure(connection), db.metadata)
            assert drift == []

            downgrade(revision="base")
            tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
            assert tables == set()
            upgrade()
            assert "responses" in sa.inspect(db.engine).get_table_names()
    finally:
        with app.app_context():
            db.engine.dispose()
