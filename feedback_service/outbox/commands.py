"""`flask outbox flush` and `flask outbox retry`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.flush import RUN_SECONDS, SMS_RETRY_WINDOW, flush_outbox
from feedback_service.outbox.queue import requeue_failed
from feedback_service.outbox.senders import mailer_for, sms_sender_for
from feedback_service.settings import current_settings

outbox_cli = AppGroup("outbox", help="The queue of outgoing SMS, e-mail, webhooks and chat alerts.")


def flush_with_configured_senders(seconds: float = RUN_SECONDS) -> dict[str, int]:
    """Flush the outbox through the senders the settings choose (the command and the job),
    sending for at most `seconds`."""
    settings = current_settings()
    return dict(flush_outbox(sms_sender_for(settings), mailer_for(settings), seconds=seconds))


@outbox_cli.command("flush")
@click.option("--seconds", type=click.FloatRange(min=0), default=RUN_SECONDS, show_default=True,
              help="Stop sending after this long, even if more is due.")
def flush(seconds: float) -> None:
    """Send the SMS, e-mails, webhooks and chat alerts that are due now, until none is left
    or time is up."""
    summary = flush_with_configured_senders(seconds)
    click.echo(", ".join(f"{count} {state}" for state, count in sorted(summary.items()))
               or "Nothing was due.")


@outbox_cli.command("retry")
def retry() -> None:
    """Queue again the messages that failed, once what made them fail is fixed."""
    count = requeue_failed(utcnow(), SMS_RETRY_WINDOW)
    db.session.commit()
    click.echo(f"{count} failed message{'' if count == 1 else 's'} queued again; the scheduler "
               "sends them within seconds (or run `outbox flush`).")
