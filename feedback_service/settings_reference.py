"""The settings reference, generated from the settings object so it cannot drift from it.

`python -m feedback_service.settings_reference` writes `docs/configuration.md`,
`config/defaults.toml` and `deploy/feedback.env.example`; with `--check` it writes nothing and
exits 1 when a committed file differs from what it would write (the tests run that check).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from feedback_service.settings import GROUPS, Settings, setting_meta

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "FEEDBACK_"
GENERATED = ("Generated from feedback_service/settings.py by "
             "`python -m feedback_service.settings_reference`: edit there.")


def _by_group() -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {group: [] for group in GROUPS}
    for name in Settings.model_fields:
        grouped[setting_meta(name)["group"]].append(name)
    return grouped


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _default_in_words(value: Any) -> str:
    if value == "" or value is None:
        return "not set"
    return f"`{_toml_value(value).strip(chr(34))}`"


def configuration_page() -> str:
    """`docs/configuration.md`: every setting by group, its meaning and its default."""
    lines = [
        "# Configuration",
        "",
        f"<!-- {GENERATED} -->",
        "",
        "Each setting is read from the environment variable `FEEDBACK_<NAME>`, over the file",
        "`defaults.toml` in the configuration folder (`config/`, or the folder",
        "`FEEDBACK_CONFIG_DIR` names), over the defaults below. `create_app(overrides)` takes the",
        "same names without the prefix, as a mapping, and wins over both. Values are checked",
        "when the service starts: a bad one stops it with a message naming the variable, or the",
        "file and line (see [Health and start-up checks](operate/health.md)).",
        "",
        "Booleans are `true` or `false` (also `on`/`off`, `yes`/`no`, `1`/`0` in the",
        "environment); an empty value means \"not set\". Secrets are never shown on",
        "`/admin/settings`, only whether they are set.",
        "",
    ]
    defaults = Settings.model_construct()
    for group, names in _by_group().items():
        lines += [f"## {GROUPS[group]}", "", "| name | meaning | default |", "| --- | --- | --- |"]
        for name in names:
            meta = setting_meta(name)
            meaning = str(Settings.model_fields[name].description)
            if meta["example"]:
                meaning += f" Example: `{meta['example']}`."
            if meta["secret"]:
                meaning += " Secret."
            default = _default_in_words(getattr(defaults, name))
            lines.append(f"| `{PREFIX}{name.upper()}` | {meaning} | {default} |")
        lines.append("")
    return "\n".join(lines)


def _comment(text: str, width: int = 96) -> list[str]:
    """`text` as `# ` lines no wider than `width`."""
    lines, line = [], "#"
    for word in text.split():
        if len(line) + 1 + len(word) > width:
            lines.append(line)
            line = "#"
        line += " " + word
    return [*lines, line]


def _commented_groups(assignment: Callable[[str, Any], str]) -> list[str]:
    """Each group under its title, each setting as its description then `assignment`."""
    lines, defaults = [], Settings.model_construct()
    for group, names in _by_group().items():
        lines += ["", f"# {GROUPS[group]}"]
        for name in names:
            lines += _comment(str(Settings.model_fields[name].description))
            lines.append(assignment(name, getattr(defaults, name)))
    return lines


def defaults_file() -> str:
    """`config/defaults.toml`: every setting with its default and what it means."""
    lines = [
        f"# {GENERATED}",
        "# Every setting with its default. FEEDBACK_<NAME> in the environment wins over a value",
        "# here; a copy of this file in FEEDBACK_CONFIG_DIR replaces it. An empty string means",
        "# \"not set\".",
    ]
    return "\n".join(lines + _commented_groups(
        lambda name, default: f"{name.upper()} = {_toml_value(default)}")) + "\n"


def env_example() -> str:
    """`deploy/feedback.env.example`: what a deployment fills in, and the rest commented out."""
    lines = [
        f"# {GENERATED}",
        "# Settings for deploy/compose.yaml: copy to deploy/feedback.env and fill in",
        "# (docs/configuration.md). A commented line shows a setting's default.",
    ]

    def assignment(name: str, default: Any) -> str:
        meta = setting_meta(name)
        if meta["deploy"]:
            return f"{PREFIX}{name.upper()}={meta['example'] or ''}"
        return f"# {PREFIX}{name.upper()}={_toml_value(default).strip(chr(34))}"

    lines += _commented_groups(assignment)
    lines += [
        "",
        "# Not the service's: gunicorn's. The address the reverse proxy's requests come from, as",
        "# a container sees it (a proxy on the host reaches the published ports through the",
        "# Docker network's gateway, e.g. 172.18.0.1): gunicorn trusts X-Forwarded-Proto and",
        "# -For from there only.",
        "FORWARDED_ALLOW_IPS=127.0.0.1",
    ]
    return "\n".join(lines) + "\n"


FILES = {
    Path("docs/configuration.md"): configuration_page,
    Path("config/defaults.toml"): defaults_file,
    Path("deploy/feedback.env.example"): env_example,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a file differs from what it would be")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder")
    arguments = parser.parse_args(argv)
    stale = []
    for relative, make in FILES.items():
        path, text = arguments.root / relative, make()
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        if arguments.check:
            stale.append(str(relative))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {relative}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python -m feedback_service.settings_reference",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
