"""Webhooks delivered over TLS to a real HTTPS receiver: a receiver whose certificate the
machine's trust store does not hold gets nothing and the delivery waits; one signed by a private
CA named in `REQUESTS_CA_BUNDLE` gets it, as an internal receiver would."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook

from feedback_service.extensions import db
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.outbox.models import OutboxMessage
from feedback_service.outgoing.models import EventType
from feedback_service.outgoing.webhooks import publish
from tests.conftest import settings
from tests.outgoing.receiver import receiving
from tests.outgoing.test_webhooks import subscribe


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, WEBHOOK_ALLOW_PRIVATE=True)


@pytest.fixture(scope="module")
def private_ca(tmp_path_factory) -> tuple[Path, tuple[Path, Path]]:
    """A throw-away CA and a certificate it signed for 127.0.0.1: (CA, (certificate, key))."""
    folder = tmp_path_factory.mktemp("tls")
    ca, ca_key = folder / "ca.pem", folder / "ca.key"
    certificate, key, request = folder / "receiver.pem", folder / "receiver.key", folder / "r.csr"
    extensions = folder / "receiver.ext"
    # The extensions a strict verifier (Python 3.13's default) asks of a leaf and its CA.
    extensions.write_text("subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n"
                          "keyUsage=critical,digitalSignature,keyEncipherment\n"
                          "extendedKeyUsage=serverAuth\n"
                          "authorityKeyIdentifier=keyid,issuer\n")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=Private test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout", str(ca_key), "-out", str(ca))
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", str(key), "-out", str(request))
    openssl("x509", "-req", "-in", str(request), "-CA", str(ca), "-CAkey", str(ca_key),
            "-CAcreateserial", "-days", "2", "-extfile", str(extensions), "-out", str(certificate))
    return ca, (certificate, key)


def announce_spike(app) -> None:
    with app.app_context():
        publish(db.session, EventType.REASON_SPIKE, {"reason": "waiting"})
        db.session.commit()


def flush(app) -> dict[str, int]:
    with app.app_context():
        return flush_with_configured_senders()


def test_a_receiver_whose_certificate_is_not_trusted_gets_nothing_and_the_delivery_waits(
        app, client, api_headers, private_ca, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    _, certificate = private_ca
    with receiving(certificate=certificate) as receiver:
        subscribe(client, api_headers, "crm", receiver.url, ["reason.spike"])
        announce_spike(app)
        assert flush(app) == {"pending": 1}
    assert receiver.received == []
    with app.app_context():
        waiting = db.session.query(OutboxMessage).one()
        assert "SSLError" in (waiting.last_error or "")


def test_a_receiver_signed_by_the_ca_in_requests_ca_bundle_gets_the_signed_delivery(
        app, client, api_headers, private_ca, monkeypatch):
    ca, certificate = private_ca
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca))
    with receiving(certificate=certificate) as receiver:
        secret = subscribe(client, api_headers, "crm", receiver.url, ["reason.spike"])
        announce_spike(app)
        assert flush(app) == {"sent": 1}
    [delivery] = receiver.received
    assert receiver.url.startswith("https://")
    Webhook(secret).verify(delivery.body, delivery.headers)
    assert delivery.json()["type"] == "reason.spike"
