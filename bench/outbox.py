"""The outbox: due survey SMS sent by two `flask outbox flush` processes at once.

Each process runs the command again and again, as the scheduler would, until nothing is due.
The messages Twilio throttled wait out their back-off; the run then moves their time on and
flushes once more, so every message ends up accepted, and the fake Twilio server's count per
recipient shows whether any was sent twice.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from bench.data import generate
from bench.environment import (
    ROOT,
    TWILIO_ACCOUNT_SID,
    BenchDatabase,
    empty_database,
    service_app,
    service_env,
)
from bench.fake_twilio import FakeTwilio
from bench.report import Figure, show
from bench.webhook_requests import COMPANY_NUMBER
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage, OutboxStatus

SENDERS = 2
RETRY_ROUNDS = 5
NOTHING_DUE = "Nothing was due."


def _flush_until_done(env: dict[str, str], runs: list[float], problems: list[str],
                      max_runs: int) -> None:
    for _ in range(max_runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "feedback_service", "outbox", "flush"],
            env=env, cwd=ROOT, capture_output=True, text=True)
        runs.append(time.perf_counter() - started)
        if done.returncode != 0:
            problems.append(done.stderr[-500:])
            return
        if NOTHING_DUE in done.stdout:
            return
    problems.append(f"still sending after {max_runs} runs")


def _make_throttled_due(database: BenchDatabase) -> int:
    """The throttled messages' back-off is over: what the clock would do in half a minute."""
    with service_app(database) as app, app.app_context():
        moved = db.session.execute(
            sa.update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)
            .values(not_before=utcnow())).rowcount
        db.session.commit()
    return moved


def _statuses(database: BenchDatabase) -> Counter[str]:
    with service_app(database) as app, app.app_context():
        return Counter(db.session.scalars(sa.select(OutboxMessage.status)))


def measure_outbox(database: BenchDatabase, folder: Path, messages: int) -> list[Figure]:
    empty_database(database)
    generate(database, agents=20, answers=0, sms_surveys=range(messages),
             sms_question_status="pending")
    with FakeTwilio(folder) as fake:
        env = {**service_env(database, SMS_BACKEND="twilio",
                             TWILIO_ACCOUNT_SID=TWILIO_ACCOUNT_SID,
                             TWILIO_FROM_NUMBER=COMPANY_NUMBER), **fake.proxy_env}
        runs: list[list[float]] = [[] for _ in range(SENDERS)]
        # A run sends what is due for up to a minute, so a few runs do; this many means the
        # sending is stuck.
        max_runs = messages // 50 + 5
        problems: list[str] = []
        senders = [threading.Thread(target=_flush_until_done,
                                    args=(env, runs[s], problems, max_runs))
                   for s in range(SENDERS)]
        started = time.perf_counter()
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        seconds = time.perf_counter() - started
        first_pass = sum(fake.accepted.values())
        throttled = sum(fake.throttled.values())
        # A resent message may be throttled again: a few rounds, as the clock would bring them.
        retried = 0
        for _ in range(RETRY_ROUNDS):
            moved = _make_throttled_due(database)
            if not moved:
                break
            retried += moved
            _flush_until_done(env, [], problems, max_runs)
        statuses = _statuses(database)
        twice = sum(1 for count in fake.accepted.values() if count > 1)
        never = messages - len(fake.accepted)
    all_runs = [run for sender in runs for run in sender]
    figures = [
        Figure("outbox", database.name,
               f"{messages:,} due SMS, {SENDERS} flush processes: messages/s",
               f"{first_pass / seconds:,.0f} ({first_pass:,} in {seconds:,.1f} s, "
               f"{len(all_runs)} runs of `flask outbox flush`)"),
        Figure("outbox", database.name, "one `flask outbox flush` run with nothing due",
               f"{min(all_runs):,.1f} s (start-up included in the rate above)"),
        Figure("outbox", database.name, "each message accepted exactly once",
               f"{len(fake.accepted) - twice:,} once, {twice} twice, {never} never; "
               f"{throttled} throttled (429), {retried} resent after back-off; "
               f"statuses {dict(statuses)}" + (f"; errors: {problems[0]}" if problems else ""),
               "all once", twice == 0 and never == 0 and not problems),
    ]
    for figure in figures:
        show(figure)
    return figures
