"""The settings reference, `config/defaults.toml` and `deploy/feedback.env.example` are what the
settings object says: generated from it, and checked here so they cannot drift."""

from __future__ import annotations

import tomllib

from feedback_service.settings import Settings, setting_names
from feedback_service.settings_reference import (
    ROOT,
    configuration_page,
    defaults_file,
    env_example,
    main,
)


def test_the_committed_files_are_the_generated_ones(capsys):
    assert main(["--check"]) == 0, capsys.readouterr().err


def test_a_stale_file_is_reported_and_left_alone(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "configuration.md").write_text("old", encoding="utf-8")
    assert main(["--check", "--root", str(tmp_path)]) == 1
    assert "docs/configuration.md" in capsys.readouterr().err
    assert (tmp_path / "docs" / "configuration.md").read_text(encoding="utf-8") == "old"


def test_every_setting_is_in_the_reference_the_defaults_and_the_env_example():
    page, example = configuration_page(), env_example()
    defaults = tomllib.loads(defaults_file())
    for name in setting_names():
        assert f"| `FEEDBACK_{name}` |" in page
        assert f"FEEDBACK_{name}=" in example
        assert defaults[name] == getattr(Settings(), name.lower()) or name == "SMS_BACKEND"


def test_the_env_example_has_the_proxy_count_and_the_starttls_form():
    example = (ROOT / "deploy" / "feedback.env.example").read_text(encoding="utf-8")
    assert "\nFEEDBACK_TRUSTED_PROXIES=1\n" in example
    assert "\nFEEDBACK_SMTP_URL=smtp://mail.example.com:587?starttls=true\n" in example


def test_the_contract_s_setting_names_are_all_there():
    contract = {"DATABASE_URL", "SECRET_KEY", "PUBLIC_BASE_URL", "TWILIO_ACCOUNT_SID",
                "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID",
                "SMS_BACKEND", "API_TOKEN", "PBX_WEBHOOK_SECRET", "SMTP_URL", "MAIL_FROM",
                "TIMEZONE", "DEFAULT_LANGUAGE", "COMPANY_NAME", "SURVEY_KIND", "SURVEY_CHANNEL",
                "MIN_CALL_SECONDS", "QUARANTINE_DAYS", "SAMPLE_RATE", "SMS_QUIET_HOURS",
                "SURVEY_EXPIRY_HOURS", "MIN_RESPONSES", "RETENTION_DAYS", "DIGEST_SCHEDULE",
                "MAX_REQUEST_BYTES", "HOOK_MAX_AGE_HOURS", "FALLBACK_DIAL"}
    assert contract <= set(setting_names())
