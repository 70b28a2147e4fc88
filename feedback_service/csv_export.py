"""Answers as CSV that is safe to open in a spreadsheet, one format for the API and the pages.

Every export starts with a UTF-8 byte-order mark: without it Excel reads the file in the
machine's old code page, and "Björn" comes out garbled. Excel in Swedish and Danish settings
splits columns at `;` (the comma is their decimal sign), so `?delimiter=semicolon` asks for that
and the pages' links do so for their Swedish and Danish readers.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence

# Spreadsheet programs run a cell that starts with one of these as a formula, and read the
# full-width and small forms (＝, ﹢) as the same characters.
_FORMULA_STARTS = ("=", "+", "-", "@")
# Written by callers and phone systems (a PBX chooses its own call ids); every other column
# holds the service's own values.
FREE_TEXT_COLUMNS = frozenset({"comment", "topic", "call_id"})


def _runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would read the text as a formula, blanks before it or not."""
    first = text.lstrip()[:1]
    return text[:1] in ("\t", "\r", "\n") or (
        first != "" and unicodedata.normalize("NFKC", first).startswith(_FORMULA_STARTS))


def csv_cell(value: object, free_text: bool) -> str:
    """A value as a cell: empty for None, `true`/`false` for booleans, free text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return f"'{text}" if free_text and _runs_as_formula(text) else text


BYTE_ORDER_MARK = "\ufeff"
# `?delimiter=` names and the character each one separates with.
DELIMITERS = {"comma": ",", "semicolon": ";"}
# The readers whose spreadsheet programs open `;`-separated files directly.
SEMICOLON_LANGUAGES = frozenset({"sv", "da"})


class UnknownDelimiter(ValueError):
    """A `?delimiter=` the exports do not offer."""


def delimiter_named(name: str | None) -> str:
    """The separator `?delimiter=NAME` asks for: a comma when none is named."""
    if name is None or name == "":
        return ","
    if name not in DELIMITERS:
        raise UnknownDelimiter(f"delimiter must be one of {', '.join(DELIMITERS)}")
    return DELIMITERS[name]


def delimiter_for(language: str) -> str:
    """The `?delimiter=` name a reader of `language` opens directly in a spreadsheet."""
    return "semicolon" if language in SEMICOLON_LANGUAGES else "comma"


def csv_lines(columns: Sequence[str], rows: Iterable[Mapping[str, object]],
              delimiter: str = ",") -> Iterator[str]:
    """A byte-order mark and a header of `columns`, then a line per row, one string at a time,
    free text defused.

    A generator, so a download of millions of rows streams in constant memory.
    """
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[column], column in FREE_TEXT_COLUMNS) for column in columns])
        # Hand over what is written every so often rather than a line at a time.
        if out.tell() > 64 * 1024:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
