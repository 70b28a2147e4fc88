"""The benchmark's generated organisation, written into the test database in bulk."""

from __future__ import annotations

import pytest
from flask import Flask

from bench.data import Organisation, generate
from bench.environment import TWILIO_AUTH_TOKEN, BenchDatabase
from bench.webhook_requests import COUNTED_FIRST
from tests.conftest import on_postgres, settings
from tests.telephony.sms_fixtures import PBX_SECRET


@pytest.fixture
def app_settings(database_url: str) -> dict[str, object]:
    """The settings the benchmark runs with: its Twilio token, every call surveyed; the
    call-ended hook on."""
    return settings(database_url, TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN, QUARANTINE_DAYS=0,
                    SMS_QUIET_HOURS="", MIN_CALL_SECONDS=0, PBX_WEBHOOK_SECRET=PBX_SECRET)


@pytest.fixture
def generated(app: Flask, database_url: str) -> Organisation:
    """Three teams of 20 agents, 200 answers over a year, open SMS surveys for the counted
    requests. More than one team, so a statement run once per team shows in the counts."""
    database = BenchDatabase("postgres" if on_postgres() else "sqlite", database_url)
    return generate(database, agents=60, answers=200,
                    sms_surveys=range(COUNTED_FIRST, COUNTED_FIRST + 2))
