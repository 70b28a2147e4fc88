"""Where the project's own folders (`config/`, `migrations/`) are found."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def project_dir(name: str) -> Path:
    """`config` or `migrations`: inside the installed package, or beside it in a checkout."""
    inside_package = _PACKAGE / name
    return inside_package if inside_package.is_dir() else _PACKAGE.parent / name


def config_dir() -> Path:
    """`FEEDBACK_CONFIG_DIR` when set, else the packaged `config/` folder."""
    if explicit := os.environ.get("FEEDBACK_CONFIG_DIR"):
        return Path(explicit)
    return project_dir("config")


def config_path(name: str) -> Path:
    """The file `name` in `FEEDBACK_CONFIG_DIR` when that folder holds it, else the packaged one."""
    chosen = config_dir()
    if not chosen.is_dir():
        raise NotADirectoryError(f"FEEDBACK_CONFIG_DIR={chosen} is not a folder")
    replacement = chosen / name
    return replacement if replacement.is_file() else project_dir("config") / name
