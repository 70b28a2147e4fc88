"""The settings a deployment runs with, as an admin may read them: secrets never shown.

Plain values in, rows out: no Flask, so what is shown and what is hidden is tested directly.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit


class Shown(enum.StrEnum):
    VALUE = "value"  # the value as set
    NOT_SET = "not_set"  # empty: the setting's feature is off or uses its fallback
    SECRET_SET = "secret_set"  # a secret that is set; its value is never shown


@dataclass(frozen=True)
class SettingRow:
    name: str
    shown: Shown
    value: str = ""


# Grouped as the settings in docs/configuration.md read them; the group is a text key for the page.
GROUPS: dict[str, tuple[str, ...]] = {
    "settings_survey": ("SURVEY_KIND", "SURVEY_CHANNEL", "ASK_PRAISE", "SPEECH_COMMENTS",
                        "COMPANY_NAME", "DEFAULT_LANGUAGE", "TIMEZONE"),
    "settings_eligibility": ("MIN_CALL_SECONDS", "QUARANTINE_DAYS", "SAMPLE_RATE",
                             "SMS_QUIET_HOURS", "SURVEY_EXPIRY_HOURS"),
    "settings_coaching": ("MIN_RESPONSES", "REPEAT_CONTACT_DAYS", "FOLLOW_UP_HOURS",
                          "WORKING_HOURS", "DIGEST_SCHEDULE"),
    "settings_privacy": ("RETENTION_DAYS",),
    "settings_phone": ("PUBLIC_BASE_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
                       "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID", "SMS_BACKEND",
                       "FALLBACK_DIAL", "PBX_WEBHOOK_SECRET", "HOOK_MAX_AGE_HOURS"),
    "settings_service": ("DATABASE_URL", "DATABASE_TIMEOUT_SECONDS", "VOICE_TIMEOUT_SECONDS",
                         "WEB_DATABASE_CONNECTIONS", "SMTP_URL", "MAIL_FROM",
                         "API_TOKEN", "SECRET_KEY", "MAX_REQUEST_BYTES", "TRUSTED_PROXIES"),
}

# Never shown, only whether they are set.
SECRETS = frozenset({"TWILIO_AUTH_TOKEN", "PBX_WEBHOOK_SECRET", "API_TOKEN", "SECRET_KEY"})
# URLs that may carry a password: shown without it.
URLS_WITH_CREDENTIALS = frozenset({"DATABASE_URL", "SMTP_URL"})


def without_credentials(url: str) -> str:
    """The URL with any user name, password and query (which may hold a password) taken out:
    `smtp://mail.example.com:587`."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def setting_row(name: str, value: Any) -> SettingRow:
    text = "" if value is None else str(value).strip()
    if not text:
        return SettingRow(name, Shown.NOT_SET)
    if name in SECRETS:
        return SettingRow(name, Shown.SECRET_SET)
    if name in URLS_WITH_CREDENTIALS:
        return SettingRow(name, Shown.VALUE, without_credentials(text))
    return SettingRow(name, Shown.VALUE, text)


def settings_in_force(config: Mapping[str, Any]) -> dict[str, list[SettingRow]]:
    """Every documented setting, by group, as it may be shown to an admin."""
    return {group: [setting_row(name, config.get(name)) for name in names]
            for group, names in GROUPS.items()}
