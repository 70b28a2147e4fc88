"""The moment every test starts at, so that no result depends on the day the suite runs.

The clock ticks from there (time-machine's `tick=True`): timeouts and waits behave as usual, but
the date, the weekday and the week are the same on every run. `FEEDBACK_TEST_CLOCK` (ISO 8601,
with an offset) moves the moment; CI runs the suite again at awkward ones (`.ci/awkward-clocks`):
the last half-minute of an ISO week 53, the nights the clocks change, 29 February.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

# A Wednesday in an ordinary week: mid-week, far from a clock change or a year's end.
ORDINARY_MOMENT = "2026-11-18T10:00:00+01:00"


def clock_start_for_tests() -> datetime:
    """The moment each test starts at: `FEEDBACK_TEST_CLOCK`, else an ordinary Wednesday."""
    moment = datetime.fromisoformat(os.environ.get("FEEDBACK_TEST_CLOCK") or ORDINARY_MOMENT)
    if moment.tzinfo is None:
        raise ValueError("FEEDBACK_TEST_CLOCK needs an offset, e.g. 2027-03-28T01:59:30+01:00")
    return moment


def on_the_test_clock(environment: dict[str, str]) -> dict[str, str]:
    """`environment` for a subprocess that starts where this process's clock stands now (the
    service in a trial or a `flask run`), so that both agree on the date."""
    site = str(Path(__file__).with_name("clock_site"))
    path = environment.get("PYTHONPATH")
    return {**environment,
            "PYTHONPATH": f"{site}{os.pathsep}{path}" if path else site,
            "FEEDBACK_TEST_CLOCK": datetime.now(UTC).isoformat()}
