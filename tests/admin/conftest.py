"""An admin to log in as, a real mail server for the invitations, and forms filled in as a
browser would."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from feedback_service.extensions import db
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.staff.directory import add_user
from feedback_service.staff.models import Role
from tests.conftest import settings
from tests.smtp_sink import SmtpSink
from tests.web.factories import give_password
from tests.web.login_form import csrf_token_in, log_in

ADMIN = "root@example.com"


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example",
                    DEFAULT_LANGUAGE="en")


@pytest.fixture
def admin(app, client: FlaskClient) -> FlaskClient:
    """The test client, logged in as an admin."""
    with app.app_context():
        add_user(ADMIN, "Ruth Admin", Role.ADMIN)
        give_password(ADMIN)
        db.session.commit()
    assert log_in(client, ADMIN).status_code == 302
    return client


def submit(client: FlaskClient, path: str, data: dict[str, object], *, form_page: str = ""):
    """Open the page with the form (`form_page`, else `path`), then post `data` with its token."""
    page = client.get(form_page or path).get_data(as_text=True)
    return client.post(path, data={**data, "csrf_token": csrf_token_in(page)})


def deliver_mail(app, smtp_server: SmtpSink, count: int):
    """Send what the outbox holds, as the scheduler would, and wait for it at the server."""
    with app.app_context():
        flush_with_configured_senders()
    return smtp_server.wait_for(count)
