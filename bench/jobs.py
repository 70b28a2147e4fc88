"""The scheduler's jobs on the generated history: kudos and alerts, and the retention run."""

from __future__ import annotations

import time

from bench.environment import BenchDatabase, service_app
from bench.report import Figure, milliseconds, show
from feedback_service.coaching.kudos import queue_kudos_and_alerts
from feedback_service.privacy.commands import run_retention
from feedback_service.settings import settings_of

JOB_TARGET = 5.0  # seconds


def measure_jobs(database: BenchDatabase, scale: str) -> list[Figure]:
    figures = []
    with service_app(database) as app, app.app_context():
        runs = []
        # The first run after two days of comments queues their mails; the next minute's run
        # finds them queued: what the job costs every minute.
        for _ in range(2):
            started = time.perf_counter()
            queued = queue_kudos_and_alerts(settings_of(app))
            runs.append((time.perf_counter() - started, sum(queued.values())))
        for (seconds, mails), when in zip(runs, ("first run", "next minute"), strict=True):
            figures.append(Figure("scheduler", database.name,
                                  f"kudos and alerts job, {when} ({mails:,} mails queued)",
                                  milliseconds(seconds), f"< {JOB_TARGET:.0f} s",
                                  seconds < JOB_TARGET, scale))
        started = time.perf_counter()
        erased = run_retention()
        seconds = time.perf_counter() - started
        figures.append(Figure("scheduler", database.name,
                              f"retention run ({erased.get('responses', 0):,} answers erased)",
                              milliseconds(seconds), f"< {JOB_TARGET:.0f} s",
                              seconds < JOB_TARGET, scale))
    for figure in figures:
        show(figure)
    return figures
