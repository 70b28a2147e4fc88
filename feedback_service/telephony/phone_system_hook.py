"""`POST /hooks/call-ended`: the signed JSON webhook for phone systems other than Twilio.

Handled in this order: signature, body, idempotency by `call_id`, the call and the survey
decision, and the answer kept with the event so a repeated `call_id` gets it again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import datetime, timedelta
from typing import Annotated, Any

from flask import Blueprint, g, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from werkzeug.exceptions import HTTPException

from feedback_service.database import utcnow
from feedback_service.database_engine import (
    answer_within_the_database_timeout,
    database_unreachable,
)
from feedback_service.extensions import csrf
from feedback_service.phone_numbers import normalize_e164
from feedback_service.settings import current_settings
from feedback_service.surveys import calls, decision
from feedback_service.surveys.flow import survey_language
from feedback_service.surveys.models import Channel, Survey, SurveyState
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.surveys.sms_conversation import start_sms_survey
from feedback_service.telephony.webhook_events import answer_once, stored_answer
from feedback_service.validation_errors import describe

log = logging.getLogger(__name__)

call_ended = Blueprint("call_ended", __name__, url_prefix="/hooks")
csrf.exempt(call_ended)  # authenticated by the HMAC signature
answer_within_the_database_timeout(call_ended)

SIGNATURE_HEADER = "X-Feedback-Signature"
PROVIDER = "pbx"
# Clocks drift a little; a call that ends further ahead than this is a clock set wrong.
FUTURE_TOLERANCE = timedelta(minutes=5)

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class CallEndedBody(BaseModel):
    """What a phone system reports about a finished call; fields it adds are ignored."""

    model_config = ConfigDict(extra="ignore")

    call_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=128)]
    caller: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] | None
    agent: Text
    topic: Text | None = None
    answered: bool
    duration_seconds: int = Field(ge=0, le=7 * 24 * 3600)  # a week: no call lasts longer
    ended_at: AwareDatetime
    # `sv`, `da` or `en`, alone or with a region ("en-GB"): what the call's column holds.
    language: Annotated[str, StringConstraints(
        pattern=r"^(sv|da|en)([-_][A-Za-z]{2})?$")] | None = None


def json_error(message: str, status: int) -> ResponseReturnValue:
    return jsonify(error=message), status


@call_ended.errorhandler(Exception)
def answer_failure(error: Exception) -> ResponseReturnValue:
    """JSON, never a page: 503 when the database is out of reach, so the phone system retries."""
    if isinstance(error, HTTPException):
        return json_error(error.description or error.name, error.code or 500)
    if database_unreachable(error):
        log.warning("call-ended hook: the database is out of reach (%s)", type(error).__name__)
        response = jsonify(error="the database is out of reach; send the call again later")
        response.headers["Retry-After"] = "60"
        return response, 503
    log.exception("call-ended hook failed")
    return json_error("internal error", 500)


def signature_is_valid(secret: str, body: bytes, header: str) -> bool:
    """`sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time."""
    scheme, _, given = header.strip().partition("=")
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    # Compared as bytes: `compare_digest` refuses str with non-ASCII characters.
    return scheme.lower() == "sha256" and hmac.compare_digest(given.lower().encode(),
                                                              expected.encode())


def _read_body(raw: bytes) -> CallEndedBody | str:
    """The body, or a sentence saying what is wrong with it."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return "the body is not JSON (or nested too deeply to read)"
    if not isinstance(data, dict):
        return "the body must be a JSON object"
    try:
        body = CallEndedBody.model_validate(data)
    except ValidationError as error:
        return describe(error)
    if body.caller and normalize_e164(body.caller) is None:
        return "caller: not a valid phone number in E.164 form, like +46701234567"
    return body


def out_of_date(ended_at: datetime, max_age_hours: int, now: datetime) -> str | None:
    """Why a call that ended at `ended_at` is not one to ask about now, or None when it is.

    A report long after the call (a replayed or queued-up body) would text a caller about a
    call they have forgotten; one from the future comes from a clock set wrong.
    """
    if ended_at < now - timedelta(hours=max_age_hours):
        hours = f"{max_age_hours} hour" + ("s" if max_age_hours != 1 else "")
        return (f"ended_at: the call ended more than {hours} ago (HOOK_MAX_AGE_HOURS); too late "
                "to ask the caller")
    if ended_at > now + FUTURE_TOLERANCE:
        return "ended_at: more than 5 minutes in the future; check the phone system's clock"
    return None


def _decide_survey(body: CallEndedBody) -> Survey:
    """Record the call and the survey decision; an eligible caller gets the first SMS queued."""
    settings = current_settings()
    caller = normalize_e164(body.caller) if body.caller else None
    now = utcnow()
    # The call, its agent and the caller's history in one statement; the decision reads the
    # history again in the rare case it was not about this call (one known and ended already).
    read = decision.history_read(caller, body.ended_at, settings, now) if caller else None
    known, agent, values = calls.find_call_with(
        PROVIDER, body.call_id, agent_handle=body.agent or None,
        also=read.columns if read else (), params=read.params if read else None)
    history = decision.history_of(caller, body.ended_at, now, values) if read else None
    g.caller_erased = calls.caller_was_erased(known, caller)
    call = calls.fill_in_call(
        known, PROVIDER, body.call_id, caller=caller, called=None,
        agent_id=agent.id if agent else None, topic=body.topic or None,
        answered=body.answered, status="completed" if body.answered else "no-answer",
        duration_seconds=body.duration_seconds, ended_at=body.ended_at,
        language=body.language,
    )
    language = survey_language(body.language, agent.language if agent else None,
                               caller=caller, default=settings.default_language)
    survey = decision.open_survey(call, channel=Channel.SMS, kind=SurveyKind(settings.survey_kind),
                                 language=language, settings=settings, history=history)
    start_sms_survey(survey, settings)
    return survey


def _event_to_keep(body: CallEndedBody) -> dict[str, Any]:
    """The event as understood, with the caller in E.164.

    Not the raw JSON: erasure finds a caller's events by their number in E.164, and fields the
    phone system adds (which may name the customer) are not ours to keep.
    """
    event = body.model_dump(mode="json")
    event["caller"] = normalize_e164(body.caller) if body.caller and not g.get(
        "caller_erased") else None
    return event


def _decision(survey: Survey) -> dict[str, Any]:
    if survey.state == SurveyState.SKIPPED:
        return {"survey": "skipped", "reason": survey.skip_reason}
    return {"survey": "scheduled", "reason": None,
            "send_at": survey.asked_at.isoformat() if survey.asked_at else None}


@call_ended.post("/call-ended")
def call_ended_hook() -> ResponseReturnValue:
    """A phone system reports a finished call; answer whether an SMS survey was scheduled."""
    secret = current_settings().pbx_webhook_secret
    if not secret:
        return json_error("the hook is off: set FEEDBACK_PBX_WEBHOOK_SECRET to turn it on", 404)
    raw = request.get_data(cache=False)
    if not signature_is_valid(secret, raw, request.headers.get(SIGNATURE_HEADER, "")):
        return json_error(f"{SIGNATURE_HEADER} is missing or does not match the body", 401)
    body = _read_body(raw)
    if isinstance(body, str):
        return json_error(body, 400)
    key = f"pbx-call-ended:{body.call_id}"
    if problem := out_of_date(body.ended_at, current_settings().hook_max_age_hours,
                              utcnow()):
        # A call already answered keeps its answer: a retry gets the same one, however late.
        return stored_answer(key) or json_error(problem, 400)
    return answer_once(
        key, "pbx-call-ended",
        lambda: json.dumps(_decision(_decide_survey(body))),
        payload=lambda: _event_to_keep(body), status=202, mimetype="application/json",
    )
