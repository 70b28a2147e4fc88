"""Reading the settings once, at start, and refusing to start with one the service can't use.

A refusal names where the bad value came from: the file and line, the environment variable, or
the mapping given to `create_app`, so whoever deploys can fix it without reading code.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from pydantic import ValidationError

from feedback_service.config_files import config_path
from feedback_service.database_engine import engine_options
from feedback_service.settings import (
    EXTENSION_KEY,
    FILE_VALUES,
    Settings,
    SettingsError,
    setting_meta,
)

SETTINGS_FILE = "defaults.toml"
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_settings(app: Flask, overrides: Mapping[str, Any] | None) -> Settings:
    """The app's settings, checked; Flask's and its extensions' own keys go to `app.config`."""
    ours = {name.lower(): value for name, value in (overrides or {}).items()
            if name.lower() in Settings.model_fields}
    app.config.update({name: value for name, value in (overrides or {}).items()
                       if name.lower() not in Settings.model_fields})
    settings = read_settings(ours)
    if not settings.sms_backend:
        settings.sms_backend = "twilio" if settings.twilio_account_sid else "console"
    check_for_production(settings, development=app.debug or app.testing)
    app.extensions[EXTENSION_KEY] = settings
    url = sqlalchemy_url(settings, app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["SECRET_KEY"] = settings.secret_key or app.config.get("SECRET_KEY")
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS",
                          engine_options(url, settings.database_timeout_seconds))
    return settings


def read_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Defaults, then the settings file, then `FEEDBACK_*` variables, then `overrides`
    (attribute names); alone, for a process that needs a setting or two without the app."""
    path = config_path(SETTINGS_FILE)
    values = read_settings_file(path)
    token = FILE_VALUES.set({name.lower(): value for name, value in values.items()})
    try:
        return Settings(**(overrides or {}))
    except ValidationError as error:
        raise SettingsError(describe_problems(error, path, values, overrides or {})) from None
    finally:
        FILE_VALUES.reset(token)


def read_settings_file(path: Path) -> dict[str, Any]:
    """The settings file's values; none when a deployment's config folder has no such file."""
    if not path.is_file():
        return {}
    return read_toml(path)


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's contents; a malformed one stops the start, naming the file and line."""
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's error says where only in its message: "... (at line 3, column 7)".
        problem, where = str(error), _TOML_POSITION.search(str(error))
        if where:
            problem = problem[:where.start()].rstrip()
            raise SettingsError(f"{path}, line {where[1]}, column {where[2]}: {problem}") from None
        raise SettingsError(f"{path}: {problem}") from None
    except OSError as error:
        raise SettingsError(f"{path}: cannot be read ({error.strerror})") from None


def line_of(path: Path, key: str) -> int | None:
    """The line of `path` where `key` is given a value (1 is the first), if it is there."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=", re.IGNORECASE)
    with open(path, encoding="utf-8") as f:
        return next((number for number, line in enumerate(f, 1) if pattern.match(line)), None)


def describe_problems(error: ValidationError, path: Path, file_values: Mapping[str, Any],
                      overrides: Mapping[str, Any]) -> str:
    """One line per bad value, each saying where the value came from."""
    in_file = {name.lower() for name in file_values}
    problems = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        name = field.upper()
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "is not a setting"
        elif field in Settings.model_fields and not setting_meta(field)["secret"]:
            message = f"{problem['input']!r}: {message}"
        if field in overrides:
            where = f"{name} (given to create_app)"
        elif f"FEEDBACK_{name}" in {key.upper() for key in os.environ}:
            where = f"FEEDBACK_{name} (environment)"
        elif field in in_file:
            where = f"{path}, line {line_of(path, name)}: {name}"
        else:
            where = name
        problems.append(f"{where} {message}")
    return "; ".join(problems)


def check_for_production(settings: Settings, *, development: bool) -> None:
    """Refuse to start outside development without what signing and webhooks need."""
    if development:
        return
    problems = [f"FEEDBACK_{name.upper()} is required"
                for name in ("secret_key", "twilio_auth_token", "public_base_url")
                if not getattr(settings, name)]
    if settings.sms_backend == "twilio" and not settings.twilio_account_sid:
        problems.append("SMS_BACKEND twilio needs FEEDBACK_TWILIO_ACCOUNT_SID")
    if problems:
        raise SettingsError("; ".join(problems))


def sqlalchemy_url(settings: Settings, instance_path: str) -> str:
    """The SQLAlchemy URL, with plain PostgreSQL URLs pointed at the psycopg 3 driver."""
    url = settings.database_url
    if not url:
        return f"sqlite:///{instance_path}/feedback.sqlite3"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url
