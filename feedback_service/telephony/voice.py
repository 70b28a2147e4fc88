"""Twilio Voice webhooks: connect the caller to the agent, then run the survey on the same call.

Every webhook runs in the same order: signature (`@twilio_webhook`), idempotency key (a retry
gets the TwiML stored the first time), the local call, the survey's state transition, the raw
event kept beside the answer given, and one commit at the end.

A caller is on the line while these run, so none of them ever answers an error: when the
database is out of reach (or anything else fails), `/connect` still connects the caller to
`FALLBACK_DIAL`, or apologises and hangs up, and the survey ends with thanks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Blueprint, Response, abort, g, request
from werkzeug.exceptions import HTTPException

from feedback_service.database import utcnow
from feedback_service.database_engine import (
    answer_within_the_database_timeout,
    database_unreachable,
)
from feedback_service.extensions import csrf, db
from feedback_service.outgoing.answer_events import (
    anyone_subscribes,
    know_whether_anyone_subscribes,
)
from feedback_service.phone_numbers import normalize_e164
from feedback_service.request_log import note_outcome
from feedback_service.settings import current_settings
from feedback_service.staff.models import Agent, AgentAddress
from feedback_service.surveys.calls import (
    caller_was_erased,
    fill_in_call,
    find_call,
    find_call_with,
    survey_for_update_with,
)
from feedback_service.surveys.decision import (
    CallerHistory,
    history_of,
    history_read,
    open_survey,
)
from feedback_service.surveys.flow import Step, survey_language
from feedback_service.surveys.models import Call, Channel, Survey
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.surveys.sms_conversation import start_sms_survey
from feedback_service.surveys.voice_conversation import Heard
from feedback_service.telephony import prompts, twiml, webhook_events
from feedback_service.telephony.models import VOICE_EVENT_SOURCE
from feedback_service.telephony.signature import public_url, twilio_webhook
from feedback_service.telephony.twilio_call_end import record_call_end
from feedback_service.telephony.voice_survey import (
    VOICE_PATH,
    start_on_the_line,
    store_late_recording,
    take_answer,
)

log = logging.getLogger(__name__)

voice = Blueprint("voice", __name__, url_prefix=VOICE_PATH)
csrf.exempt(voice)  # authenticated by Twilio's signature, never by a browser cookie
answer_within_the_database_timeout(voice, "voice_timeout_seconds")

EVENT_SOURCE = VOICE_EVENT_SOURCE
ANSWERED = frozenset({"completed", "answered"})  # DialCallStatus of a call the agent took
LONGEST_CALL_ID = 128  # what `calls.provider_call_id` holds; Twilio's CallSid has 34


# --- The webhooks -----------------------------------------------------------------------------


@voice.post("/connect")
@twilio_webhook
def connect() -> Response:
    """Ring the agent (`?agent=HANDLE`), with a `<Dial action>` that leads to the survey."""
    return answer_once(event_key("connect"), _connect)


@voice.post("/after-call")
@twilio_webhook
def after_call() -> Response:
    """The agent has hung up: ask the survey on the line, or hand it to SMS if the caller left."""
    # A flow may dial more than once in one call; each dial's end is its own event.
    return answer_once(event_key("after-call", _form("DialCallSid") or "-"), _after_call)


@voice.post("/survey/<step>")
@twilio_webhook
def survey_step(step: str) -> Response:
    """Take the caller's answer to one question, then ask the next one or end the call."""
    if step not in (Step.SCORE, Step.REASON, Step.PRAISE, Step.COMMENT):
        abort(404)
    # Each question asked gets its own URL (step and attempt), so a retry is told apart from
    # the caller's next try at the same question.
    attempt = request.args.get("attempt", default=1, type=int)
    return answer_once(event_key(step, str(attempt)), lambda: _take_answer(Step(step)))


@voice.post("/recording-status")
@twilio_webhook
def recording_status() -> Response:
    """Keep the caller's recorded comment once Twilio has finished storing it."""
    key = event_key("recording", _form("RecordingSid") or "-", _form("RecordingStatus") or "-")
    return answer_once(key, _recording_finished)


@voice.post("/status")
@twilio_webhook
def status() -> Response:
    """Record how the call ended, close a survey left mid-way, start an SMS survey if due."""
    return answer_once(event_key("status", _form("CallStatus") or "-"), _call_ended)


# --- When the database (or anything else) fails -----------------------------------------------


