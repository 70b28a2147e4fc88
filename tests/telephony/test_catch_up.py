"""The catch-up job recovers, through Twilio's REST API (faked by `responses`), what was lost.

During a database outage Twilio's webhooks fail and are not retried: a caller's text or the end of
a call would be lost. Once the database is back, the scheduler's `missed-webhooks` job asks
Twilio for them and feeds them through the same path the webhooks take.
"""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

import pytest
import requests
import responses
import sqlalchemy as sa
from responses import matchers

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.surveys.models import Call, Survey, SurveyState
from feedback_service.telephony.catch_up import MissedWebhooks
from feedback_service.telephony.models import InboundMessage, WebhookEvent
from tests.conftest import settings
from tests.telephony.sms_fixtures import (
    COMPANY_NUMBER,
    DANISH_MOBILE,
    SWEDISH_MOBILE,
    inbound_messages,
    post_call_ended,
    send_outbox,
    text_from,
    texts_to,
)
from tests.telephony.voice_calls import ACCOUNT_SID, TwilioCall, add_agent, new_sid

# At midday: Twilio's message list is asked for by the day (DateSent>) of the run's look-back,
# which the fake API below names as the day 90 minutes ago; near midnight in UTC the two differ.
pytestmark = pytest.mark.clock("2026-11-18T12:00:00+01:00")

API = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}"
REASON_QUESTION = "Vad gick mindre bra?"


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID=ACCOUNT_SID,
                    TWILIO_FROM_NUMBER=COMPANY_NUMBER, SMS_QUIET_HOURS="",
                    SURVEY_CHANNEL="sms")


@pytest.fixture(autouse=True)
def agents(client, api_headers):
    add_agent(client, api_headers, "anna")


@pytest.fixture
def twilio_api():
    with responses.RequestsMock() as mock:
        yield mock


def message(sid: str, *, sender: str, body: str, minutes_ago: float,
            direction: str = "inbound") -> dict:
    to = COMPANY_NUMBER if direction == "inbound" else sender
    return {"sid": sid, "account_sid": ACCOUNT_SID, "from": sender if direction == "inbound"
            else COMPANY_NUMBER, "to": to, "body": body, "direction": direction,
            "status": "received" if direction == "inbound" else "delivered",
            "date_sent": format_datetime(utcnow() - timedelta(minutes=minutes_ago),
                                         usegmt=True)}


def list_messages(twilio_api, *pages: list[dict]) -> None:
    """Twilio's answer to the Messages list, newest first, a page at a time."""
    day = (utcnow() - timedelta(minutes=90)).strftime("%Y-%m-%d")
    for number, records in enumerate(pages):
        query = {"DateSent>": day, "PageSize": "100"} if number == 0 else {
            "DateSent>": day, "PageSize": "100", "Page": str(number), "PageToken": f"PA{number}"}
        last = number == len(pages) - 1
        twilio_api.get(f"{API}/Messages.json", match=[matchers.query_param_matcher(query)],
                       json={"messages": records, "page": number, "page_size": 100,
                             "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
                             "next_page_uri": None if last else (
                                 f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json?"
                                 f"DateSent%3E={day}&PageSize=100&Page={number + 1}"
                                 f"&PageToken=PA{number + 1}")})


def call_at_twilio(twilio_api, call_sid: str, status: str, *, seconds: int = 140,
                   ended_minutes_ago: float = 10) -> None:
    end = format_datetime(utcnow() - timedelta(minutes=ended_minutes_ago), usegmt=True)
    twilio_api.get(f"{API}/Calls/{call_sid}.json", json={
        "sid": call_sid, "account_sid": ACCOUNT_SID, "status": status,
        "duration": str(seconds) if status == "completed" else None,
        "end_time": end if status == "completed" else None})


def catch_up(app, job: MissedWebhooks | None = None, *, later: timedelta = timedelta(minutes=2)):
    """Run the job as the scheduler does, a little after what the test set up."""
    with app.app_context():
        report = (job or MissedWebhooks()).catch_up(settings_of(app), utcnow() + later)
        db.session.remove()
        return dict(report)


def survey_waiting_for_a_score(app, client) -> None:
    """An SMS survey whose first question reached the caller; another number texted earlier."""
    post_call_ended(client)
    send_outbox(app)
    with app.app_context():
        db.session.add(InboundMessage(provider_message_id="SM" + "0" * 32,
                                      from_number=DANISH_MOBILE, to_number=COMPANY_NUMBER,
                                      body="Hej", outcome="no_survey",
                                      received_at=utcnow() - timedelta(minutes=60)))
        db.session.commit()


# --- Texts ------------------------------------------------------------------------------------


