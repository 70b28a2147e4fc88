"""An admin subscribes a receiver from the browser, sees its last delivery, and rotates its
secret; deliveries are signed with the secret the page showed."""

from __future__ import annotations

import re

import pytest
from standardwebhooks.webhooks import Webhook

from feedback_service.extensions import db
from feedback_service.outgoing.models import EventType
from feedback_service.outgoing.webhooks import publish
from tests.admin.conftest import submit
from tests.conftest import settings
from tests.outgoing.receiver import Receiver, receiving
from tests.outgoing.test_webhooks import flush
from tests.web.login_form import csrf_token_in


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, DEFAULT_LANGUAGE="en",
                    WEBHOOK_ALLOW_PRIVATE=True)


def shown_secret(page: str) -> str:
    found = re.search(r'<code id="new-secret">(whsec_[^<]+)</code>', page)
    assert found, page
    return found.group(1)


def spike(app) -> None:
    with app.app_context():
        publish(db.session, EventType.REASON_SPIKE, {"reason": "wait_time"})
        db.session.commit()


def test_an_admin_subscribes_sees_the_last_delivery_and_rotates_the_secret(app, admin):
    with receiving(Receiver(statuses=[200, 503])) as receiver:
        reply = submit(admin, "/admin/webhooks", {
            "name": "crm", "url": receiver.url, "events": ["reason.spike", "answer.created"]})
        assert reply.status_code == 200
        first = shown_secret(reply.get_data(as_text=True))
        page = admin.get("/admin/webhooks").get_data(as_text=True)
        assert "whsec_" not in page  # shown once only
        assert "None yet" in page

        spike(app)
        flush(app)
        Webhook(first).verify(receiver.received[0].body, receiver.received[0].headers)
        assert "delivered," in admin.get("/admin/webhooks").get_data(as_text=True)

        page = admin.get("/admin/webhooks").get_data(as_text=True)
        reply = admin.post("/admin/webhooks/crm/secret", data={"csrf_token": csrf_token_in(page)})
        second = shown_secret(reply.get_data(as_text=True))
        assert second != first
        spike(app)
        flush(app)  # the receiver answers 503 this time
        Webhook(second).verify(receiver.received[1].body, receiver.received[1].headers)
        page = admin.get("/admin/webhooks").get_data(as_text=True)
        assert "waiting to be sent" in page and "the receiver answered 503" in page


def test_the_page_refuses_a_url_out_of_bounds_and_a_form_without_its_token(app, admin):
    with app.app_context():
        from feedback_service.settings import current_settings
        current_settings().webhook_allow_private = False
    reply = submit(admin, "/admin/webhooks", {
        "name": "crm", "url": "https://127.0.0.1/hooks", "events": ["reason.spike"]})
    assert reply.status_code == 400
    assert "Not saved: 127.0.0.1 resolves to a loopback address" in reply.get_data(as_text=True)
    forged = admin.post("/admin/webhooks", data={
        "name": "crm", "url": "https://crm.example.com/hooks", "events": ["reason.spike"]})
    assert forged.status_code == 400
    assert "crm.example.com" not in admin.get("/admin/webhooks").get_data(as_text=True)
