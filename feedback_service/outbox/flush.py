"""Sending what the outbox holds: claim, send outside any transaction, record the outcome.

A message is claimed by a conditional update (`pending` to `sending`), so two senders at once
never both send it; on PostgreSQL the candidates are read with `FOR UPDATE SKIP LOCKED` so
concurrent senders do not even wait for each other. A message left `sending` by a sender that
died is marked ambiguous, never resent: the provider may already have it.
"""

from __future__ import annotations

import logging
import traceback
from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxChannel, OutboxMessage, OutboxStatus
from feedback_service.outbox.senders import Mailer, Outcome, SendResult, SmsSender
from feedback_service.surveys.answers import is_opted_out, mark_asked, opt_out
from feedback_service.telephony.models import WebhookEvent

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
LEASE = timedelta(minutes=5)
BATCH = 10  # at a 10 s timeout each, a batch is sent well within the lease
# Replies to an opt-out must still reach the number that just opted out.
SENT_DESPITE_OPT_OUT = frozenset({"opt_out_reply", "opt_in_reply", "help_reply"})
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
    """30 s, 1 min, 2 min, ... capped at an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _due_ids(now: datetime, limit: int) -> list[int]:
    query = (
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.not_before <= now)
        .order_by(OutboxMessage.not_before, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(db.session.scalars(query))


def _claim(message_id: int, lease_until: datetime) -> bool:
    claimed = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENDING, lease_until=lease_until,
                attempts=OutboxMessage.attempts + 1)
    )
    return claimed.rowcount == 1


def claim_due_messages(now: datetime, limit: int) -> list[int]:
    """Claim up to `limit` due messages for this sender and commit the claim."""
    # The lease runs from the claim itself: a long flush claims its later batches minutes after
    # `now`, and a lease already over would let another sender call them abandoned mid-send.
    lease_until = max(now, utcnow()) + LEASE
    ids = [message_id for message_id in _due_ids(now, limit) if _claim(message_id, lease_until)]
    db.session.commit()
    return ids


def mark_abandoned_sends(now: datetime) -> int:
    """Messages whose sender died mid-send: the provider may have them, so never resend."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now)
        .values(status=OutboxStatus.AMBIGUOUS, last_error="the sender stopped mid-send")
    )
    db.session.commit()
    return result.rowcount


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


def record_outcome(message: OutboxMessage, result: SendResult, now: datetime) -> None:
    """Move the message to the state its send result calls for."""
    message.lease_until = None
    message.last_error = (result.error or "")[:500] or None
    if result.outcome is Outcome.SENT:
        message.status = OutboxStatus.SENT
        message.provider_message_id = result.provider_message_id
        message.sent_at = now
        if message.provider_message_id:
            _apply_early_reports(message, now)
        if message.purpose == "survey_question" and message.survey_id is not None:
            mark_asked(message.survey_id, now)  # replies count as answers from now on
    elif result.outcome is Outcome.RETRY and message.attempts < MAX_ATTEMPTS:
        wait = max(backoff(message.attempts), timedelta(seconds=result.retry_after or 0))
        message.status = OutboxStatus.PENDING
        message.not_before = now + wait
    elif result.outcome is Outcome.AMBIGUOUS:
        message.status = OutboxStatus.AMBIGUOUS
    else:
        message.status = OutboxStatus.FAILED
        if result.outcome is Outcome.OPTED_OUT and message.recipient:
            opt_out(message.recipient, keyword=None, source="twilio-21610")


def flush_outbox(sms_sender: SmsSender, mailer: Mailer, *, status_callback: str | None = None,
                 now: datetime | None = None, limit: int = 100) -> Counter[str]:
    """Send every message that is due now; returns how many ended in each state."""
    now = now or utcnow()
    summary: Counter[str] = Counter()
    summary["ambiguous"] += mark_abandoned_sends(now)
    handled = 0
    # Claimed a batch at a time: a claim must be sent well within its lease, and a second
    # sender running at once takes the next batch instead of waiting for this one.
    while handled < limit and (batch := claim_due_messages(now, min(BATCH, limit - handled))):
        for message_id in batch:
            summary[_send_claimed(message_id, sms_sender, mailer, status_callback)] += 1
        handled += len(batch)
    return +summary


def _send_claimed(message_id: int, sms_sender: SmsSender, mailer: Mailer,
                  status_callback: str | None) -> str:
    message = db.session.get(OutboxMessage, message_id)
    try:
        result = _send(message, sms_sender, mailer, status_callback)
    except Exception as error:  # an unexpected sender fault must not leave it "sending"
        # The type and the frames only: a provider's error text may quote the number or body.
        log.error("outbox message %s: unexpected %s while sending\n%s", message_id,
                  type(error).__name__, "".join(traceback.format_tb(error.__traceback__)))
        result = SendResult(Outcome.AMBIGUOUS, error=f"unexpected: {type(error).__name__}")
    record_outcome(message, result, utcnow())
    db.session.commit()
    return message.status