def test_a_text_sent_during_an_outage_is_answered_once_the_database_is_back(
        app, client, twilio_api):
    survey_waiting_for_a_score(app, client)
    lost = "SM" + "1" * 32
    list_messages(twilio_api, [
        message("SM" + "9" * 32, sender=SWEDISH_MOBILE, body="Tack", minutes_ago=20,
                direction="outbound-api"),
        message(lost, sender=SWEDISH_MOBILE, body="2 lång kö", minutes_ago=30),
        message("SM" + "0" * 32, sender=DANISH_MOBILE, body="Hej", minutes_ago=60),
    ])

    assert catch_up(app) == {"texts recovered": 1}

    recovered = next(m for m in inbound_messages(app) if m.provider_message_id == lost)
    assert (recovered.from_number, recovered.body, recovered.outcome) == (
        SWEDISH_MOBILE, "2 lång kö", "answered")
    assert abs(recovered.received_at - (utcnow() - timedelta(minutes=30))) < timedelta(minutes=1)
    assert texts_to(app, SWEDISH_MOBILE)[-1].startswith(REASON_QUESTION)
    survey = db_survey(app)
    assert (survey.response.score, survey.response.comment) == (2, "lång kö")


def test_a_text_refused_while_the_database_was_down_is_recovered(app, client, twilio_api):
    from feedback_service import create_app
    from tests.conftest import PUBLIC_BASE_URL, sign_twilio_request
    from tests.database_faults import REFUSING_DATABASE_URL

    survey_waiting_for_a_score(app, client)
    down = create_app(settings(REFUSING_DATABASE_URL)).test_client()
    text = {"MessageSid": "SM" + "7" * 32, "AccountSid": ACCOUNT_SID, "From": SWEDISH_MOBILE,
            "To": COMPANY_NUMBER, "Body": "1"}
    refused = down.post("/twilio/sms/inbound", data=text, headers={
        "X-Twilio-Signature": sign_twilio_request(PUBLIC_BASE_URL + "/twilio/sms/inbound", text)})
    assert refused.status_code == 503  # Twilio does not retry it
    list_messages(twilio_api, [message(text["MessageSid"], sender=SWEDISH_MOBILE, body="1",
                                       minutes_ago=5)])

    assert catch_up(app) == {"texts recovered": 1}
    assert db_survey(app).response.score == 1


def test_recovery_reads_back_to_the_last_text_stored_and_no_further(app, client, twilio_api):
    survey_waiting_for_a_score(app, client)
    list_messages(twilio_api,
                  [message("SM" + "2" * 32, sender=SWEDISH_MOBILE, body="1", minutes_ago=10)],
                  [message("SM" + "0" * 32, sender=DANISH_MOBILE, body="Hej", minutes_ago=60),
                   message("SM" + "3" * 32, sender=DANISH_MOBILE, body="Old", minutes_ago=70)])
    # A third page, older still, would fail the test: RequestsMock refuses unknown requests.

    assert catch_up(app) == {"texts recovered": 1}
    assert "SM" + "3" * 32 not in {m.provider_message_id for m in inbound_messages(app)}


def test_a_text_the_webhook_delivered_is_not_applied_twice(app, client, twilio_post, twilio_api):
    survey_waiting_for_a_score(app, client)
    delivered = "SM" + "4" * 32
    text_from(twilio_post, SWEDISH_MOBILE, "1", message_sid=delivered)
    texts_before = texts_to(app, SWEDISH_MOBILE)
    list_messages(twilio_api,
                  [message(delivered, sender=SWEDISH_MOBILE, body="1", minutes_ago=0)])

    assert catch_up(app) == {}
    assert texts_to(app, SWEDISH_MOBILE) == texts_before


def test_the_next_run_reads_from_where_this_one_stopped(app, client, twilio_api):
    survey_waiting_for_a_score(app, client)
    job = MissedWebhooks()
    list_messages(twilio_api, [message("SM" + "0" * 32, sender=DANISH_MOBILE, body="Hej",
                                       minutes_ago=60)])
    assert catch_up(app, job) == {}
    twilio_api.reset()
    list_messages(twilio_api, [message("SM" + "5" * 32, sender=SWEDISH_MOBILE, body="1",
                                       minutes_ago=1)])

    assert catch_up(app, job, later=timedelta(minutes=3)) == {"texts recovered": 1}


def test_a_new_deployment_does_not_answer_texts_from_before_it_existed(app, twilio_api):
    assert catch_up(app) == {}
    assert len(twilio_api.calls) == 0  # nothing stored yet: Twilio is not even asked
    assert inbound_messages(app) == []


