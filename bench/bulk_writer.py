"""Rows written straight into the migrated tables, as fast as each database takes them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from bench.environment import BenchDatabase


class BulkWriter:
    """Rows into a table as fast as the database takes them, in one transaction per call."""

    def __init__(self, database: BenchDatabase) -> None:
        self.database = database
        if database.name == "sqlite":
            import sqlite3

            self.connection: Any = sqlite3.connect(sa.make_url(database.url).database or "")
            self.connection.execute("PRAGMA synchronous=OFF")
        else:
            import psycopg

            self.connection = psycopg.connect(database.url)
            # Foreign keys are checked by a trigger per row; the ids written here are known to
            # match, so a load skips them as pg_restore --disable-triggers does.
            self.connection.execute("SET session_replication_role = replica")

    def drop_indexes(self, tables: Iterable[str]) -> list[str]:
        """Drop the tables' secondary indexes; returns the statements that build them again.

        An index built once over all the rows is several times faster than one kept up to date
        row by row; the statements are the database's own record of what the migrations made.
        """
        names = ", ".join(f"'{table}'" for table in tables)
        if self.database.name == "sqlite":
            found = self.connection.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({names})").fetchall()
        else:
            # Indexes behind a primary key or unique constraint stay: they are constraints.
            found = self.connection.execute(
                f"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                f"AND tablename IN ({names}) AND indexname NOT IN "
                f"(SELECT conname FROM pg_constraint)").fetchall()
        for name, _ in found:
            self.connection.execute(f'DROP INDEX "{name}"')
        self.connection.commit()
        return [definition for _, definition in found]

    def create_indexes(self, definitions: Iterable[str]) -> None:
        for definition in definitions:
            self.connection.execute(definition)
        self.connection.commit()

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        names = ", ".join(columns)
        if self.database.name == "sqlite":
            marks = ", ".join("?" * len(columns))
            self.connection.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        else:
            with self.connection.cursor() as cursor, cursor.copy(
                    f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        self.connection.commit()

    def finish(self, tables: Iterable[str]) -> None:
        """Let the service's own inserts follow the ids chosen here; refresh planner statistics.

        On PostgreSQL also VACUUM, as autovacuum soon does to a table that has taken this many
        rows: it marks the pages all-visible, so that reads answered from an index alone do not
        visit each row's page to check it.
        """
        if self.database.name == "postgres":
            for table in tables:
                self.connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")
            self.connection.commit()
            self.connection.autocommit = True  # VACUUM runs outside a transaction
            self.connection.execute("VACUUM ANALYZE")
        else:
            self.connection.execute("ANALYZE")
            self.connection.commit()
        self.connection.close()
