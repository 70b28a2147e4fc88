"""The settings a deployment runs with, as an admin may read them: what each means and its
value in words, in the reader's language; secrets never shown, only whether they are set.

Plain values in, rows out: no Flask, so what is shown and what is hidden is tested directly.
The meanings are the settings' own descriptions (settings.py), translated in the catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from babel import Locale
from babel.units import format_unit

from feedback_service.languages import (
    message_in,
    number,
    percent,
    pgettext_noop,
    supported,
    translations,
)
from feedback_service.settings import GROUPS, Settings, setting_meta

# Babel's (CLDR's) names for the settings' units.
_UNITS = {"seconds": "duration-second", "hours": "duration-hour", "days": "duration-day",
          "bytes": "digital-byte"}
# URLs that may carry a password: shown without it.
URLS_WITH_CREDENTIALS = frozenset({"database_url", "smtp_url"})

WORDS = dict([
    pgettext_noop("setting_on", "on"),
    pgettext_noop("setting_off", "off"),
    pgettext_noop("not_set", "not set"),
    pgettext_noop("secret_set", "set (not shown)"),
    pgettext_noop("setting_hours_between", "from {start}:00 to {end}:00"),
])


@dataclass(frozen=True)
class SettingRow:
    name: str  # as documented: SURVEY_KIND
    meaning: str
    value: str  # in words: "on", "7 days", "not set"
    is_code: bool = False  # a value to show as typed (a URL, a time zone), not as words


def without_credentials(url: str) -> str:
    """The URL with any user name, password and query (which may hold a password) taken out:
    `smtp://mail.example.com:587`."""
    parts = urlsplit(url)
    if "@" not in parts.netloc and not parts.query:
        return url  # nothing to take out; and sqlite:////path would lose its slashes
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _word(key: str, language: str, **values: object) -> str:
    return message_in(language, key, WORDS[key], **values)


def value_in_words(name: str, value: Any, language: str) -> tuple[str, bool]:
    """A setting's value as the reader says it, and whether it is a literal to show as code."""
    meta = setting_meta(name)
    if meta["secret"]:
        return _word("secret_set" if value else "not_set", language), False
    if isinstance(value, bool):
        return _word("setting_on" if value else "setting_off", language), False
    if value == "" or value is None:
        off = name == "sms_quiet_hours"  # empty turns the rule off, rather than "not set"
        return _word("setting_off" if off else "not_set", language), False
    if value == 0 and meta["zero_is_off"]:
        return _word("setting_off", language), False
    if meta["unit"] == "share":
        return percent(value, language), False
    if meta["unit"]:
        return format_unit(value, _UNITS[meta["unit"]], length="long",
                           locale=supported(language)), False
    if name == "sms_quiet_hours":
        start, end = Settings(sms_quiet_hours=value).quiet_hours or (0, 0)
        return _word("setting_hours_between", language, start=f"{start:02d}",
                     end=f"{end:02d}"), False
    if name == "default_language":
        return str(Locale.parse(value).get_display_name(supported(language))), False
    if isinstance(value, int | float):
        return number(value, language), False
    if name in URLS_WITH_CREDENTIALS:
        return without_credentials(str(value)), True
    return str(value), True


def setting_row(name: str, value: Any, language: str) -> SettingRow:
    meta = setting_meta(name)
    meaning = translations(language).pgettext(meta["text_key"],
                                              str(Settings.model_fields[name].description))
    shown, is_code = value_in_words(name, value, language)
    return SettingRow(name.upper(), meaning, shown, is_code)


def settings_in_force(settings: Settings, language: str,
                      database_url: str | None = None) -> dict[str, list[SettingRow]]:
    """Every setting, by group (a text key), as it may be shown to an admin; `database_url`,
    the URL actually used when the setting is empty and stands for the SQLite default."""
    values = dict(settings)
    if database_url:
        values["database_url"] = database_url
    groups: dict[str, list[SettingRow]] = {group: [] for group in GROUPS}
    for name in Settings.model_fields:
        groups[setting_meta(name)["group"]].append(setting_row(name, values[name], language))
    return groups
