"""The service's settings for a benchmark run, a migrated empty database, and the machine."""

from __future__ import annotations

import os
import platform
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from feedback_service import create_app
from feedback_service.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_BASE_URL = "https://feedback.example.com"
TWILIO_AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
TWILIO_ACCOUNT_SID = "AC" + "b" * 32
API_TOKEN = "bench-api-token"
PBX_WEBHOOK_SECRET = "bench-pbx-secret"
# The CI database; a run empties its schema, so point it elsewhere on a machine with real data.
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class BenchDatabase:
    """One database a run measures: `sqlite` (a file in the run's folder) or `postgres`."""

    name: str
    url: str


def service_settings(database: BenchDatabase, **extra: str) -> dict[str, str]:
    """The service's settings, as `FEEDBACK_*` names would give them, without the prefix."""
    return {
        "DATABASE_URL": database.url,
        "SECRET_KEY": "bench-secret",
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "API_TOKEN": API_TOKEN,
        "PBX_WEBHOOK_SECRET": PBX_WEBHOOK_SECRET,
        "SMS_BACKEND": "console",
        # Every call is surveyed, at any hour, so each request does the whole job.
        "QUARANTINE_DAYS": "0",
        "SMS_QUIET_HOURS": "",
        "MIN_CALL_SECONDS": "0",
        "COMPANY_NAME": "Bench AB",
        **extra,
    }


def service_env(database: BenchDatabase, **extra: str) -> dict[str, str]:
    """The environment of a server or command process running the service."""
    settings = service_settings(database, **extra)
    return {**os.environ, "PYTHONPATH": str(ROOT),
            **{f"FEEDBACK_{name}": value for name, value in settings.items()}}


@contextmanager
def service_app(database: BenchDatabase, **extra: str) -> Iterator[Flask]:
    """The service in this process, configured as the server processes are (wsgi.py); its
    connections closed when the block ends (Python 3.13 warns of a SQLite connection left
    open)."""
    # Strings, as from the environment: the settings object reads them the same way.
    app = create_app(service_settings(database, **extra))
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def empty_database(database: BenchDatabase) -> None:
    """Drop everything, then build the schema with the project's migrations (`db upgrade`)."""
    if database.name == "sqlite":
        path = Path(sa.make_url(database.url).database or "")
        for leftover in (path, path.with_name(path.name + "-wal"),
                         path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    else:
        engine = sa.create_engine(
            database.url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    subprocess.run([sys.executable, "-m", "flask", "--app", "feedback_service", "db", "upgrade"],
                   env=service_env(database), cwd=ROOT, check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_version(app: Flask) -> str:
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            return f"SQLite {sqlite3.sqlite_version}"
        version = db.session.scalar(sa.text("SHOW server_version"))
        return f"PostgreSQL {str(version).split()[0]}"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> str:
    try:
        return " ".join(f"{load:.2f}" for load in os.getloadavg())
    except OSError:
        return "unknown"


def machine() -> str:
    return (f"{os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")
