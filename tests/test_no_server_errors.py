"""Every public endpoint, fed generated parameters: missing, empty, huge, NUL, non-UTF-8,
wrong types and out-of-range dates. Whatever comes in, the answer is never a 500.

Flask's test client raises what a view raises, so an unhandled error fails the test as surely
as a 500 does. The examples are derived from a fixed seed, so CI runs the same ones each time;
a handful per endpoint keeps the whole file within seconds.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.surveys.models import FollowUp, Response
from tests.conftest import PUBLIC_BASE_URL, sign_twilio_request
from tests.conftest import settings as app_config
from tests.telephony.sms_fixtures import pbx_headers
from tests.web.factories import PASSWORD, give_answer

EXAMPLES = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# Text a client might send: the edge cases named, then anything at all.
ODD_TEXT = st.one_of(
    st.sampled_from([
        "", " ", "\x00", "a\x00b", "x" * 3000, "0001-01-01", "9999-12-31", "2026-02-30",
        "2026-W99", "99999999999999999999", "-1", "1e309", "²", "NaN", "null", "[]", "{}",
        "/%0d%0aSet-Cookie:x=1", "//evil.example", "=cmd|' /C calc'!A0", "🙂" * 50,
        "+46701234567", "anna", "support", "sms", "nps", "en", "completed", "1", "10#",
    ]),
    st.text(max_size=30),
)
# A value the request leaves out (None), or an odd one.
MAYBE = st.one_of(st.none(), ODD_TEXT)
# Bytes that are not UTF-8, percent-encoded into a query string.
NOT_UTF8 = st.sampled_from(["%ff%fe", "%c3%28", "%80", "%ed%a0%80"])
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ODD_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ODD_TEXT, inner, max_size=3),
    max_leaves=6,
)


@pytest.fixture
def app_settings(database_url):
    # Forms are fuzzed past their CSRF token, to reach what the views do with them.
    return app_config(database_url, WTF_CSRF_ENABLED=False)


@pytest.fixture
def answer_ids(app, organisation):
    """An answer with a follow-up, so ids in paths can name something that exists (no
    recording: playing one would ask Twilio)."""
    from feedback_service.staff.models import Agent

    with app.app_context():
        agent = db.session.get(Agent, organisation.anna)
        response = give_answer(settings_of(app), agent, 2, _now(), comment="Slow")
        db.session.commit()
        follow_up = db.session.query(FollowUp).filter_by(response_id=response.id).one_or_none()
        return [response.id, follow_up.id if follow_up else response.id]


def _now():
    from feedback_service.database import utcnow

    return utcnow()


def query(params: dict[str, str | None], raw: str | None = None) -> str:
    """A query string of the parameters given (None: left out), plus raw encoded bytes."""
    parts = [f"{quote(name)}={quote(value, safe='')}" for name, value in params.items()
             if value is not None]
    if raw:
        parts.append(f"q={raw}")
    return "&".join(parts)


def no_server_error(reply) -> None:
    assert reply.status_code < 500, (reply.status_code, reply.get_data(as_text=True)[:300])


@pytest.fixture
def supervisor(client, organisation):
    reply = client.post("/login", data={"email": "sara@example.com", "password": PASSWORD})
    assert reply.status_code == 302
    return client


@given(path=st.sampled_from(["/", "/me", "/me/answers.csv", "/teams/support",
                             "/teams/support/agents/anna", "/teams/support/agents/anna/answers.csv",
                             "/teams/{odd}", "/teams/support/agents/{odd}", "/follow-ups",
                             "/answers/{id}/recording", "/healthz", "/static/{odd}"]),
       start=MAYBE, until=MAYBE, show=MAYBE, odd=ODD_TEXT, raw=st.one_of(st.none(), NOT_UTF8),
       some_id=st.one_of(st.integers(min_value=-5, max_value=10**25), st.just(1)))
@example(path="/teams/support", start="0001-01-01", until=None, show=None, odd="x", raw=None,
         some_id=1)
@example(path="/me/answers.csv", start=None, until="9999-12-31", show=None, odd="x", raw=None,
         some_id=1)
@example(path="/teams/{odd}", start=None, until=None, show=None, odd="\x00", raw=None,
         some_id=1)
@example(path="/answers/{id}/recording", start=None, until=None, show=None, odd="x", raw=None,
         some_id=10**20)
@EXAMPLES
def test_pages(supervisor, answer_ids, path, start, until, show, odd, raw, some_id):
    path = path.format(odd=quote(odd, safe="") or "x", id=some_id)
    reply = supervisor.get(f"{path}?{query({'from': start, 'until': until, 'show': show}, raw)}")
    reply.close()
    no_server_error(reply)


@given(status=MAYBE, note=MAYBE, some_id=st.integers(min_value=-5, max_value=10**25))
@EXAMPLES
def test_follow_up_form(supervisor, answer_ids, status, note, some_id):
    form = {name: value for name, value in (("status", status), ("note", note))
            if value is not None}
    for follow_up_id in (answer_ids[1], some_id):
        if follow_up_id >= 0:
            no_server_error(supervisor.post(f"/follow-ups/{follow_up_id}", data=form))


@given(email=MAYBE, password=MAYBE, next_path=MAYBE)
@example(email="sara@example.com", password=PASSWORD, next_path="/%0d%0aSet-Cookie:x=1")
@example(email="sara@example.com\x00", password="x", next_path=None)
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_login_form(client, organisation, email, password, next_path):
    form = {name: value for name, value in (("email", email), ("password", password))
            if value is not None}
    no_server_error(client.post(f"/login?{query({'next': next_path})}", data=form))
    no_server_error(client.get(f"/login?{query({'next': next_path})}"))


VOICE_FIELDS = ("CallSid", "From", "To", "Called", "Caller", "CallStatus", "DialCallSid",
                "DialCallStatus", "DialCallDuration", "CallDuration", "Digits", "SpeechResult",
                "Confidence", "RecordingUrl", "RecordingSid", "RecordingStatus",
                "RecordingDuration")


@given(path=st.sampled_from(["/twilio/voice/connect", "/twilio/voice/after-call",
                             "/twilio/voice/survey/score", "/twilio/voice/survey/reason",
                             "/twilio/voice/survey/comment", "/twilio/voice/survey/{odd}",
                             "/twilio/voice/recording-status", "/twilio/voice/status"]),
       url_params=st.fixed_dictionaries({name: MAYBE for name in
                                         ("agent", "topic", "survey", "lang", "attempt")}),
       form=st.fixed_dictionaries({name: MAYBE for name in VOICE_FIELDS}),
       call_sid=st.sampled_from(["CA" + "1" * 32, "CA" + "2" * 32]), odd=ODD_TEXT)
@EXAMPLES
def test_voice_webhooks(client, organisation, path, url_params, form, call_sid, odd):
    form = {"CallSid": call_sid} | {k: v for k, v in form.items() if v is not None}
    signed_post(client, f"{path.format(odd=quote(odd, safe='') or 'x')}?{query(url_params)}",
                form)


@given(path=st.sampled_from(["/twilio/sms/inbound", "/twilio/sms/status"]),
       form=st.fixed_dictionaries({name: MAYBE for name in
                                   ("MessageSid", "SmsSid", "From", "To", "Body",
                                    "MessageStatus", "ErrorCode")}))
@EXAMPLES
def test_sms_webhooks(client, organisation, path, form):
    signed_post(client, path, {k: v for k, v in form.items() if v is not None})


def signed_post(client, path_and_query: str, form: dict[str, str]) -> None:
    """POST as Twilio does, signed; the form as Twilio would send it (text, never NUL-free)."""
    url = PUBLIC_BASE_URL + path_and_query
    headers = {"X-Twilio-Signature": sign_twilio_request(url, form)}
    no_server_error(client.post(path_and_query, data=form, headers=headers))


HOOK_FIELDS = ("call_id", "caller", "agent", "topic", "answered", "duration_seconds",
               "ended_at", "language")


# What a phone system may label its body as; the hook reads any of them as JSON.
HOOK_CONTENT_TYPES = st.sampled_from([
    "application/json", "text/plain", "application/x-www-form-urlencoded",
    "multipart/form-data", "application/octet-stream", "application/json; charset=latin-1",
    "text/plain; charset=utf-8", ""])


@given(body=st.one_of(
    st.fixed_dictionaries({name: JSON_VALUE for name in HOOK_FIELDS}),
    st.fixed_dictionaries({"call_id": ODD_TEXT, "caller": st.just("+46701234567"),
                           "agent": st.just("anna"), "answered": st.booleans(),
                           "duration_seconds": st.integers(), "ended_at": ODD_TEXT,
                           "language": MAYBE}),
    JSON_VALUE), content_type=HOOK_CONTENT_TYPES)
@example(body={"call_id": "pbx-1", "caller": "+46701234567", "agent": "anna", "answered": True,
               "duration_seconds": 2**31, "ended_at": "2026-11-30T10:00:00+01:00",
               "language": "english"}, content_type="application/json")
@example(body={"call_id": "pbx-2", "caller": "+46701234567", "agent": "anna\x00",
               "answered": True, "duration_seconds": 90,
               "ended_at": "2026-11-30T10:00:00+01:00"}, content_type="text/plain")
@EXAMPLES
def test_pbx_hook(client, organisation, body, content_type):
    raw = json.dumps(body).encode()
    headers = pbx_headers(raw)
    if content_type:
        headers["Content-Type"] = content_type
    else:
        del headers["Content-Type"]
    no_server_error(client.post("/hooks/call-ended", data=raw, headers=headers))


# The API (/api/v1) is driven from its own description by tests/api/test_api_conformance.py,
# which checks every answer against it as well.


# --- Every path parameter, every admin form --------------------------------------------------


@pytest.fixture
def admin(app, client, organisation):
    from feedback_service.staff.directory import ensure_user
    from feedback_service.staff.models import Role
    from tests.web.factories import give_password

    with app.app_context():
        ensure_user("admin@example.com", role=Role.ADMIN)
        give_password("admin@example.com")
        db.session.commit()
    reply = client.post("/login", data={"email": "admin@example.com", "password": PASSWORD})
    assert reply.status_code == 302
    return client


def rules_with_parameters(app) -> list[tuple[str, str, dict[str, str]]]:
    """(method, rule, {argument: converter}) for every route that takes a path parameter."""
    found = []
    for rule in app.url_map.iter_rules():
        converters = {name: type(converter).__name__
                      for name, converter in rule._converters.items()}
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if converters:
                found.append((method, rule.rule, converters))
    return found


def test_every_path_parameter_is_reached(app):
    """The table below names every route with a path parameter: a new one joins it."""
    rules = {(method, rule) for method, rule, _ in rules_with_parameters(app)}
    assert {rule for _, rule in rules} >= {
        "/teams/<slug>", "/teams/<slug>/agents/<handle>", "/answers/<int:response_id>/recording",
        "/follow-ups/<int:follow_up_id>", "/password/set/<token>", "/admin/teams/<slug>",
        "/admin/agents/<handle>", "/admin/people/<int:user_id>", "/api/v1/teams/<slug>",
        "/api/v1/agents/<handle>", "/twilio/voice/survey/<step>"}


@given(odd=ODD_TEXT, number=st.integers(min_value=-5, max_value=10**25),
       form=st.fixed_dictionaries({name: MAYBE for name in ("name", "slug", "status", "note",
                                                            "password", "confirm")}))
@example(odd="support\n", number=2**31, form={})
@example(odd="s" * 64 + "\n", number=1, form={"name": "x"})
@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_path_parameter(app, admin, api_headers, answer_ids, odd, number, form):
    for method, rule, converters in rules_with_parameters(app):
        path = rule
        for name, converter in converters.items():
            value = str(number) if converter == "DatabaseIdConverter" else (
                quote(odd, safe="") or "x")
            path = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, path)
        headers = api_headers if path.startswith("/api/") else {}
        kwargs = ({"data": json.dumps(form), "content_type": "application/json"}
                  if path.startswith("/api/") else {"data": form})
        reply = admin.open(path, method=method, headers=headers,
                           **(kwargs if method != "GET" else {}))
        reply.close()
        assert reply.status_code < 500, (method, path, reply.status_code)
    no_server_error(admin.get("/api/v1/responses.csv", headers=api_headers))


ADMIN_FIELDS = ("name", "slug", "handle", "email", "team", "addresses", "language", "active",
                "role", "teams")


@given(path=st.sampled_from(["/admin/teams", "/admin/teams/support", "/admin/agents/new",
                             "/admin/agents/anna", "/admin/people/new", "/admin/people/{user}",
                             "/admin/people/{user}/invite"]),
       form=st.fixed_dictionaries({name: MAYBE for name in ADMIN_FIELDS}))
@example(path="/admin/agents/new", form={"handle": "bert", "name": "Bert",
                                         "addresses": "sip:" + "b" * 300 + "@pbx.example"})
@example(path="/admin/teams", form={"name": "Sales", "slug": "sales\n"})
@EXAMPLES
def test_admin_forms(app, admin, path, form):
    from feedback_service.staff.directory import find_user

    with app.app_context():
        user_id = find_user("sara@example.com").id
    data = {name: value for name, value in form.items() if value is not None}
    no_server_error(admin.post(path.format(user=user_id), data=data))
    no_server_error(admin.get("/admin/agents"))


def test_the_fixtures_hold_an_answer(app, answer_ids):
    with app.app_context():
        assert db.session.get(Response, answer_ids[0]).comment == "Slow"
