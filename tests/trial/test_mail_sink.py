"""The trial's mail server files each message under a name a person can find."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from feedback_service.trial.mail_sink import mail_file_name, start_mail_sink
from feedback_service.trial.ports import free_port
from tests.conftest import settings

ZONE = ZoneInfo("Pacific/Auckland")  # far from UTC, so a UTC date would show


def test_a_file_name_says_when_to_whom_and_what():
    received = datetime(2026, 11, 30, 9, 15, tzinfo=ZoneInfo("Europe/Stockholm"))

    name = mail_file_name(received, "sara@demo.example", "Coachning: vecka 2026-W48 / Kundtjänst")

    assert name == "2026-11-30_0915_sara@demo.example_Coachning-vecka-2026-W48-Kundtjänst.eml"


@pytest.fixture
def mail_folder(tmp_path):
    folder = tmp_path / "mail"
    port = free_port()
    sink = start_mail_sink(folder, port, ZONE)
    yield folder, f"smtp://127.0.0.1:{port}"
    sink.stop()


@pytest.fixture
def app_settings(database_url, mail_folder):
    _, smtp_url = mail_folder
    return settings(database_url, SMTP_URL=smtp_url, MAIL_FROM="feedback@demo.example",
                    TIMEZONE="Pacific/Auckland")


def test_the_weekly_digests_land_as_files_named_for_people(runner, mail_folder):
    folder, _ = mail_folder
    assert runner.invoke(args=["demo"]).exit_code == 0

    result = runner.invoke(args=["digests", "send"])

    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (folder / "new").iterdir())
    today = f"{datetime.now(ZONE):%Y-%m-%d}"
    sara = [name for name in names if "_sara@demo.example_" in name]
    assert len(sara) == 1
    assert re.fullmatch(rf"{today}_\d{{4}}_sara@demo\.example_Coachning-vecka-\d{{4}}-W\d\d-"
                        r"Kundtjänst-Stockholm\.eml", sara[0]), sara
    assert all(name.startswith(today) for name in names)
    assert len(names) == 9  # two supervisors' digests, seven agents' summaries
    assert not list((folder / "tmp").iterdir())
