"""What every answer has in common: a size limit on bodies and the security headers."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.telephony.models import WebhookEvent
from tests.conftest import settings
from tests.telephony.sms_fixtures import pbx_headers


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MAX_REQUEST_BYTES=4096)


def stored_events(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(WebhookEvent))


def test_a_body_over_the_limit_is_refused_before_the_signature_is_checked(app, client):
    reply = client.post("/twilio/voice/connect", data={"Body": "x" * 5000},
                        headers={"X-Twilio-Signature": "not-checked"})
    assert reply.status_code == 413
    assert "4096 bytes" in reply.get_data(as_text=True)
    assert stored_events(app) == 0


def test_a_body_at_the_limit_gets_through_to_the_signature_check(client):
    reply = client.post("/twilio/voice/connect", data={"Body": "x" * 3000},
                        headers={"X-Twilio-Signature": "wrong"})
    assert reply.status_code == 403


def post_chunked(client, size: int):
    """A signed JSON body of `size` bytes sent chunked, without a length, as gunicorn passes
    it on."""
    raw = b"{" + b" " * (size - 2) + b"}"
    return client.post(
        "/hooks/call-ended", input_stream=io.BytesIO(raw),
        headers={"Transfer-Encoding": "chunked", **pbx_headers(raw)},
        environ_overrides={"wsgi.input_terminated": True})


def test_a_chunked_body_without_a_length_is_cut_off_at_the_limit(app, client):
    assert post_chunked(client, 10_000).status_code == 413
    assert stored_events(app) == 0


def test_a_chunked_body_within_the_limit_is_read_whole(client):
    reply = post_chunked(client, 4096)
    # Its signature matched, so every byte was read; then the fields it lacks are named.
    assert reply.status_code == 400
    assert "call_id" in reply.json["error"]


def test_the_limit_must_be_a_positive_whole_number(database_url):
    from feedback_service import create_app
    from feedback_service.settings import SettingsError

    with pytest.raises(SettingsError, match="MAX_REQUEST_BYTES"):
        create_app(settings(database_url, MAX_REQUEST_BYTES=0))


@pytest.mark.parametrize("path", ["/no-such-page", "/static/web.css", "/healthz", "/login"])
def test_every_answer_carries_the_security_headers(client, path):
    reply = client.get(path)
    reply.close()  # the static file's handle
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert reply.headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]
    assert reply.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_no_hsts_at_a_plain_http_address(database_url):
    from feedback_service import create_app

    app = create_app(settings(database_url, PUBLIC_BASE_URL="http://127.0.0.1:5000"))
    reply = app.test_client().get("/no-such-page")
    assert "Strict-Transport-Security" not in reply.headers
    assert reply.headers["Cache-Control"] == "no-store"
