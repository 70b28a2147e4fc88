"""`flask reasons mail-owners [--week 2026-W47]`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from feedback_service.causes.owner_mail import queue_owner_mails
from feedback_service.causes.spike_alerts import announce_week_spikes
from feedback_service.coaching.commands import week_option
from feedback_service.coaching.digest_sending import DigestReport
from feedback_service.coaching.weeks import IsoWeek, last_complete_week
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.settings import current_settings

reasons_cli = AppGroup("reasons", help="Reasons and their owners.")


def send_owner_mails(week: IsoWeek | None = None) -> tuple[DigestReport, dict[str, int]]:
    """Queue the week's mails to reason owners (the last complete week by default) and its
    spikes' webhooks and chat alerts, then flush the outbox."""
    settings = current_settings()
    week = week or last_complete_week(utcnow(), settings.zone)
    report = queue_owner_mails(week, settings)
    announce_week_spikes(db.session, week, settings)
    return report, flush_with_configured_senders()


@reasons_cli.command("mail-owners")
@click.option("--week", callback=week_option, metavar="YYYY-Www",
              help="The ISO week, e.g. 2026-W47; by default the last complete week.")
def mail_owners(week: IsoWeek | None) -> None:
    """Mail each owner of process and outside reasons their week; a week sent is not sent
    again."""
    report, outbox = send_owner_mails(week)
    click.echo(f"Week {report.week}: {len(report.queued)} owner mails queued now, "
               f"{len(report.already_sent)} queued by an earlier run.")
    sent = ", ".join(f"{count} {state}" for state, count in sorted(outbox.items()))
    click.echo(f"Outbox: {sent or 'nothing was due.'}")
