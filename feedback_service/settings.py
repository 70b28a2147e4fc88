"""Loading and checking the settings named in the README."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Config, Flask

from feedback_service.config_files import config_path
from feedback_service.database_engine import POOL_LIMIT, engine_options
from feedback_service.languages import LANGUAGES
from feedback_service.phone_numbers import normalize_e164
from feedback_service.working_hours import NotWorkingHours, parse_working_hours

_QUIET_HOURS = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_DIGEST_SCHEDULE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun) (\d{1,2}):(\d{2})$")


class SettingsError(RuntimeError):
    """A setting is missing or has a value the service cannot use."""


def load_settings(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    """Defaults from `config/defaults.toml`, then `FEEDBACK_*` variables, then `overrides`."""
    read_settings(app.config)
    app.config.update(overrides or {})
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app)
    if not app.config["SMS_BACKEND"]:
        app.config["SMS_BACKEND"] = "twilio" if app.config["TWILIO_ACCOUNT_SID"] else "console"
    check_settings(app.config, development=app.debug or app.testing)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], float(app.config["DATABASE_TIMEOUT_SECONDS"])))


def read_settings(config: Config) -> None:
    """Defaults from `config/defaults.toml`, then `FEEDBACK_*` variables; nothing checked.

    Alone, for a helper process that needs a setting or two without the whole app.
    """
    config.from_file(str(config_path("defaults.toml")), load=tomllib.load, text=False)
    config.from_prefixed_env("FEEDBACK")


def database_url(app: Flask) -> str:
    """The SQLAlchemy URL, with plain PostgreSQL URLs pointed at the psycopg 3 driver."""
    url = str(app.config["DATABASE_URL"] or "")
    if not url:
        return f"sqlite:///{app.instance_path}/feedback.sqlite3"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def check_settings(config: Mapping[str, Any], *, development: bool) -> None:
    """Refuse to start with a setting that would fail later, at the worst moment."""
    problems = []
    if not development:
        for name in ("SECRET_KEY", "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"):
            if not config[name]:
                problems.append(f"FEEDBACK_{name} is required")
    try:
        ZoneInfo(str(config["TIMEZONE"]))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"TIMEZONE {config['TIMEZONE']!r} is not a time zone name")
    choices = {
        "DEFAULT_LANGUAGE": LANGUAGES,
        "SURVEY_KIND": ("smiley", "nps", "ces"),
        "SURVEY_CHANNEL": ("ivr", "sms"),
        "SMS_BACKEND": ("twilio", "console"),
    }
    for name, allowed in choices.items():
        if config[name] not in allowed:
            problems.append(f"{name} must be one of {', '.join(allowed)}")
    for name in ("MIN_CALL_SECONDS", "QUARANTINE_DAYS", "SURVEY_EXPIRY_HOURS", "MIN_RESPONSES",
                 "RETENTION_DAYS", "REPEAT_CONTACT_DAYS", "TRUSTED_PROXIES"):
        if not isinstance(config[name], int) or config[name] < 0:
            problems.append(f"{name} must be a whole number, 0 or more")
    if not isinstance(config["ASK_PRAISE"], bool):
        problems.append("ASK_PRAISE must be true or false")
    limit = config["MAX_REQUEST_BYTES"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        problems.append("MAX_REQUEST_BYTES must be a whole number of bytes, 1 or more")
    if not isinstance(config["HOOK_MAX_AGE_HOURS"], int) or config["HOOK_MAX_AGE_HOURS"] < 1:
        problems.append("HOOK_MAX_AGE_HOURS must be a whole number, 1 or more")
    timeout = config["DATABASE_TIMEOUT_SECONDS"]
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 60:
        problems.append("DATABASE_TIMEOUT_SECONDS must be a number of seconds, more than 0 "
                        "and at most 60")
    voice = config["VOICE_TIMEOUT_SECONDS"]
    if isinstance(voice, bool) or not isinstance(voice, int | float) or not 2 <= voice <= 10:
        problems.append("VOICE_TIMEOUT_SECONDS must be a number of seconds from 2 to 10")
    slots = config["WEB_DATABASE_CONNECTIONS"]
    if isinstance(slots, bool) or not isinstance(slots, int) or not 1 <= slots < POOL_LIMIT:
        problems.append(f"WEB_DATABASE_CONNECTIONS must be a whole number from 1 to "
                        f"{POOL_LIMIT - 1}, so that some connections stay for the phone path")
    if config["FALLBACK_DIAL"] and fallback_dial(config) is None:
        problems.append("FALLBACK_DIAL must be a phone number (+46812345678), client:NAME or a "
                        "sip: address, or be empty")
    rate = config["SAMPLE_RATE"]
    if not isinstance(rate, int | float) or not 0 <= rate <= 1:
        problems.append("SAMPLE_RATE must be a number from 0 to 1")
    if config["SMS_QUIET_HOURS"] and quiet_hours(config) is None:
        problems.append("SMS_QUIET_HOURS must look like 21-08 (hours 0-23), or be empty")
    if not isinstance(config["FOLLOW_UP_HOURS"], int | float) or config["FOLLOW_UP_HOURS"] <= 0:
        problems.append("FOLLOW_UP_HOURS must be a number of hours above 0")
    try:
        parse_working_hours(str(config["WORKING_HOURS"]))
    except NotWorkingHours as error:
        problems.append(f"WORKING_HOURS: {error}")
    # From the environment, "false" reads as False but "off" would read as a string, and true.
    if not isinstance(config["SPEECH_COMMENTS"], bool):
        problems.append("SPEECH_COMMENTS must be true or false")
    if digest_schedule(config) is None:
        problems.append("DIGEST_SCHEDULE must look like 'mon 07:00'")
    if config["SMS_BACKEND"] == "twilio" and not config["TWILIO_ACCOUNT_SID"] and not development:
        problems.append("SMS_BACKEND twilio needs FEEDBACK_TWILIO_ACCOUNT_SID")
    if problems:
        raise SettingsError("; ".join(problems))


def quiet_hours(config: Mapping[str, Any]) -> tuple[int, int] | None:
    """`SMS_QUIET_HOURS` as (start hour, end hour), or None when the rule is off."""
    match = _QUIET_HOURS.match(str(config["SMS_QUIET_HOURS"] or "").strip())
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    return (start, end) if start < 24 and end < 24 and start != end else None


def digest_schedule(config: Mapping[str, Any]) -> tuple[str, int, int] | None:
    """`DIGEST_SCHEDULE` as (weekday, hour, minute), or None when it does not parse."""
    match = _DIGEST_SCHEDULE.match(str(config["DIGEST_SCHEDULE"]).strip().lower())
    if not match or int(match[2]) > 23 or int(match[3]) > 59:
        return None
    return match[1], int(match[2]), int(match[3])


def fallback_dial(config: Mapping[str, Any]) -> str | None:
    """`FALLBACK_DIAL` as an address to dial (a number in E.164), or None when unset or unusable."""
    address = str(config["FALLBACK_DIAL"] or "").strip()
    if address.startswith(("client:", "sip:", "sips:")):
        return address if len(address.partition(":")[2]) > 0 else None
    return normalize_e164(address)


def company_name(config: Mapping[str, Any]) -> str | None:
    """`COMPANY_NAME` as callers are told it, or None when it is not set."""
    return str(config["COMPANY_NAME"] or "").strip() or None


def public_url(config: Mapping[str, Any], path: str) -> str:
    """An absolute URL under `PUBLIC_BASE_URL`: a page linked from a mail, a URL Twilio calls."""
    return str(config["PUBLIC_BASE_URL"] or "").rstrip("/") + path
