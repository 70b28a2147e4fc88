"""The root-cause catalogue, loaded from `config/reasons.toml`."""

from __future__ import annotations

import enum
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
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
from feedback_service.staff.directory import is_slug


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
    # Who hears about a process or outside reason each week: an e-mail address, or the slug
    # of a team whose supervisors do. None for an agent reason: that one is coached.
    owned_by: str | None = None

    @property
    def owned_by_team(self) -> bool:
        """Whether `owned_by` names a team (a slug) rather than an address."""
        return self.owned_by is not None and "@" not in self.owned_by

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


def _owner(item: dict[str, Any], code: str, index: int) -> ReasonOwner:
    if "owner" in item:
        try:
            return ReasonOwner(item["owner"])
        except ValueError:
            raise EntryError("reasons", index, f"`owner` must be one of "
                             f"{', '.join(ReasonOwner)}, not {item['owner']!r}") from None
    if code in DEFAULT_OWNERS:
        return DEFAULT_OWNERS[code]
    # Older catalogues only said whether a reason belonged to customer service.
    return ReasonOwner.AGENT if item.get("customer_service", True) else ReasonOwner.OUTSIDE


# An address good enough to send to: something@a.domain, no spaces. The mail server judges the rest.
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _owned_by(item: dict[str, Any], owner: ReasonOwner, index: int) -> str | None:
    """The contact who hears about a process or outside reason, checked at start."""
    contact = item.get("owned_by")
    if owner is ReasonOwner.AGENT:
        if contact is not None:
            raise EntryError("reasons", index, "`owned_by` is for process and outside reasons; "
                             "an agent reason is coached by the agent's supervisors")
        return None
    if not isinstance(contact, str) or not contact.strip():
        raise EntryError("reasons", index, f"a {owner} reason needs `owned_by`: the e-mail "
                         "address or team slug of whoever can act on it")
    contact = contact.strip()
    if not (_ADDRESS.match(contact) or is_slug(contact)):
        raise EntryError("reasons", index, f"`owned_by` must be an e-mail address or a team "
                         f"slug, not {contact!r}")
    return contact.lower() if "@" in contact else contact


def parse_catalogue(data: dict[str, Any]) -> ReasonCatalogue:
    """The catalogue; `EntryError` names the entry and key that is wrong."""
    reasons = []
    for index, item in enumerate(entries(data, "reasons")):
        code = code_of(item, "reasons", index)
        owner = _owner(item, code, index)
        reasons.append(Reason(
            code=code,
            digit=keypad_digit(item, "reasons", index),
            owner=owner,
            owned_by=_owned_by(item, owner, index),
            labels=texts_by_language(item, "label", "reasons", index, required=True),
            actions=texts_by_language(item, "action", "reasons", index, required=False),
        ))
    if not reasons:
        raise ValueError("no [[reasons]]: callers could not be asked why")
    unique_digits([r.digit for r in reasons], "reasons")
    return ReasonCatalogue(tuple(reasons))


@cache
def load_catalogue(path: Path | None = None) -> ReasonCatalogue:
    """The catalogue from `config/reasons.toml` (or another file with the same shape)."""
    with open(path or config_path("reasons.toml"), "rb") as f:
        return parse_catalogue(tomllib.load(f))
