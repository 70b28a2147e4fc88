"""The catch-up job: what Twilio told the service while it could not listen, recovered.

Twilio does not retry a messaging webhook or a call's status callback that failed, so a text or
the end of a call that came while the database was out of reach would be lost; Twilio's API
still has both. Every minute the scheduler runs `MissedWebhooks.run`, which, once the database
answers again:

- applies texts that were stored but never applied (the database failed half way through),
- lists the texts received since the last one stored and feeds those missing through the path
  the webhook takes (idempotent by MessageSid, so one that did arrive is not applied twice),
- asks Twilio how each call it never heard the end of ended, and records it as the status
  callback would have,
- and, with `SURVEY_CHANNEL=sms`, decides the survey of a call that ended without a Dial action
  to decide it (a flow that has none, or one lost in the outage).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import requests
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from twilio.base.exceptions import TwilioException

from feedback_service.database import utcnow
from feedback_service.database_engine import database_unreachable
from feedback_service.extensions import db
from feedback_service.settings import Settings, current_settings
from feedback_service.surveys.decision import open_survey
from feedback_service.surveys.flow import survey_language
from feedback_service.surveys.models import Call, Channel, Survey
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.surveys.sms_conversation import start_sms_survey
from feedback_service.telephony import twiml, webhook_events
from feedback_service.telephony.inbound_sms import RECEIVED, apply_received, store_as_received
from feedback_service.telephony.models import InboundMessage
from feedback_service.telephony.twilio_call_end import CALL_ENDED, record_call_end
from feedback_service.telephony.twilio_history import (
    CallOutcome,
    TwilioHistory,
    twilio_history_for,
)

log = logging.getLogger(__name__)

# The newest minute is left to the webhooks themselves, which are usually just arriving.
SETTLE = timedelta(minutes=1)
# Texts are reread from a little before the last one stored: clocks and commits differ.
OVERLAP = timedelta(minutes=5)
# How far back recovery reaches: what came earlier in a longer outage is not recovered.
LOOKBACK = timedelta(days=3)
BATCH = 100  # calls asked about, stored texts applied and surveys decided, per run
SET_ASIDE = "failed"  # a stored text that could not be applied, not tried again
_IN_CHUNK = 500  # MessageSids looked up per query


class MissedWebhooks:
    """The catch-up job, with what it has checked so far in this scheduler process."""

    def __init__(self,
                 history_for: Callable[[Settings], TwilioHistory | None] = (
                     twilio_history_for)) -> None:
        self.history_for = history_for
        self.texts_checked_until: datetime | None = None
        self.calls_not_to_ask_again: set[str] = set()

    def run(self) -> None:
        """Recover texts and call ends Twilio could not deliver; decide surveys left waiting."""
        report = self.catch_up(current_settings(), utcnow())
        if report:
            log.info("catch-up: %s", ", ".join(f"{count} {what.replace('_', ' ')}"
                                               for what, count in sorted(report.items())))

    def catch_up(self, settings: Settings, now: datetime) -> Counter[str]:
        report: Counter[str] = Counter()
        report["texts applied late"] += apply_stored_texts(settings, now)
        history = self.history_for(settings)
        if history is not None:
            for what, recover in (("texts recovered", self.recover_texts),
                                  ("call ends recovered", self.recover_call_ends)):
                try:
                    report[what] += recover(history, settings, now)
                except (TwilioException, requests.RequestException) as error:
                    db.session.rollback()
                    log.warning("catch-up: Twilio could not be asked (%s); next run tries again",
                                type(error).__name__)
        report["sms surveys decided"] += decide_surveys_without_dial_action(settings, now)
        return +report

    def recover_texts(self, history: TwilioHistory, settings: Settings,
                      now: datetime) -> int:
        """Feed the texts received since the last one stored, and not stored, in order."""
        latest_stored = db.session.scalar(sa.select(sa.func.max(InboundMessage.received_at)))
        marks = [mark for mark in (latest_stored, self.texts_checked_until) if mark is not None]
        until = now - SETTLE
        if not marks:
            # Nothing stored and nothing checked yet: a new deployment has nothing to catch up
            # with, and must not answer texts the number received before it existed.
            self.texts_checked_until = until
            return 0
        since = max(max(marks) - OVERLAP, now - LOOKBACK)
        texts = [text for text in history.texts_received_since(since) if text.sent_at < until]
        stored = _stored_sids([text.sid for text in texts])
        recovered = 0
        for text in texts:
            if text.sid in stored:
                continue
            try:
                store_as_received(text.sid, sender=text.sender, to=text.to, body=text.body,
                                  received_at=text.sent_at)
            except Exception as error:
                _skip_unless_unreachable(error, f"text {text.sid} could not be stored")
                continue
            _apply_or_set_aside(text.sid, settings)
            recovered += 1
        self.texts_checked_until = until
        return recovered

    def recover_call_ends(self, history: TwilioHistory, settings: Settings,
                          now: datetime) -> int:
        """Ask Twilio how each call whose end was never heard ended, and record it."""
        query = (sa.select(Call.id, Call.provider_call_id)
                 .where(Call.provider == "twilio", Call.ended_at.is_(None),
                        Call.started_at >= now - LOOKBACK, Call.started_at < now - SETTLE)
                 .order_by(Call.started_at, Call.id).limit(BATCH))
        if self.calls_not_to_ask_again:
            query = query.where(Call.provider_call_id.not_in(self.calls_not_to_ask_again))
        recovered = 0
        for call_id, call_sid in db.session.execute(query).all():
            outcome = history.call_outcome(call_sid)
            if outcome is None:
                self.calls_not_to_ask_again.add(call_sid)
                continue
            if outcome.status not in CALL_ENDED:
                continue  # still going

            def record(call_id: int = call_id, status: str = outcome.status,
                       seconds: int | None = outcome.duration_seconds,
                       ended_at: datetime = outcome.ended_at or now) -> str:
                call = db.session.get_one(Call, call_id)  # read in this batch; calls stay
                record_call_end(call, status, duration_seconds=seconds, ended_at=ended_at,
                                settings=settings)
                return twiml.acknowledge()

            def payload(sid: str = call_sid, outcome: CallOutcome = outcome) -> dict[str, Any]:
                return {"recovered_from": "twilio-api", "CallSid": sid,
                        "CallStatus": outcome.status, "CallDuration": outcome.duration_seconds}

            # Kept as the status callback would have been, so that if it comes after all it
            # changes nothing.
            try:
                webhook_events.answer_once(
                    f"twilio-voice:{call_sid}:status:{outcome.status}", "twilio-voice", record,
                    payload=payload,
                    status=200, mimetype=twiml.TWIML_MIMETYPE)
            except Exception as error:
                _skip_unless_unreachable(error, f"the end of call {call_sid} could not be kept")
                self.calls_not_to_ask_again.add(call_sid)
                continue
            recovered += 1
        return recovered


def apply_stored_texts(settings: Settings, now: datetime) -> int:
    """Apply texts that were stored as received but never applied."""
    sids = db.session.scalars(
        sa.select(InboundMessage.provider_message_id)
        .where(InboundMessage.outcome == RECEIVED, InboundMessage.received_at < now - SETTLE)
        .order_by(InboundMessage.received_at, InboundMessage.id).limit(BATCH)).all()
    return sum(_apply_or_set_aside(sid, settings) for sid in sids)


def _apply_or_set_aside(message_sid: str, settings: Settings) -> bool:
    """Apply a stored text; one that fails for another reason than the database being out of
    reach would fail every time, so it is set aside (`failed`) rather than tried every minute."""
    try:
        return apply_received(message_sid, settings) is not None
    except Exception as error:
        _skip_unless_unreachable(error, f"text {message_sid} could not be applied; set aside")
    db.session.execute(sa.update(InboundMessage).where(
        InboundMessage.provider_message_id == message_sid, InboundMessage.outcome == RECEIVED)
        .values(outcome=SET_ASIDE))
    db.session.commit()  # a unit per text, so one that fails does not hold back the others
    return False


def _skip_unless_unreachable(error: Exception, what: str) -> None:
    """Roll back; let an unreachable database end the run, log anything else and go on."""
    db.session.rollback()
    if database_unreachable(error):
        raise error
    log.exception("catch-up: %s", what)


def decide_surveys_without_dial_action(settings: Settings, now: datetime) -> int:
    """With `SURVEY_CHANNEL=sms`: decide the survey of each call that ended without one."""
    if settings.survey_channel != "sms":
        return 0
    expiry = timedelta(hours=settings.survey_expiry_hours)
    call_ids = db.session.scalars(
        sa.select(Call.id).outerjoin(Survey, Survey.call_id == Call.id)
        .where(Call.provider == "twilio", Call.status == "completed", Survey.id.is_(None),
               Call.ended_at < now - SETTLE, Call.ended_at >= now - expiry)
        .order_by(Call.ended_at, Call.id).limit(BATCH)).all()
    decided = 0
    for call_id in call_ids:
        call = db.session.get_one(Call, call_id)  # read just above; calls are never deleted
        agent = call.agent
        language = call.language or survey_language(
            agent.language if agent else None, caller=call.caller,
            default=settings.default_language)
        survey = open_survey(call, channel=Channel.SMS, kind=SurveyKind(settings.survey_kind),
                             language=language, settings=settings)
        start_sms_survey(survey, settings)
        try:
            db.session.commit()  # a unit per call: one decided elsewhere meanwhile is skipped
            decided += 1
        except IntegrityError:
            db.session.rollback()  # its Dial action came at this very moment, and decided
    return decided


def _stored_sids(sids: list[str]) -> set[str]:
    stored: set[str] = set()
    for start in range(0, len(sids), _IN_CHUNK):
        stored.update(db.session.scalars(
            sa.select(InboundMessage.provider_message_id)
            .where(InboundMessage.provider_message_id.in_(sids[start:start + _IN_CHUNK]))))
    return stored
