"""Twilio's signature: one HMAC settles a genuine request; every variant the SDK accepts holds."""

from __future__ import annotations

import pytest

from tests.conftest import PUBLIC_BASE_URL, sign_twilio_request

STATUS_PATH = "/twilio/sms/status"
# A status the outbox does not count: answered once the signature holds, with nothing stored.
PARAMS = {"MessageSid": "SM" + "1" * 32, "MessageStatus": "receiving",
          "AccountSid": "AC" + "0" * 32}


@pytest.mark.parametrize("signed_url", [
    PUBLIC_BASE_URL + STATUS_PATH,
    # Twilio has signed some URLs with the scheme's port written out; the SDK accepts both.
    PUBLIC_BASE_URL + ":443" + STATUS_PATH,
], ids=["as-configured", "with-the-default-port"])
def test_a_request_signed_by_twilio_is_answered(client, signed_url):
    reply = client.post(STATUS_PATH, data=PARAMS,
                        headers={"X-Twilio-Signature": sign_twilio_request(signed_url, PARAMS)})
    assert reply.status_code == 204


@pytest.mark.parametrize("signature", [
    sign_twilio_request(PUBLIC_BASE_URL + STATUS_PATH, PARAMS, token="x" * 32),
    sign_twilio_request(PUBLIC_BASE_URL + ":8443" + STATUS_PATH, PARAMS),
    sign_twilio_request(PUBLIC_BASE_URL + STATUS_PATH, {**PARAMS, "MessageStatus": "sent"}),
    "ümlaut",  # not even base64, and not ASCII
], ids=["another-token", "another-port", "other-parameters", "not-ascii"])
def test_a_request_not_signed_for_this_url_and_form_is_refused(client, signature):
    reply = client.post(STATUS_PATH, data=PARAMS, headers={"X-Twilio-Signature": signature})
    assert reply.status_code == 403
