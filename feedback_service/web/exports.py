"""An agent's answers as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

EXPORT_COLUMNS = ("id", "received_at", "channel", "kind", "score", "category", "reason", "topic",
                  "comment", "has_recording", "caller")

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text from callers and phone systems; the other columns are the service's own values.
_FREE_TEXT = frozenset({"comment", "topic"})


def spreadsheet_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def answers_csv(rows: Iterable[Mapping[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({name: spreadsheet_safe(row[name]) if name in _FREE_TEXT else row[name]
                         for name in EXPORT_COLUMNS})
    return buffer.getvalue()
