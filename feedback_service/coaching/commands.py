"""`flask digests send [--week 2026-W47]`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from feedback_service.coaching.digest_sending import DigestReport
from feedback_service.coaching.digests import queue_weekly_digests
from feedback_service.coaching.weeks import (
    IsoWeek,
    NotAnIsoWeek,
    last_complete_week,
    parse_iso_week,
)
from feedback_service.database import utcnow
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.settings import current_settings

digests_cli = AppGroup("digests", help="The weekly coaching digests and agent summaries.")


def send_weekly_digests(week: IsoWeek | None = None) -> tuple[DigestReport, dict[str, int]]:
    """Queue the week's digests (the last complete week by default), then flush the outbox."""
    settings = current_settings()
    week = week or last_complete_week(utcnow(), settings.zone)
    report = queue_weekly_digests(week, settings)
    return report, flush_with_configured_senders()


def week_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> IsoWeek | None:
    if value is None:
        return None
    try:
        return parse_iso_week(value)
    except NotAnIsoWeek as error:
        raise click.BadParameter(str(error)) from error


@digests_cli.command("send")
@click.option("--week", callback=week_option, metavar="YYYY-Www",
              help="The ISO week, e.g. 2026-W47; by default the last complete week.")
def send(week: IsoWeek | None) -> None:
    """Compile and send the weekly digests; a week already sent is not sent again."""
    report, outbox = send_weekly_digests(week)
    click.echo(f"Week {report.week}: {len(report.queued)} digests queued now, "
               f"{len(report.already_sent)} queued by an earlier run.")
    sent = ", ".join(f"{count} {state}" for state, count in sorted(outbox.items()))
    click.echo(f"Outbox: {sent or 'nothing was due.'}")
    if report.already_sent:
        # A mail an earlier run queued is never queued twice; one that failed is sent again
        # from the outbox, not by compiling it anew.
        click.echo("A digest that failed to go out is sent again by `flask outbox retry`.")
