"""Forgot password: a one-time, expiring link by mail, the same answer for every address."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.staff.directory import find_user
from feedback_service.web.models import PasswordLink
from feedback_service.web.password_links import MAX_REQUESTS_FROM_ADDRESS
from tests.conftest import settings
from tests.smtp_sink import text_of
from tests.web.factories import PASSWORD
from tests.web.login_form import csrf_token_in, log_in, password_link_in

NEW_PASSWORD = "another good passphrase"


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example",
                    DEFAULT_LANGUAGE="en")


def ask_for_link(client, email: str):
    page = client.get("/password/forgot").get_data(as_text=True)
    return client.post("/password/forgot", data={"email": email,
                                                 "csrf_token": csrf_token_in(page)})


def mailed_link(app, smtp_server, count: int = 1) -> str:
    with app.app_context():
        flush_with_configured_senders()
    return password_link_in(smtp_server.wait_for(count)[-1])


def choose_password(client, link: str, password: str = NEW_PASSWORD):
    page = client.get(link).get_data(as_text=True)
    return client.post(link, data={"password": password, "confirm": password,
                                   "csrf_token": csrf_token_in(page)})


def test_the_login_page_links_to_forgot_password(client):
    page = client.get("/login").get_data(as_text=True)

    assert '<a href="/password/forgot">Forgot your password?</a>' in page


def test_known_and_unknown_addresses_get_the_same_answer(app, client, organisation,
                                                         smtp_server):
    known = ask_for_link(client, "anna@example.com")
    unknown = ask_for_link(client, "nobody@example.com")

    assert known.status_code == unknown.status_code == 200
    # The pages differ only in the form's CSRF token.
    assert (re.sub(r'value="[^"]+"', "", known.get_data(as_text=True))
            == re.sub(r'value="[^"]+"', "", unknown.get_data(as_text=True)))
    assert "If the address is known here, a link is on its way to it." in known.get_data(
        as_text=True)
    mailed_link(app, smtp_server)
    assert [m["To"] for m in smtp_server.wait_for(2, timeout=0.5)] == ["anna@example.com"]


def test_a_reset_link_sets_the_password_once_and_logs_in(app, client, organisation,
                                                          smtp_server):
    ask_for_link(client, "Anna@Example.com ")
    link = mailed_link(app, smtp_server)
    [mail] = smtp_server.messages
    # In Anna's own language.
    assert mail["Subject"] == "Nytt lösenord till Samtalsfeedback"
    assert "Länken fungerar en gång och gäller i en timme." in text_of(mail)

    reply = choose_password(client, link)

    assert reply.status_code == 302
    assert client.get("/me").status_code == 200
    assert log_in(app.test_client(), "anna@example.com", PASSWORD).status_code == 401
    assert log_in(app.test_client(), "anna@example.com", NEW_PASSWORD).status_code == 302
    again = app.test_client().get(link)
    assert again.status_code == 410
    assert "This link has already been used. Each link works only once." in again.get_data(
        as_text=True)


def test_an_expired_link_is_refused(app, client, organisation, smtp_server):
    ask_for_link(client, "freja@example.com")
    link = mailed_link(app, smtp_server)
    with app.app_context():
        row = db.session.scalar(sa.select(PasswordLink))
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()

    reply = client.get(link)

    assert reply.status_code == 410
    assert "This link has expired." in reply.get_data(as_text=True)
    assert '<a href="/password/forgot">Ask for a new link</a>' in reply.get_data(as_text=True)
    assert log_in(app.test_client(), "freja@example.com", PASSWORD).status_code == 302


def test_an_unknown_link_is_refused_with_a_clear_page(client):
    reply = client.get("/password/set/not-a-real-token")

    assert reply.status_code == 404
    page = reply.get_data(as_text=True)
    assert "<h1>This link does not work</h1>" in page
    assert "This link is not known." in page


def test_only_the_digest_of_a_link_is_stored(app, client, organisation, smtp_server):
    ask_for_link(client, "anna@example.com")
    token = mailed_link(app, smtp_server).rsplit("/", 1)[1]

    with app.app_context():
        stored = db.session.scalar(sa.select(PasswordLink.token))
    assert stored != token and len(stored) == 64


def test_a_deactivated_person_gets_no_link(app, client, organisation, smtp_server):
    with app.app_context():
        find_user("sara@example.com").active = False
        db.session.commit()

    reply = ask_for_link(client, "sara@example.com")

    assert "If the address is known here" in reply.get_data(as_text=True)
    with app.app_context():
        flush_with_configured_senders()
    assert smtp_server.wait_for(1, timeout=0.5) == []


def test_the_forgot_form_is_throttled_by_address(app, client, organisation, smtp_server):
    replies = [ask_for_link(client, f"someone{n}@example.com").status_code
               for n in range(MAX_REQUESTS_FROM_ADDRESS + 1)]

    assert replies == [200] * MAX_REQUESTS_FROM_ADDRESS + [429]
    reply = ask_for_link(client, "anna@example.com")
    assert reply.status_code == 429
    assert "Too many requests from here. Wait 15 minutes" in reply.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(PasswordLink)) is None


def test_one_person_gets_at_most_three_reset_mails_an_hour(app, organisation, smtp_server):
    for _ in range(5):
        ask_for_link(app.test_client(), "anna@example.com")

    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PasswordLink)) == 3


def test_a_too_short_or_mismatched_password_is_refused(app, client, organisation, smtp_server):
    ask_for_link(client, "anna@example.com")
    link = mailed_link(app, smtp_server)

    short = choose_password(client, link, "short")
    page = client.get(link).get_data(as_text=True)
    differ = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x",
                                     "csrf_token": csrf_token_in(page)})

    assert short.status_code == differ.status_code == 400
    assert client.get(link).status_code == 200  # still usable


@pytest.mark.postgres_only
def test_a_link_posted_three_times_at_once_sets_one_password(app, organisation, smtp_server):
    import threading
    import time

    from flask import has_request_context, request
    from sqlalchemy.orm import Session

    ask_for_link(app.test_client(), "anna@example.com")
    link = mailed_link(app, smtp_server)
    clients = [app.test_client() for _ in range(3)]
    tokens = [csrf_token_in(c.get(link).get_data(as_text=True)) for c in clients]
    passwords = [f"{NEW_PASSWORD} {n}" for n in range(3)]
    start = threading.Barrier(3)
    replies: list = [None] * 3

    def post(n: int) -> None:
        start.wait()
        replies[n] = clients[n].post(link, data={"password": passwords[n],
                                                 "confirm": passwords[n],
                                                 "csrf_token": tokens[n]})

    def pause(_session: Session) -> None:  # each request holds its transaction a moment
        if has_request_context() and request.path.startswith("/password/set/"):
            time.sleep(0.3)

    sa.event.listen(Session, "before_commit", pause)
    try:
        threads = [threading.Thread(target=post, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        sa.event.remove(Session, "before_commit", pause)

    assert sorted(reply.status_code for reply in replies) == [302, 410, 410]
    works = [log_in(app.test_client(), "anna@example.com", p).status_code == 302
             for p in passwords]
    assert works.count(True) == 1
    assert works.index(True) == [reply.status_code for reply in replies].index(302)


def work_done_by_asking(app, client, email: str) -> dict[str, object]:
    """What answering a forgot-password form for `email` does: the templates it renders and
    the statements it sends, by kind and table, and whether it keeps a mail."""
    from flask import template_rendered

    from feedback_service.outbox.models import OutboxMessage

    rendered: list[str] = []
    statements: list[str] = []

    def on_render(_app, template, context, **_):
        rendered.append(template.name)

    def on_statement(_conn, _cursor, statement, *_):
        words = statement.split()
        table = next((word for word, before in zip(words[1:], words, strict=False)
                      if before in ("INTO", "FROM")), "")
        statements.append(f"{words[0]} {table}".strip())

    page = client.get("/password/forgot").get_data(as_text=True)
    with app.app_context():
        from feedback_service.extensions import db

        engine = db.engine
        before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    sa.event.listen(engine, "before_cursor_execute", on_statement)
    template_rendered.connect(on_render, app)
    try:
        client.post("/password/forgot", data={"email": email, "csrf_token": csrf_token_in(page)})
    finally:
        template_rendered.disconnect(on_render, app)
        sa.event.remove(engine, "before_cursor_execute", on_statement)
    with app.app_context():
        after = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    return {"templates": rendered, "writes": sorted(s for s in statements
                                                     if s.startswith(("INSERT", "UPDATE"))),
            "mails_kept": after - before}


def test_known_and_unknown_addresses_cost_the_same_work(app, organisation, smtp_server):
    known = work_done_by_asking(app, app.test_client(), "anna@example.com")
    unknown = work_done_by_asking(app, app.test_client(), "nobody@example.com")

    # Both compose the link's mail and write it to the outbox; only the known one keeps it,
    # with the link's own row (a small insert: the mail is the work that takes time).
    assert known["templates"] == unknown["templates"] == [
        "web/mail/password_link.txt", "web/mail/password_link.html",
        "web/password_forgot.html"]
    assert known["writes"] == sorted([*unknown["writes"], "INSERT password_links"])
    assert "INSERT outbox_messages" in unknown["writes"]
    assert (known["mails_kept"], unknown["mails_kept"]) == (1, 0)
