"""Unusual input gets a clear 4xx, never a 500; a caller's own words are stored as received."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.surveys.models import Call
from tests.telephony.sms_fixtures import (
    SWEDISH_MOBILE,
    inbound_messages,
    pbx_headers,
    post_call_ended,
    sms_settings,
    text_from,
    texts_to,
)
from tests.telephony.voice_calls import ACCOUNT_SID, COMPANY_NUMBER
from tests.web.login_form import log_in

pytestmark = pytest.mark.usefixtures("anna")  # the agent the calls are reported for


@pytest.fixture
def app_settings(database_url):
    """SMS surveys, quiet hours off."""
    return sms_settings(database_url)


def test_a_nul_in_the_login_email_is_a_failed_login(client, organisation):
    assert log_in(client, "anna@example.com\x00").status_code in (400, 401)
    assert log_in(client, "anna@example.com").status_code == 302


@pytest.mark.parametrize("next_path", ["/%0d%0aSet-Cookie:x=1", "/me%0a", "/%09/evil.example"])
def test_after_login_a_next_with_control_characters_goes_to_the_start(
        client, organisation, next_path):
    reply = log_in(client, "anna@example.com", next_path=next_path)
    assert reply.status_code == 302
    assert reply.location == "/"
    assert "x=1" not in reply.headers.get("Set-Cookie", "")


def test_an_sms_with_a_nul_is_stored_as_received_and_answered(app, twilio_post):
    post_call_ended(app.test_client())
    reply = text_from(twilio_post, SWEDISH_MOBILE, "2\x00 slow")
    assert reply.status_code == 200
    [message] = inbound_messages(app)
    assert message.body == "2\ufffd slow"  # the one character no database text can hold
    assert message.outcome not in ("received", "processing")
    assert len(texts_to(app, SWEDISH_MOBILE)) == 2  # the question, then the reply's answer


@pytest.mark.parametrize(("fields", "message"), [
    ({"language": "english"}, "language"),
    ({"duration_seconds": 2**31}, "duration_seconds"),
    ({"call_id": "x" * 129}, "call_id"),
    ({"call_id": "pbx\x00-1"}, "NUL"),
])
def test_a_hook_body_that_does_not_fit_is_a_400(app, client, fields, message):
    reply = post_call_ended(client, **fields)
    assert reply.status_code == 400
    assert message in reply.json["error"]
    with app.app_context():
        assert db.session.scalars(sa.select(Call)).all() == []


@pytest.mark.parametrize("raw", [b"[" * 100_000 + b"]" * 100_000,
                                 b'{"call_id": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"])
def test_deeply_nested_json_is_a_400(client, api_headers, raw):
    assert client.post("/hooks/call-ended", data=raw, headers=pbx_headers(raw)).status_code == 400
    reply = client.put("/api/v1/agents/anna", data=raw,
                       headers={**api_headers, "Content-Type": "application/json"})
    assert reply.status_code == 400


def sms_form(sid: str, body: str = "1") -> dict[str, str]:
    return {"MessageSid": sid, "SmsSid": sid, "AccountSid": ACCOUNT_SID,
            "From": SWEDISH_MOBILE, "To": COMPANY_NUMBER, "Body": body}


def test_a_message_sid_longer_than_twilios_is_a_400(twilio_post):
    assert twilio_post("/twilio/sms/inbound", sms_form("SM" + "1" * 63)).status_code == 400
    status = {"MessageSid": "SM" + "1" * 300, "MessageStatus": "delivered",
              "AccountSid": ACCOUNT_SID}
    assert twilio_post("/twilio/sms/status", status).status_code == 400


@pytest.mark.parametrize("path", ["/twilio/voice/connect?agent=anna", "/twilio/voice/status"])
def test_a_call_sid_longer_than_a_call_id_can_be_is_a_400(twilio_post, path):
    form = {"CallSid": "CA" + "1" * 127, "AccountSid": ACCOUNT_SID, "From": SWEDISH_MOBILE,
            "To": COMPANY_NUMBER, "CallStatus": "completed"}
    assert twilio_post(path, form).status_code == 400


@pytest.mark.parametrize("duration", ["²", "1" * 30, "-5", "12.5"])
def test_an_odd_dial_duration_is_ignored(app, twilio_post, duration):
    reply = twilio_post("/twilio/voice/after-call?agent=anna", {
        "CallSid": "CA" + "2" * 32, "AccountSid": ACCOUNT_SID, "From": SWEDISH_MOBILE,
        "To": COMPANY_NUMBER, "CallStatus": "in-progress", "DialCallStatus": "completed",
        "DialCallDuration": duration})
    assert reply.status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(Call.duration_seconds)) is None


@pytest.mark.parametrize("query", [{"since": "0001-01-01"}, {"until": "9999-12-31"},
                                   {"since": "0001-01-01T00:00:00Z"},
                                   {"until": "9999-12-31T23:59:59+14:00"}])
@pytest.mark.parametrize("path", ["/api/v1/responses", "/api/v1/responses.csv"])
def test_api_dates_outside_what_can_be_stored_are_a_400(client, api_headers, path, query):
    reply = client.get(path, query_string=query, headers=api_headers)
    assert reply.status_code == 400
    assert "1970-01-01" in reply.json["error"]


@pytest.mark.parametrize("query", ["from=0001-01-01", "until=9999-12-31",
                                   "from=0001-01-01&until=0001-01-02"])
@pytest.mark.parametrize("path", ["/me", "/me/answers.csv", "/teams/support",
                                  "/teams/support/agents/anna/answers.csv"])
def test_page_dates_outside_what_can_be_stored_fall_back_to_the_default(
        client, organisation, path, query):
    user = "sara@example.com" if path.startswith("/teams") else "anna@example.com"
    log_in(client, user)
    assert client.get(f"{path}?{query}").status_code == 200


@pytest.mark.parametrize("path", ["/teams/%00", "/teams/support/agents/%00",
                                  "/answers/99999999999999999999/recording",
                                  "/follow-ups?show=%00", "/me?from=%00"])
def test_odd_paths_and_queries_on_pages_are_a_4xx(client, organisation, path):
    log_in(client, "sara@example.com")
    assert 400 <= client.get(path).status_code < 500


def test_a_huge_follow_up_id_is_a_404(client, organisation):
    log_in(client, "sara@example.com")
    page = client.get("/follow-ups").get_data(as_text=True)
    from tests.web.login_form import csrf_token_in

    reply = client.post("/follow-ups/99999999999999999999",
                        data={"status": "resolved", "csrf_token": csrf_token_in(page)})
    assert reply.status_code == 404


@pytest.mark.parametrize("query", [{"agent": "\x00"}, {"team": "a\x00"}, {"since": "\x00"}])
def test_a_nul_in_an_api_filter_is_a_400(client, api_headers, query):
    assert client.get("/api/v1/responses", query_string=query,
                      headers=api_headers).status_code == 400


@pytest.mark.parametrize("raw", ["%ff%fe", "%c3%28", "%80", "%ed%a0%80"])
@pytest.mark.parametrize("path", ["/api/v1/responses", "/api/v1/responses.csv",
                                  "/api/v1/summaries", "/api/v1/trends"])
def test_a_query_that_is_not_utf8_is_never_a_500(client, api_headers, path, raw):
    for name in ("team", "since", "week", "grain"):
        reply = client.get(f"{path}?{name}={raw}", headers=api_headers)
        reply.close()  # a streamed CSV: end its generator here
        assert reply.status_code in (200, 400), (name, raw)


def test_a_nul_in_an_api_body_is_a_400(client, api_headers):
    reply = client.put("/api/v1/agents/anna", headers=api_headers,
                       data=json.dumps({"name": "An\x00na"}),
                       content_type="application/json")
    assert reply.status_code == 400


# --- Found by hand: each answered 500 once ---------------------------------------------------


@pytest.mark.parametrize("after", [str(2**31 - 1), str(2**31), str(2**63 - 1)])
def test_an_after_beyond_any_answer_id_is_a_clear_answer(client, api_headers, after):
    reply = client.get(f"/api/v1/responses?after={after}", headers=api_headers)

    assert reply.status_code in (200, 400), reply.get_data(as_text=True)


@pytest.mark.parametrize("name", ["support%0A", "s" * 64 + "%0A", "s" * 63 + "%0A"])
def test_a_slug_or_handle_ending_in_a_newline_is_refused(client, api_headers, name):
    team = client.put(f"/api/v1/teams/{name}", headers=api_headers,
                      json={"name": "Support", "supervisors": []})
    agent = client.put(f"/api/v1/agents/{name}", headers=api_headers,
                       json={"name": "Anna", "team": "support"})

    assert (team.status_code, agent.status_code) == (400, 400)
    assert client.get("/api/v1/responses.csv", headers=api_headers).status_code == 200


def test_the_same_supervisor_twice_is_one_supervisor(client, api_headers):
    reply = client.put("/api/v1/teams/sales", headers=api_headers,
                       json={"name": "Sales", "supervisors": ["sara@example.com",
                                                              "Sara@example.com"]})

    assert reply.status_code == 201, reply.get_data(as_text=True)
    assert reply.json["supervisors"] == ["sara@example.com"]


def test_a_nul_in_a_phone_system_hook_sent_as_plain_text_is_refused(client):
    raw = json.dumps({"call_id": "pbx-nul", "caller": SWEDISH_MOBILE, "agent": "anna\x00",
                      "answered": True, "duration_seconds": 90,
                      "ended_at": "2026-11-30T10:00:00+01:00"}).encode()
    headers = {**pbx_headers(raw), "Content-Type": "text/plain"}

    assert client.post("/hooks/call-ended", data=raw, headers=headers).status_code == 400


def test_an_agent_address_longer_than_an_address_is_refused_in_the_admin_form(app, client):
    from tests.web.factories import give_password
    from tests.web.login_form import csrf_token_in

    with app.app_context():
        from feedback_service.staff.directory import ensure_user
        from feedback_service.staff.models import Role

        ensure_user("admin@example.com", role=Role.ADMIN)
        give_password("admin@example.com")
        db.session.commit()
    assert log_in(client, "admin@example.com").status_code == 302
    page = client.get("/admin/agents/new").get_data(as_text=True)

    reply = client.post("/admin/agents/new", data={
        "handle": "bert", "name": "Bert", "team": "", "language": "",
        "addresses": "sip:" + "b" * 300 + "@pbx.example.com", "csrf_token": csrf_token_in(page)})

    assert reply.status_code == 400
