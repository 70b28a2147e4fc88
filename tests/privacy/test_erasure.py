"""Erasure on request and the retention run: personal data goes, scores stay."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import responses
import sqlalchemy as sa

from feedback_service.coaching.digests import queue_weekly_digests
from feedback_service.coaching.kudos import queue_kudos_and_alerts
from feedback_service.coaching.weeks import week_at
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.outbox.queue import enqueue_email, enqueue_sms
from feedback_service.settings import settings_of
from feedback_service.staff.directory import AgentChanges, upsert_agent, upsert_team
from feedback_service.staff.models import Agent
from feedback_service.surveys import answers, calls, decision, opt_outs
from feedback_service.surveys.models import Call, Channel, OptOut, Response, Survey
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.telephony.models import InboundMessage, WebhookEvent, WebhookEventNumber
from tests.coaching.builders import a_team, an_agent, answered
from tests.conftest import settings
from tests.telephony.sms_fixtures import PBX_SECRET, add_agent, call_ended_body, pbx_headers

ACCOUNT_SID = "AC" + "1" * 32
CALLER = "+46701234567"
OTHER = "+46709876543"
RECORDINGS = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings"


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, TWILIO_ACCOUNT_SID=ACCOUNT_SID, RETENTION_DAYS=180)


def answered_call(app, call_sid, caller, *, days_ago=0, recording_sid=None):
    """A sad answer with a comment, a recording, an SMS each way and the raw webhook."""
    agent_id = db.session.scalar(sa.select(Agent.id).where(Agent.handle == "anna"))
    when = utcnow() - timedelta(days=days_ago)
    call = calls.find_or_create_call("twilio", call_sid, caller=caller, agent_id=agent_id,
                                       answered=True, duration_seconds=120, started_at=when)
    survey = decision.open_survey(call, channel=Channel.SMS, kind=SurveyKind.SMILEY,
                                 language="sv", settings=settings_of(app), now=when)
    survey.state = "active"
    response = answers.record_score(survey, 2, {"text": f"2 from {caller}"})
    response.received_at = when
    answers.record_comment(survey, {"text": "slow"}, text="Call me on 070-123 45 67",
                           recording_url=f"{RECORDINGS}/{recording_sid}" if recording_sid
                           else None, recording_sid=recording_sid, recording_seconds=7)
    response.follow_up.note = "Spoke to them at home"
    db.session.add(InboundMessage(provider_message_id=f"SM{call_sid}", from_number=caller,
                                  to_number="+46101600000", body="2 slow", received_at=when))
    message = enqueue_sms(f"survey:{call_sid}", to=caller, body="Hur gick samtalet?",
                          purpose="survey_question")
    message.status, message.created_at = "sent", when
    db.session.add(WebhookEvent(source="twilio-sms", idempotency_key=f"sms:{call_sid}",
                                payload={"From": caller, "Body": "2 slow"}, received_at=when))


@pytest.fixture
def two_callers(app):
    with app.app_context():
        upsert_team("support", "Support", [])
        upsert_agent("anna", AgentChanges(name="Anna", team="support"))
        db.session.flush()
        answered_call(app, "CA1", CALLER, recording_sid="RE" + "a" * 32)
        answered_call(app, "CA2", OTHER, recording_sid="RE" + "b" * 32)
        opt_outs.opt_out(CALLER, keyword="STOP", source="sms")
        db.session.commit()


def personal_data_of(caller_call_sid):
    call = db.session.scalar(sa.select(Call).where(Call.provider_call_id == caller_call_sid))
    response = db.session.scalar(sa.select(Response).where(Response.call_id == call.id))
    return {
        "caller": call.caller,
        "survey_caller": db.session.scalar(
            sa.select(Survey.caller).where(Survey.call_id == call.id)),
        "comment": response.comment,
        "recording": response.recording_url,
        "raw": response.raw_inputs,
        "note": response.follow_up.note,
        "score": (response.score, response.category),
    }


@responses.activate
def test_erase_removes_one_callers_data_and_keeps_scores(app, runner, two_callers):
    deleted = responses.delete(f"{RECORDINGS}/{'RE' + 'a' * 32}.json", status=204)
    result = runner.invoke(args=["privacy", "erase", "070-123 45 67"])
    assert result.exit_code != 0  # a national number without country code is refused
    result = runner.invoke(args=["privacy", "erase", "+46 70 123 45 67"])
    assert result.exit_code == 0, result.output
    assert "1 recordings" in result.output and "1 responses" in result.output
    assert deleted.call_count == 1

    with app.app_context():
        assert personal_data_of("CA1") == {
            "caller": None, "survey_caller": None, "comment": None, "recording": None,
            "raw": [], "note": None, "score": (2, "sad"),
        }
        assert personal_data_of("CA2")["comment"] == "Call me on 070-123 45 67"
        bodies = db.session.scalars(sa.select(InboundMessage.body)).all()
        assert sorted(bodies, key=str) == ["2 slow", None]
        events = db.session.scalars(sa.select(WebhookEvent.idempotency_key)).all()
        assert events == ["sms:CA2"]
        assert db.session.scalars(sa.select(WebhookEventNumber.phone)).all() == [OTHER]
        assert db.session.scalar(sa.select(OptOut.phone)) == CALLER


def test_erase_finds_a_call_another_phone_system_wrote_its_own_way(app, client, runner):
    settings = settings_of(app)
    settings.pbx_webhook_secret, settings.sms_quiet_hours = PBX_SECRET, ""
    settings.survey_channel = "sms"
    add_agent(app)
    raw = json.dumps(call_ended_body(caller="+46 70-123 45 67", customer="Eva Berg")).encode()
    assert client.post("/hooks/call-ended", data=raw, headers=pbx_headers(raw)).status_code == 202

    assert runner.invoke(args=["privacy", "erase", CALLER]).exit_code == 0
    with app.app_context():
        assert db.session.scalars(sa.select(WebhookEvent.payload)).all() == []
        assert db.session.scalars(sa.select(Call.caller)).all() == [None]


def test_erase_finds_the_number_in_any_field_of_a_payload_and_only_that_number(app, runner):
    with app.app_context():
        for key, payload in (
                ("sip", {"form": {"From": "sip:+46701234567@pbx.example", "To": "+46101600000"}}),
                ("forwarded", {"form": {"From": OTHER, "ForwardedFrom": CALLER}}),
                ("longer", {"form": {"From": CALLER + "8"}}),
                ("other", {"form": {"From": OTHER}})):
            db.session.add(WebhookEvent(source="twilio-voice", idempotency_key=key,
                                        payload=payload))
        db.session.commit()
    assert runner.invoke(args=["privacy", "erase", CALLER]).exit_code == 0
    with app.app_context():
        kept = db.session.scalars(sa.select(WebhookEvent.idempotency_key)).all()
        assert sorted(kept) == ["longer", "other"]


@responses.activate
def test_no_transaction_is_open_while_twilio_is_asked_to_delete_a_recording(app, runner,
                                                                             two_callers):
    in_transaction = []

    def twilio_deletes(request):
        in_transaction.append(db.session().in_transaction())
        return 204, {}, ""

    responses.add_callback(responses.DELETE, f"{RECORDINGS}/{'RE' + 'a' * 32}.json",
                           callback=twilio_deletes)
    assert runner.invoke(args=["privacy", "erase", CALLER]).exit_code == 0
    assert in_transaction == [False]
    with app.app_context():
        assert personal_data_of("CA1")["recording"] is None


@responses.activate
def test_a_recording_twilio_cannot_delete_now_is_kept_for_the_next_run(app, runner, two_callers):
    responses.delete(f"{RECORDINGS}/{'RE' + 'a' * 32}.json", status=503)
    runner.invoke(args=["privacy", "erase", CALLER])
    with app.app_context():
        assert personal_data_of("CA1")["recording"] is not None
        assert personal_data_of("CA1")["caller"] is None


@responses.activate
def test_purge_erases_only_what_is_past_retention(app, runner):
    deleted = responses.delete(f"{RECORDINGS}/{'RE' + 'c' * 32}.json", status=204)
    with app.app_context():
        upsert_team("support", "Support", [])
        upsert_agent("anna", AgentChanges(name="Anna", team="support"))
        db.session.flush()
        answered_call(app, "OLD", CALLER, days_ago=181, recording_sid="RE" + "c" * 32)
        answered_call(app, "NEW", OTHER, days_ago=179)
        for key, days_ago in (("kudos:old", 181), ("kudos:new", 179)):
            mail = enqueue_email(key, to="anna@example.com", subject="Kudos",
                                 text="Call me on 070-123 45 67", html=None, purpose="kudos")
            mail.status, mail.created_at = "sent", utcnow() - timedelta(days=days_ago)
        db.session.commit()

    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert deleted.call_count == 1
    with app.app_context():
        old, new = personal_data_of("OLD"), personal_data_of("NEW")
        assert (old["caller"], old["comment"], old["recording"]) == (None, None, None)
        assert old["score"] == (2, "sad")
        assert (new["caller"], new["comment"]) == (OTHER, "Call me on 070-123 45 67")
        mails = db.session.execute(sa.select(OutboxMessage.idempotency_key, OutboxMessage.body)
                                   .where(OutboxMessage.channel == "email")).all()
        assert sorted(mails) == [("kudos:new", "Call me on 070-123 45 67"), ("kudos:old", None)]
        sms = db.session.scalars(sa.select(OutboxMessage.recipient)
                                 .where(OutboxMessage.channel == "sms")).all()
        assert sorted(sms, key=str) == [OTHER, None]
        assert db.session.scalars(sa.select(InboundMessage.body)).all().count(None) == 1
        assert len(db.session.scalars(sa.select(WebhookEvent.id)).all()) == 1
        # The numbers kept beside a payload go with it.
        assert db.session.scalars(sa.select(WebhookEventNumber.phone)).all() == [OTHER]
    assert "nothing to erase" in runner.invoke(args=["privacy", "purge"]).output


def test_erasure_on_request_takes_the_keyed_number_too_and_retention_keeps_it(app, runner):
    with app.app_context():
        upsert_team("support", "Support", [])
        upsert_agent("anna", AgentChanges(name="Anna Lind", team="support"))
        db.session.flush()
        answered_call(app, "CAold", OTHER, days_ago=200)
        answered_call(app, "CAnew", CALLER)
        db.session.commit()
    assert runner.invoke(args=["privacy", "purge"]).exit_code == 0
    assert runner.invoke(args=["privacy", "erase", CALLER]).exit_code == 0
    with app.app_context():
        keys = dict(db.session.execute(
            sa.select(Call.provider_call_id, Survey.caller_key).join(Survey.call)).all())
        # Past retention the number goes but its keyed hash stays, for first-contact figures;
        # erasure on request removes even that.
        assert keys["CAold"] is not None and len(keys["CAold"]) == 64
        assert keys["CAnew"] is None


@responses.activate
def test_erasure_goes_on_when_twilio_cannot_be_reached(app, runner, two_callers, caplog):
    import requests

    url = f"{RECORDINGS}/{'RE' + 'a' * 32}.json"
    responses.delete(url, body=requests.ConnectionError("Twilio is unreachable"))
    result = runner.invoke(args=["privacy", "erase", CALLER])
    assert result.exit_code == 0, result.output
    assert "1 recording could not be deleted at Twilio" in result.output
    with app.app_context():
        erased = personal_data_of("CA1")
        assert (erased["caller"], erased["comment"], erased["note"], erased["raw"]) == (
            None, None, None, [])
        assert erased["recording"] == f"{RECORDINGS}/{'RE' + 'a' * 32}"  # kept to retry
    assert CALLER not in caplog.text and "0701234567" not in caplog.text.replace(" ", "")
    assert "kept for the next retention run" in caplog.text

    # Twilio is back: the nightly run deletes the recording it could not delete then.
    responses.replace(responses.DELETE, url, status=204)
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 recordings" in result.output
    with app.app_context():
        assert personal_data_of("CA1")["recording"] is None
        assert personal_data_of("CA2")["comment"] == "Call me on 070-123 45 67"


def quoting_mail(key, response_ids, *, status="sent", days_ago=0):
    mail = enqueue_email(key, to="sara@example.com", subject=f"About {key}",
                         text="They said: Call me on 070-123 45 67",
                         html="<p>They said: Call me on 070-123 45 67</p>", purpose=key,
                         quotes=response_ids)
    mail.status, mail.created_at = status, utcnow() - timedelta(days=days_ago)


def response_id_of(call_sid):
    return db.session.scalar(sa.select(Response.id).join(Call, Response.call_id == Call.id)
                             .where(Call.provider_call_id == call_sid))


def mails():
    return {key: (status, body, html) for key, status, body, html in db.session.execute(
        sa.select(OutboxMessage.idempotency_key, OutboxMessage.status, OutboxMessage.body,
                  OutboxMessage.html_body).where(OutboxMessage.channel == "email"))}


@responses.activate
def test_erasure_reaches_the_mails_that_quote_the_callers_comment(app, runner, two_callers):
    responses.delete(f"{RECORDINGS}/{'RE' + 'a' * 32}.json", status=204)
    with app.app_context():
        erased, kept = response_id_of("CA1"), response_id_of("CA2")
        quoting_mail("kudos", [erased])
        quoting_mail("digest", [kept, erased])
        quoting_mail("alert-waiting", [erased], status="pending")
        quoting_mail("other-caller", [kept])
        db.session.commit()

    result = runner.invoke(args=["privacy", "erase", CALLER])
    assert result.exit_code == 0, result.output
    assert "3 mails" in result.output
    with app.app_context():
        quoted = "They said: Call me on 070-123 45 67"
        assert mails() == {
            "kudos": ("sent", None, None),
            "digest": ("sent", None, None),
            "alert-waiting": ("failed", None, None),  # never sent without its comment
            "other-caller": ("sent", quoted, f"<p>{quoted}</p>"),
        }


def test_retention_reaches_a_recent_mail_that_quotes_an_old_answer(app, runner):
    with app.app_context():
        upsert_team("support", "Support", [])
        upsert_agent("anna", AgentChanges(name="Anna", team="support"))
        db.session.flush()
        answered_call(app, "OLD", CALLER, days_ago=181)
        answered_call(app, "NEW", OTHER, days_ago=10)
        quoting_mail("digest-old-answer", [response_id_of("OLD")], days_ago=9)
        quoting_mail("digest-new-answer", [response_id_of("NEW")], days_ago=9)
        db.session.commit()

    assert runner.invoke(args=["privacy", "purge"]).exit_code == 0
    with app.app_context():
        assert mails()["digest-old-answer"] == ("sent", None, None)
        assert mails()["digest-new-answer"][1] is not None


def test_the_retention_run_forgets_failed_logins_after_a_day(app, runner):
    from feedback_service.staff.models import LoginFailure

    with app.app_context():
        for hours_ago in (25, 2):
            db.session.add(LoginFailure(client_address="198.51.100.7",
                                        failed_at=utcnow() - timedelta(hours=hours_ago)))
        db.session.commit()
    assert "1 failed logins" in runner.invoke(args=["privacy", "purge"]).output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure)) == 1


def test_erasure_reaches_the_digests_kudos_and_alerts_that_quote_the_caller(app, runner):
    with app.app_context():
        a_team("support", "Support", {"sara@example.com": "en"})
        anna = an_agent("anna", "Anna Lind", "support")
        when = utcnow() - timedelta(days=7)
        answered(anna, when, settings_of(app), 2, reason="manner", comment="Hon var otrevlig",
                 caller=CALLER)
        answered(anna, when + timedelta(minutes=5), settings_of(app), 1, comment="Toppen!",
                 caller=CALLER)
        answered(anna, when + timedelta(minutes=9), settings_of(app), 1, comment="Bra jobbat",
                 caller=OTHER)
        db.session.commit()
        queue_kudos_and_alerts(settings_of(app), now=when + timedelta(minutes=30))
        queue_weekly_digests(week_at(when, settings_of(app).zone), settings_of(app))
        mails = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
        assert mails == 5  # two kudos, one alert, Sara's digest, Anna's summary
    assert runner.invoke(args=["privacy", "erase", CALLER]).exit_code == 0
    with app.app_context():
        bodies = [message.body or "" for message in db.session.scalars(sa.select(OutboxMessage))]
    assert not any("otrevlig" in body or "Toppen" in body for body in bodies)
    # What another caller said stays in the mails that quote it.
    assert any("Bra jobbat" in body for body in bodies)


@responses.activate
def test_erase_reaches_the_recording_callbacks_that_name_no_number(app, runner, two_callers,
                                                                  twilio_post):
    for sid, call_sid in (("RE" + "a" * 32, "CA1"), ("RE" + "b" * 32, "CA2")):
        responses.delete(f"{RECORDINGS}/{sid}.json", status=204)
        # Twilio's recording callback names the call and the recording, never the caller.
        reply = twilio_post("/twilio/voice/recording-status", {
            "AccountSid": ACCOUNT_SID, "CallSid": call_sid, "RecordingSid": sid,
            "RecordingUrl": f"{RECORDINGS}/{sid}", "RecordingStatus": "completed",
            "RecordingDuration": "7"})
        assert reply.status_code == 200

    assert runner.invoke(args=["privacy", "erase", CALLER]).exit_code == 0

    with app.app_context():
        payloads = json.dumps(db.session.scalars(sa.select(WebhookEvent.payload)).all())
        assert "RE" + "a" * 32 not in payloads
        assert "RE" + "b" * 32 in payloads  # the other caller's stays
