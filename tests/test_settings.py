"""Settings: defaults, the FEEDBACK_ environment, the settings file, overrides, and refusing bad
values with a message that says where each came from."""

from __future__ import annotations

import pytest

from feedback_service import create_app
from feedback_service.settings import Settings, SettingsError, settings_of
from tests.conftest import settings


def test_defaults_are_the_documented_ones(tmp_path):
    s = settings_of(create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3")))
    assert s.timezone == "Europe/Stockholm"
    assert s.default_language == "sv"
    assert (s.survey_kind, s.survey_channel) == ("smiley", "ivr")
    assert (s.min_call_seconds, s.quarantine_days) == (20, 7)
    assert (s.sample_rate, s.sms_quiet_hours) == (1.0, "21-08")
    assert (s.survey_expiry_hours, s.min_responses) == (24, 5)
    assert (s.retention_days, s.digest_schedule) == (180, "mon 07:00")
    assert (s.fallback_dial, s.hook_max_age_hours) == ("", 24)
    assert s.database_timeout_seconds == 5
    assert s.sms_backend == "console"


def test_environment_variables_with_the_prefix_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("FEEDBACK_TIMEZONE", "Europe/Copenhagen")
    monkeypatch.setenv("FEEDBACK_SAMPLE_RATE", "0.25")
    monkeypatch.setenv("FEEDBACK_SMS_QUIET_HOURS", "")
    monkeypatch.setenv("FEEDBACK_TWILIO_ACCOUNT_SID", "AC123")
    monkeypatch.setenv("FEEDBACK_SPEECH_COMMENTS", "off")
    s = settings_of(create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3")))
    assert s.timezone == "Europe/Copenhagen"
    assert s.sample_rate == 0.25
    assert s.quiet_hours is None
    assert s.sms_backend == "twilio"
    assert s.speech_comments is False


def test_overrides_win_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FEEDBACK_DEFAULT_LANGUAGE", "da")
    app = create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3", DEFAULT_LANGUAGE="en"))
    assert settings_of(app).default_language == "en"


def test_flask_keys_among_the_overrides_reach_flask(tmp_path):
    app = create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3", WTF_CSRF_ENABLED=False))
    assert app.config["WTF_CSRF_ENABLED"] is False
    assert app.config["SECRET_KEY"] == "test-secret-key"
    assert "TIMEZONE" not in app.config


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
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE (given to create_app) 'Mars/Olympus': "
                                     "'Mars/Olympus' is not a time zone name"),
        ("DEFAULT_LANGUAGE", "de", "DEFAULT_LANGUAGE (given to create_app) 'de': "
                                   "Input should be 'sv', 'da' or 'en'"),
        ("SURVEY_KIND", "stars", "Input should be 'smiley', 'nps' or 'ces'"),
        ("ASK_PRAISE", "maybe", "ASK_PRAISE (given to create_app) 'maybe': "
                                "Input should be a valid boolean"),
        ("SURVEY_CHANNEL", "email", "Input should be 'ivr' or 'sms'"),
        ("SMS_BACKEND", "carrier-pigeon", "Input should be 'twilio', 'console' or ''"),
        ("SAMPLE_RATE", 1.5, "SAMPLE_RATE (given to create_app) 1.5: must be a number from 0 "
                             "to 1"),
        ("MIN_CALL_SECONDS", -1, "MIN_CALL_SECONDS (given to create_app) -1: must be a whole "
                                 "number, 0 or more"),
        ("SMS_QUIET_HOURS", "late", "must look like 21-08"),
        ("SMS_QUIET_HOURS", "25-08", "must look like 21-08"),
        ("DIGEST_SCHEDULE", "monday 7am", "must look like 'mon 07:00'"),
        ("SPEECH_COMMENTS", "perhaps", "Input should be a valid boolean"),
        ("FALLBACK_DIAL", "reception", "must be a phone number"),
        ("FALLBACK_DIAL", "client:", "must be a phone number"),
        ("HOOK_MAX_AGE_HOURS", 0, "must be a whole number, 1 or more"),
        ("HOOK_MAX_AGE_HOURS", "a day", "HOOK_MAX_AGE_HOURS (given to create_app) 'a day': "
                                        "Input should be a valid integer"),
        ("DATABASE_TIMEOUT_SECONDS", 0, "must be a number of seconds"),
        ("DATABASE_TIMEOUT_SECONDS", "soon", "Input should be a valid number"),
        ("WORKING_HOURS", "weekdays", "WORKING_HOURS (given to create_app) 'weekdays'"),
        ("VOICE_TIMEOUT_SECONDS", 1, "VOICE_TIMEOUT_SECONDS (given to create_app) 1: must be a "
                                     "number of seconds from 2 to 10"),
        ("WEB_DATABASE_CONNECTIONS", 15, "must be a whole number from 1 to 14"),
        ("WEB_DATABASE_CONNECTIONS", 0, "must be a whole number from 1 to 14"),
    ],
)
def test_bad_values_stop_the_service_with_a_clear_message(tmp_path, name, value, message):
    with pytest.raises(SettingsError) as refused:
        create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3", **{name: value}))
    assert message in str(refused.value)


def test_a_bad_value_in_the_environment_is_named_as_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("FEEDBACK_MIN_RESPONSES", "five")
    with pytest.raises(SettingsError) as refused:
        create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3"))
    assert str(refused.value) == ("FEEDBACK_MIN_RESPONSES (environment) 'five': Input should be "
                                  "a valid integer, unable to parse string as an integer")


def test_a_secret_is_never_repeated_in_a_refusal(tmp_path):
    with pytest.raises(SettingsError) as refused:
        create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3", API_TOKEN=["s3cret"]))
    assert "API_TOKEN (given to create_app) Input should be a valid string" in str(refused.value)
    assert "s3cret" not in str(refused.value)


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
    assert Settings(sms_quiet_hours="21-08").quiet_hours == (21, 8)
    assert Settings(sms_quiet_hours="").quiet_hours is None
    assert Settings(digest_schedule="Mon 07:00").digest_time == ("mon", 7, 0)


def test_a_changed_setting_is_checked_too():
    s = Settings()
    with pytest.raises(ValueError, match="must look like 'mon 07:00'"):
        s.digest_schedule = "fri 25:00"
