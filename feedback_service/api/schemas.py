"""The request bodies the API accepts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from feedback_service.languages import Language
from feedback_service.staff.directory import is_slug


def _slug(text: str) -> str:
    if not is_slug(text):
        raise ValueError("a slug is lower-case letters, digits, '.', '_' or '-', at most 64")
    return text


Slug = Annotated[str, AfterValidator(_slug)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class TeamBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    supervisors: list[EmailStr] = Field(default_factory=list)
    # The team's own chat alert URLs (Apprise), replacing ALERT_URLS for it; null: ALERT_URLS
    # again; left out: unchanged.
    alert_urls: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                      max_length=2000)]] | None = None


class AgentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    email: EmailStr | None = None
    team: Slug | None = None
    addresses: list[Annotated[str, StringConstraints(max_length=200)]] | None = None
    language: Language | None = None
    active: bool = True


class ActionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Name
    reason: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    started_on: date
    team: Slug | None = None  # None: the whole company
    owner: EmailStr
