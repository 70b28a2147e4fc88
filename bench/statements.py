"""Counting the SQL statements a request or a job sends to the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from feedback_service.extensions import db


@contextmanager
def counting_statements() -> Iterator[list[str]]:
    """Collect every statement the app's engine executes inside the block (needs an app context).

    The list fills as statements run; read it after the block.
    """
    engine = db.engine
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def grouped(statements: list[str]) -> list[str]:
    """The statements that aggregate in the database."""
    return [s for s in statements if "GROUP BY" in s.upper()]
