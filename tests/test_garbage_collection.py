"""The cyclic garbage collector may start at any moment of a request or a scheduled job.

A process built as gunicorn builds it (`wsgi.py`), collecting at nearly every allocation, with
Python's debug allocator (which fills freed memory, so that a use of it fails at once), reads a
week's summaries, streams the CSV export and queues the week's digests to the end; faulthandler
watches it, so a crash would end it with SIGSEGV and print the stack it crashed on. With the
start-up objects set apart by `gc.freeze()`, this process crashed, on freed memory in an ORM
object's state or in the allocator (docs/operate/python-versions.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bench.data import generate
from bench.environment import BenchDatabase
from tests.conftest import API_TOKEN, on_postgres, settings

ROOT = Path(__file__).resolve().parents[1]
WEEK = "2026-W10"  # the last whole week before the history ends
HISTORY_ENDS = datetime(2026, 3, 9, 12)

# Run in the child: wsgi.py as gunicorn imports it, then the collector's threshold at 1, so a
# collection starts at almost every allocation of what follows; nothing is frozen.
CHILD = f"""
import gc, json
import wsgi
from feedback_service.coaching.digests import queue_weekly_digests
from feedback_service.coaching.weeks import parse_iso_week
from feedback_service.settings import settings_of

frozen = gc.get_freeze_count()
gc.set_threshold(1)
client = wsgi.app.test_client()
headers = {{"Authorization": "Bearer {API_TOKEN}"}}
summaries = client.get("/api/v1/summaries?week={WEEK}", headers=headers)
export = client.get("/api/v1/responses.csv", headers=headers, buffered=False)
lines = sum(piece.count(b"\\n") for piece in export.response)
export.close()
with wsgi.app.app_context():
    digests = queue_weekly_digests(parse_iso_week("{WEEK}"), settings_of(wsgi.app))
print(json.dumps({{"frozen": frozen, "collections": sum(s["collections"] for s in gc.get_stats()),
                  "summaries": [summaries.status_code, len(summaries.json["summaries"])],
                  "csv_lines": lines, "digests": len(digests.queued)}}))
"""


@pytest.fixture
def history(app: object, database_url: str) -> str:
    """Eight teams' year of answers, in the bench's shape; the database's URL."""
    database = BenchDatabase("postgres" if on_postgres() else "sqlite", database_url)
    generate(database, agents=160, answers=3_000, now=HISTORY_ENDS)
    return database_url


def test_collections_in_the_middle_of_reads_and_jobs_do_not_crash_the_process(history: str):
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("FEEDBACK_")}
    environment |= {f"FEEDBACK_{name}": str(value) for name, value in settings(history).items()
                    if name != "TESTING"}
    environment |= {"FEEDBACK_SMS_BACKEND": "console", "PYTHONPATH": str(ROOT),
                    "PYTHONMALLOC": "debug"}
    child = subprocess.run([sys.executable, "-X", "faulthandler", "-c", CHILD], cwd=ROOT,
                           env=environment, capture_output=True, text=True, timeout=300)

    assert child.returncode == 0, child.stderr[-4000:]
    seen = json.loads(child.stdout.strip().splitlines()[-1])
    assert seen["frozen"] == 0, "the start-up objects are the collector's like any others"
    assert seen["collections"] > 100_000
    assert seen["summaries"][0] == 200 and seen["summaries"][1] > 160
    assert seen["csv_lines"] > 3_000
    assert seen["digests"] > 0
