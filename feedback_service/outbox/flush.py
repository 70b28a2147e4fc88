"""Sending what the outbox holds: claim, send outside any transaction, record the outcome.

A message is claimed by a conditional update (`pending` to `sending`), so two senders at once
never both send it; on PostgreSQL the candidates are read with `FOR UPDATE SKIP LOCKED` so
concurrent senders do not even wait for each other. A message left `sending` by a sender that
died is marked ambiguous, never resent: the provider may already have it.

A passing fault is retried with back-off for as long as the message still makes sense: mail
for two days, an SMS until its survey expires. Refused credentials pause the channel instead
(see `pauses`), and `flask outbox retry` queues again what failed.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa

from feedback_service.database import rows_changed, utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxChannel, OutboxMessage, OutboxStatus
from feedback_service.outbox.pauses import current_pauses, end_pause, pause_channel
from feedback_service.outbox.senders import Mailer, Outcome, SendResult, SmsSender
from feedback_service.surveys.answers import is_opted_out, mark_asked, opt_out
from feedback_service.surveys.models import Survey
from feedback_service.telephony.models import WebhookEvent

log = logging.getLogger(__name__)

# How long passing faults are retried: a digest is still worth reading after an SMTP outage
# of a day; an SMS only while its survey takes answers (a reply without a survey: a day).
MAIL_RETRY_WINDOW = timedelta(days=2)
SMS_RETRY_WINDOW = timedelta(hours=24)
MAX_BACKOFF = timedelta(minutes=30)
LEASE = timedelta(minutes=5)
BATCH = 10  # at a 10 s timeout each, a batch is sent well within the lease
# A run started by hand or by the scheduler keeps sending while messages are due, up to this
# long: a backlog drains in one process instead of paying a start-up per hundred messages,
# and the scheduler's next run is never held up for long.
RUN_SECONDS = 60.0
# Replies to an opt-out must still reach the number that just opted out.
SENT_DESPITE_OPT_OUT = frozenset({"opt_out_reply", "opt_in_reply", "help_reply"})
# Mails carrying a one-time password link: once sent, their text leaves the database, so the
# link is kept nowhere but in the reader's inbox (the link's own row keeps only a digest).
BLANKED_ONCE_SENT = frozenset({"password_link"})
STATUS_REPORT_SOURCE = "twilio-sms-status"

# Twilio's message statuses in the order they happen; a report never moves a message back.
_STATUS_RANK = {
    OutboxStatus.PENDING: 0, OutboxStatus.SENDING: 1, OutboxStatus.AMBIGUOUS: 1,
    OutboxStatus.SENT: 2, OutboxStatus.DELIVERED: 3, OutboxStatus.UNDELIVERED: 3,
    OutboxStatus.FAILED: 3,
}
REPORTED_STATUSES = {
    "accepted": OutboxStatus.SENT, "scheduled": OutboxStatus.SENT,
    "queued": OutboxStatus.SENT, "sending": OutboxStatus.SENT, "sent": OutboxStatus.SENT,
    "delivered": OutboxStatus.DELIVERED, "undelivered": OutboxStatus.UNDELIVERED,
    "failed": OutboxStatus.FAILED,
}


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at half an hour."""
    return min(timedelta(seconds=30 * 2 ** min(max(attempts - 1, 0), 16)), MAX_BACKOFF)


def _due_ids(now: datetime, limit: int, skip_channels: set[str]) -> list[int]:
    query = (
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.not_before <= now,
               OutboxMessage.channel.not_in(skip_channels))
        .order_by(OutboxMessage.not_before, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(db.session.scalars(query))


def _claim(message_id: int, lease_until: datetime) -> bool:
    claimed = rows_changed(
        db.session,
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENDING, lease_until=lease_until,
                attempts=OutboxMessage.attempts + 1)
    )
    return claimed == 1


def claim_due_messages(now: datetime, limit: int,
                       skip_channels: set[str] | None = None) -> list[int]:
    """Claim up to `limit` due messages for this sender and commit the claim."""
    # The lease runs from the claim itself: a long flush claims its later batches minutes after
    # `now`, and a lease already over would let another sender call them abandoned mid-send.
    lease_until = max(now, utcnow()) + LEASE
    ids = [message_id for message_id in _due_ids(now, limit, skip_channels or set())
           if _claim(message_id, lease_until)]
    db.session.commit()
    return ids


