"""Puts a test's subprocess (a running service, the trial) on the test's clock.

Python imports `sitecustomize` at start from the path; `tests.clock.on_the_test_clock` adds this
folder to PYTHONPATH with the moment to start from, so a service in its own process shares the
date and week of the test that started it.
"""

import os
from datetime import datetime

import time_machine

_moment = os.environ.get("FEEDBACK_TEST_CLOCK")
if _moment:
    time_machine.travel(datetime.fromisoformat(_moment), tick=True).start()
