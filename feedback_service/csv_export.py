"""Answers as CSV that is safe to open in a spreadsheet, one format for the API and the pages.

Every export starts with a UTF-8 byte-order mark: without it Excel reads the file in the
machine's old code page, and "Björn" comes out garbled. Excel in Swedish and Danish settings
splits columns at `;` (the comma is their decimal sign), so `?delimiter=semicolon` asks for that
and the pages' links do so for their Swedish and Danish readers.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

# Spreadsheet programs run a cell that starts with one of these as a formula, and read the
# full-width and small forms (＝, ﹢) as the same characters.
_FORMULA_STARTS = ("=", "+", "-", "@")
# Written by callers and phone systems (a PBX chooses its own call ids); every other column
# holds the service's own values.
FREE_TEXT_COLUMNS = frozenset({"comment", "topic", "call_id"})


def _runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would read the text as a formula, blanks before it or not."""
    first = text[:1]
    # Most cells start with a letter or digit: neither a blank nor, normalised, a formula.
    if first.isascii() and first.isalnum():
        return False
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


def quoted(cell: str, delimiter: str) -> str:
    """A cell as the csv writer's minimal quoting writes it, for lines made without it."""
    if delimiter in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


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


# A line that starts with anything but an ASCII letter or digit: what could run as a formula.
_UNSAFE_START = re.compile(r"\n[^0-9A-Za-z]")


def _free_text_cells(values: Sequence[object]) -> Sequence[object]:
    """A column of free text with what a spreadsheet would run defused (`csv_cell`'s rule)."""
    # Texts that all start with a letter or digit are safe, told in one search over them all
    # (an empty text is safe too); otherwise each is looked at.
    if set(map(type, values)) <= {str, type(None)} and _UNSAFE_START.search(
            "\n" + "\n".join(filter(None, values))) is None:  # type: ignore[arg-type]
        return values
    return [value if value is None or value.__class__ is bool
            else csv_cell(value, free_text=True) for value in values]


def _boolean_cells(values: Sequence[object]) -> Sequence[object]:
    """A column with `true`/`false` for its booleans; the csv writer writes None as empty,
    and other values as `str` does (`csv_cell`'s rule)."""
    if bool not in set(map(type, values)):
        return values
    return [("true" if value else "false") if value.__class__ is bool else value
            for value in values]


def csv_batch_lines(columns: Sequence[str], batches: Iterable[Sequence[Sequence[object]]],
                    delimiter: str = ",") -> Iterator[str]:
    """A byte-order mark and a header of `columns`, then the rows of each batch, a batch given
    column by column (the values of `columns` in their order), one string a batch.

    The same cells as `csv_cell` makes, a column at a time: an export of millions of rows
    spends a few microseconds a row. A generator, so it streams in constant memory.
    """
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    free_text = [column in FREE_TEXT_COLUMNS for column in columns]
    for batch in batches:
        cells = [_boolean_cells(_free_text_cells(values) if free else values)
                 for values, free in zip(batch, free_text, strict=True)]
        writer.writerows(zip(*cells, strict=True))
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()
