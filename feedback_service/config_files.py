"""Where the project's own folders (`config/`, `migrations/`) are found."""

from __future__ import annotations

import os
from pathlib import Path


def project_dir(name: str) -> Path:
    """A top-level folder: beside the package in a checkout, else in the working folder (Docker)."""
    beside_package = Path(__file__).resolve().parent.parent / name
    return beside_package if beside_package.is_dir() else Path.cwd() / name


def config_dir() -> Path:
    """`FEEDBACK_CONFIG_DIR` when set, else the project's `config/` folder."""
    if explicit := os.environ.get("FEEDBACK_CONFIG_DIR"):
        return Path(explicit)
    return project_dir("config")


def config_path(name: str) -> Path:
    return config_dir() / name
