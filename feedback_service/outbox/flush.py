"""Sending what the outbox holds: claim, send outside any transaction, record the outcome.

A message is claimed by a conditional update (`pending` to `sending`), so two senders at once
never both send it; on PostgreSQL the candidates are read with `FOR UPDATE SKIP LOCKED` so
concurrent senders do not even wait for each other. A message left `sending` by a sender that
died is marked ambiguous, never resent: the provider may already have it.

A passing fault is retried with back-off for as long as the message still makes sense: mail
for two days, an SMS until it expires (with its survey). Refused credentials pause the channel
instead (see `pauses`), and `flask outbox retry` queues again what failed. Webhooks and chat
alerts are sent by the deliveries their packages register (`hooks.deliveries`); a receiver
failing again and again opens its circuit (see `circuits`) instead of holding up the rest.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa

from feedback_service.database import rows_changed, utcnow
from feedback_service.extensions import db
from feedback_service.outbox.circuits import (
    CIRCUIT_CHANNELS,
    open_destinations,
    record_fault,
    record_success,
)
from feedback_service.outbox.hooks import OutboxHooks, current_hooks
from feedback_service.outbox.models import OutboxChannel, OutboxMessage, OutboxStatus
from feedback_service.outbox.pauses import current_pauses, end_pause, pause_channel
from feedback_service.outbox.send_results import Mailer, Outcome, SendResult, SmsSender

log = logging.getLogger(__name__)
# A line per message sent (written in JSON logs only: see structured_logs.py).
sends_log = logging.getLogger("feedback_service.outbox.sends")

# How long passing faults are retried: a digest (or a webhook, a chat alert) is still worth
# having after an outage of a day; an SMS until it expires (`expires_at`: its survey's end),
# else for a day.
MAIL_RETRY_WINDOW = timedelta(days=2)
SMS_RETRY_WINDOW = timedelta(hours=24)
MAX_BACKOFF = timedelta(minutes=30)
LEASE = timedelta(minutes=5)
BATCH = 10  # at a 10 s timeout each, a batch is sent well within the lease
# A run started by hand or by the scheduler keeps sending while messages are due, up to this
# long: a backlog drains in one process instead of paying a start-up per hundred messages,
# and the scheduler's next run is never held up for long.
RUN_SECONDS = 60.0
# Mails carrying a one-time password link: once sent, their text leaves the database, so the
# link is kept nowhere but in the reader's inbox (the link's own row keeps only a digest).
BLANKED_ONCE_SENT = frozenset({"password_link"})
def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at half an hour."""
    return min(timedelta(seconds=30 * 2 ** min(max(attempts - 1, 0), 16)), MAX_BACKOFF)


def _due_ids(now: datetime, limit: int, skip_channels: set[str],
             skip_destinations: set[str]) -> list[int]:
    query = (
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.not_before <= now,
               OutboxMessage.channel.not_in(skip_channels))
        .order_by(OutboxMessage.not_before, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if skip_destinations:  # a message without a recipient is still claimed, to be cancelled
        query = query.where(sa.or_(OutboxMessage.recipient.is_(None),
                                   OutboxMessage.recipient.not_in(skip_destinations)))
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


def claim_due_messages(now: datetime, limit: int, skip_channels: set[str] | None = None,
                       skip_destinations: set[str] | None = None) -> list[int]:
    """Claim up to `limit` due messages for this sender and commit the claim."""
    # The lease runs from the claim itself: a long flush claims its later batches minutes after
    # `now`, and a lease already over would let another sender call them abandoned mid-send.
    lease_until = max(now, utcnow()) + LEASE
    ids = [message_id for message_id in _due_ids(now, limit, skip_channels or set(),
                                                 skip_destinations or set())
           if _claim(message_id, lease_until)]
    db.session.commit()  # the claim is a unit of its own: other senders see it before we send
    return ids


def mark_abandoned_sends(now: datetime) -> int:
    """Messages whose sender died mid-send: the provider may have them, so never resend."""
    expired = rows_changed(
        db.session,
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now)
        .values(status=OutboxStatus.AMBIGUOUS, last_error="the sender stopped mid-send")
    )
    db.session.commit()  # a unit: settled before anything is claimed
    return expired


def _send(message: OutboxMessage, sms_sender: SmsSender, mailer: Mailer,
          hooks: OutboxHooks) -> SendResult:
    channel, recipient, subject, body, html_body = (
        message.channel, message.recipient or "", message.subject or "", message.body or "",
        message.html_body)
    held_back = next((reason for hold_back in hooks.hold_back
                      if (reason := hold_back(message))), None) if recipient else None
    status_callback = hooks.sms_status_callback() if channel == OutboxChannel.SMS else None
    prepare = hooks.deliveries.get(channel)
    delivery = prepare(message) if prepare and recipient and not held_back else None
    db.session.commit()  # no transaction stays open while the provider takes its time
    if not recipient:
        return SendResult(Outcome.FAILED, error="cancelled: the recipient was erased")
    if held_back:
        return SendResult(Outcome.FAILED, error=held_back)
    if isinstance(delivery, SendResult):
        return delivery
    if delivery is not None:
        return delivery()
    if channel not in (OutboxChannel.SMS, OutboxChannel.EMAIL):
        return SendResult(Outcome.FAILED, error=f"no sender for {channel} in this process")
    if channel == OutboxChannel.SMS:
        return sms_sender.send_sms(recipient, body, status_callback=status_callback)
    return mailer.send_mail(recipient, subject, body, html_body)


