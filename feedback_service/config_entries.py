"""Reading the entries of a catalogue file (`[[reasons]]`, `[[praise]]`) with errors that say
which entry and which key is wrong, so a refusal to start can point at the line."""

from __future__ import annotations

from typing import Any


class EntryError(ValueError):
    """An entry lacks a key or holds a value the service cannot use."""

    def __init__(self, table: str, index: int, message: str) -> None:
        super().__init__(f"[[{table}]] number {index + 1}: {message}")
        self.table = table
        self.index = index


def entries(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """The file's `[[table]]` entries; none when it has no such table."""
    found = data.get(table, [])
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise ValueError(f"`{table}` must be a list of [[{table}]] tables")
    return found


def code_of(item: dict[str, Any], table: str, index: int) -> str:
    code = item.get("code")
    if not isinstance(code, str) or not code:
        raise EntryError(table, index, "`code` is missing or not a text")
    return code


def keypad_digit(item: dict[str, Any], table: str, index: int) -> int:
    digit = item.get("digit")
    if not isinstance(digit, int) or isinstance(digit, bool) or not 1 <= digit <= 9:
        raise EntryError(table, index, f"`digit` must be a keypad digit 1-9, not {digit!r}")
    return digit


def texts_by_language(item: dict[str, Any], key: str, table: str, index: int, *,
                      required: bool) -> dict[str, str]:
    """`{sv = "...", en = "..."}`; a required one must have English, the fallback of them all."""
    texts = item.get(key, {})
    if not isinstance(texts, dict) or not all(isinstance(t, str) for t in texts.values()):
        raise EntryError(table, index, f"`{key}` must be a table of texts by language")
    if required and not texts.get("en"):
        raise EntryError(table, index, f"`{key}` needs at least an English text (en)")
    return dict(texts)


def unique_digits(digits: list[int], table: str) -> None:
    for index, digit in enumerate(digits):
        if digit in digits[:index]:
            raise EntryError(table, index, f"`digit` {digit} is already taken")
