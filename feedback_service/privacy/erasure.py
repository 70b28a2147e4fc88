"""Erasing personal data: for one number on request, and for everything past retention.

Scores, categories, reasons, agents and times stay, so statistics survive; numbers, comments,
recordings, message texts and raw webhook payloads go: those that hold the number, and those of
the caller's calls that do not (Twilio's recording callbacks carry the recording's URL alone).
Opt-outs stay: they are what keeps an erased number from being surveyed again.

For an agent, the coaching talks recorded with them go (on request, and past retention).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from feedback_service.coaching.talks.models import CoachingTalk
from feedback_service.database import rows_changed, unit_of_work
from feedback_service.database_engine import lift_statement_timeout
from feedback_service.extensions import db
from feedback_service.outbox.models import (
    OutboxChannel,
    OutboxMessage,
    OutboxQuote,
    OutboxStatus,
)
from feedback_service.privacy.recordings import RecordingDeleter
from feedback_service.staff.models import LoginFailure
from feedback_service.surveys.models import (
    Call,
    FollowUp,
    QuarantineWindow,
    Response,
    Survey,
)
from feedback_service.telephony.models import (
    InboundMessage,
    WebhookEvent,
    WebhookEventNumber,
    voice_events_of,
)
from feedback_service.web.models import PasswordLink, PasswordLinkRequest

# Failed logins are kept only as long as throttling could need them, and a little longer.
LOGIN_FAILURES_KEPT = timedelta(days=1)
# Answers erased per round of statements: each id is a bound parameter, and both databases
# limit how many one statement may have.
ERASED_AT_ONCE = 5000


@contextmanager
def _erasing() -> Iterator[None]:
    """A unit of erasure, committed when it ends; its bulk statements may run long (a first run,
    or one after a long pause, may touch many rows)."""
    with unit_of_work(db.session):
        lift_statement_timeout()
        yield


def _anonymise_responses(chosen: sa.Select[int] | sa.CompoundSelect[int],
                         deleter: RecordingDeleter, now: datetime,
                         report: Counter[str]) -> None:
    """Blank the comments, recordings, raw inputs and follow-up notes of the answers whose ids
    `chosen` selects, and the mails that quote them: the recordings deleted at Twilio first,
    then a few statements and a unit of work per ERASED_AT_ONCE answers.

    `chosen` is read once into a list of ids, so every statement reaches the same answers even
    though the first one changes what `chosen` would select next.
    """
    # The reads end before Twilio is asked: no transaction stays open while it answers, or
    # while it does not. A run stopped after Twilio finds the recordings gone the next time.
    with _erasing():
        response_ids = list(db.session.scalars(chosen))
        batches = [response_ids[start:start + ERASED_AT_ONCE]
                   for start in range(0, len(response_ids), ERASED_AT_ONCE)]
        recordings = [recording for batch in batches for recording in db.session.execute(
            sa.select(Response.id, Response.recording_sid)
            .where(Response.id.in_(batch), Response.recording_sid.is_not(None)))]
    kept_for_retry: set[int] = set()
    # Only the recordings are deleted one by one: Twilio takes one at a time.
    for response_id, recording_sid in recordings:
        assert recording_sid is not None  # the query reads only answers that have one
        if not deleter.delete(recording_sid):
            # Everything held here goes now; the reference stays so that the next retention
            # run asks Twilio again.
            kept_for_retry.add(response_id)
    report["recordings_kept_for_retry"] += len(kept_for_retry)
    for batch in batches:
        with _erasing():
            _erase_batch(batch, [i for i in batch if i in kept_for_retry], now, report)
    # Objects already in the session must not write back what was just erased.
    db.session.expire_all()


def _erase_batch(response_ids: list[int], kept_for_retry: list[int], now: datetime,
                 report: Counter[str]) -> None:
    _erase_mails_quoting(response_ids, report)
    db.session.execute(sa.update(FollowUp).where(FollowUp.response_id.in_(response_ids),
                                                 FollowUp.note.is_not(None)).values(note=None))
    recordings_gone = sa.and_(Response.id.in_(response_ids), Response.id.not_in(kept_for_retry))
    report["recordings"] += db.session.execute(
        sa.select(sa.func.count()).select_from(Response)
        .where(recordings_gone, Response.recording_url.is_not(None))).scalar_one()
    erased: dict[str, Any] = {"comment": None, "raw_inputs": [], "anonymised_at": now}
    report["responses"] += rows_changed(db.session,
        sa.update(Response).where(recordings_gone)
        .values(recording_url=None, recording_sid=None, recording_seconds=None, **erased)
        .execution_options(synchronize_session=False))
    if kept_for_retry:
        report["responses"] += rows_changed(db.session,
            sa.update(Response).where(Response.id.in_(kept_for_retry)).values(**erased)
            .execution_options(synchronize_session=False))


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
    report["mails"] += rows_changed(db.session,
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(quoting), OutboxMessage.body.is_not(None))
        .values(body=None, html_body=None))


def erase_phone_number(phone: str, deleter: RecordingDeleter, now: datetime) -> Counter[str]:
    """Erase everything held about one caller's number (the right to erasure); commits.

    The answers go first, a unit per ERASED_AT_ONCE, then the number itself in one last unit:
    a run stopped half way leaves the number in place, so running it again finds the rest.
    """
    report: Counter[str] = Counter()
    calls = db.session.execute(sa.select(Call.id, Call.provider, Call.provider_call_id)
                               .where(Call.caller == phone)).all()
    call_ids = [call.id for call in calls]
    _anonymise_responses(sa.select(Response.id).where(Response.call_id.in_(call_ids)), deleter,
                         now, report)
    with _erasing():
        _erase_number(phone, call_ids, report)
        twilio_calls = [call.provider_call_id for call in calls if call.provider == "twilio"]
        report["webhook_events"] += rows_changed(db.session,
            sa.delete(WebhookEvent).where(voice_events_of(twilio_calls)))
    return +report


def _erase_number(phone: str, call_ids: list[int], report: Counter[str]) -> None:
    report["calls"] = rows_changed(db.session,
        sa.update(Call).where(Call.id.in_(call_ids)).values(caller=None))
    # The keyed hash goes too: on request, even the link between the caller's calls is erased.
    db.session.execute(sa.delete(QuarantineWindow).where(QuarantineWindow.caller_key.in_(
        sa.select(Survey.caller_key).where(Survey.caller == phone))))
    db.session.execute(sa.update(Survey).where(Survey.caller == phone)
                       .values(caller=None, caller_key=None))
    report["messages"] += rows_changed(db.session,
        sa.update(InboundMessage).where(InboundMessage.from_number == phone)
        .values(from_number=None, to_number=None, body=None))
    db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.recipient == phone,
                                       OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.FAILED, last_error="cancelled: the number was erased"))
    report["messages"] += rows_changed(db.session,
        sa.update(OutboxMessage).where(OutboxMessage.recipient == phone,
                                       OutboxMessage.channel == OutboxChannel.SMS)
        .values(recipient=None, body=None))
    # Raw payloads hold the number in several fields; the numbers kept beside them find them.
    holding_the_number = sa.select(WebhookEventNumber.webhook_event_id).where(
        WebhookEventNumber.phone == phone)
    report["webhook_events"] = rows_changed(db.session,
        sa.delete(WebhookEvent).where(WebhookEvent.id.in_(holding_the_number)))


def purge_past_retention(retention_days: int, deleter: RecordingDeleter,
                         now: datetime) -> Counter[str]:
    """Erase numbers, comments, recordings and message texts older than `retention_days`;
    commits, a unit per ERASED_AT_ONCE answers and one for the rest."""
    cutoff = now - timedelta(days=retention_days)
    report: Counter[str] = Counter()
    # Each branch on its own partial index: what still holds a comment, and what was erased
    # already but Twilio could not delete the recording then.
    _anonymise_responses(
        sa.select(Response.id).where(Response.received_at < cutoff,
                                     Response.anonymised_at.is_(None))
        .union(sa.select(Response.id).where(Response.anonymised_at.is_not(None),
                                            Response.recording_sid.is_not(None))),
        deleter, now, report)
    with _erasing():
        _erase_past(cutoff, now, report)
    return +report


def _erase_past(cutoff: datetime, now: datetime, report: Counter[str]) -> None:
    report["calls"] = rows_changed(db.session,
        sa.update(Call).where(Call.started_at < cutoff, Call.caller.is_not(None))
        .values(caller=None))
    db.session.execute(sa.delete(QuarantineWindow).where(QuarantineWindow.ends_at < now))
    db.session.execute(sa.update(Survey).where(Survey.created_at < cutoff,
                                               Survey.caller.is_not(None)).values(caller=None))
    report["messages"] += rows_changed(db.session,
        sa.update(InboundMessage).where(InboundMessage.received_at < cutoff,
                                        InboundMessage.body.is_not(None))
        .values(from_number=None, to_number=None, body=None))
    report["messages"] += rows_changed(db.session,
        sa.update(OutboxMessage).where(OutboxMessage.created_at < cutoff,
                                       OutboxMessage.channel == OutboxChannel.SMS,
                                       # An SMS's number and text are erased together.
                                       OutboxMessage.body.is_not(None),
                                       OutboxMessage.status != OutboxStatus.PENDING)
        .values(recipient=None, body=None))
    # Kudos, digests, webhooks and chat alerts quote callers' answers; the staff member's
    # address, a subscriber's id or an alert URL's digest may stay.
    report["mails"] += rows_changed(db.session,
        sa.update(OutboxMessage).where(OutboxMessage.created_at < cutoff,
                                       OutboxMessage.channel != OutboxChannel.SMS,
                                       OutboxMessage.body.is_not(None),
                                       OutboxMessage.status != OutboxStatus.PENDING)
        .values(subject=None, body=None, html_body=None))
    report["webhook_events"] = rows_changed(db.session,
        sa.delete(WebhookEvent).where(WebhookEvent.received_at < cutoff))
    db.session.execute(sa.update(FollowUp).where(FollowUp.handled_at < cutoff,
                                                 FollowUp.note.is_not(None)).values(note=None))
    report["failed_logins"] = rows_changed(db.session,
        sa.delete(LoginFailure).where(LoginFailure.failed_at < now - LOGIN_FAILURES_KEPT)
    )
    db.session.execute(sa.delete(PasswordLinkRequest).where(
        PasswordLinkRequest.requested_at < now - LOGIN_FAILURES_KEPT))
    # A link past its expiry opens nothing; its row says only that one was sent.
    db.session.execute(sa.delete(PasswordLink).where(PasswordLink.expires_at < cutoff))
    # What a supervisor wrote about an agent's work is kept no longer than callers' comments.
    report["coaching_talks"] = rows_changed(db.session,
        sa.delete(CoachingTalk).where(CoachingTalk.held_on < cutoff.date()))


def erase_agent_data(agent_id: int) -> Counter[str]:
    """Erase what is written about an agent as a person: the coaching talks recorded with them;
    commits. Their answers' scores stay, as a caller's do, so the team's figures survive."""
    report: Counter[str] = Counter()
    with _erasing():
        report["coaching_talks"] = rows_changed(db.session,
            sa.delete(CoachingTalk).where(CoachingTalk.agent_id == agent_id))
    return +report
