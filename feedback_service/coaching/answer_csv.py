"""The answers' CSV export, streamed; on PostgreSQL the database joins each row's first cells.

An export of millions of answers is bound by the CPU spent per row. On PostgreSQL one
statement streams every row (psycopg's chunked rows, not a server-side cursor fetched in turns),
so the database reads and joins while this process writes; the database also joins each row's
first eleven values into one text, which a batch at a time is checked and turned into cells in
a few string operations: nothing in it to quote, no call id or topic a spreadsheet could run
(else those rows' cells are made one by one by `csv_cell`). Masks and times are made here, as
`answer_columns` makes them. Other databases take `csv_batch_lines` whole; the bytes are the
same (`tests/test_csv_export.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import closing
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from feedback_service.coaching.answer_rows import (
    COLUMNS,
    EXPORT_BATCH,
    HEAD_VALUES,
    answer_columns,
    select_answers,
)
from feedback_service.coaching.read_model import Period, Scope
from feedback_service.csv_export import (
    FREE_TEXT_COLUMNS,
    csv_batch_lines,
    csv_cell,
    quoted,
)
from feedback_service.database import AnySession
from feedback_service.database_engine import lift_statement_timeout
from feedback_service.personal_data import mask_personal_data
from feedback_service.phone_numbers import mask
from feedback_service.surveys.models import Call, Response

# The cells before the comment, in the order of `COLUMNS`.
_HEAD = COLUMNS[:len(HEAD_VALUES)]
# Between the values the database joins: a control character no value is expected to hold
# (a row whose values hold it comes with its values apart as well).
_SEPARATOR = "\x1f"
# A call id (the second value) or topic (the fifth) that starts with anything but an ASCII
# letter or digit, in heads joined by NULs (which no database text holds).
_UNSAFE_FREE_TEXT = re.compile(
    "\0[^\x1f]*\x1f[^0-9A-Za-z\x1f]|\0(?:[^\x1f]*\x1f){4}[^0-9A-Za-z\x1f]")


def answer_csv_lines(session: AnySession, scope: Scope, period: Period | None,
                     delimiter: str = ",") -> Iterator[str]:
    """The scope's answers in the period as CSV: a byte-order mark, the header, then the rows in
    id order, a batch of lines a string, streamed in constant memory."""
    if session.get_bind().dialect.name != "postgresql":
        yield from csv_batch_lines(COLUMNS, answer_columns(session, scope, period), delimiter)
        return
    # The byte-order mark and the header, as the other way writes them.
    yield from csv_batch_lines(COLUMNS, (), delimiter)
    # One statement streams the whole export, for as long as the download takes.
    lift_statement_timeout(session)
    connection = session.connection()
    # Rendered with its values (ids and period bounds, through the columns' own types): the
    # driver's own cursor runs it, so that its rows stream while this process writes them.
    sql = str(_rows_query(scope, period).compile(dialect=connection.dialect,
                                                 compile_kwargs={"literal_binds": True}))
    driver = connection.connection.driver_connection
    # Closed however the reading ends: a download broken off cancels the query.
    with driver.cursor() as cursor, closing(  # type: ignore[union-attr]
            cursor.stream(sql, size=EXPORT_BATCH)) as rows:
        while batch := list(islice(rows, EXPORT_BATCH)):
            yield _batch_lines(batch, delimiter)


def _batch_lines(rows: Sequence[Sequence[Any]], delimiter: str) -> str:
    heads, comments, recorded, callers, times, apart = zip(*rows, strict=True)
    joined = "\0".join(heads)
    if (joined.count(_SEPARATOR) == (len(_HEAD) - 1) * len(rows)
            and not any(character in joined for character in (delimiter, '"', "\r", "\n"))
            and _UNSAFE_FREE_TEXT.search("\0" + joined) is None):
        # Nothing to quote or defuse: the values are the cells.
        cells = joined.replace(_SEPARATOR, delimiter).split("\0")
    else:
        cells = [_head_cells(head.split(_SEPARATOR) if values is None else values, delimiter)
                 for head, values in zip(heads, apart, strict=True)]
    d = delimiter
    return "".join([
        f"{head}{d}{_comment_cell(comment, d)}{d}{'true' if recording else 'false'}{d}"
        f"{quoted(mask(caller), d) if caller else ''}{d}{moments}\r\n"
        for head, comment, recording, caller, moments in zip(
            cells, comments, recorded, callers, _time_cells(times, d), strict=True)])


def _time_cells(times: Sequence[str], delimiter: str) -> list[str]:
    """Both times' cells, as `datetime.isoformat` writes them in UTC, from the database's texts
    of both, the separator between them."""
    both = "\0".join(times).replace(_SEPARATOR, delimiter).split("\0")
    # The database writes a moment's fraction of a second without its trailing zeros,
    # `isoformat` with six digits (or none when there is none).
    return [cells if len(cells) == _BOTH_STAMPS else delimiter.join(
        map(_iso_stamp, cells.split(delimiter))) for cells in both]


# `2026-11-02T10:03:00.003003+00:00`, twice with a delimiter between.
_BOTH_STAMPS = 2 * 32 + 1


def _iso_stamp(text: str) -> str:
    """The database's `2026-11-02T10:03:00.03+00:00` as `isoformat` writes it."""
    moment, zone = text[:-6], text[-6:]
    if "." in moment:
        moment = moment.ljust(26, "0")
    return moment + zone


def _comment_cell(comment: str | None, delimiter: str) -> str:
    if comment is None:
        return ""
    return quoted(csv_cell(mask_personal_data(comment), free_text=True), delimiter)


def _head_cells(values: Sequence[str | None], delimiter: str) -> str:
    """The cells before the comment as `csv_cell` and the csv writer write them (a null value
    and an empty text are both an empty cell; numbers come as their texts)."""
    return delimiter.join(
        quoted(csv_cell(value, free_text=column in FREE_TEXT_COLUMNS), delimiter)
        for column, value in zip(_HEAD, values, strict=True))


def _rows_query(scope: Scope, period: Period | None) -> sa.Select[Any]:
    texts = [value for value in HEAD_VALUES if isinstance(value.type, sa.String)]
    holds_separator = sa.or_(*(sa.func.strpos(value, _SEPARATOR) > 0 for value in texts))
    separator = sa.literal(_SEPARATOR)
    joined = sa.func.concat(HEAD_VALUES[0], *(part for value in HEAD_VALUES[1:]
                                               for part in (separator, value)))
    return select_answers(
        (joined, Response.comment, Response.recording_url.is_not(None), Call.caller,
         sa.func.concat(_stamp(Response.call_ended_at), separator, _stamp(Response.received_at)),
         sa.case((holds_separator, postgresql.array(
             [sa.cast(value, sa.Text) for value in HEAD_VALUES])), else_=None)),
        scope, period).order_by(Response.id)


def _stamp(moment: Any) -> sa.ColumnElement[str]:
    """A stored UTC moment as the database writes it, with a `T` and `+00:00`."""
    return sa.func.concat(sa.func.replace(sa.cast(moment, sa.Text), " ", "T"), "+00:00")
