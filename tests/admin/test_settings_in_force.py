"""Which settings an admin sees, and how: each with its meaning and its value in words, in the
reader's language; plain values, no Flask."""

from __future__ import annotations

import pytest

from feedback_service.admin.settings_in_force import (
    SettingRow,
    setting_row,
    settings_in_force,
    value_in_words,
    without_credentials,
)
from feedback_service.settings import GROUPS, Settings, setting_names


@pytest.mark.parametrize(("name", "value", "language", "shown"), [
    ("survey_kind", "nps", "en", ("nps", True)),
    ("ask_praise", True, "en", ("on", False)),
    ("ask_praise", False, "da", ("fra", False)),
    ("speech_comments", True, "sv", ("på", False)),
    ("quarantine_days", 7, "en", ("7 days", False)),
    ("quarantine_days", 0, "en", ("off", False)),
    ("retention_days", 180, "sv", ("180 dygn", False)),
    ("survey_expiry_hours", 24, "da", ("24 timer", False)),
    ("min_call_seconds", 20, "en", ("20 seconds", False)),
    ("sample_rate", 0.5, "sv", ("50\xa0%", False)),
    ("sms_quiet_hours", "21-08", "en", ("from 21:00 to 08:00", False)),
    ("sms_quiet_hours", "", "en", ("off", False)),
    ("fallback_dial", "", "en", ("not set", False)),
    ("default_language", "da", "en", ("Danish", False)),
    ("min_responses", 5, "en", ("5", False)),
    ("twilio_auth_token", "abc123", "en", ("set (not shown)", False)),
    ("secret_key", "", "sv", ("inte satt", False)),
    ("database_url", "postgresql+psycopg://app:hunter2@db:5432/feedback", "en",
     ("postgresql+psycopg://db:5432/feedback", True)),
    ("smtp_url", "smtp://user:pw@mail.example.com:587?starttls=true", "en",
     ("smtp://mail.example.com:587", True)),
])
def test_a_value_is_said_in_words_and_a_secret_never_shown(name, value, language, shown):
    assert value_in_words(name, value, language) == shown


def test_a_row_says_what_the_setting_means_in_the_reader_s_language():
    assert setting_row("retention_days", 180, "da") == SettingRow(
        "RETENTION_DAYS",
        "Efter så lang tid slettes kundernes numre, kommentarer og optagelser; resultaterne "
        "bliver.",
        "180 dage")


def test_a_url_loses_a_password_given_in_its_query():
    assert without_credentials("postgresql://db/feedback?password=pw") == "postgresql://db/feedback"


def test_every_setting_is_shown_once_in_its_group():
    groups = settings_in_force(Settings(), "en", database_url="sqlite:////srv/feedback.sqlite3")

    shown = [row.name for rows in groups.values() for row in rows]

    assert sorted(shown) == sorted(setting_names())
    assert list(groups) == list(GROUPS)
    assert [row.value for row in groups["settings_service"] if row.name == "DATABASE_URL"] == [
        "sqlite:////srv/feedback.sqlite3"]