def _retry_window_end(message: OutboxMessage, now: datetime) -> datetime:
    """When retrying the message stops making sense (fixed at its first passing fault)."""
    if message.give_up_at is None:
        message.give_up_at = (message.expires_at or now + SMS_RETRY_WINDOW
                              if message.channel == OutboxChannel.SMS
                              else now + MAIL_RETRY_WINDOW)
    return message.give_up_at


def _release(message: OutboxMessage, now: datetime) -> None:
    """Back to the queue as if never claimed: the attempt did not reach the recipient."""
    message.status = OutboxStatus.PENDING
    message.attempts -= 1
    message.not_before = now


def record_outcome(message: OutboxMessage, result: SendResult, now: datetime,
                   hooks: OutboxHooks) -> None:
    """Move the message to the state its send result calls for; one retried later waits for
    its purpose's sending time (a survey question: quiet hours) like the first try did."""
    message.lease_until = None
    message.last_error = (result.error or "")[:500] or None
    if result.outcome is Outcome.SENT:
        message.status = OutboxStatus.SENT
        message.provider_message_id = result.provider_message_id
        message.sent_at = now
        if message.purpose in BLANKED_ONCE_SENT:
            message.body = message.html_body = None
        for on_sent in hooks.on_sent:
            on_sent(message, now)
    elif result.outcome is Outcome.RETRY:
        wait = max(backoff(message.attempts), timedelta(seconds=result.retry_after or 0))
        due = now + wait
        if (sending_time := hooks.sending_time.get(message.purpose)) is not None:
            due = sending_time(due)
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
            for on_unsubscribed in hooks.on_unsubscribed:
                on_unsubscribed(message)


def flush_outbox(sms_sender: SmsSender, mailer: Mailer, *, now: datetime | None = None,
                 limit: int | None = None, seconds: float = RUN_SECONDS) -> Counter[str]:
    """Send every message that is due now, for at most `seconds` (and `limit` messages, when
    given); returns how many ended in each state."""
    now = now or utcnow()
    stop_at = time.monotonic() + seconds
    summary: Counter[str] = Counter()
    summary["ambiguous"] += mark_abandoned_sends(now)
    pauses = current_pauses()
    paused = {channel for channel, next_try_at in pauses.items() if next_try_at > now}
    waiting = open_destinations(now)
    handled = 0
    hooks = current_hooks()

    def next_batch_size() -> int:
        if time.monotonic() >= stop_at:
            return 0
        return BATCH if limit is None else min(BATCH, limit - handled)

    # Claimed a batch at a time: a claim must be sent well within its lease, and a second
    # sender running at once takes the next batch instead of waiting for this one. Only what
    # was due when the run began is sent, so a message put back for a retry ends the run.
    while (size := next_batch_size()) > 0 and (
            batch := claim_due_messages(now, size, paused, waiting)):
        for message_id in batch:
            summary[_send_claimed(message_id, sms_sender, mailer, hooks, paused, pauses,
                                  waiting)] += 1
        handled += len(batch)
    return +summary


def _send_claimed(message_id: int, sms_sender: SmsSender, mailer: Mailer, hooks: OutboxHooks,
                  paused: set[str], pauses: dict[str, datetime], waiting: set[str]) -> str:
    """Send one claimed message; a channel that pauses meanwhile is added to `paused`, and a
    message that gets through on a paused channel (a probe) ends its pause. A destination
    whose circuit opens meanwhile is added to `waiting`."""
    message = db.session.get_one(OutboxMessage, message_id)  # claimed, so it is there
    # Its credentials were refused, or its receiver's circuit opened, earlier in this batch.
    if message.channel in paused or message.recipient in waiting:
        _release(message, utcnow())
        db.session.commit()  # a unit per message: released
        return "paused" if message.channel in paused else "waiting"
    try:
        result = _send(message, sms_sender, mailer, hooks)
    except Exception as error:  # an unexpected sender fault must not leave it "sending"
        # The type and the frames only: a provider's error text may quote the number or body.
        log.error("outbox message %s: unexpected %s while sending\n%s", message_id,
                  type(error).__name__, "".join(traceback.format_tb(error.__traceback__)))
        result = SendResult(Outcome.AMBIGUOUS, error=f"unexpected: {type(error).__name__}")
    now = utcnow()
    record_outcome(message, result, now, hooks)
    if message.channel in CIRCUIT_CHANNELS and message.recipient:
        if result.outcome is Outcome.SENT:
            record_success(message.recipient)
        elif result.outcome is Outcome.RETRY and record_fault(message.recipient,
                                                              result.error or "", now):
            waiting.add(message.recipient)
    if result.outcome is Outcome.CREDENTIALS_REFUSED:
        paused.add(message.channel)
    elif result.outcome is Outcome.SENT and pauses.pop(message.channel, None) is not None:
        end_pause(message.channel)
    db.session.commit()  # a unit per message: its outcome, after the provider answered
    sends_log.info("outbox message %s (%s, %s): %s", message_id, message.channel,
                   message.purpose, message.status, extra={
                       "outbox_message": message_id, "channel": message.channel,
                       "purpose": message.purpose, "status": message.status,
                       "attempts": message.attempts, "request_id": message.request_id})
    return "paused" if result.outcome is Outcome.CREDENTIALS_REFUSED else message.status
