"""Settings: defaults, the FEEDBACK_ environment, overrides, and refusing bad values."""

from __future__ import annotations

import pytest

from feedback_service import create_app
from feedback_service.settings import SettingsError, digest_schedule, quiet_hours
from tests.conftest import settings


def test_defaults_are_the_documented_ones(tmp_path):
    app = create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3"))
    config = app.config
    assert config["TIMEZONE"] == "Europe/Stockholm"
    assert config["DEFAULT_LANGUAGE"] == "sv"
    assert config["SURVEY_KIND"] == "smiley"
    assert config["SURVEY_CHANNEL"] == "ivr"
    assert (config["MIN_CALL_SECONDS"], config["QUARANTINE_DAYS"]) == (20, 7)
    assert (config["SAMPLE_RATE"], config["SMS_QUIET_HOURS"]) == (1.0, "21-08")
    assert (config["SURVEY_EXPIRY_HOURS"], config["MIN_RESPONSES"]) == (24, 5)
    assert (config["RETENTION_DAYS"], config["DIGEST_SCHEDULE"]) == (180, "mon 07:00")
    assert (config["FALLBACK_DIAL"], config["HOOK_MAX_AGE_HOURS"]) == ("", 24)
    assert config["DATABASE_TIMEOUT_SECONDS"] == 5
    assert config["SMS_BACKEND"] == "console"


def test_environment_variables_with_the_prefix_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("FEEDBACK_TIMEZONE", "Europe/Copenhagen")
    monkeypatch.setenv("FEEDBACK_SAMPLE_RATE", "0.25")
    monkeypatch.setenv("FEEDBACK_SMS_QUIET_HOURS", "")
    monkeypatch.setenv("FEEDBACK_TWILIO_ACCOUNT_SID", "AC123")
    app = create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3"))
    assert app.config["TIMEZONE"] == "Europe/Copenhagen"
    assert app.config["SAMPLE_RATE"] == 0.25
    assert quiet_hours(app.config) is None
    assert app.config["SMS_BACKEND"] == "twilio"


def test_overrides_win_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FEEDBACK_DEFAULT_LANGUAGE", "da")
    app = create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3", DEFAULT_LANGUAGE="en"))
    assert app.config["DEFAULT_LANGUAGE"] == "en"


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("FEEDBACK_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{app.instance_path}/feedback.sqlite3"
    )


@pytest.mark.parametrize("url", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_plain_postgres_urls_use_the_psycopg_driver(url):
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TIMEZONE", "Mars/Olympus", "not a time zone"),
        ("DEFAULT_LANGUAGE", "de", "DEFAULT_LANGUAGE must be one of sv, da, en"),
        ("SURVEY_KIND", "stars", "SURVEY_KIND must be one of smiley, nps, ces"),
        ("ASK_PRAISE", "yes", "ASK_PRAISE must be true or false"),
        ("SURVEY_CHANNEL", "email", "SURVEY_CHANNEL must be one of ivr, sms"),
        ("SMS_BACKEND", "carrier-pigeon", "SMS_BACKEND must be one of twilio, console"),
        ("SAMPLE_RATE", 1.5, "SAMPLE_RATE must be a number from 0 to 1"),
        ("MIN_CALL_SECONDS", -1, "MIN_CALL_SECONDS must be a whole number"),
        ("SMS_QUIET_HOURS", "late", "SMS_QUIET_HOURS must look like 21-08"),
        ("SMS_QUIET_HOURS", "25-08", "SMS_QUIET_HOURS must look like 21-08"),
        ("DIGEST_SCHEDULE", "monday 7am", "DIGEST_SCHEDULE must look like 'mon 07:00'"),
        ("SPEECH_COMMENTS", "off", "SPEECH_COMMENTS must be true or false"),
        ("FALLBACK_DIAL", "reception", "FALLBACK_DIAL must be a phone number"),
        ("FALLBACK_DIAL", "client:", "FALLBACK_DIAL must be a phone number"),
        ("HOOK_MAX_AGE_HOURS", 0, "HOOK_MAX_AGE_HOURS must be a whole number, 1 or more"),
        ("HOOK_MAX_AGE_HOURS", "a day", "HOOK_MAX_AGE_HOURS must be a whole number"),
        ("DATABASE_TIMEOUT_SECONDS", 0, "DATABASE_TIMEOUT_SECONDS must be a number of seconds"),
        ("DATABASE_TIMEOUT_SECONDS", "soon", "DATABASE_TIMEOUT_SECONDS must be a number"),
        ("VOICE_TIMEOUT_SECONDS", 1, "VOICE_TIMEOUT_SECONDS must be a number of seconds from 2"),
        ("WEB_DATABASE_CONNECTIONS", 15, "WEB_DATABASE_CONNECTIONS must be a whole number from 1"),
        ("WEB_DATABASE_CONNECTIONS", 0, "WEB_DATABASE_CONNECTIONS must be a whole number from 1"),
    ],
)
def test_bad_values_stop_the_service_with_a_clear_message(tmp_path, name, value, message):
    with pytest.raises(SettingsError, match=message):
        create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3", **{name: value}))


def test_postgresql_connections_time_out_and_sqlite_ones_need_not(tmp_path):
    postgres = create_app(settings("postgresql://u@h/db", DATABASE_TIMEOUT_SECONDS=3))
    sqlite = create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3"))

    options = postgres.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"] == {"connect_timeout": 3,
                                       "options": "-c statement_timeout=3000"}
    assert options["pool_timeout"] == 3
    assert options["hide_parameters"] is True
    assert "connect_args" not in sqlite.config["SQLALCHEMY_ENGINE_OPTIONS"]


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    with pytest.raises(SettingsError) as raised:
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})
    for name in ("FEEDBACK_SECRET_KEY", "FEEDBACK_TWILIO_AUTH_TOKEN", "FEEDBACK_PUBLIC_BASE_URL"):
        assert f"{name} is required" in str(raised.value)


def test_quiet_hours_and_digest_schedule_parse():
    assert quiet_hours({"SMS_QUIET_HOURS": "21-08"}) == (21, 8)
    assert quiet_hours({"SMS_QUIET_HOURS": ""}) is None
    assert digest_schedule({"DIGEST_SCHEDULE": "Mon 07:00"}) == ("mon", 7, 0)
    assert digest_schedule({"DIGEST_SCHEDULE": "fri 25:00"}) is None
