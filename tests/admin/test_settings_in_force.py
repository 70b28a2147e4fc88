"""Which settings an admin sees, and how: plain values, no Flask."""

from __future__ import annotations

import tomllib

import pytest

from feedback_service.admin.settings_in_force import (
    GROUPS,
    SettingRow,
    Shown,
    setting_row,
    settings_in_force,
    without_credentials,
)
from feedback_service.config_files import config_path


@pytest.mark.parametrize(("name", "value", "row"), [
    ("SURVEY_KIND", "nps", SettingRow("SURVEY_KIND", Shown.VALUE, "nps")),
    ("SAMPLE_RATE", 0.5, SettingRow("SAMPLE_RATE", Shown.VALUE, "0.5")),
    ("SMS_QUIET_HOURS", "", SettingRow("SMS_QUIET_HOURS", Shown.NOT_SET)),
    ("FALLBACK_DIAL", None, SettingRow("FALLBACK_DIAL", Shown.NOT_SET)),
    ("TWILIO_AUTH_TOKEN", "abc123", SettingRow("TWILIO_AUTH_TOKEN", Shown.SECRET_SET)),
    ("SECRET_KEY", "", SettingRow("SECRET_KEY", Shown.NOT_SET)),
    ("DATABASE_URL", "postgresql+psycopg://app:hunter2@db:5432/feedback",
     SettingRow("DATABASE_URL", Shown.VALUE, "postgresql+psycopg://db:5432/feedback")),
    ("SMTP_URL", "smtp://user:pw@mail.example.com:587",
     SettingRow("SMTP_URL", Shown.VALUE, "smtp://mail.example.com:587")),
])
def test_a_setting_is_shown_as_its_value_unless_it_is_secret(name, value, row):
    assert setting_row(name, value) == row


def test_a_url_loses_a_password_given_in_its_query():
    assert without_credentials("postgresql://db/feedback?password=pw") == "postgresql://db/feedback"


def test_every_documented_setting_is_shown_once():
    documented = set(tomllib.loads(config_path("defaults.toml").read_text()))

    shown = [row.name for rows in settings_in_force({}).values() for row in rows]

    assert sorted(shown) == sorted(documented)
    assert set(GROUPS) == {"settings_survey", "settings_eligibility", "settings_coaching",
                           "settings_privacy", "settings_phone", "settings_service"}