def test_a_text_stored_but_never_applied_is_applied_by_the_next_run(app, client):
    survey_waiting_for_a_score(app, client)
    with app.app_context():
        db.session.add(InboundMessage(provider_message_id="SM" + "6" * 32,
                                      from_number=SWEDISH_MOBILE, to_number=COMPANY_NUMBER,
                                      body="1", outcome="received"))
        db.session.commit()
    settings_of(app).sms_backend = "console"  # the database alone is enough for this

    assert catch_up(app) == {"texts applied late": 1}
    assert db_survey(app).response.score == 1


def test_when_twilio_cannot_be_reached_the_job_says_so_and_goes_on(app, client, twilio_api,
                                                                  caplog):
    survey_waiting_for_a_score(app, client)
    twilio_api.get(f"{API}/Messages.json", body=requests.ConnectionError("no route"))

    assert catch_up(app) == {}
    assert "catch-up: Twilio could not be asked (ConnectionError)" in caplog.text


# --- Calls ------------------------------------------------------------------------------------


def test_the_end_of_a_call_lost_in_an_outage_is_read_from_twilio(app, twilio_post, twilio_api):
    settings_of(app).survey_channel = "ivr"
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    call.press("2")  # then the caller hangs up; the status callback is lost
    call_at_twilio(twilio_api, call.sid, "completed", seconds=140, ended_minutes_ago=10)

    assert catch_up(app) == {"call ends recovered": 1}

    with app.app_context():
        stored = db.session.scalar(sa.select(Call))
        assert (stored.status, stored.answered) == ("completed", True)
        assert abs(stored.ended_at - (utcnow() - timedelta(minutes=10))) < timedelta(minutes=1)
        assert stored.survey.state == SurveyState.ABANDONED  # the score stays
        event = db.session.scalar(sa.select(WebhookEvent).where(
            WebhookEvent.idempotency_key == f"twilio-voice:{call.sid}:status:completed"))
        assert event.payload["recovered_from"] == "twilio-api"
    # The callback, if it comes after all, changes nothing; nor does the next run.
    call.hang_up()
    assert catch_up(app) == {}


def test_a_call_still_going_is_left_alone_and_one_twilio_does_not_know_is_not_asked_again(
        app, twilio_post, twilio_api):
    going, unknown = TwilioCall(twilio_post), TwilioCall(twilio_post)
    going.connect()
    unknown.connect()
    call_at_twilio(twilio_api, going.sid, "in-progress")
    twilio_api.get(f"{API}/Calls/{unknown.sid}.json", status=404, json={
        "code": 20404, "message": "The requested resource was not found", "status": 404})
    job = MissedWebhooks()

    assert catch_up(app, job) == {}
    twilio_api.reset()
    call_at_twilio(twilio_api, going.sid, "in-progress")
    assert catch_up(app, job) == {}
    asked = [call.request.url for call in twilio_api.calls if "/Calls/" in call.request.url]
    assert asked == [f"{API}/Calls/{going.sid}.json"]
    with app.app_context():
        assert set(db.session.scalars(sa.select(Call.ended_at))) == {None}


def test_an_sms_survey_whose_callbacks_were_both_lost_goes_out_after_all(app, twilio_post,
                                                                         twilio_api):
    call = TwilioCall(twilio_post)
    call.connect()  # then the outage: neither the Dial action nor the status callback lands
    call_at_twilio(twilio_api, call.sid, "completed", seconds=140, ended_minutes_ago=10)

    assert catch_up(app) == {"call ends recovered": 1, "sms surveys decided": 1}

    survey = db_survey(app)
    assert (survey.state, survey.agent.handle) == (SurveyState.ACTIVE, "anna")
    assert len(texts_to(app, "+46701234567")) == 1


# --- Calls whose Dial action never came (SURVEY_CHANNEL=sms) ------------------------------------


def test_a_call_without_a_dial_action_gets_its_survey_a_minute_later(app, twilio_post):
    settings_of(app).sms_backend = "console"
    call = TwilioCall(twilio_post)
    call.connect()
    call.hang_up()  # the status callback; the company's flow sends no Dial action

    assert db_survey(app) is None
    assert catch_up(app, later=timedelta(seconds=10)) == {}  # the Dial action may still come
    assert catch_up(app) == {"sms surveys decided": 1}
    survey = db_survey(app)
    assert (survey.state, survey.agent.handle) == (SurveyState.ACTIVE, "anna")

    call.request("/twilio/voice/after-call?agent=anna", DialCallStatus="completed",
                 DialCallSid=new_sid("CA"), DialCallDuration="95")  # late after all
    assert len(texts_to(app, "+46701234567")) == 1


