"""Whole calls and SMS conversations played against the service, as the phone system would."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.outbox.models import OutboxChannel, OutboxMessage, OutboxStatus
from feedback_service.surveys.eligibility import SkipReason
from feedback_service.surveys.models import Call, OptOut, Survey, SurveyState
from feedback_service.trial.transport import (
    Transport,
    TwilioSigner,
    json_body,
    pbx_signature_headers,
)
from feedback_service.trial.twiml_player import CallerScript, ServiceError, TwimlPlayer, new_sid

ACCOUNT_SID = "AC" + "0" * 32  # the trial's stand-in account; the service only checks signatures
# The Swedish mobile numbers PTS keeps for fiction (070-174 06 05 to 99): no subscriber has one,
# so a trial that does reach a real SMS gateway texts nobody.
FICTIONAL_CALLERS = tuple(f"+467017406{n:02}" for n in range(5, 100))
# Why the service chose not to survey a call, as the simulator tells it.
SKIPPED_BECAUSE = {
    SkipReason.NOT_ANSWERED: "the call was not answered",
    SkipReason.TOO_SHORT: "the call was shorter than MIN_CALL_SECONDS",
    SkipReason.NO_CALLER_NUMBER: "the caller's number is unknown",
    SkipReason.NOT_A_MOBILE: "the caller's number is not a mobile, so no SMS can reach it",
    SkipReason.OPTED_OUT: "the caller has opted out of surveys",
    SkipReason.QUARANTINE: "the caller was surveyed within QUARANTINE_DAYS; leave out --caller "
                           "to call from a fresh number",
    SkipReason.NOT_SAMPLED: "the call was not picked by SAMPLE_RATE",
    SkipReason.UNKNOWN_AGENT: "no agent has that handle or address",
    SkipReason.AGENT_INACTIVE: "the agent is inactive",
}
# How often the caller's phone looks again for an SMS another process is sending.
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class CallSetup:
    caller: str
    company_number: str
    agent: str
    topic: str | None = None
    survey: str | None = None  # the line's survey kind (`?survey=`); None: SURVEY_KIND
    agent_seconds: int = 95  # how long the agent talks before hanging up
    caller_hangs_up_with_agent: bool = False


def call_params(setup: CallSetup, call_sid: str, status: str) -> dict[str, str]:
    return {
        "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": call_sid,
        "CallStatus": status, "Direction": "inbound", "From": setup.caller,
        "Caller": setup.caller, "To": setup.company_number, "Called": setup.company_number,
    }


def play_call(transport: Transport, signer: TwilioSigner, setup: CallSetup,
              script: CallerScript, out: Callable[[str], None]) -> str:
    """Ring, talk to the agent, answer the survey, hang up; returns the CallSid."""
    call_sid = new_sid("CA")
    query = urlencode({name: value for name, value in (
        ("agent", setup.agent), ("topic", setup.topic), ("survey", setup.survey)) if value})
    player = TwimlPlayer(transport, signer, call_params(setup, call_sid, "ringing"), script, out)
    out(f"caller {setup.caller} calls {setup.company_number}")
    connect = player.post(f"/twilio/voice/connect?{query}", {})
    dial = connect.find("Dial")
    if dial is None:
        player.play(connect)
        raise ServiceError("the service did not connect the call to an agent")
    out(f"(connected to {setup.agent}; they talk for {setup.agent_seconds} s, then the agent "
        "hangs up)")
    after_dial = {"DialCallStatus": "completed", "DialCallSid": new_sid("CA"),
                  "DialCallDuration": str(setup.agent_seconds)}
    if setup.caller_hangs_up_with_agent:
        out("(the caller hangs up too)")
        player.call_params["CallStatus"] = "completed"
        player.post(dial.get("action", ""), after_dial)
    else:
        player.call_params["CallStatus"] = "in-progress"
        player.play(player.post(dial.get("action", ""), after_dial))
    _report_call_end(player, setup)
    if because := skipped_because(call_sid):
        out(f"(no survey: {because})")
    return call_sid


def _report_call_end(player: TwimlPlayer, setup: CallSetup) -> None:
    """The status callback Twilio sends when the whole call is over."""
    player.call_params["CallStatus"] = "completed"
    duration = setup.agent_seconds + 5 + 8 * player.script.answers_given
    try:
        player.post("/twilio/voice/status", {"CallDuration": str(duration)})
    except ServiceError as error:
        player.out(f"(status callback: {error})")


def fresh_caller(quarantine_days: int, now: datetime) -> str:
    """A fictional number that no survey has used within the quarantine and that has not opted
    out: a trial run again and again is surveyed every time."""
    used = set(db.session.scalars(sa.select(Survey.caller).where(
        Survey.caller.in_(FICTIONAL_CALLERS),
        Survey.created_at >= now - timedelta(days=max(quarantine_days, 0)))))
    used |= set(db.session.scalars(sa.select(OptOut.phone).where(
        OptOut.phone.in_(FICTIONAL_CALLERS))))
    for number in FICTIONAL_CALLERS:
        if number not in used:
            return number
    raise ServiceError(f"each of the {len(FICTIONAL_CALLERS)} trial numbers was surveyed within "
                       "QUARANTINE_DAYS: give one with --caller")


def skipped_because(call_sid: str) -> str | None:
    """Why the service chose not to survey the call, when it chose so (and shares this
    database)."""
    db.session.rollback()  # see what the service committed
    reason = db.session.scalar(
        sa.select(Survey.skip_reason).join(Call, Survey.call_id == Call.id)
        .where(Call.provider_call_id == call_sid, Survey.state == SurveyState.SKIPPED))
    if reason is None:
        return None
    return SKIPPED_BECAUSE.get(SkipReason(reason), reason)


def company_time(moment: datetime, zone: ZoneInfo) -> str:
    """A moment as a person in the company reads it: "08:00 CET on 2026-12-01"."""
    return f"{moment.astimezone(zone):%H:%M %Z on %Y-%m-%d}"


def post_call_ended(transport: Transport, secret: str, body: dict[str, object], zone: ZoneInfo,
                    out: Callable[[str], None]) -> None:
    """The generic phone-system hook, signed with the shared secret; says what the service chose."""
    raw = json_body(body)
    reply = transport.post_json("/hooks/call-ended", raw, pbx_signature_headers(secret, raw))
    if reply.status != 202:
        out(f"POST /hooks/call-ended answered {reply.status}: {reply.body.strip()}")
        return
    decision = json.loads(reply.body)
    if decision["survey"] != "scheduled":
        out(f"POST /hooks/call-ended answered 202: survey skipped ({decision['reason']})")
        return
    send_at = datetime.fromisoformat(decision["send_at"])
    when = ("the SMS goes out now" if send_at <= utcnow() else
            f"the SMS waits for quiet hours, until {company_time(send_at, zone)}")
    out(f"POST /hooks/call-ended answered 202: survey scheduled: {when}")


class SmsConversation:
    """The caller's phone: reads the SMS the outbox sent it and texts replies back."""

    def __init__(self, transport: Transport, signer: TwilioSigner, caller: str,
                 company_number: str, zone: ZoneInfo, out: Callable[[str], None], *,
                 flush: bool, send_now: bool = False, wait_seconds: float = 15.0) -> None:
        self.transport = transport
        self.signer = signer
        self.caller = caller
        self.company_number = company_number
        self.zone = zone
        self.out = out
        self.flush = flush
        self.send_now = send_now
        self.wait_seconds = wait_seconds
        self.last_seen_id = 0

    def read_new_messages(self) -> list[str]:
        """Messages sent to the caller since the last read.

        It waits (checking every POLL_SECONDS, for at most `wait_seconds`) only while an SMS for
        the caller is due and not yet sent, that is while another process is about to send it;
        with nothing due, or only SMS held back for quiet hours, it answers at once.
        """
        if self.send_now:
            self._send_deferred_now()
        deadline = time.monotonic() + self.wait_seconds
        while True:
            if self.flush:
                flush_with_configured_senders()
            db.session.rollback()  # see what other processes committed since the last look
            # Due first, then sent: one sent in between is then read, not missed.
            due = self._due_unsent()
            messages = self._sent_since(self.last_seen_id)
            if messages or not due or time.monotonic() >= deadline:
                break
            time.sleep(POLL_SECONDS)
        if messages:
            self.last_seen_id = messages[-1].id
        else:
            self._explain_pending()
        texts = [m.body or "" for m in messages]
        for text in texts:
            self.out(f"SMS to caller: {text}")
        return texts

    def _sent_since(self, after_id: int) -> list[OutboxMessage]:
        return list(db.session.scalars(
            sa.select(OutboxMessage).where(
                OutboxMessage.channel == OutboxChannel.SMS,
                OutboxMessage.recipient == self.caller,
                OutboxMessage.id > after_id,
                OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.DELIVERED]),
            ).order_by(OutboxMessage.id)
        ))

    def _waiting(self) -> list[OutboxMessage]:
        return list(db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.recipient == self.caller,
                                           OutboxMessage.status == OutboxStatus.PENDING)
        ))

    def _due_unsent(self) -> bool:
        """Whether an SMS for the caller is due now, or being sent, and not sent yet."""
        return db.session.scalar(sa.select(sa.exists().where(
            OutboxMessage.channel == OutboxChannel.SMS,
            OutboxMessage.recipient == self.caller,
            sa.or_(OutboxMessage.status == OutboxStatus.SENDING,
                   sa.and_(OutboxMessage.status == OutboxStatus.PENDING,
                           OutboxMessage.not_before <= utcnow())),
        ))) or False

    def _send_deferred_now(self) -> None:
        """Make the SMS that wait for quiet hours due now: the trial's way past them."""
        now = utcnow()
        deferred = [m for m in self._waiting() if m.not_before > now]
        for message in deferred:
            message.not_before = now
        db.session.commit()
        if deferred:
            self.out("(sent now, before quiet hours end: --send-now)")

    def _explain_pending(self) -> None:
        waiting = self._waiting()
        for message in waiting:
            until = company_time(message.not_before, self.zone)
            self.out(f"(an SMS waits in the outbox until {until}: quiet hours; "
                     "--send-now sends it at once)")
        if not waiting:
            self.out("(no SMS for the caller)")

    def reply(self, text: str) -> list[str]:
        """Text the service back, as Twilio's messaging webhook would deliver it."""
        self.out(f"caller replies: {text}")
        params = {"AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01",
                  "MessageSid": new_sid("SM"), "SmsSid": "", "From": self.caller,
                  "To": self.company_number, "Body": text, "NumMedia": "0"}
        params["SmsSid"] = params["MessageSid"]
        path = "/twilio/sms/inbound"
        answer = self.transport.post_form(path, params, self.signer.headers(path, params))
        if answer.status != 200:
            raise ServiceError(f"POST {path} answered {answer.status}: {answer.body[:200]}")
        for message in ET.fromstring(answer.body or "<Response/>").iter("Message"):
            self.out(f"SMS to caller: {message.text or ''}")
        return self.read_new_messages()