def mark_abandoned_sends(now: datetime) -> int:
    """Messages whose sender died mid-send: the provider may have them, so never resend."""
    expired = rows_changed(
        db.session,
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now)
        .values(status=OutboxStatus.AMBIGUOUS, last_error="the sender stopped mid-send")
    )
    db.session.commit()
    return expired


def _send(message: OutboxMessage, sms_sender: SmsSender, mailer: Mailer,
          status_callback: str | None) -> SendResult:
    channel, recipient, subject, body, html_body = (
        message.channel, message.recipient or "", message.subject or "", message.body or "",
        message.html_body)
    opted_out = (channel == OutboxChannel.SMS and message.purpose not in SENT_DESPITE_OPT_OUT
                 and is_opted_out(recipient))
    db.session.commit()  # no transaction stays open while the provider takes its time
    if not recipient:
        return SendResult(Outcome.FAILED, error="cancelled: the recipient was erased")
    if opted_out:
        return SendResult(Outcome.FAILED, error="cancelled: the recipient has opted out")
    if channel == OutboxChannel.SMS:
        return sms_sender.send_sms(recipient, body, status_callback=status_callback)
    return mailer.send_mail(recipient, subject, body, html_body)


def record_status_report(message: OutboxMessage, reported: str, error_code: str | None,
                         now: datetime) -> None:
    """Apply a delivery status Twilio reported for the message, only ever forward."""
    new_status = REPORTED_STATUSES.get(reported)
    if new_status is None or (
            _STATUS_RANK[new_status] <= _STATUS_RANK[OutboxStatus(message.status)]):
        return
    message.status = new_status
    if error_code:
        message.last_error = f"Twilio error {error_code}"
    message.updated_at = now


def status_report_key(message_sid: str, reported: str) -> str:
    """The idempotency key a status callback is kept under: one per message and status."""
    return f"{STATUS_REPORT_SOURCE}:{message_sid}:{reported}"


def _apply_early_reports(message: OutboxMessage, now: datetime) -> None:
    """Status callbacks that came before the send was recorded, kept until it had an id."""
    # Every key such a callback can have, looked up exactly: this runs for each message sent,
    # and a prefix match (LIKE) cannot use the key's unique index.
    keys = [status_report_key(str(message.provider_message_id), reported)
            for reported in REPORTED_STATUSES]
    payloads = db.session.scalars(
        sa.select(WebhookEvent.payload).where(WebhookEvent.idempotency_key.in_(keys))
        .order_by(WebhookEvent.id))
    for payload in payloads:
        record_status_report(message, str(payload.get("MessageStatus") or ""),
                             payload.get("ErrorCode"), now)


def _retry_window_end(message: OutboxMessage, now: datetime) -> datetime:
    """When retrying the message stops making sense (fixed at its first passing fault)."""
    if message.give_up_at is None:
        expires = (db.session.scalar(sa.select(Survey.expires_at)
                                     .where(Survey.id == message.survey_id))
                   if message.survey_id is not None else None)
        message.give_up_at = (now + MAIL_RETRY_WINDOW if message.channel == OutboxChannel.EMAIL
                              else expires or now + SMS_RETRY_WINDOW)
    return message.give_up_at


def _release(message: OutboxMessage, now: datetime) -> None:
    """Back to the queue as if never claimed: the attempt did not reach the recipient."""
    message.status = OutboxStatus.PENDING
    message.attempts -= 1
    message.not_before = now


# When a survey question may go at the earliest, given a time (the end of SMS quiet hours).
SendingTime = Callable[[datetime], datetime]


