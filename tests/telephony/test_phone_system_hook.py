"""`POST /hooks/call-ended`: the signed JSON webhook other phone systems call when a call ends."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.settings import settings_of
from feedback_service.surveys import opt_outs
from feedback_service.surveys.models import Call, Survey, SurveyState
from feedback_service.telephony.models import WebhookEvent
from tests.telephony.sms_fixtures import (
    SWEDISH_MOBILE,
    add_agent,
    call_ended_body,
    messages_to,
    pbx_headers,
    post_call_ended,
    sms_settings,
)

pytestmark = pytest.mark.usefixtures("anna")  # the agent the calls are reported for


@pytest.fixture
def app_settings(database_url):
    return sms_settings(database_url)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_an_eligible_call_schedules_the_sms_survey(app, client):
    answer = post_call_ended(client, call_id="pbx-100", topic="invoices")

    assert answer.status_code == 202
    assert answer.json["survey"] == "scheduled"
    assert answer.json["reason"] is None
    [question] = messages_to(app, SWEDISH_MOBILE)
    assert question.idempotency_key.endswith(":score")
    assert "Anna på Acme" in question.body and "STOPP" in question.body
    with app.app_context():
        call = db.session.scalar(sa.select(Call).where(Call.provider_call_id == "pbx-100"))
        assert (call.provider, call.topic, call.agent.handle) == ("pbx", "invoices", "anna")
        assert call.survey.state == SurveyState.ACTIVE
        assert call.survey.channel == "sms"
        assert call.survey.language == "sv"  # the caller's country, as no language was given
        expiry = call.survey.expires_at - call.survey.asked_at
        assert expiry == timedelta(hours=settings_of(app).survey_expiry_hours)


def test_a_repeated_call_id_gets_the_same_answer_and_nothing_new(app, client):
    body = json.dumps(call_ended_body(call_id="pbx-7")).encode()
    first = client.post("/hooks/call-ended", data=body, headers=pbx_headers(body))
    again = client.post("/hooks/call-ended", data=body, headers=pbx_headers(body))
    changed = json.dumps(call_ended_body(call_id="pbx-7", answered=False)).encode()
    changed_answer = client.post("/hooks/call-ended", data=changed, headers=pbx_headers(changed))

    assert first.status_code == again.status_code == changed_answer.status_code == 202
    assert first.json == again.json == changed_answer.json
    assert len(messages_to(app, SWEDISH_MOBILE)) == 1
    assert count(app, Survey) == count(app, Call) == count(app, WebhookEvent) == 1


@pytest.mark.parametrize(("fields", "reason"), [
    ({"answered": False}, "not_answered"),
    ({"duration_seconds": 19}, "too_short"),
    ({"agent": "nobody"}, "unknown_agent"),
    ({"caller": None}, "no_caller_number"),
    ({"caller": "+46812345678"}, "not_a_mobile"),  # a Stockholm landline
])
def test_each_eligibility_rule_skips_with_its_reason(app, client, fields, reason):
    answer = post_call_ended(client, **fields)

    assert answer.status_code == 202
    assert answer.json == {"survey": "skipped", "reason": reason}
    with app.app_context():
        assert db.session.scalar(sa.select(Survey.skip_reason)) == reason
        assert db.session.scalars(sa.select(OutboxMessage)).all() == []


def test_an_opted_out_caller_is_skipped(app, client):
    with app.app_context():
        opt_outs.opt_out(SWEDISH_MOBILE, keyword="STOPP", source="sms")
        db.session.commit()

    assert post_call_ended(client).json == {"survey": "skipped", "reason": "opted_out"}


def test_a_caller_surveyed_within_the_quarantine_is_skipped(app, client):
    assert post_call_ended(client).json["survey"] == "scheduled"
    assert post_call_ended(client).json == {"survey": "skipped", "reason": "quarantine"}
    assert len(messages_to(app, SWEDISH_MOBILE)) == 1


def test_a_skipped_decision_does_not_start_the_quarantine(app, client):
    assert post_call_ended(client, duration_seconds=3).json["reason"] == "too_short"
    assert post_call_ended(client).json["survey"] == "scheduled"


def test_the_quarantine_can_be_turned_off(app, client):
    settings_of(app).quarantine_days = 0
    assert post_call_ended(client).json["survey"] == "scheduled"
    assert post_call_ended(client).json["survey"] == "scheduled"


def test_calls_outside_the_sample_are_skipped(app, client):
    settings_of(app).sample_rate = 0.0
    assert post_call_ended(client).json == {"survey": "skipped", "reason": "not_sampled"}


def test_in_quiet_hours_the_question_waits_for_the_morning(app, client):
    zone = settings_of(app).zone
    hour = datetime.now(zone).hour
    settings_of(app).sms_quiet_hours = f"{hour}-{(hour + 2) % 24}"

    answer = post_call_ended(client)

    [question] = messages_to(app, SWEDISH_MOBILE)
    send_at = question.not_before.astimezone(zone)
    assert (send_at.hour, send_at.minute) == ((hour + 2) % 24, 0)
    assert send_at > datetime.now(UTC)
    assert answer.json["survey"] == "scheduled"
    assert datetime.fromisoformat(answer.json["send_at"]) == question.not_before


@pytest.mark.parametrize(("language", "agent_language", "caller", "expected"), [
    ("da", None, SWEDISH_MOBILE, "da"),
    ("en-GB", None, SWEDISH_MOBILE, "en"),
    (None, "en", SWEDISH_MOBILE, "en"),
    (None, None, "+4520123456", "da"),
    (None, None, "+4915112345678", "sv"),  # a German mobile: the default language
])
def test_the_survey_language(app, client, language, agent_language, caller, expected):
    add_agent(app, handle="bo", name="Bo", language=agent_language)
    post_call_ended(client, agent="bo", caller=caller, language=language)

    with app.app_context():
        assert db.session.scalar(sa.select(Survey.language)) == expected


def test_a_bad_signature_is_refused_and_changes_nothing(app, client):
    body = json.dumps(call_ended_body()).encode()
    for headers in ({}, {"X-Feedback-Signature": "sha256=" + "0" * 64},
                    {"X-Feedback-Signature": "sha256=é" + "0" * 63},
                    pbx_headers(body, secret="another-secret"),
                    {"X-Feedback-Signature": pbx_headers(body)["X-Feedback-Signature"][7:]}):
        answer = client.post("/hooks/call-ended", data=body, headers=headers)
        assert answer.status_code == 401
        assert "X-Feedback-Signature" in answer.json["error"]
    assert count(app, Call) == 0


def test_a_body_changed_after_signing_is_refused(client):
    body = json.dumps(call_ended_body()).encode()
    headers = pbx_headers(body)
    tampered = body.replace(b'"answered": true', b'"answered": false')
    assert client.post("/hooks/call-ended", data=tampered, headers=headers).status_code == 401


@pytest.mark.parametrize(("raw", "message"), [
    (b"not json", "not JSON"),
    (b"\xff\xfe", "not JSON"),
    (b"[1, 2]", "JSON object"),
    (json.dumps(call_ended_body(call_id=...)).encode(), "call_id"),
    (json.dumps(call_ended_body(call_id="")).encode(), "call_id"),
    (json.dumps(call_ended_body(answered="maybe")).encode(), "answered"),
    (json.dumps(call_ended_body(duration_seconds=-5)).encode(), "duration_seconds"),
    (json.dumps(call_ended_body(ended_at="yesterday")).encode(), "ended_at"),
    (json.dumps(call_ended_body(ended_at="2026-03-02T10:00:00")).encode(), "ended_at"),
    (json.dumps(call_ended_body(caller="0701234567")).encode(), "caller"),
    (json.dumps(call_ended_body(caller="anonymous")).encode(), "caller"),
    (json.dumps(call_ended_body(agent=...)).encode(), "agent"),
])
def test_a_body_that_does_not_fit_gets_a_clear_400(app, client, raw, message):
    answer = client.post("/hooks/call-ended", data=raw, headers=pbx_headers(raw))

    assert answer.status_code == 400
    assert message in answer.json["error"]
    assert count(app, Call) == 0


def test_fields_a_phone_system_adds_are_ignored(client):
    assert post_call_ended(client, queue_id=42, recording=None).status_code == 202


def test_without_a_secret_the_hook_is_off(app, client):
    settings_of(app).pbx_webhook_secret = ""
    body = json.dumps(call_ended_body()).encode()

    answer = client.post("/hooks/call-ended", data=body, headers=pbx_headers(body))

    assert answer.status_code == 404
    assert "PBX_WEBHOOK_SECRET" in answer.json["error"]
    assert count(app, Call) == 0


# --- Freshness: only calls that ended lately, by a clock that is right --------------------------


@pytest.mark.parametrize(("ended", "message"), [
    (-timedelta(days=396), "ended more than 24 hours ago"),  # 13 months ago
    (-timedelta(hours=24, minutes=1), "ended more than 24 hours ago"),
    (datetime(2030, 1, 1, 9, 0, tzinfo=UTC), "more than 5 minutes in the future"),
    (timedelta(minutes=6), "more than 5 minutes in the future"),
])
def test_a_call_that_ended_long_ago_or_in_the_future_is_refused(app, client, ended, message):
    ended_at = datetime.now(UTC) + ended if isinstance(ended, timedelta) else ended
    answer = post_call_ended(client, ended_at=ended_at.isoformat())

    assert answer.status_code == 400
    assert message in answer.json["error"]
    assert answer.json["error"].startswith("ended_at: ")
    assert count(app, Call) == 0
    assert messages_to(app, SWEDISH_MOBILE) == []


@pytest.mark.parametrize(("ended", "zone"), [
    (-timedelta(hours=23, minutes=55), UTC),
    (timedelta(minutes=4), UTC),
    (timedelta(0), ZoneInfo("America/New_York")),  # any zone, as long as it says which
])
def test_a_call_that_ended_lately_by_a_clock_a_little_off_is_taken(client, ended, zone):
    answer = post_call_ended(client, ended_at=(datetime.now(zone) + ended).isoformat())

    assert answer.status_code == 202
    assert answer.json["survey"] == "scheduled"


def test_the_maximum_age_is_a_setting(app, client):
    settings_of(app).hook_max_age_hours = 72
    two_days_ago = (datetime.now(UTC) - timedelta(days=2)).isoformat()

    assert post_call_ended(client, ended_at=two_days_ago).status_code == 202
    settings_of(app).hook_max_age_hours = 1
    answer = post_call_ended(client, ended_at=two_days_ago)
    assert (answer.status_code, answer.json["error"]) == (
        400, "ended_at: the call ended more than 1 hour ago (HOOK_MAX_AGE_HOURS); too late to "
             "ask the caller")


def test_a_retry_of_a_call_already_answered_gets_its_answer_however_late(app, client):
    body = call_ended_body(call_id="pbx-late", ended_at=(
        datetime.now(UTC) - timedelta(hours=23)).isoformat())
    raw = json.dumps(body).encode()
    first = client.post("/hooks/call-ended", data=raw, headers=pbx_headers(raw))
    settings_of(app).hook_max_age_hours = 1  # as if the retry came a day later

    again = client.post("/hooks/call-ended", data=raw, headers=pbx_headers(raw))

    assert first.status_code == again.status_code == 202
    assert again.json == first.json
    assert len(messages_to(app, SWEDISH_MOBILE)) == 1
