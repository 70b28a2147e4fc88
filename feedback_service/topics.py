"""Labels for call topics (queues and phone-menu choices), from `config/topics.toml`."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from feedback_service.config_files import config_path


def parse_topics(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each topic code with its label per language."""
    topics = data.get("topics", {})
    if not isinstance(topics, dict):
        raise ValueError("`topics` must hold one [topics.CODE] table per topic")
    for code, entry in topics.items():
        labels = entry.get("label", {}) if isinstance(entry, dict) else None
        if not isinstance(labels, dict) or not all(isinstance(t, str) for t in labels.values()):
            raise ValueError(f"[topics.{code}]: `label` must be a table of texts by language")
    return {code: dict(entry.get("label", {})) for code, entry in topics.items()}


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
