"""When the database is down or hangs, callers are still connected and never hear an error."""

from __future__ import annotations

import json
import threading
import time
import xml.etree.ElementTree as ET

import pytest

from feedback_service import create_app
from tests.conftest import (
    API_TOKEN,
    POSTGRES_URL,
    PUBLIC_BASE_URL,
    settings,
    sign_twilio_request,
)
from tests.database_faults import REFUSING_DATABASE_URL, FreezingProxy, SilentDatabase
from tests.telephony.sms_fixtures import pbx_headers
from tests.telephony.voice_calls import ACCOUNT_SID, COMPANY_NUMBER, SWEDISH_MOBILE
from tests.web.login_form import csrf_token_in

CALL = {"AccountSid": ACCOUNT_SID, "CallSid": "CA" + "7" * 32, "CallStatus": "in-progress",
        "From": SWEDISH_MOBILE, "Caller": SWEDISH_MOBILE, "To": COMPANY_NUMBER,
        "Called": COMPANY_NUMBER}
SURVEY_PATHS = ["/twilio/voice/after-call?agent=anna", "/twilio/voice/survey/score?attempt=1",
                "/twilio/voice/survey/reason?attempt=2", "/twilio/voice/survey/comment?attempt=1"]
CALLBACK_PATHS = ["/twilio/voice/status", "/twilio/voice/recording-status"]
FAREWELL = "Tack för att du ringde Acme. Hej då!"
APOLOGY = "Vi kan tyvärr inte koppla ditt samtal just nu. Försök gärna igen senare."


def app_on(database_url: str, **extra: object):
    return create_app(settings(database_url, **extra))


