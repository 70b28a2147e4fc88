"""What went well: the praise catalogue, loaded from `config/praise.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from feedback_service.config_entries import (
    EntryError,
    code_of,
    entries,
    keypad_digit,
    texts_by_language,
    unique_digits,
)
from feedback_service.config_files import config_path


@dataclass(frozen=True)
class Praise:
    """One thing a caller can say went well: its code, keypad digit and labels."""

    code: str
    digit: int
    labels: dict[str, str]

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]


@dataclass(frozen=True)
class PraiseCatalogue:
    choices: tuple[Praise, ...]

    def by_digit(self, digit: int) -> Praise | None:
        return next((p for p in self.choices if p.digit == digit), None)

    def by_code(self, code: str) -> Praise | None:
        return next((p for p in self.choices if p.code == code), None)


def parse_praise(data: dict[str, Any]) -> PraiseCatalogue:
    """The catalogue; `EntryError` names the entry and key that is wrong."""
    choices = tuple(
        Praise(code=code_of(item, "praise", index), digit=keypad_digit(item, "praise", index),
               labels=texts_by_language(item, "label", "praise", index, required=True))
        for index, item in enumerate(entries(data, "praise"))
    )
    unique_digits([p.digit for p in choices], "praise")
    codes = [p.code for p in choices]
    for index, code in enumerate(codes):
        if code in codes[:index]:
            raise EntryError("praise", index, f"`code` {code!r} is already taken")
    return PraiseCatalogue(choices)


@cache
def load_praise(path: Path | None = None) -> PraiseCatalogue:
    """The catalogue in `config/praise.toml`; empty when a deployment's config has no such file."""
    path = path or config_path("praise.toml")
    if not path.is_file():
        return PraiseCatalogue(())
    with open(path, "rb") as f:
        return parse_praise(tomllib.load(f))
