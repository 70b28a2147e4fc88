"""The root-cause catalogue, loaded from `config/reasons.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from feedback_service.config_files import config_path


@dataclass(frozen=True)
class Reason:
    code: str
    digit: int
    customer_service: bool
    labels: dict[str, str]

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]


@dataclass(frozen=True)
class ReasonCatalogue:
    reasons: tuple[Reason, ...]

    def by_digit(self, digit: int) -> Reason | None:
        return next((r for r in self.reasons if r.digit == digit), None)

    def by_code(self, code: str) -> Reason | None:
        return next((r for r in self.reasons if r.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    @property
    def customer_service_codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.reasons if r.customer_service)


def parse_catalogue(data: dict) -> ReasonCatalogue:
    reasons = tuple(
        Reason(
            code=item["code"],
            digit=int(item["digit"]),
            customer_service=bool(item["customer_service"]),
            labels=dict(item["label"]),
        )
        for item in data["reasons"]
    )
    digits = [r.digit for r in reasons]
    if len(set(digits)) != len(digits) or not all(1 <= d <= 9 for d in digits):
        raise ValueError("reason digits must be unique keypad digits 1-9")
    return ReasonCatalogue(reasons)


@cache
def load_catalogue(path: Path | None = None) -> ReasonCatalogue:
    """The catalogue from `config/reasons.toml` (or another file with the same shape)."""
    with open(path or config_path("reasons.toml"), "rb") as f:
        return parse_catalogue(tomllib.load(f))