@voice.errorhandler(Exception)
def answer_without_the_database(error: Exception) -> Response:
    """TwiML that keeps the caller's experience whole, never an error Twilio would play."""
    if isinstance(error, HTTPException):  # a request that is not Twilio's: refused, in words
        return Response(error.description or error.name, status=error.code or 400,
                        mimetype="text/plain")
    if database_unreachable(error):
        note_outcome("unavailable")
        log.warning("voice webhook %s answered without the database: %s", request.endpoint,
                    type(error).__name__)
    else:
        note_outcome("error")
        log.exception("voice webhook %s failed; answered without it", request.endpoint)
    return Response(_answer_without_the_database(), status=200, mimetype=twiml.TWIML_MIMETYPE)


def _answer_without_the_database() -> str:
    """Connect to `FALLBACK_DIAL` or apologise; end a survey with thanks; acknowledge the rest."""
    settings = current_settings()
    if request.endpoint in ("voice.status", "voice.recording_status"):
        return twiml.acknowledge()  # nobody hears it; the catch-up job recovers what was lost
    try:
        caller = normalize_e164(request.form.get("From") or request.form.get("Caller"))
    except Exception:  # the body itself may be what failed
        caller = None
    language = survey_language(request.args.get("lang"), caller=caller,
                               default=settings.default_language)
    if request.endpoint == "voice.connect":
        address = settings.fallback_address
        if address:
            return twiml.dial_agent([address], None)
        return twiml.say_and_hang_up(prompts.cannot_connect(language), language)
    return twiml.say_and_hang_up(prompts.farewell(language, settings.company), language)


# --- Idempotency and the raw event ------------------------------------------------------------


def event_key(*parts: str) -> str:
    call_sid = _form("CallSid")
    if not call_sid or len(call_sid) > LONGEST_CALL_ID:
        abort(400, "CallSid is required, and no longer than a call id")
    return ":".join([EVENT_SOURCE, call_sid, *parts])[:255]


def answer_once(key: str, answer: Callable[[], str]) -> Response:
    """Run `answer` once per key and keep the raw event; a repeat gets the same TwiML back."""
    return webhook_events.answer_once(key, EVENT_SOURCE, answer, payload=_raw_event, status=200,
                                      mimetype=twiml.TWIML_MIMETYPE)


# What is kept of a webhook about a call whose number was erased: nothing that can name or
# quote the caller (their number, town, name, words or recording).
KEPT_AFTER_ERASURE = ("CallSid", "AccountSid", "CallStatus", "DialCallStatus", "Direction")


def _raw_event() -> dict[str, Any]:
    form = request.form.to_dict()
    if "caller_erased" not in g:  # a webhook that did not record the call itself
        g.caller_erased = caller_was_erased(find_call("twilio", _form("CallSid") or ""),
                                            normalize_e164(_form("From") or _form("Caller")))
    if g.caller_erased:
        form = {name: form[name] for name in KEPT_AFTER_ERASURE if name in form}
    return {"path": request.path, "query": request.args.to_dict(), "form": form}


# --- What the request says about the call -----------------------------------------------------


def _form(name: str) -> str | None:
    return request.form.get(name, "").strip() or None


def _seconds(name: str) -> int | None:
    """Whole seconds, or None: "²" passes `isdigit` but is no number, and a week is enough."""
    value = _form(name)
    if not value or not (value.isascii() and value.isdigit()) or len(value) > 6:
        return None
    return int(value)


def _heard() -> Heard:
    return Heard(
        call_sid=_form("CallSid") or "",
        digits=_form("Digits"),
        speech=_form("SpeechResult"),
        confidence=_form("Confidence"),
        recording_url=_form("RecordingUrl"),
        recording_sid=_form("RecordingSid"),
        recording_seconds=_seconds("RecordingDuration"),
    )


def _agent_at(address: str | None) -> Agent | None:
    if not address:
        return None
    candidates = {address, normalize_e164(address)} - {None}
    return db.session.scalar(
        sa.select(Agent).join(AgentAddress).where(AgentAddress.address.in_(candidates))
    )


def _agent_handle() -> str | None:
    return request.args.get("agent", "").strip().lower() or None


def _agent_named_by_request(named_by_handle: Agent | None) -> Agent | None:
    """`?agent=HANDLE` (read with the call), else the agent the call was made to
    (`To`/`Called`); looked up once."""
    if "agent_named" in g:
        return g.agent_named
    handle = _agent_handle()
    agent: Agent | None
    if handle:
        agent = named_by_handle
        if agent is None:
            log.warning("a Twilio call names an unknown agent handle %r", handle)
    else:
        agent = _agent_at(_form("To")) or _agent_at(_form("Called"))
    g.agent_named = agent
    return agent


def _survey_kind() -> SurveyKind:
    asked = request.args.get("survey", "").strip().lower()
    # The same choices as SURVEY_KIND.
    if asked in ("smiley", "nps", "ces"):
        return SurveyKind(asked)
    if asked:
        log.warning("unknown survey kind %r on a Twilio URL; using SURVEY_KIND", asked)
    return SurveyKind(current_settings().survey_kind)


