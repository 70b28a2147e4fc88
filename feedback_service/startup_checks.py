"""What is checked before the service takes its first call: every configuration file and the
compiled catalogues. A problem stops the start with a message naming the file and line; later,
`/healthz` runs the same checks, so a file broken after the start shows there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from feedback_service.config_entries import EntryError
from feedback_service.config_files import config_path
from feedback_service.languages import LANGUAGES, CataloguesNotCompiled, translations
from feedback_service.settings import Settings, SettingsError
from feedback_service.settings_loading import read_toml
from feedback_service.surveys.praise import parse_praise
from feedback_service.surveys.reasons import parse_catalogue
from feedback_service.topics import parse_topics

# Each file, how it is checked, and whether the service can do without it.
CONFIG_FILES: tuple[tuple[str, Callable[[dict[str, Any]], object], bool], ...] = (
    ("reasons.toml", parse_catalogue, True),
    ("praise.toml", parse_praise, False),
    ("topics.toml", parse_topics, False),
)


def check_at_start(settings: Settings | None = None) -> None:
    """Refuse to start when a configuration file or a catalogue is broken or missing, or an
    alert URL is one Apprise or the network rule refuses."""
    problems = configuration_problems() + catalogue_problems()
    if settings is not None:
        problems += alert_url_problems(settings)
    if problems:
        raise SettingsError("; ".join(problems))


def alert_url_problems(settings: Settings) -> list[str]:
    """What is wrong with `ALERT_URLS`, one line per URL (its scheme only: the rest may be a
    token)."""
    if not settings.alert_url_list():
        return []
    # Apprise loads its plugins when first asked: only a service with alerts pays for it.
    from feedback_service.outgoing.alert_delivery import check_alert_url
    from feedback_service.outgoing.network_rule import RefusedDestination

    problems = []
    for url in settings.alert_url_list():
        try:
            check_alert_url(url, settings.webhook_allow_private, resolve=False)
        except RefusedDestination as error:
            scheme = url.partition("://")[0] if "://" in url else "?"
            problems.append(f"FEEDBACK_ALERT_URLS: a {scheme}:// URL is refused: {error}")
    return problems


def configuration_problems() -> list[str]:
    """What is wrong with the configuration files, one line each; none when all is well."""
    problems = []
    for name, parse, required in CONFIG_FILES:
        path = config_path(name)
        if not path.is_file():
            if required:
                problems.append(f"{path} is missing")
            continue
        try:
            parse(read_toml(path))
        except SettingsError as error:
            problems.append(str(error))
        except EntryError as error:
            problems.append(f"{path}, line {_entry_line(path, error)}: {error}")
        except ValueError as error:
            problems.append(f"{path}: {error}")
    return problems


def catalogue_problems() -> list[str]:
    """Which languages' compiled catalogues are missing."""
    problems = []
    for language in LANGUAGES:
        try:
            translations(language)
        except CataloguesNotCompiled as error:
            problems.append(str(error))
    return problems


def _entry_line(path: Path, error: EntryError) -> int | None:
    """The line of the entry's `[[table]]` header (1 is the first)."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(error.table)}\s*\]\]")
    with open(path, encoding="utf-8") as f:
        lines = [number for number, line in enumerate(f, 1) if header.match(line)]
    return lines[error.index] if error.index < len(lines) else None
