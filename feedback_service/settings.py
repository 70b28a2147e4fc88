"""The service's settings: one typed object, its defaults and what each setting means.

Every setting is read from `FEEDBACK_<NAME>` in the environment, over `config/defaults.toml`,
over the defaults written here; `create_app(overrides)` takes the same names without the prefix
and wins over both. The values are checked once, at start (`settings_loading.py`); code reads
them as attributes (`settings.timezone`, `settings.zone`). The settings reference in the docs,
`config/defaults.toml` and `deploy/feedback.env.example` are generated from this module
(`python -m feedback_service.settings_reference`), and each description is also a message in
the catalogues, so `/admin/settings` says what a setting means in the reader's language.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask import Flask, current_app
from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from feedback_service.languages import Language, pgettext_noop
from feedback_service.phone_numbers import normalize_e164
from feedback_service.working_hours import NotWorkingHours, WorkingHours, parse_working_hours

_QUIET_HOURS = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_DIGEST_SCHEDULE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun) (\d{1,2}):(\d{2})$")

class SettingsError(click.ClickException):
    """A setting or a configuration file the service cannot use: it does not start.

    A `ClickException`, so that a command refused this way prints the message and exits 1.
    """


# The groups settings are listed in, in the docs and on /admin/settings, by text key.
GROUPS: dict[str, str] = dict([
    pgettext_noop("settings_survey", "The survey"),
    pgettext_noop("settings_eligibility", "Which calls are surveyed"),
    pgettext_noop("settings_coaching", "Coaching and follow-ups"),
    pgettext_noop("settings_privacy", "Privacy"),
    pgettext_noop("settings_phone", "Phone and SMS"),
    pgettext_noop("settings_service", "The service"),
])

# The values read from `config/defaults.toml` (by `settings_loading.py`), under the environment.
FILE_VALUES: ContextVar[dict[str, Any]] = ContextVar("FILE_VALUES", default={})  # noqa: B039

Unit = Literal["seconds", "hours", "days", "bytes", "share"]

# What SQLAlchemy's pool holds by default (database_engine.py sizes the pool with them); named,
# as WEB_DATABASE_CONNECTIONS is a share of it.
POOL_SIZE, POOL_OVERFLOW = 5, 10
POOL_LIMIT = POOL_SIZE + POOL_OVERFLOW


def setting(default: Any, described: tuple[str, str], group: str, *, unit: Unit | None = None,
            secret: bool = False, zero_is_off: bool = False, example: str | None = None,
            deploy: bool = False) -> Any:
    """A setting's default and what the docs and /admin/settings say of it.

    `described` is `pgettext_noop(key, English description)`: the key finds its translation.
    `deploy`: every deployment fills it in (it is uncommented in `feedback.env.example`).
    """
    assert group in GROUPS, group
    key, description = described
    return Field(default, description=description, json_schema_extra={
        "text_key": key, "group": group, "unit": unit, "secret": secret,
        "zero_is_off": zero_is_off, "example": example, "deploy": deploy})


class Settings(BaseSettings):
    """Every setting of the service, typed; see the module docstring for where values come from."""

    model_config = SettingsConfigDict(env_prefix="FEEDBACK_", case_sensitive=False,
                                      extra="forbid", validate_assignment=True,
                                      validate_default=True)

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """`create_app`'s overrides, then `FEEDBACK_*`, then the settings file, then defaults."""
        return init_settings, env_settings, InitSettingsSource(settings_cls, FILE_VALUES.get())

    # The survey
    survey_kind: Literal["smiley", "nps", "ces"] = setting("smiley", pgettext_noop(
        "setting_survey_kind",
        "The question callers are asked: smiley (happy or sad), nps (0 to 10) or ces "
        "(Net Easy: 1 very difficult to 5 very easy)."), "settings_survey")
    survey_channel: Literal["ivr", "sms"] = setting("ivr", pgettext_noop(
        "setting_survey_channel",
        "ivr: the survey follows the call on the phone, with an SMS when the caller has hung "
        "up; sms: always by SMS."), "settings_survey")
    ask_praise: bool = setting(False, pgettext_noop(
        "setting_ask_praise",
        "After a happy, promoter or easy answer, ask what went well (config/praise.toml)."),
        "settings_survey")
    speech_comments: bool = setting(True, pgettext_noop(
        "setting_speech_comments",
        "The comment on the phone is taken as speech and kept as text (a recording when speech "
        "fails); off: the comment is recorded as audio only."), "settings_survey")
    company_name: str = setting("", pgettext_noop(
        "setting_company_name", "The company's name, as callers hear and read it in the survey."),
        "settings_survey", example="Acme")
    default_language: Language = setting("sv", pgettext_noop(
        "setting_default_language",
        "The language of surveys, mails and pages when nothing else tells: sv, da or en."),
        "settings_survey")
    timezone: str = setting("Europe/Stockholm", pgettext_noop(
        "setting_timezone",
        "The company's time zone: weeks, schedules, quiet hours and working hours follow it."),
        "settings_survey")

    # Which calls are surveyed
    min_call_seconds: int = setting(20, pgettext_noop(
        "setting_min_call_seconds", "Calls shorter than this are not surveyed."),
        "settings_eligibility", unit="seconds")
    quarantine_days: int = setting(7, pgettext_noop(
        "setting_quarantine_days",
        "A caller who was surveyed is not asked again for this long; 0 turns the rule off."),
        "settings_eligibility", unit="days", zero_is_off=True)
    sample_rate: float = setting(1.0, pgettext_noop(
        "setting_sample_rate", "The share of eligible calls that are surveyed, from 0 to 1."),
        "settings_eligibility", unit="share")
    sms_quiet_hours: str = setting("21-08", pgettext_noop(
        "setting_sms_quiet_hours",
        "No survey SMS is sent between these hours (in the company's time zone); they wait "
        "until the morning. Empty turns the rule off."), "settings_eligibility")
    survey_expiry_hours: int = setting(24, pgettext_noop(
        "setting_survey_expiry_hours", "A survey not answered within this long is closed."),
        "settings_eligibility", unit="hours")

    # Coaching and follow-ups
    min_responses: int = setting(5, pgettext_noop(
        "setting_min_responses",
        "The fewest answers before an agent's or a team's score is shown."), "settings_coaching")
    repeat_contact_days: int = setting(7, pgettext_noop(
        "setting_repeat_contact_days",
        "A caller who calls again within this long was not helped at the first contact; 0 "
        "turns the rule off."), "settings_coaching", unit="days", zero_is_off=True)
    follow_up_hours: float = setting(24, pgettext_noop(
        "setting_follow_up_hours",
        "An unhappy caller waiting for a call back is due within this many working hours."),
        "settings_coaching", unit="hours")
    working_hours: str = setting("mon-fri 08-17", pgettext_noop(
        "setting_working_hours",
        "The company's working hours, for follow-ups' due times: days, then hours."),
        "settings_coaching")
    digest_schedule: str = setting("mon 07:00", pgettext_noop(
        "setting_digest_schedule",
        "When the weekly digest of the week just ended is sent: a day and a time."),
        "settings_coaching")

    # Privacy
    retention_days: int = setting(180, pgettext_noop(
        "setting_retention_days",
        "After this long, callers' numbers, comments and recordings are erased; scores stay."),
        "settings_privacy", unit="days")

    # Phone and SMS
    public_base_url: str = setting("", pgettext_noop(
        "setting_public_base_url",
        "The https address Twilio calls: it checks webhook signatures and makes the links in "
        "mails. Required outside development."), "settings_phone",
        example="https://feedback.example.com", deploy=True)
    twilio_account_sid: str = setting("", pgettext_noop(
        "setting_twilio_account_sid",
        "Twilio's account SID: survey SMS, playing and erasing recordings."), "settings_phone",
        deploy=True)
    twilio_auth_token: str = setting("", pgettext_noop(
        "setting_twilio_auth_token",
        "Twilio's auth token: checks every Twilio webhook. Required outside development."),
        "settings_phone", secret=True, deploy=True)
    twilio_from_number: str = setting("", pgettext_noop(
        "setting_twilio_from_number", "The number survey SMS are sent from."), "settings_phone",
        deploy=True)
    twilio_messaging_service_sid: str = setting("", pgettext_noop(
        "setting_twilio_messaging_service_sid",
        "A Twilio messaging service that sends survey SMS, instead of one number."),
        "settings_phone")
    sms_backend: Literal["twilio", "console", ""] = setting("", pgettext_noop(
        "setting_sms_backend",
        "twilio: SMS go out through Twilio; console: they are only logged, for trials. Empty: "
        "twilio when an account SID is set."), "settings_phone")
    fallback_dial: str = setting("", pgettext_noop(
        "setting_fallback_dial",
        "Where a caller is put through when the database cannot be reached: a phone number, "
        "client:NAME or a sip: address. Empty: an apology, then the call ends."),
        "settings_phone")
    pbx_webhook_secret: str = setting("", pgettext_noop(
        "setting_pbx_webhook_secret",
        "The key that signs other phone systems' calls to /hooks/call-ended; not set: that "
        "hook is off."), "settings_phone", secret=True)
    hook_max_age_hours: int = setting(24, pgettext_noop(
        "setting_hook_max_age_hours",
        "/hooks/call-ended refuses a call that ended longer ago than this."), "settings_phone",
        unit="hours")

    # The service
    database_url: str = setting("", pgettext_noop(
        "setting_database_url",
        "The database (an SQLAlchemy URL); not set: an SQLite file in the instance folder."),
        "settings_service", example="postgresql://feedback:feedback@postgres:5432/feedback",
        deploy=True)
    database_timeout_seconds: float = setting(5, pgettext_noop(
        "setting_database_timeout_seconds",
        "How long a webhook and /healthz wait for the database before answering without it; "
        "on PostgreSQL also the connect timeout and the longest a statement may run (migrations "
        "and the retention run excepted). Twilio gives up after 15."),
        "settings_service", unit="seconds")
    voice_timeout_seconds: float = setting(2, pgettext_noop(
        "setting_voice_timeout_seconds",
        "How long a Twilio voice webhook waits for the database in all (a free connection, "
        "connecting, every statement) before the caller hears the fallback (FALLBACK_DIAL, or "
        "the survey's thanks); from 2 to 10, and it may overrun by half a second."),
        "settings_service", unit="seconds")
    web_database_connections: int = setting(5, pgettext_noop(
        "setting_web_database_connections",
        "Of each instance's database connections, pages and the API use at most this many at "
        "once, so that the others stay for the phone path; one that gets none in time answers "
        "503 with Retry-After."), "settings_service")
    smtp_url: str = setting("", pgettext_noop(
        "setting_smtp_url",
        "The mail server: smtp://user:password@host:587?starttls=true (upgraded with STARTTLS) "
        "or smtps://user:password@host:465; not set: mails are logged, not sent."),
        "settings_service", example="smtp://mail.example.com:587?starttls=true", deploy=True)
    mail_from: str = setting("feedback@localhost", pgettext_noop(
        "setting_mail_from", "The sender of the service's mails."), "settings_service",
        example="feedback@example.com", deploy=True)
    api_token: str = setting("", pgettext_noop(
        "setting_api_token", "The bearer token for /api/v1; not set: the API is off."),
        "settings_service", secret=True, deploy=True)
    webhook_allow_private: bool = setting(False, pgettext_noop(
        "setting_webhook_allow_private",
        "Webhooks and chat alerts may go to private, loopback and link-local addresses, and over "
        "plain http: for receivers on the company's own network. Off: https to public addresses "
        "only."), "settings_service")
    alert_urls: str = setting("", pgettext_noop(
        "setting_alert_urls",
        "Where chat alerts go (an unhappy caller to call back, a reason spike): Apprise URLs "
        "such as slack://..., msteams://..., mailto://... or json://..., separated by spaces or "
        "commas; a team's own alert_urls replace them. Not set: no chat alerts."),
        "settings_service", secret=True, example="slack://TokenA/TokenB/TokenC/#support")
    metrics_token: str = setting("", pgettext_noop(
        "setting_metrics_token",
        "The bearer token Prometheus sends for /metrics; not set: /metrics is off."),
        "settings_service", secret=True)
    log_format: Literal["text", "json"] = setting("text", pgettext_noop(
        "setting_log_format",
        "How log lines are written: text for a person at a terminal, json for a log "
        "collector (then also a line for every request and every job run)."),
        "settings_service", example="json")
    secret_key: str = setting("", pgettext_noop(
        "setting_secret_key",
        "Signs sessions and keys callers' numbers in the quarantine. Required outside "
        "development."), "settings_service", secret=True, deploy=True)
    max_request_bytes: int = setting(262144, pgettext_noop(
        "setting_max_request_bytes", "Request bodies larger than this are refused."),
        "settings_service", unit="bytes")
    trusted_proxies: int = setting(0, pgettext_noop(
        "setting_trusted_proxies",
        "How many proxies in front of the service add to X-Forwarded-For (1 behind one https "
        "proxy); 0: the connection's own address is the client's."), "settings_service",
        example="1", deploy=True)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone name (Europe/Stockholm)") from None
        return value

    @field_validator("min_call_seconds", "quarantine_days", "survey_expiry_hours",
                     "min_responses", "repeat_contact_days", "retention_days", "trusted_proxies")
    @classmethod
    def _zero_or_more(cls, value: int) -> int:
        if value < 0:
            raise ValueError("must be a whole number, 0 or more")
        return value

    @field_validator("max_request_bytes", "hook_max_age_hours")
    @classmethod
    def _one_or_more(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be a whole number, 1 or more")
        return value

    @field_validator("database_timeout_seconds")
    @classmethod
    def _database_timeout(cls, value: float) -> float:
        if not 0 < value <= 60:
            raise ValueError("must be a number of seconds, more than 0 and at most 60")
        return value

    @field_validator("voice_timeout_seconds")
    @classmethod
    def _voice_timeout(cls, value: float) -> float:
        if not 2 <= value <= 10:
            raise ValueError("must be a number of seconds from 2 to 10")
        return value

    @field_validator("web_database_connections")
    @classmethod
    def _web_connections(cls, value: int) -> int:
        if not 1 <= value < POOL_LIMIT:
            raise ValueError(f"must be a whole number from 1 to {POOL_LIMIT - 1}, so that some "
                             "connections stay for the phone path")
        return value

    @field_validator("follow_up_hours")
    @classmethod
    def _above_zero(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("must be a number of hours above 0")
        return value

    @field_validator("sample_rate")
    @classmethod
    def _share(cls, value: float) -> float:
        if not 0 <= value <= 1:
            raise ValueError("must be a number from 0 to 1")
        return value

    @field_validator("sms_quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        if value.strip() and _parse_quiet_hours(value) is None:
            raise ValueError("must look like 21-08 (hours 0-23), or be empty")
        return value.strip()

    @field_validator("digest_schedule")
    @classmethod
    def _digest_schedule(cls, value: str) -> str:
        if _parse_digest_schedule(value) is None:
            raise ValueError("must look like 'mon 07:00'")
        return value

    @field_validator("working_hours")
    @classmethod
    def _working_hours(cls, value: str) -> str:
        try:
            parse_working_hours(value)
        except NotWorkingHours as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("fallback_dial")
    @classmethod
    def _fallback_dial(cls, value: str) -> str:
        if value.strip() and _dial_address(value) is None:
            raise ValueError("must be a phone number (+46812345678), client:NAME or a sip: "
                             "address, or be empty")
        return value.strip()

    @property
    def zone(self) -> ZoneInfo:
        """`timezone` as a zone."""
        return ZoneInfo(self.timezone)

    @property
    def quiet_hours(self) -> tuple[int, int] | None:
        """`sms_quiet_hours` as (start hour, end hour), or None when the rule is off."""
        return _parse_quiet_hours(self.sms_quiet_hours)

    @property
    def digest_time(self) -> tuple[str, int, int]:
        """`digest_schedule` as (weekday, hour, minute)."""
        parsed = _parse_digest_schedule(self.digest_schedule)
        assert parsed is not None  # the validator refused any other value
        return parsed

    @property
    def working_week(self) -> WorkingHours:
        """`working_hours` parsed."""
        return parse_working_hours(self.working_hours)

    @property
    def fallback_address(self) -> str | None:
        """`fallback_dial` as an address to dial (a number in E.164), or None when unset."""
        return _dial_address(self.fallback_dial) if self.fallback_dial else None

    @property
    def company(self) -> str | None:
        """`company_name` as callers are told it, or None when it is not set."""
        return self.company_name.strip() or None

    @property
    def twilio_credentials(self) -> tuple[str, str] | None:
        """The account SID and auth token, when both are set: Twilio's REST API can be asked."""
        if self.twilio_account_sid and self.twilio_auth_token:
            return self.twilio_account_sid, self.twilio_auth_token
        return None

    def alert_url_list(self) -> list[str]:
        """`ALERT_URLS` split at spaces and commas."""
        return split_urls(self.alert_urls)

    def public_url(self, path: str) -> str:
        """An absolute URL under `public_base_url`: a page linked from a mail, a URL Twilio
        calls."""
        return self.public_base_url.rstrip("/") + path


def split_urls(text: str) -> list[str]:
    """URLs separated by spaces or commas, each once, in their order."""
    return list(dict.fromkeys(url for url in re.split(r"[\s,]+", text) if url))


def _parse_quiet_hours(text: str) -> tuple[int, int] | None:
    match = _QUIET_HOURS.match(text.strip())
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    return (start, end) if start < 24 and end < 24 and start != end else None


def _parse_digest_schedule(text: str) -> tuple[str, int, int] | None:
    match = _DIGEST_SCHEDULE.match(text.strip().lower())
    if not match or int(match[2]) > 23 or int(match[3]) > 59:
        return None
    return match[1], int(match[2]), int(match[3])


def _dial_address(text: str) -> str | None:
    address = text.strip()
    if address.startswith(("client:", "sip:", "sips:")):
        return address if len(address.partition(":")[2]) > 0 else None
    return normalize_e164(address)


EXTENSION_KEY = "feedback_settings"


def settings_of(app: Flask) -> Settings:
    """The app's settings, read and checked when it was created."""
    settings: Settings = app.extensions[EXTENSION_KEY]
    return settings


def current_settings() -> Settings:
    """The settings of the app handling this request, job or command."""
    return settings_of(current_app)


def setting_names() -> list[str]:
    """Every setting's name as documented: `TIMEZONE`, without the `FEEDBACK_` prefix."""
    return [name.upper() for name in Settings.model_fields]


def setting_meta(name: str) -> dict[str, Any]:
    """What `setting()` recorded of a setting, by its attribute name."""
    extra = Settings.model_fields[name].json_schema_extra
    assert isinstance(extra, dict)
    return extra


def setting_texts() -> dict[str, str]:
    """Each group's title and each setting's description in English, by text key."""
    return GROUPS | {setting_meta(name)["text_key"]: str(field.description)
                     for name, field in Settings.model_fields.items()}
