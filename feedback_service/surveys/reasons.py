"""The root-cause catalogue, loaded from `config/reasons.toml`."""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from feedback_service.config_files import config_path


class ReasonOwner(enum.StrEnum):
    """Who can act on a reason: the agent, whoever runs the process, or the rest of the company."""

    AGENT = "agent"  # the help and the manner on the call: coached with the agent
    PROCESS = "process"  # waiting time, a tangled IVR: staffing and IVR design, not the agent
    OUTSIDE = "outside"  # the product, delivery, billing: outside customer service


# Owners of the catalogue's standard codes, for a reasons.toml that does not name them.
DEFAULT_OWNERS = {
    "wait_time": ReasonOwner.PROCESS,
    "effort": ReasonOwner.PROCESS,
    "resolution": ReasonOwner.AGENT,
    "manner": ReasonOwner.AGENT,
    "product": ReasonOwner.OUTSIDE,
}


@dataclass(frozen=True)
class Reason:
    code: str
    digit: int
    owner: ReasonOwner
    labels: dict[str, str]
    # A short suggestion for the coaching conversation, per language; may be empty.
    actions: dict[str, str] = field(default_factory=dict)

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]

    def action(self, language: str) -> str | None:
        return self.actions.get(language) or self.actions.get("en")


@dataclass(frozen=True)
class ReasonCatalogue:
    reasons: tuple[Reason, ...]

    def by_digit(self, digit: int) -> Reason | None:
        return next((r for r in self.reasons if r.digit == digit), None)

    @cached_property
    def _by_code(self) -> dict[str, Reason]:
        # Summaries look codes up once per count, thousands of times for a week's digests.
        return {reason.code: reason for reason in self.reasons}

    def by_code(self, code: str) -> Reason | None:
        return self._by_code.get(code)

    def owner_of(self, code: str | None) -> ReasonOwner | None:
        """The owner of a reason code; None for no reason or a code no longer in the catalogue."""
        reason = self.by_code(code) if code else None
        return reason.owner if reason else None


def _owner(item: dict[str, Any]) -> ReasonOwner:
    if "owner" in item:
        return ReasonOwner(item["owner"])
    if item["code"] in DEFAULT_OWNERS:
        return DEFAULT_OWNERS[item["code"]]
    # Older catalogues only said whether a reason belonged to customer service.
    return ReasonOwner.AGENT if item.get("customer_service", True) else ReasonOwner.OUTSIDE


def parse_catalogue(data: dict[str, Any]) -> ReasonCatalogue:
    reasons = tuple(
        Reason(
            code=item["code"],
            digit=int(item["digit"]),
            owner=_owner(item),
            labels=dict(item["label"]),
            actions=dict(item.get("action", {})),
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