def _language(agent: Agent | None, caller: str | None) -> str:
    """`?lang=`, then the agent's language, then the caller's country code, then the default."""
    return survey_language(request.args.get("lang"), agent.language if agent else None,
                           caller=caller, default=current_settings().default_language)


def _record_call(*, read_history: bool = False
                 ) -> tuple[Call, Agent | None, CallerHistory | None]:
    """The local record of this Twilio call, filled in with what this request adds, and the
    agent it names; with `read_history`, the caller's history for the survey decision too,
    read in the same statement."""
    call_sid = _form("CallSid") or ""
    caller = normalize_e164(_form("From") or _form("Caller"))
    now = utcnow()
    # Read as of now, the end of a call first heard of by its Dial action; the decision reads
    # it again if the call turns out to have ended earlier.
    read = history_read(caller, now, current_settings(), now) if read_history and caller else None
    known, named, values = find_call_with(
        "twilio", call_sid, agent_handle=_agent_handle(),
        with_addresses=request.endpoint == "voice.connect",  # the addresses it dials
        also=read.columns if read else (), params=read.params if read else None)
    history = history_of(caller, now, now, values) if read else None
    g.caller_erased = caller_was_erased(known, caller)
    agent = _agent_named_by_request(named)
    if agent is None and known is not None:
        agent = known.agent
    called = _form("To") or _form("Called")
    topic = request.args.get("topic", "").strip()
    call = fill_in_call(
        known,
        "twilio",
        call_sid,
        caller=caller,
        called=called[:200] if called else None,
        agent_id=agent.id if agent else None,
        topic=topic[:100] or None,
    )
    return call, agent, history


# --- What each webhook does -------------------------------------------------------------------


def _connect() -> str:
    call, agent, _ = _record_call()
    if agent is None or not agent.addresses:
        log.warning("a Twilio call could not be connected: no agent, or an agent without address")
        language = _language(agent, call.caller)
        return twiml.say_and_hang_up(prompts.cannot_connect(language), language)
    query = {"agent": agent.handle}
    for name in ("topic", "survey", "lang"):
        if request.args.get(name):
            query[name] = request.args[name]
    action = public_url(f"{VOICE_PATH}/after-call?{urlencode(query)}")
    return twiml.dial_agent([a.address for a in agent.addresses], action)


def _after_call() -> str:
    settings = current_settings()
    call, agent, history = _record_call(read_history=True)
    dial_status = _form("DialCallStatus")
    if dial_status:
        call.answered = dial_status in ANSWERED
    talked = _seconds("DialCallDuration")
    if talked is not None:
        call.duration_seconds = talked
    language = _language(agent, call.caller)
    call.language = call.language or language
    caller_gone = _form("CallStatus") == "completed"
    channel = Channel.SMS if caller_gone or settings.survey_channel == "sms" else Channel.IVR
    survey = open_survey(call, channel=channel, kind=_survey_kind(), language=language,
                         settings=settings, history=history)
    if survey.channel == Channel.SMS:
        start_sms_survey(survey, settings)
        return twiml.hang_up()
    return start_on_the_line(survey)


def _call_ended() -> str:
    settings = current_settings()
    call, agent, _ = _record_call()
    agent_named_here = g.agent_named  # as `_record_call` found it

    def decide_now() -> Survey:
        return open_survey(call, channel=Channel.SMS, kind=_survey_kind(),
                           language=call.language or _language(agent, call.caller),
                           settings=settings)

    # Only when the number dialled is the agent's own (or the URL names them): no Dial action
    # will name anyone else. Otherwise the Dial action decides, with the agent and whether they
    # answered; if none comes, the scheduler's catch-up job decides a minute later.
    record_call_end(call, _form("CallStatus") or "unknown",
                    duration_seconds=_seconds("CallDuration"), ended_at=utcnow(), settings=settings,
                    decide_now=decide_now if agent_named_here is not None else None)
    return twiml.acknowledge()


_ANYONE = (anyone_subscribes(),)  # the same column object each time: one statement, built once


def _take_answer(step: Step) -> str:
    heard = _heard()
    # Whether anyone subscribes to webhooks comes with the survey: an answer's events are
    # queued in its transaction, and need no statement of their own to find out.
    survey, values = survey_for_update_with("twilio", heard.call_sid, _ANYONE)
    if survey is not None:
        know_whether_anyone_subscribes(db.session(), values[0])
    if survey is not None:  # the raw event needs to know, and the call is at hand
        g.caller_erased = caller_was_erased(survey.call,
                                            normalize_e164(_form("From") or _form("Caller")))
    return take_answer(survey, step, heard)


def _recording_finished() -> str:
    if _form("RecordingStatus") == "completed":
        store_late_recording(_heard())
    return twiml.acknowledge()
