"""`/healthz` says whether the database answers."""

from __future__ import annotations

from feedback_service import create_app
from tests.conftest import settings


def test_healthy_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "sms": "ok", "email": "ok"}


def test_503_when_the_database_is_unreachable():
    # Port 9 on loopback has nothing listening: the connection is refused at once.
    app = create_app(settings("postgresql://nobody@127.0.0.1:9/none?connect_timeout=2"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}
