"""`flask privacy erase PHONE` and `flask privacy purge`."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.phone_numbers import normalize_e164
from feedback_service.privacy.erasure import (
    erase_agent_data,
    erase_phone_number,
    purge_past_retention,
)
from feedback_service.privacy.recordings import recording_deleter_for
from feedback_service.settings import current_settings
from feedback_service.staff.models import Agent

privacy_cli = AppGroup("privacy", help="Erasure on request and the retention run.")


def _describe(report: dict[str, int]) -> str:
    kept = report.get("recordings_kept_for_retry", 0)
    done = {what: count for what, count in report.items() if what != "recordings_kept_for_retry"}
    summary = ", ".join(f"{count} {what.replace('_', ' ')}"
                        for what, count in sorted(done.items())) or "nothing to erase"
    if kept:
        summary += (f". {kept} recording{'s' if kept > 1 else ''} could not be deleted at Twilio "
                    "now: the reference is kept and the nightly retention run tries again")
    return summary


@privacy_cli.command("erase")
@click.argument("phone")
def erase(phone: str) -> None:
    """Erase a caller's number, comments, recordings and messages; their scores stay."""
    e164 = normalize_e164(phone)
    if e164 is None:
        raise click.ClickException("that is not a phone number; give it in E.164 (+46...)")
    # Erasure commits its own units of work, none of them open while Twilio is asked.
    report = erase_phone_number(e164, recording_deleter_for(current_settings()), utcnow())
    click.echo(f"Erased: {_describe(report)}. The number stays on the opt-out list if it was "
               "there.")


@privacy_cli.command("erase-agent")
@click.argument("handle")
def erase_agent(handle: str) -> None:
    """Erase the coaching talks recorded with an agent; their answers' scores stay."""
    agent = db.session.scalar(sa.select(Agent).where(Agent.handle == handle))
    if agent is None:
        raise click.ClickException(f"no agent {handle!r}")
    report = erase_agent_data(agent.id)
    click.echo(f"Erased: {_describe(report)}.")


def run_retention() -> dict[str, int]:
    """Erase what is older than `RETENTION_DAYS` (the command and the daily job)."""
    settings = current_settings()
    # Erasure commits its own units of work, none of them open while Twilio is asked.
    report = purge_past_retention(settings.retention_days, recording_deleter_for(settings),
                                  utcnow())
    return dict(report)


@privacy_cli.command("purge")
def purge() -> None:
    """Erase numbers, comments and recordings older than RETENTION_DAYS."""
    click.echo(f"Retention run: {_describe(run_retention())}.")
