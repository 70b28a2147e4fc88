"""Labels for call topics (queues and phone-menu choices), from `config/topics.toml`."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from feedback_service.config_files import config_path


def parse_topics(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each topic code with its label per language."""
    return {code: dict(entry.get("label", {})) for code, entry in data.get("topics", {}).items()}


@cache
def load_topics(path: Path | None = None) -> dict[str, dict[str, str]]:
    """The labels in `config/topics.toml`; none when a deployment's config has no such file."""
    path = path or config_path("topics.toml")
    if not path.is_file():
        return {}
    with open(path, "rb") as f:
        return parse_topics(tomllib.load(f))


def topic_label(code: str, language: str) -> str:
    """The topic as people read it: its label in the language, else in English, else the code."""
    labels = load_topics().get(code, {})
    return labels.get(language) or labels.get("en") or code
