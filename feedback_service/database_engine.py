"""Per-database engine settings applied once the app's engine exists."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask

from feedback_service.extensions import db


def configure_engine(app: Flask) -> None:
    """On SQLite, enforce foreign keys and let the web and scheduler processes share the file."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
