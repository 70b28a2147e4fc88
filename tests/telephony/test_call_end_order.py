"""The Dial action and the status callback race; either order ends with one survey, rightly aimed.

With `SURVEY_CHANNEL=sms` both webhooks can start the SMS survey, and Twilio does not say which
comes first. Only the Dial action (`/after-call?agent=...`) names the agent and says whether they
answered, so the survey must not be decided without it when it is on its way.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.surveys.models import Call, Survey, SurveyState
from tests.conftest import settings
from tests.telephony.voice_calls import SWEDISH_MOBILE, TwilioCall, add_agent, new_sid

AFTER_CALL = "/twilio/voice/after-call?agent=anna&topic=billing"


@pytest.fixture
def app_settings(database_url):
    # Sixteen webhooks at once on a busy machine can outlast the usual voice deadline (2 s) and
    # be answered without the database: these tests are of order (the deadline's are in
    # tests/telephony/test_database_outage.py), so they allow the longest one.
    return settings(database_url, SURVEY_CHANNEL="sms", SMS_QUIET_HOURS="",
                    VOICE_TIMEOUT_SECONDS=10)


@pytest.fixture(autouse=True)
def agents(client, api_headers):
    add_agent(client, api_headers, "anna")
    add_agent(client, api_headers, "bo", addresses=["+46101600099"])


def dial_action(call: TwilioCall, *, dial_status: str = "completed", seconds: int = 95) -> None:
    """Twilio asks the `<Dial action>` of the company's own flow; the caller has hung up."""
    call.params["CallStatus"] = "completed"
    call.request(AFTER_CALL, DialCallStatus=dial_status, DialCallSid=new_sid("CA"),
                 DialCallDuration=str(seconds))


def surveys_of(app, call: TwilioCall) -> list[dict]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Survey.state, Survey.skip_reason, Survey.agent_id, Survey.channel)
            .join(Call).where(Call.provider_call_id == call.sid)).all()
        handles = {agent_id: handle for agent_id, handle in db.session.execute(
            sa.text("SELECT id, handle FROM agents"))}
        return [{"state": state, "reason": reason, "agent": handles.get(agent_id),
                 "channel": channel} for state, reason, agent_id, channel in rows]


def questions_to(app, phone: str) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            sa.select(OutboxMessage.idempotency_key).where(OutboxMessage.recipient == phone)))


def test_dial_action_first_then_status(app, twilio_post):
    call = TwilioCall(twilio_post)
    dial_action(call)
    call.hang_up()

    assert surveys_of(app, call) == [{"state": SurveyState.ACTIVE, "reason": None,
                                      "agent": "anna", "channel": "sms"}]
    assert len(questions_to(app, SWEDISH_MOBILE)) == 1


def test_status_first_then_dial_action(app, twilio_post):
    call = TwilioCall(twilio_post)
    call.hang_up()
    dial_action(call)

    assert surveys_of(app, call) == [{"state": SurveyState.ACTIVE, "reason": None,
                                      "agent": "anna", "channel": "sms"}]
    assert len(questions_to(app, SWEDISH_MOBILE)) == 1


def test_status_first_through_connect_waits_for_whether_the_agent_answered(app, twilio_post):
    call = TwilioCall(twilio_post)
    call.connect()
    call.hang_up(call_seconds=140)  # the caller gave up while the agent's phone rang
    call.request("/twilio/voice/after-call?agent=anna", DialCallStatus="no-answer",
                 DialCallSid=new_sid("CA"), DialCallDuration="0")

    assert surveys_of(app, call) == [{"state": SurveyState.SKIPPED, "reason": "not_answered",
                                      "agent": "anna", "channel": "sms"}]
    assert questions_to(app, SWEDISH_MOBILE) == []


def test_a_status_callback_to_an_agents_own_line_decides_at_once(app, twilio_post):
    """No Dial action will come to name anyone else: the number dialled is the agent's."""
    call = TwilioCall(twilio_post, to="+46101600099")
    call.hang_up(call_seconds=80)

    assert surveys_of(app, call) == [{"state": SurveyState.ACTIVE, "reason": None,
                                      "agent": "bo", "channel": "sms"}]


@pytest.mark.postgres_only
def test_both_at_once_for_many_calls(app, twilio_post):
    calls = [TwilioCall(twilio_post, caller=f"+4670123450{n}") for n in range(8)]
    start = threading.Barrier(2 * len(calls))
    failures: list[BaseException] = []

    def at_once(step) -> None:
        start.wait()
        try:
            step()
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    threads = []
    for call in calls:
        # Each webhook from its own copy of the call's parameters, as Twilio sends them.
        status_call, dial_call = TwilioCall(twilio_post), TwilioCall(twilio_post)
        status_call.sid = dial_call.sid = call.sid
        status_call.params = {**call.params, "CallSid": call.sid}
        dial_call.params = {**call.params, "CallSid": call.sid}
        threads += [threading.Thread(target=at_once, args=(status_call.hang_up,)),
                    threading.Thread(target=at_once, args=(lambda c=dial_call: dial_action(c),))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    for call in calls:
        assert surveys_of(app, call) == [{"state": SurveyState.ACTIVE, "reason": None,
                                          "agent": "anna", "channel": "sms"}], call.sid
        assert len(questions_to(app, call.params["From"])) == 1
