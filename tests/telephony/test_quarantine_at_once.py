"""The quarantine holds when calls from one caller end at the same moment: one survey SMS.

Ten phone-system hooks for ten calls from the same number arrive together; each request's
commit waits a moment, so that every request has read the caller's history before any has
written its survey. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import Session

from feedback_service.extensions import db
from feedback_service.surveys.models import QuarantineWindow, Survey, SurveyState
from tests.telephony.sms_fixtures import (
    SWEDISH_MOBILE,
    add_agent,
    call_ended_body,
    messages_to,
    pbx_headers,
    send_outbox,
    sms_settings,
)
from tests.telephony.test_concurrent_webhooks import at_once


@pytest.fixture
def app_settings(database_url):
    return sms_settings(database_url)


@pytest.fixture
def slow_hook_commits() -> Iterator[None]:
    def pause(_session: Session) -> None:
        if has_request_context() and request.path == "/hooks/call-ended":
            import time

            time.sleep(0.3)

    sa.event.listen(Session, "before_commit", pause)
    yield
    sa.event.remove(Session, "before_commit", pause)


def test_ten_calls_from_one_caller_ending_at_once_get_one_survey(app, slow_hook_commits):
    add_agent(app)
    bodies = [json.dumps(call_ended_body(call_id=f"pbx-race-{n}")).encode() for n in range(10)]

    def hook(raw: bytes):
        return app.test_client().post("/hooks/call-ended", data=raw, headers=pbx_headers(raw))

    replies = at_once(*[lambda raw=raw: hook(raw) for raw in bodies])

    assert sorted(reply.status_code for reply in replies) == [202] * 10, [
        reply.get_data(as_text=True) for reply in replies]
    send_outbox(app)
    assert len(messages_to(app, SWEDISH_MOBILE)) == 1
    with app.app_context():
        states = db.session.scalars(sa.select(Survey.state)).all()
        assert sorted(states).count(SurveyState.SKIPPED) == 9


def test_erasing_the_number_closes_its_window_and_the_next_call_is_asked(app, client, runner):
    add_agent(app)
    raw = json.dumps(call_ended_body()).encode()
    assert client.post("/hooks/call-ended", data=raw, headers=pbx_headers(raw)).json[
        "survey"] == "scheduled"

    assert runner.invoke(args=["privacy", "erase", SWEDISH_MOBILE]).exit_code == 0

    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(QuarantineWindow)) == 0
    again = json.dumps(call_ended_body()).encode()
    assert client.post("/hooks/call-ended", data=again, headers=pbx_headers(again)).json[
        "survey"] == "scheduled"