def test_a_survey_skipped_for_want_of_an_agent_is_decided_again_when_one_is_named(
        app, twilio_post):
    settings_of(app).sms_backend = "console"
    call = TwilioCall(twilio_post)
    call.hang_up()  # nothing names the agent
    catch_up(app)
    assert (db_survey(app).state, db_survey(app).skip_reason) == (SurveyState.SKIPPED,
                                                                   "unknown_agent")

    call.params["CallStatus"] = "completed"
    call.request("/twilio/voice/after-call?agent=anna", DialCallStatus="completed",
                 DialCallSid=new_sid("CA"), DialCallDuration="95")

    survey = db_survey(app)
    assert (survey.state, survey.agent.handle) == (SurveyState.ACTIVE, "anna")
    assert len(texts_to(app, "+46701234567")) == 1


def db_survey(app) -> Survey | None:
    with app.app_context():
        survey = db.session.scalar(sa.select(Survey))
        if survey is not None:
            survey.response  # noqa: B018  (loaded while the session is open)
            survey.agent  # noqa: B018
        return survey


# --- A text that fails for another reason than the database -----------------------------------


def test_a_text_that_cannot_be_applied_is_set_aside_and_the_others_go_on(
        app, client, twilio_api, monkeypatch, caplog):
    from feedback_service.telephony import inbound_sms

    survey_waiting_for_a_score(app, client)
    answer = inbound_sms.answer_inbound_sms

    def fails_on_one_text(phone, text, *args, **kwargs):
        if text == "poison":
            raise ValueError("a text no code path expected")
        return answer(phone, text, *args, **kwargs)

    monkeypatch.setattr(inbound_sms, "answer_inbound_sms", fails_on_one_text)
    list_messages(twilio_api, [
        message("SM" + "b" * 32, sender=SWEDISH_MOBILE, body="1", minutes_ago=10),
        message("SM" + "a" * 32, sender=DANISH_MOBILE, body="poison", minutes_ago=20),
    ])

    assert catch_up(app) == {"texts recovered": 2}

    outcomes = {m.provider_message_id: m.outcome for m in inbound_messages(app)}
    assert outcomes["SM" + "a" * 32] == "failed"
    assert outcomes["SM" + "b" * 32] == "answered"
    assert "catch-up: text SM" + "a" * 32 + " could not be applied; set aside" in caplog.text
    settings_of(app).sms_backend = "console"
    assert catch_up(app) == {}  # set aside: not tried every minute


def test_a_webhook_failing_for_another_reason_answers_500_in_plain_text(
        app, client, twilio_post, monkeypatch):
    from feedback_service.telephony import inbound_sms

    app.config["PROPAGATE_EXCEPTIONS"] = False
    survey_waiting_for_a_score(app, client)

    def refused(*_args, **_kwargs):
        raise sa.exc.IntegrityError("INSERT ...", {}, Exception("a constraint"))

    monkeypatch.setattr(inbound_sms, "answer_inbound_sms", refused)
    reply = text_from(twilio_post, SWEDISH_MOBILE, "1", message_sid="SM" + "c" * 32)

    assert (reply.status_code, reply.mimetype) == (500, "text/plain")  # not 503: no retry helps
    assert {m.provider_message_id: m.outcome for m in inbound_messages(app)}[
        "SM" + "c" * 32] == "received"


def test_twilios_retry_of_a_text_whose_webhook_failed_applies_it_once(
        app, client, twilio_post, monkeypatch):
    from feedback_service.telephony import inbound_sms

    app.config["PROPAGATE_EXCEPTIONS"] = False
    survey_waiting_for_a_score(app, client)
    answer = inbound_sms.answer_inbound_sms
    failing = True

    def fails_the_first_time(*args, **kwargs):
        if failing:
            raise ValueError("a text no code path expected")
        return answer(*args, **kwargs)

    monkeypatch.setattr(inbound_sms, "answer_inbound_sms", fails_the_first_time)
    sid = "SM" + "d" * 32
    texts_before = texts_to(app, SWEDISH_MOBILE)
    assert text_from(twilio_post, SWEDISH_MOBILE, "1", message_sid=sid).status_code == 500
    failing = False

    for _ in range(2):  # the retry (`#rp=5xx`), and one more
        assert text_from(twilio_post, SWEDISH_MOBILE, "1", message_sid=sid).status_code == 200

    assert {m.provider_message_id: m.outcome for m in inbound_messages(app)}[sid] == "answered"
    assert db_survey(app).response.score == 1
    assert len(texts_to(app, SWEDISH_MOBILE)) == len(texts_before) + 1  # one reply
