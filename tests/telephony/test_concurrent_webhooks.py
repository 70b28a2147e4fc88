"""Webhooks arriving at once on PostgreSQL: none fails, a conversation moves a step at a time.

Each test sends real requests from several threads at once. A short pause before each commit
(`slow_commits`) holds every request's transaction open long enough for the others to read the
same rows, so a race that would happen now and then in production happens every time here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import Session

from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage, OutboxStatus
from feedback_service.settings import settings_of
from feedback_service.surveys.models import OptOut, Survey, SurveyState
from tests.telephony.sms_fixtures import (
    SWEDISH_MOBILE,
    messages_to,
    post_call_ended,
    send_outbox,
    sms_settings,
    text_from,
)
from tests.telephony.voice_calls import TwilioCall

# `anna`: the agent the calls are reported for.
pytestmark = [pytest.mark.postgres_only, pytest.mark.usefixtures("anna")]

NATIONAL_DIGITS = SWEDISH_MOBILE.removeprefix("+46")


@pytest.fixture
def app_settings(database_url):
    return sms_settings(database_url)


@pytest.fixture
def slow_commits() -> Iterator[None]:
    """Every webhook's commit waits a moment, so that requests sent at once overlap."""

    def pause(_session: Session) -> None:
        if has_request_context() and request.path.startswith("/twilio/"):
            time.sleep(0.3)

    sa.event.listen(Session, "before_commit", pause)
    yield
    sa.event.remove(Session, "before_commit", pause)


@pytest.fixture
def errors_as_responses(app):
    """500s as Twilio would see them (and the log line they leave), not exceptions in the test."""
    app.config["PROPAGATE_EXCEPTIONS"] = False


def at_once(*requests: Callable[[], object]) -> list:
    """Run the requests from as many threads, released together; their replies, in order."""
    start = threading.Barrier(len(requests))
    replies: list = [None] * len(requests)

    def run(index: int, send: Callable[[], object]) -> None:
        start.wait()
        replies[index] = send()

    threads = [threading.Thread(target=run, args=(n, send)) for n, send in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return replies


def test_eight_stops_at_once_opt_out_once_and_log_no_number(app, twilio_post, slow_commits,
                                                           errors_as_responses, caplog):
    caplog.set_level(logging.DEBUG)

    replies = at_once(*[lambda n=n: text_from(twilio_post, SWEDISH_MOBILE, "STOPP",
                                              message_sid=f"SM{n:032d}") for n in range(8)])

    assert [reply.status_code for reply in replies] == [200] * 8
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OptOut)) == 1
    assert NATIONAL_DIGITS not in caplog.text


def test_twenty_identical_status_callbacks_at_once(app, twilio_post, slow_commits,
                                                  errors_as_responses):
    with app.app_context():
        db.session.add(OutboxMessage(idempotency_key="survey:1:score", channel="sms",
                                     purpose="survey_question", recipient=SWEDISH_MOBILE,
                                     body="Hur gick det?", status=OutboxStatus.SENT,
                                     provider_message_id="SM" + "d" * 32))
        db.session.commit()
    callback = {"MessageSid": "SM" + "d" * 32, "MessageStatus": "delivered",
                "AccountSid": "AC" + "0" * 32, "To": SWEDISH_MOBILE}

    replies = at_once(*[lambda: twilio_post("/twilio/sms/status", callback)] * 20)

    assert [reply.status_code for reply in replies] == [204] * 20
    [message] = messages_to(app, SWEDISH_MOBILE)
    assert message.status == OutboxStatus.DELIVERED


def test_ten_unclear_texts_at_once_get_two_clarifications_at_most(app, client, twilio_post,
                                                                 slow_commits):
    post_call_ended(client)
    send_outbox(app)  # the first question leaves
    [question] = messages_to(app, SWEDISH_MOBILE)

    replies = at_once(*[lambda n=n: text_from(twilio_post, SWEDISH_MOBILE, "hmm?",
                                              message_sid=f"SM{n:032d}") for n in range(10)])

    assert [reply.status_code for reply in replies] == [200] * 10
    clarifications = [message for message in messages_to(app, SWEDISH_MOBILE)
                      if message.id != question.id]
    assert len(clarifications) == 2
    with app.app_context():
        assert db.session.scalar(sa.select(Survey.attempts)) == 10


def test_unclear_answers_to_two_tries_at_once_count_as_two(app, client, api_headers,
                                                          twilio_post, slow_commits):
    """The second and the third try at the score, heard at once: the third ends the survey."""
    from tests.telephony.voice_calls import add_agent

    add_agent(client, api_headers, "anna")
    settings_of(app).survey_channel = "ivr"
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    call.press("*")  # not an answer: asked again, as attempt 2
    params = {**call.params, "Digits": "*"}

    replies = at_once(
        lambda: twilio_post("/twilio/voice/survey/score?attempt=2", params),
        lambda: twilio_post("/twilio/voice/survey/score?attempt=3", params))

    assert [reply.status_code for reply in replies] == [200, 200]
    texts = [reply.get_data(as_text=True) for reply in replies]
    assert sum("<Hangup" in text for text in texts) == 1  # the third miss says goodbye
    with app.app_context():
        survey = db.session.scalar(sa.select(Survey))
        assert (survey.state, survey.attempts) == (SurveyState.ABANDONED, 3)


def test_of_two_answers_at_once_the_first_heard_is_kept(app, client, api_headers, twilio_post,
                                                       slow_commits):
    """A second answer, heard while the first is being saved, never overwrites it."""
    from tests.telephony.voice_calls import add_agent

    add_agent(client, api_headers, "anna")
    settings_of(app).survey_channel = "ivr"
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    call.press("2")  # sad: the reason question follows
    replies: list = []
    first = threading.Thread(target=lambda: replies.append(twilio_post(
        "/twilio/voice/survey/reason?attempt=2", {**call.params, "Digits": "3"})))
    first.start()
    time.sleep(0.1)  # the first is saving its answer when the second comes

    second = twilio_post("/twilio/voice/survey/reason?attempt=1", {**call.params, "Digits": "1"})
    first.join(timeout=30)

    assert [reply.status_code for reply in [*replies, second]] == [200, 200]
    with app.app_context():
        from feedback_service.surveys.models import Response

        response = db.session.scalar(sa.select(Response))
        assert response.reason == "manner"
        assert [entry.get("digits") for entry in response.raw_inputs
                if entry["step"] == "reason"] == ["3"]
