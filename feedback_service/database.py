"""The declarative base, column types shared by every model, and the clock."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeAlias

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import DeclarativeBase, Session, registry, scoped_session

# Stable constraint names, so migrations can drop and alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# A session as code receives one: a plain `Session` (jobs, scripts, tests) or the app's
# request-scoped `db.session`, which hands every call on to the current request's Session.
AnySession: TypeAlias = Session | scoped_session[Any]


def partial_index(name: str, column: str, condition: str) -> sa.Index:
    """An index of only the rows `condition` (SQL) holds for, on both databases: a job that
    looks for the few rows still to be handled reads those, not the whole history."""
    return sa.Index(name, column, postgresql_where=sa.text(condition),
                    sqlite_where=sa.text(condition))


def one_of(column: str, values: type[enum.StrEnum]) -> sa.CheckConstraint:
    """A CHECK that `column` holds one of the enum's values (or NULL, where it may be empty),
    named `ck_<table>_<column>` so a migration can find it on every database."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=column)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always read back as aware UTC.

    SQLite has no time zones; storing UTC everywhere keeps comparisons equal on both databases.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime, dict[str, Any]: sa.JSON, list[Any]: sa.JSON},
    )


@contextmanager
def unit_of_work(session: AnySession) -> Iterator[None]:
    """One unit of work: what the block writes is committed together when it ends, or rolled
    back, all of it, when it raises.

    Like `Session.begin()`, except that the transaction may have begun already: what a view or
    job read to decide (the signed-in user, the row a form edits) belongs to the same unit.
    Code called inside never commits; a unit ends before any call to a provider (Twilio, SMTP),
    so that no transaction is open while one is slow.
    """
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


def insert_if_absent(session: AnySession, model: type[Base], values: dict[str, Any],
                     unique_column: str) -> bool:
    """Insert a row unless one with the same `unique_column` exists; True when it was inserted.

    One statement (`ON CONFLICT DO NOTHING`), so requests doing it at once neither fail on the
    unique constraint nor wait on each other's transactions to find out.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    column = getattr(model, unique_column)
    statement = (insert(model).values(**values)
                 .on_conflict_do_nothing(index_elements=[unique_column]).returning(column))
    return session.execute(statement).first() is not None


def rows_changed(session: AnySession, statement: sa.Update | sa.Delete) -> int:
    """Run an UPDATE or DELETE and return how many rows it changed."""
    result = session.execute(statement)
    # Without RETURNING such a statement yields a CursorResult, the one result with a row count.
    assert isinstance(result, CursorResult)
    return result.rowcount


def utcnow() -> datetime:
    """The current time, aware, in UTC; the one clock models and jobs read."""
    return datetime.now(UTC)
