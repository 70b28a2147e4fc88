"""When each of the scheduler's jobs last ran, kept in the database so that `/healthz`, on any
web instance, can tell whether the one scheduler is alive.

Light on purpose: web processes read it without loading the scheduler (APScheduler).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from feedback_service.database import Base
from feedback_service.extensions import db


class JobRun(Base):
    """A scheduled job's last success and last failure."""

    __tablename__ = "job_runs"

    job: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    last_success_at: Mapped[datetime | None]
    last_failure_at: Mapped[datetime | None]


def record_job_run(job: str, at: datetime, *, succeeded: bool) -> None:
    """Note that `job` ran at `at`, and how it went; the caller commits."""
    run = db.session.get(JobRun, job)
    if run is None:
        run = JobRun(job=job)
        db.session.add(run)
    if succeeded:
        run.last_success_at = at
    else:
        run.last_failure_at = at


def job_runs() -> list[JobRun]:
    """Every job that has run, by name."""
    return list(db.session.scalars(sa.select(JobRun).order_by(JobRun.job)))