def post_signed(client, path: str, params: dict[str, str]):
    signature = sign_twilio_request(PUBLIC_BASE_URL + path, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


def twiml_of(reply) -> ET.Element:
    assert reply.status_code == 200, reply.get_data(as_text=True)
    assert reply.mimetype == "text/xml"
    return ET.fromstring(reply.get_data(as_text=True))


def answered_within(seconds: float, request):
    """The reply to `request()`, due within `seconds`: a test that would hang fails instead."""
    replies: list = []
    worker = threading.Thread(target=lambda: replies.append(request()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert replies, f"no answer within {seconds} s"
    return replies[0]


def heard(document: ET.Element) -> str:
    return " ".join(say.text or "" for say in document.iter("Say"))


# --- The database refuses connections ----------------------------------------------------------


@pytest.mark.parametrize(("fallback", "noun", "dialled"), [
    ("+46 8 123 456 78", "Number", "+46812345678"),
    ("client:reception", "Client", "reception"),
    ("sip:reception@pbx.example.com", "Sip", "sip:reception@pbx.example.com"),
])
def test_connect_puts_the_caller_through_to_the_fallback(fallback, noun, dialled):
    client = app_on(REFUSING_DATABASE_URL, FALLBACK_DIAL=fallback).test_client()

    document = twiml_of(post_signed(client, "/twilio/voice/connect?agent=anna", CALL))

    [dial] = document.findall("Dial")
    assert [(child.tag, child.text) for child in dial] == [(noun, dialled)]
    assert dial.get("action") is None  # no survey to come back to: the call ends with the dial
    assert document.find("Hangup") is None


def test_connect_apologises_and_hangs_up_without_a_fallback():
    client = app_on(REFUSING_DATABASE_URL).test_client()

    document = twiml_of(post_signed(client, "/twilio/voice/connect?agent=anna", CALL))

    assert heard(document) == APOLOGY
    assert document.find("Dial") is None
    assert document.find("Hangup") is not None


def test_connect_apologises_in_the_lines_language():
    client = app_on(REFUSING_DATABASE_URL).test_client()

    document = twiml_of(post_signed(client, "/twilio/voice/connect?agent=anna&lang=en", CALL))

    assert heard(document) == "Sorry, we can't connect your call right now. Please try again later."


@pytest.mark.parametrize("path", SURVEY_PATHS)
def test_the_survey_ends_with_thanks(path):
    client = app_on(REFUSING_DATABASE_URL, FALLBACK_DIAL="+46812345678").test_client()
    params = {**CALL, "DialCallStatus": "completed", "DialCallDuration": "80", "Digits": "1"}

    document = twiml_of(post_signed(client, path, params))

    assert heard(document) == FAREWELL
    assert document.find("Hangup") is not None
    assert document.find("Dial") is None and document.find("Gather") is None


@pytest.mark.parametrize("path", CALLBACK_PATHS)
def test_callbacks_get_an_empty_document(path):
    client = app_on(REFUSING_DATABASE_URL).test_client()

    document = twiml_of(post_signed(client, path, {**CALL, "CallStatus": "completed"}))

    assert document.tag == "Response" and len(document) == 0


def test_a_bad_signature_is_still_refused():
    client = app_on(REFUSING_DATABASE_URL, FALLBACK_DIAL="+46812345678").test_client()

    reply = client.post("/twilio/voice/connect?agent=anna", data=CALL,
                        headers={"X-Twilio-Signature": "forged"})

    assert reply.status_code == 403


@pytest.mark.parametrize("path", ["/twilio/sms/inbound", "/twilio/sms/status"])
def test_sms_webhooks_answer_503_in_plain_text(path):
    client = app_on(REFUSING_DATABASE_URL).test_client()
    params = {"MessageSid": "SM" + "1" * 32, "AccountSid": ACCOUNT_SID, "From": SWEDISH_MOBILE,
              "To": COMPANY_NUMBER, "Body": "2", "MessageStatus": "delivered"}

    reply = post_signed(client, path, params)

    assert reply.status_code == 503
    assert reply.mimetype == "text/plain"
    assert reply.headers["Retry-After"] == "60"


def test_the_phone_system_hook_answers_503_so_the_phone_system_retries():
    client = app_on(REFUSING_DATABASE_URL).test_client()
    body = json.dumps({"call_id": "pbx-1", "caller": SWEDISH_MOBILE, "agent": "anna",
                       "answered": True, "duration_seconds": 90,
                       "ended_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}).encode()

    reply = client.post("/hooks/call-ended", data=body, headers=pbx_headers(body))

    assert reply.status_code == 503
    assert reply.json == {"error": "the database is out of reach; send the call again later"}
    assert reply.headers["Retry-After"] == "60"


def test_nothing_logged_names_the_caller(caplog):
    client = app_on(REFUSING_DATABASE_URL).test_client()

    post_signed(client, "/twilio/voice/connect?agent=anna", CALL)

    assert "answered without the database" in caplog.text
    assert "70123" not in caplog.text


def test_pages_and_the_api_answer_503_and_when_to_come_back():
    client = app_on(REFUSING_DATABASE_URL).test_client()
    page = client.get("/login")
    token = csrf_token_in(page.get_data(as_text=True))

    api = client.get("/api/v1/responses", headers={"Authorization": f"Bearer {API_TOKEN}"})
    login = client.post("/login", data={"email": "anna@example.com", "password": "secret",
                                        "csrf_token": token})

    assert (api.status_code, api.headers["Retry-After"]) == (503, "30")
    assert api.json == {"error": "the database is out of reach; try again later"}
    assert (login.status_code, login.headers["Retry-After"]) == (503, "30")
    assert login.get_data(as_text=True) == "Försök igen om en stund."


# --- The database accepts connections and never answers ------------------------------------------


def test_every_voice_webhook_answers_within_seconds_when_the_database_hangs():
    with SilentDatabase() as database:
        client = app_on(database.url, DATABASE_TIMEOUT_SECONDS=2,
                        FALLBACK_DIAL="+46812345678").test_client()
        for path in ["/twilio/voice/connect?agent=anna", *SURVEY_PATHS[:2], CALLBACK_PATHS[0]]:
            reply = answered_within(4.5, lambda path=path: post_signed(client, path, CALL))
            assert twiml_of(reply).tag == "Response"
        assert database.accepted  # it was asked, and kept silent

        reply = answered_within(4.5, lambda: client.get("/healthz"))
        assert (reply.status_code, reply.json["status"], reply.json["database"]) == (
            503, "error", "timeout")


@pytest.mark.postgres_only
def test_a_database_that_stops_answering_on_open_connections(app, client, api_headers):
    from tests.telephony.voice_calls import add_agent

    add_agent(client, api_headers, "anna")
    with FreezingProxy(POSTGRES_URL) as proxy:
        proxied = app_on(proxy.url, DATABASE_TIMEOUT_SECONDS=2, FALLBACK_DIAL="+46812345678")
        proxied_client = proxied.test_client()
        # A healthy call first, so that the pool holds an open connection through the proxy.
        document = twiml_of(post_signed(proxied_client, "/twilio/voice/connect?agent=anna", CALL))
        assert [child.text for child in document.find("Dial")] == ["anna"]

        proxy.frozen.set()
        second_call = {**CALL, "CallSid": "CA" + "8" * 32}
        document = twiml_of(answered_within(4.5, lambda: post_signed(
            proxied_client, "/twilio/voice/connect?agent=anna", second_call)))
        assert [child.text for child in document.find("Dial")] == ["+46812345678"]
        reply = answered_within(4.5, lambda: proxied_client.get("/healthz"))
        assert (reply.status_code, reply.json["database"]) == (503, "timeout")

        proxy.frozen.clear()
        reply = proxied_client.get("/healthz")
        assert (reply.status_code, reply.json["database"]) == (200, "ok")
        with proxied.app_context():
            from feedback_service.extensions import db

            db.engine.dispose()


# --- A hung database, many callers, and the API polled at the same time -------------------------


class LoopbackServer:
    """The app behind werkzeug's threaded server on a loopback port: a thread per request."""

    def __init__(self, app) -> None:
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[float, int, dict, bytes]:
        """(seconds taken, status, headers, body) of one request; no client-side time limit
        but the socket's, well past any deadline under test."""
        import http.client

        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.server.server_port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            reply = connection.getresponse()
            return (time.monotonic() - started, reply.status, dict(reply.getheaders()),
                    reply.read())
        finally:
            connection.close()


def signed_form(path: str, params: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    from urllib.parse import urlencode

    return urlencode(params).encode(), {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": sign_twilio_request(PUBLIC_BASE_URL + path, params)}


@pytest.mark.postgres_only
def test_twelve_callers_hear_the_fallback_within_three_seconds_while_the_api_is_polled(
        app, client, api_headers):
    from tests.telephony.voice_calls import add_agent

    add_agent(client, api_headers, "anna")
    with FreezingProxy(POSTGRES_URL) as proxy:
        proxied = app_on(proxy.url, FALLBACK_DIAL="+46812345678")
        with LoopbackServer(proxied) as server:
            # Healthy first: the pool holds open connections through the proxy.
            assert server.request("GET", "/api/v1/responses", headers=api_headers)[1] == 200
            proxy.frozen.set()

            api_replies: list = []
            voice_replies: list = []
            api_threads = [threading.Thread(target=lambda: api_replies.append(server.request(
                "GET", "/api/v1/responses", headers=api_headers))) for _ in range(20)]
            for thread in api_threads:
                thread.start()
            time.sleep(0.3)  # the API traffic has taken what it can of the pool

            path = "/twilio/voice/connect?agent=anna"

            def call(number: int) -> None:
                body, headers = signed_form(path, {**CALL, "CallSid": f"CA{number:032d}"})
                voice_replies.append(server.request("POST", path, body, headers))

            callers = [threading.Thread(target=call, args=(n,)) for n in range(12)]
            for thread in callers:
                thread.start()
            for thread in callers + api_threads:
                thread.join(60)

        assert len(voice_replies) == 12
        for seconds, status, _, body in voice_replies:
            document = ET.fromstring(body)
            assert status == 200
            assert [child.text for child in document.find("Dial")] == ["+46812345678"]
            assert seconds < 3, f"a caller waited {seconds:.1f} s"
        assert len(api_replies) == 20
        for seconds, status, headers, _ in api_replies:
            assert (status, headers.get("Retry-After")) == (503, "30")
            assert seconds < 8, str(sorted(round(r[0], 1) for r in api_replies))
        proxy.frozen.clear()
        with proxied.app_context():
            from feedback_service.extensions import db

            db.engine.dispose()
