"""What went well: the praise catalogue, loaded from `config/praise.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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
    choices = tuple(
        Praise(code=item["code"], digit=int(item["digit"]), labels=dict(item["label"]))
        for item in data.get("praise", [])
    )
    digits = [p.digit for p in choices]
    if len(set(digits)) != len(digits) or not all(1 <= d <= 9 for d in digits):
        raise ValueError("praise digits must be unique keypad digits 1-9")
    if len({p.code for p in choices}) != len(choices):
        raise ValueError("praise codes must be unique")
    return PraiseCatalogue(choices)


@cache
def load_praise(path: Path | None = None) -> PraiseCatalogue:
    """The catalogue in `config/praise.toml`; empty when a deployment's config has no such file."""
    path = path or config_path("praise.toml")
    if not path.is_file():
        return PraiseCatalogue(())
    with open(path, "rb") as f:
        return parse_praise(tomllib.load(f))