def record_outcome(message: OutboxMessage, result: SendResult, now: datetime,
                   survey_sending_time: SendingTime | None = None) -> None:
    """Move the message to the state its send result calls for; a survey question retried
    later waits for `survey_sending_time` (quiet hours) like the first try did."""
    message.lease_until = None
    message.last_error = (result.error or "")[:500] or None
    if result.outcome is Outcome.SENT:
        message.status = OutboxStatus.SENT
        message.provider_message_id = result.provider_message_id
        message.sent_at = now
        if message.purpose in BLANKED_ONCE_SENT:
            message.body = message.html_body = None
        if message.provider_message_id:
            _apply_early_reports(message, now)
        if message.purpose == "survey_question" and message.survey_id is not None:
            mark_asked(message.survey_id, now)  # replies count as answers from now on
    elif result.outcome is Outcome.RETRY:
        wait = max(backoff(message.attempts), timedelta(seconds=result.retry_after or 0))
        due = now + wait
        if message.purpose == "survey_question" and survey_sending_time is not None:
            due = survey_sending_time(due)
        if due <= _retry_window_end(message, now):
            message.status = OutboxStatus.PENDING
            message.not_before = due
        else:
            message.status = OutboxStatus.FAILED
            message.last_error = f"gave up after {message.attempts} attempts: {result.error}"[:500]
    elif result.outcome is Outcome.CREDENTIALS_REFUSED:
        _release(message, now)
        pause_channel(message.channel, result.error or "", now)
    elif result.outcome is Outcome.AMBIGUOUS:
        message.status = OutboxStatus.AMBIGUOUS
    else:
        message.status = OutboxStatus.FAILED
        if result.outcome is Outcome.OPTED_OUT and message.recipient:
            opt_out(message.recipient, keyword=None, source="twilio-21610")


def flush_outbox(sms_sender: SmsSender, mailer: Mailer, *, status_callback: str | None = None,
                 now: datetime | None = None, limit: int | None = None,
                 seconds: float = RUN_SECONDS,
                 survey_sending_time: SendingTime | None = None) -> Counter[str]:
    """Send every message that is due now, for at most `seconds` (and `limit` messages, when
    given); returns how many ended in each state."""
    now = now or utcnow()
    stop_at = time.monotonic() + seconds
    summary: Counter[str] = Counter()
    summary["ambiguous"] += mark_abandoned_sends(now)
    pauses = current_pauses()
    paused = {channel for channel, next_try_at in pauses.items() if next_try_at > now}
    handled = 0

    def next_batch_size() -> int:
        if time.monotonic() >= stop_at:
            return 0
        return BATCH if limit is None else min(BATCH, limit - handled)

    # Claimed a batch at a time: a claim must be sent well within its lease, and a second
    # sender running at once takes the next batch instead of waiting for this one. Only what
    # was due when the run began is sent, so a message put back for a retry ends the run.
    while (size := next_batch_size()) > 0 and (
            batch := claim_due_messages(now, size, paused)):
        for message_id in batch:
            summary[_send_claimed(message_id, sms_sender, mailer, status_callback,
                                  paused, pauses, survey_sending_time)] += 1
        handled += len(batch)
    return +summary


def _send_claimed(message_id: int, sms_sender: SmsSender, mailer: Mailer,
                  status_callback: str | None, paused: set[str],
                  pauses: dict[str, datetime], survey_sending_time: SendingTime | None) -> str:
    """Send one claimed message; a channel that pauses meanwhile is added to `paused`, and a
    message that gets through on a paused channel (a probe) ends its pause."""
    message = db.session.get_one(OutboxMessage, message_id)  # claimed, so it is there
    if message.channel in paused:  # its credentials were refused earlier in this batch
        _release(message, utcnow())
        db.session.commit()
        return "paused"
    try:
        result = _send(message, sms_sender, mailer, status_callback)
    except Exception as error:  # an unexpected sender fault must not leave it "sending"
        # The type and the frames only: a provider's error text may quote the number or body.
        log.error("outbox message %s: unexpected %s while sending\n%s", message_id,
                  type(error).__name__, "".join(traceback.format_tb(error.__traceback__)))
        result = SendResult(Outcome.AMBIGUOUS, error=f"unexpected: {type(error).__name__}")
    record_outcome(message, result, utcnow(), survey_sending_time)
    if result.outcome is Outcome.CREDENTIALS_REFUSED:
        paused.add(message.channel)
    elif result.outcome is Outcome.SENT and pauses.pop(message.channel, None) is not None:
        end_pause(message.channel)
    db.session.commit()
    return "paused" if result.outcome is Outcome.CREDENTIALS_REFUSED else message.status
