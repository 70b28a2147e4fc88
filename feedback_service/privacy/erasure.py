"""Erasing personal data: for one number on request, and for everything past retention.

Scores, categories, reasons, agents and times stay, so statistics survive; numbers, comments,
recordings, message texts and raw webhook payloads go. Opt-outs stay: they are what keeps an
erased number from being surveyed again.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.models import (
    OutboxChannel,
    OutboxMessage,
    OutboxQuote,
    OutboxStatus,
)
from feedback_service.privacy.recordings import RecordingDeleter
from feedback_service.surveys.models import Call, FollowUp, Response, Survey
from feedback_service.telephony.models import InboundMessage, WebhookEvent
from feedback_service.web.models import LoginFailure, PasswordLink, PasswordLinkRequest

# Failed logins are kept only as long as throttling could need them, and a little longer.
LOGIN_FAILURES_KEPT = timedelta(days=1)


def _anonymise_responses(responses: list[Response], deleter: RecordingDeleter,
                         now: datetime, report: Counter[str]) -> None:
    for response in responses:
        if response.recording_sid and not deleter.delete(response.recording_sid):
            # Everything held here goes now; the reference stays so that the next retention
            # run asks Twilio again.
            report["recordings_kept_for_retry"] += 1
        else:
            if response.recording_url:
                report["recordings"] += 1
            response.recording_url = response.recording_sid = None
            response.recording_seconds = None
        response.comment = None
        response.raw_inputs = []
        response.anonymised_at = now
        if response.follow_up is not None:
            response.follow_up.note = None
        report["responses"] += 1


def _erase_mails_quoting(response_ids: list[int], report: Counter[str]) -> None:
    """Blank the texts of the mails that quote these answers (kudos, alerts, digests).

    A mail not sent yet is cancelled rather than sent without the comment it was written for.
    """
    if not response_ids:
        return
    quoting = sa.select(OutboxQuote.outbox_message_id).where(
        OutboxQuote.response_id.in_(response_ids))
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(quoting), OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.FAILED, last_error="cancelled: it quotes an erased answer"))
    report["mails"] += db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(quoting), OutboxMessage.body.is_not(None))
        .values(body=None, html_body=None)).rowcount


def erase_phone_number(phone: str, deleter: RecordingDeleter, now: datetime) -> Counter[str]:
    """Erase everything held about one caller's number (the right to erasure)."""
    report: Counter[str] = Counter()
    call_ids = list(db.session.scalars(sa.select(Call.id).where(Call.caller == phone)))
    responses = list(db.session.scalars(sa.select(Response).where(Response.call_id.in_(call_ids))))
    _anonymise_responses(responses, deleter, now, report)
    _erase_mails_quoting([response.id for response in responses], report)
    report["calls"] = db.session.execute(
        sa.update(Call).where(Call.id.in_(call_ids)).values(caller=None)).rowcount
    # The keyed hash goes too: on request, even the link between the caller's calls is erased.
    db.session.execute(sa.update(Survey).where(Survey.caller == phone)
                       .values(caller=None, caller_key=None))
    report["messages"] += db.session.execute(
        sa.update(InboundMessage).where(InboundMessage.from_number == phone)
        .values(from_number=None, to_number=None, body=None)).rowcount
    db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.recipient == phone,
                                       OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.FAILED, last_error="cancelled: the number was erased"))
    report["messages"] += db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.recipient == phone,
                                       OutboxMessage.channel == OutboxChannel.SMS)
        .values(recipient=None, body=None)).rowcount
    # Raw payloads hold the number in several fields; find them by the number itself.
    report["webhook_events"] = db.session.execute(
        sa.delete(WebhookEvent).where(sa.cast(WebhookEvent.payload, sa.Text).contains(phone))
    ).rowcount
    return +report


def purge_past_retention(retention_days: int, deleter: RecordingDeleter,
                         now: datetime) -> Counter[str]:
    """Erase numbers, comments, recordings and message texts older than `retention_days`."""
    cutoff = now - timedelta(days=retention_days)
    report: Counter[str] = Counter()
    responses = list(db.session.scalars(sa.select(Response).where(sa.or_(
        sa.and_(Response.received_at < cutoff, Response.anonymised_at.is_(None)),
        # Erased already, but Twilio could not delete the recording then.
        sa.and_(Response.anonymised_at.is_not(None), Response.recording_sid.is_not(None))))))
    _anonymise_responses(responses, deleter, now, report)
    _erase_mails_quoting([response.id for response in responses], report)
    report["calls"] = db.session.execute(
        sa.update(Call).where(Call.started_at < cutoff, Call.caller.is_not(None))
        .values(caller=None)).rowcount
    db.session.execute(sa.update(Survey).where(Survey.created_at < cutoff,
                                               Survey.caller.is_not(None)).values(caller=None))
    report["messages"] += db.session.execute(
        sa.update(InboundMessage).where(InboundMessage.received_at < cutoff,
                                        InboundMessage.body.is_not(None))
        .values(from_number=None, to_number=None, body=None)).rowcount
    report["messages"] += db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.created_at < cutoff,
                                       OutboxMessage.channel == OutboxChannel.SMS,
                                       OutboxMessage.recipient.is_not(None),
                                       OutboxMessage.status != OutboxStatus.PENDING)
        .values(recipient=None, body=None)).rowcount
    # Kudos and digests quote callers' comments; the staff member's address may stay.
    report["mails"] += db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.created_at < cutoff,
                                       OutboxMessage.channel == OutboxChannel.EMAIL,
                                       OutboxMessage.body.is_not(None),
                                       OutboxMessage.status != OutboxStatus.PENDING)
        .values(subject=None, body=None, html_body=None)).rowcount
    report["webhook_events"] = db.session.execute(
        sa.delete(WebhookEvent).where(WebhookEvent.received_at < cutoff)).rowcount
    db.session.execute(sa.update(FollowUp).where(FollowUp.handled_at < cutoff)
                       .values(note=None))
    report["failed_logins"] = db.session.execute(
        sa.delete(LoginFailure).where(LoginFailure.failed_at < now - LOGIN_FAILURES_KEPT)
    ).rowcount
    db.session.execute(sa.delete(PasswordLinkRequest).where(
        PasswordLinkRequest.requested_at < now - LOGIN_FAILURES_KEPT))
    # A link past its expiry opens nothing; its row says only that one was sent.
    db.session.execute(sa.delete(PasswordLink).where(PasswordLink.expires_at < cutoff))
    return +report
