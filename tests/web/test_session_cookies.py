"""The session cookie: set and read for pages, never made up for a request that has none."""

from __future__ import annotations

from tests.conftest import PUBLIC_BASE_URL, sign_twilio_request
from tests.web.login_form import log_in

STATUS_PATH = "/twilio/sms/status"
PARAMS = {"MessageSid": "SM" + "2" * 32, "MessageStatus": "receiving",
          "AccountSid": "AC" + "0" * 32}


def test_a_webhook_answer_neither_sets_nor_varies_on_a_cookie(client):
    reply = client.post(STATUS_PATH, data=PARAMS, headers={
        "X-Twilio-Signature": sign_twilio_request(PUBLIC_BASE_URL + STATUS_PATH, PARAMS)})

    assert reply.status_code == 204
    assert "Set-Cookie" not in reply.headers
    assert "Cookie" not in reply.headers.get("Vary", "")
    assert reply.headers["Cache-Control"] == "no-store"


def test_a_login_sets_the_cookie_and_pages_read_it(client, organisation):
    login_page = client.get("/login")
    assert "Cookie" in login_page.headers["Vary"]  # the page's CSRF token lives in the session

    landed = log_in(client, "anna@example.com")

    assert "session=" in landed.headers["Set-Cookie"]
    assert client.get("/me").status_code == 200
