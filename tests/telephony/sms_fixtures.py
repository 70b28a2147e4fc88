"""Shared steps for the SMS survey tests: agents, signed call-ended hooks, texts from callers.

A module's own `app_settings` fixture sets the app up with `sms_settings`, and
`pytestmark = pytest.mark.usefixtures("anna")` adds the agent whose calls it reports
(the `anna` fixture is in tests/conftest.py).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from feedback_service.extensions import db
from feedback_service.outbox.flush import flush_outbox
from feedback_service.outbox.models import OutboxMessage
from feedback_service.outbox.senders import ConsoleMailer, ConsoleSmsSender
from feedback_service.staff.directory import AgentChanges, upsert_agent, upsert_team
from feedback_service.surveys.models import Survey
from feedback_service.telephony.models import InboundMessage
from tests.conftest import settings

PBX_SECRET = "test-pbx-secret"
SWEDISH_MOBILE = "+46701234567"
DANISH_MOBILE = "+4520123456"
BRITISH_MOBILE = "+447911123456"
COMPANY_NUMBER = "+46101234567"

_ids = itertools.count(1)


def sms_settings(database_url: str, **overrides: object) -> dict[str, object]:
    """SMS surveys, with quiet hours off so a question is due whatever time the tests run."""
    return settings(database_url, SMS_QUIET_HOURS="", SURVEY_CHANNEL="sms", **overrides)


def add_agent(app: Flask, handle: str = "anna", name: str = "Anna Lindqvist",
              language: str | None = None) -> None:
    with app.app_context():
        upsert_team("support", "Support", [])
        upsert_agent(handle, AgentChanges(name=name, team="support", language=language))
        db.session.commit()


def pbx_headers(body: bytes, secret: str = PBX_SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Feedback-Signature": f"sha256={digest}", "Content-Type": "application/json"}


def call_ended_body(**fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "call_id": f"pbx-{next(_ids)}", "caller": SWEDISH_MOBILE, "agent": "anna",
        "topic": "billing", "answered": True, "duration_seconds": 140,
        "ended_at": datetime.now(UTC).isoformat(),
    }
    body.update(fields)
    return {name: value for name, value in body.items() if value is not ...}


def post_call_ended(client: FlaskClient, **fields: object):
    raw = json.dumps(call_ended_body(**fields)).encode()
    return client.post("/hooks/call-ended", data=raw, headers=pbx_headers(raw))


def send_outbox(app: Flask, now: datetime | None = None) -> dict[str, int]:
    """The scheduler's flush: what is due leaves the outbox (logged, as `SMS_BACKEND=console`)."""
    with app.app_context():
        return dict(flush_outbox(ConsoleSmsSender(), ConsoleMailer(), now=now))


def text_from(twilio_post, phone: str, body: str, message_sid: str | None = None):
    """The caller texts the service, as Twilio's messaging webhook delivers it."""
    sid = message_sid or f"SM{next(_ids):032d}"
    return twilio_post("/twilio/sms/inbound", {
        "MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32, "From": phone,
        "To": COMPANY_NUMBER, "Body": body, "NumMedia": "0",
    })


def messages_to(app: Flask, phone: str) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.recipient == phone)
            .order_by(OutboxMessage.id)))


def texts_to(app: Flask, phone: str) -> list[str]:
    return [message.body or "" for message in messages_to(app, phone)]


def inbound_messages(app: Flask) -> list[InboundMessage]:
    with app.app_context():
        return list(db.session.scalars(sa.select(InboundMessage).order_by(InboundMessage.id)))


def only_survey(app: Flask, phone: str) -> Survey:
    with app.app_context():
        survey = db.session.scalars(
            sa.select(Survey).where(Survey.caller == phone).order_by(Survey.id.desc())).first()
        assert survey is not None
        survey.response  # noqa: B018  (loaded while the session is open)
        return survey
