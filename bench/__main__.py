"""`python -m bench`: the service measured at a large contact centre's scale, in one run.

Webhooks under load, reads over a generated history, the outbox and the scheduler's jobs, on
SQLite and on PostgreSQL; prints each figure as it is measured, then one markdown table.
The PostgreSQL database's schema is dropped and rebuilt: never point it at real data.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.data import generate
from bench.environment import (
    DEFAULT_POSTGRES_URL,
    BenchDatabase,
    database_version,
    empty_database,
    load_average,
    machine,
    service_app,
)
from bench.jobs import measure_jobs
from bench.outbox import measure_outbox
from bench.reads import measure_reads
from bench.report import Figure, markdown_table
from bench.webhooks import WebhookSettings, measure_webhooks

PARTS = ("webhooks", "outbox", "reads", "scheduler")


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres-url",
                        default=os.environ.get("FEEDBACK_BENCH_POSTGRES_URL",
                                               DEFAULT_POSTGRES_URL),
                        help="emptied and rebuilt by the run (default: "
                             "$FEEDBACK_BENCH_POSTGRES_URL, else %(default)s)")
    parser.add_argument("--answers", type=int, nargs="+", default=[20_000],
                        help="answers in the generated history, over 52 weeks; several sizes "
                             "show that a read's cost follows the period, not the history "
                             "(default 20000; full scale 200000 2000000)")
    parser.add_argument("--agents", type=int, default=2000, help="in teams of 20")
    parser.add_argument("--outbox-messages", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="each webhook's closed loop")
    parser.add_argument("--connections", type=int, default=8,
                        help="requests in flight in the closed loop")
    parser.add_argument("--rate", type=float, default=100.0,
                        help="requests a second in the open loop")
    parser.add_argument("--open-seconds", type=float, default=10.0)
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    return parser.parse_args()


def databases(chosen: str, postgres_url: str, folder: Path) -> list[BenchDatabase]:
    found = []
    if chosen in ("sqlite", "both"):
        found.append(BenchDatabase("sqlite", f"sqlite:///{folder / 'bench.sqlite3'}"))
    if chosen in ("postgres", "both"):
        found.append(BenchDatabase("postgres", postgres_url))
    return found


def main() -> None:
    if sys.argv[1:2] == ["signals"]:
        # The signals' simulation needs no database: it drives the summaries directly.
        from bench.signals import main as signals
        signals(sys.argv[2:])
        return
    if sys.argv[1:2] == ["overhead"]:
        from bench.overhead import main as overhead
        overhead(sys.argv[2:])
        return
    args = options()
    started = time.perf_counter()
    load_before = load_average()
    figures: list[Figure] = []
    webhook_settings = WebhookSettings(args.seconds, args.connections, args.rate,
                                       args.open_seconds)
    with tempfile.TemporaryDirectory(prefix="feedback-bench-") as name:
        folder = Path(name)
        chosen = databases(args.database, args.postgres_url, folder)
        versions = []
        for database in chosen:
            empty_database(database)
            with service_app(database) as app:
                versions.append(database_version(app))
        print(f"Machine: {machine()}; {', '.join(versions)}; load average {load_before}",
              flush=True)
        for database in chosen:
            if "webhooks" in args.parts:
                print(f"\nWebhooks on {database.name}", flush=True)
                figures += measure_webhooks(database, folder, webhook_settings)
            if "outbox" in args.parts:
                print(f"\nOutbox on {database.name}", flush=True)
                figures += measure_outbox(database, folder, args.outbox_messages)
        for answers in args.answers if {"reads", "scheduler"} & set(args.parts) else []:
            scale = f"{answers:,} answers"
            for database in chosen:
                generating = time.perf_counter()
                empty_database(database)
                organisation = generate(database, agents=args.agents, answers=answers)
                print(f"\n{database.name}, {scale} by {args.agents:,} agents over 52 weeks "
                      f"(generated in {time.perf_counter() - generating:,.0f} s)", flush=True)
                if "reads" in args.parts:
                    figures += measure_reads(database, organisation, scale)
                if "scheduler" in args.parts:
                    figures += measure_jobs(database, scale)
    minutes = (time.perf_counter() - started) / 60
    print(f"\n{markdown_table(figures)}\n")
    print(f"Machine: {machine()}; {', '.join(versions)}.")
    print(f"Load average (1, 5, 15 min) at the start {load_before}, at the end {load_average()}; "
          f"the run took {minutes:,.1f} minutes.")


if __name__ == "__main__":
    main()
