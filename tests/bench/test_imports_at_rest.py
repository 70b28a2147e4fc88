"""A process serving the service does not load what only some commands need.

Flask-Migrate with Alembic, the Twilio REST client, APScheduler and a password hash at import
made every web and export process about 20 MB larger (and briefly 32 MB more): they load when a
migration, the scheduler or a login needs them, not when the app is built. matplotlib (with
numpy, about 50 MB) loads with the first chart a page or a digest draws.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.environment import ROOT

pytestmark = [pytest.mark.own_database, pytest.mark.calendar_free]

HEAVY = ("flask_migrate", "alembic", "twilio.rest", "apscheduler", "matplotlib")

PROBE = """
import json, sys
from bench.environment import BenchDatabase, service_app
with service_app(BenchDatabase("sqlite", "sqlite:///{path}")) as app:
    app.test_client().get("/healthz")
print(json.dumps([name for name in {heavy!r} if name in sys.modules]))
"""


def test_building_the_app_and_answering_a_request_loads_no_command_only_library(tmp_path):
    probe = PROBE.format(path=tmp_path / "probe.sqlite3", heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_flask_db_still_lists_the_migration_commands():
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "feedback_service", "db", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"FLASK_DEBUG": "1", "PATH": "", "FEEDBACK_DATABASE_URL": "sqlite:///:memory:"},
    )
    assert done.returncode == 0, done.stderr
    assert "upgrade" in done.stdout and "check" in done.stdout
