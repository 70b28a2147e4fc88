"""Logging in and out: server-side sessions, lock-out of deactivated users, throttling, CSRF."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import request

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.staff.directory import AgentChanges, find_user, upsert_agent
from feedback_service.staff.models import LoginFailure, LoginSession, User
from feedback_service.web.auth import (
    MAX_FAILED_FROM_ADDRESS,
    MAX_FAILED_LOGINS,
    THROTTLE_WINDOW,
    token_digest,
)
from tests.web.login_form import csrf_token_in, log_in, log_out


def session_cookie(client):
    return client.get_cookie("session")


def live_sessions(app, email):
    with app.app_context():
        user = find_user(email)
        return list(db.session.scalars(
            sa.select(LoginSession).where(LoginSession.user_id == user.id,
                                          LoginSession.revoked_at.is_(None))
        ))


def test_an_agent_logs_in_and_lands_on_their_own_page(client, organisation):
    reply = log_in(client, "anna@example.com")
    assert reply.status_code == 302
    assert client.get("/", follow_redirects=True).request.path == "/me"


def test_a_supervisor_lands_on_their_teams(client, organisation):
    log_in(client, "sara@example.com")
    page = client.get("/")
    assert page.status_code == 200
    assert "/teams/support" in page.get_data(as_text=True)
    assert "/teams/kundeservice" not in page.get_data(as_text=True)


def test_pages_need_a_login(client, organisation):
    reply = client.get("/me")
    assert reply.status_code == 302
    assert reply.location.startswith("/login?next=")


@pytest.mark.parametrize("email, password", [
    ("anna@example.com", "wrong password"),
    ("nobody@example.com", "correct horse battery staple"),
    ("ANNA@example.com ", "wrong password"),
])
def test_a_wrong_login_gets_one_answer_that_reveals_nothing(client, organisation, email,
                                                             password):
    reply = log_in(client, email, password)
    assert reply.status_code == 401
    # Just that: no hint of a throttle that is not there.
    assert '<p class="notice notice-error" role="alert" id="login-error">Fel e-post eller ' \
           'lösenord.</p>' in reply.get_data(as_text=True)
    assert "Vänta" not in reply.get_data(as_text=True)
    assert client.get("/me").status_code == 302


def test_the_login_page_says_what_the_service_is(client):
    page = client.get("/login").get_data(as_text=True)

    assert ("Samtalsfeedback visar vad kunderna tyckte direkt efter sitt samtal med kundservice. "
            "Medarbetare ser sina egna svar; teamledare ser sitt teams vecka och vilka "
            "missnöjda kunder som väntar på att bli uppringda.") in page
    assert '<a href="/password/forgot">Glömt lösenordet?</a>' in page


def test_the_email_is_matched_whatever_its_case(client, organisation):
    assert log_in(client, "  Anna@Example.com").status_code == 302


def test_each_login_starts_a_new_server_side_session(app, client, organisation):
    client.get("/login")
    cookie_before = session_cookie(client).value
    log_in(client, "anna@example.com")
    first = session_cookie(client).value
    assert first != cookie_before
    [first_session] = live_sessions(app, "anna@example.com")

    log_in(client, "anna@example.com")
    # Logging in again replaces the old session: it is revoked, not reused.
    [second_session] = live_sessions(app, "anna@example.com")
    assert second_session.id != first_session.id
    assert session_cookie(client).value != first


def test_the_database_keeps_only_a_digest_of_the_session_token(app, client, organisation):
    log_in(client, "anna@example.com")
    [login_session] = live_sessions(app, "anna@example.com")
    token = client.get_cookie("session").value
    # The cookie is Flask's signed session; the token in it is never stored as such.
    with app.test_request_context():
        from flask import session as flask_session

        serializer = app.session_interface.get_signing_serializer(app)
        data = serializer.loads(token)
        assert "_user_id" in data
        flask_session.update(data)
        assert login_session.token == token_digest(data["_user_id"])
        assert login_session.token != data["_user_id"]


def test_logout_ends_the_session_on_the_server(app, client, organisation):
    log_in(client, "anna@example.com")
    stolen_cookie = session_cookie(client).value
    assert client.get("/me").status_code == 200

    reply = log_out(client)
    assert reply.status_code == 302 and reply.location == "/login"
    assert live_sessions(app, "anna@example.com") == []
    assert client.get("/me").status_code == 302

    # Replaying the cookie from before the logout gets nowhere: the server revoked it.
    client.set_cookie("session", stolen_cookie)
    assert client.get("/me").status_code == 302


def test_logout_is_a_post_with_a_csrf_token(client, organisation):
    log_in(client, "anna@example.com")
    assert client.get("/logout").status_code == 405
    reply = client.post("/logout")
    assert reply.status_code == 400
    assert client.get("/me").status_code == 200


def test_a_deactivated_agent_is_locked_out_at_once(app, client, organisation):
    log_in(client, "anna@example.com")
    assert client.get("/me").status_code == 200
    with app.app_context():
        upsert_agent("anna", AgentChanges(name="Anna Lind", email="anna@example.com",
                                          team="support", active=False))
        db.session.commit()
    assert client.get("/me").status_code == 302
    assert live_sessions(app, "anna@example.com") == []
    assert log_in(client, "anna@example.com").status_code == 401


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(app, client, runner,
                                                                   organisation):
    log_in(client, "anna@example.com")
    assert client.get("/me").status_code == 200

    result = runner.invoke(args=["users", "set-password", "anna@example.com", "--password",
                                 "a brand new passphrase"])

    assert result.exit_code == 0, result.output
    assert client.get("/me").status_code == 302
    assert live_sessions(app, "anna@example.com") == []
    assert log_in(client, "anna@example.com", "a brand new passphrase").status_code == 302


def test_a_deactivated_user_is_locked_out_at_once(app, client, organisation):
    log_in(client, "sara@example.com")
    assert client.get("/teams/support").status_code == 200
    with app.app_context():
        find_user("sara@example.com").active = False
        db.session.commit()
    assert client.get("/teams/support").status_code == 302
    assert log_in(client, "sara@example.com").status_code == 401


def test_an_agent_whose_agent_record_is_inactive_cannot_log_in(app, client, organisation):
    with app.app_context():
        find_user("bjorn@example.com").agent.active = False
        db.session.commit()
    assert log_in(client, "bjorn@example.com").status_code == 401


def from_address(client, address):
    """The test client, as seen coming from another address."""
    client.environ_base["REMOTE_ADDR"] = address
    return client


def age_failed_logins(app, by=THROTTLE_WINDOW):
    with app.app_context():
        for failure in db.session.scalars(sa.select(LoginFailure)):
            failure.failed_at -= by
        db.session.commit()


def test_repeated_failures_lock_the_login_only_where_they_came_from(app, client, organisation):
    attacker = from_address(app.test_client(), "198.51.100.7")
    for _ in range(MAX_FAILED_LOGINS):
        assert log_in(attacker, "anna@example.com", "guess").status_code == 401
    # Locked there: even the right password is refused, with the same answer.
    assert log_in(attacker, "anna@example.com").status_code == 401
    # Anna, at her own address, is not locked out by a stranger's guesses.
    assert log_in(from_address(client, "203.0.113.20"), "anna@example.com").status_code == 302

    # A quarter of an hour after the last guess, the lock has run out there too.
    age_failed_logins(app, by=THROTTLE_WINDOW + timedelta(seconds=1))
    assert log_in(attacker, "anna@example.com").status_code == 302
    with app.app_context():
        # A right password clears that address's failures for the login.
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure)) == 0


def test_an_attacker_guessing_every_quarter_hour_never_locks_the_owner_out(
        app, client, organisation):
    attacker = from_address(app.test_client(), "198.51.100.7")
    anna = from_address(client, "203.0.113.20")
    for _quarter in range(3):
        for _ in range(MAX_FAILED_LOGINS):
            log_in(attacker, "anna@example.com", "guess")
        assert log_in(anna, "anna@example.com").status_code == 302
        log_out(anna)
        age_failed_logins(app)


def test_password_spraying_from_one_address_is_stopped_across_logins(app, client,
                                                                      organisation):
    sprayer = from_address(app.test_client(), "198.51.100.7")
    emails = ["anna@example.com", "bjorn@example.com", "sara@example.com",
              "mette@example.com", "nobody@example.com"]
    replies = [log_in(sprayer, emails[n % len(emails)], f"Summer202{n}").status_code
               for n in range(MAX_FAILED_FROM_ADDRESS + 2)]
    assert replies == [401] * MAX_FAILED_FROM_ADDRESS + [429, 429]
    # Stopped: the right password does not get through from there either, for a while, and
    # only now does the page say to wait.
    stopped = log_in(sprayer, "freja@example.com")
    assert stopped.status_code == 429
    assert ("För många misslyckade inloggningar härifrån. Vänta 15 minuter och försök igen."
            in stopped.get_data(as_text=True))
    # Everyone else logs in as usual.
    assert log_in(from_address(client, "203.0.113.20"), "anna@example.com").status_code == 302


def test_the_address_behind_trusted_proxies_is_the_forwarded_one(database_url):
    from feedback_service import create_app
    from tests.conftest import settings

    app = create_app(settings(database_url, TRUSTED_PROXIES=1))
    with app.app_context():
        db.create_all()
        seen = []
        app.add_url_rule("/whoami", "whoami", lambda: seen.append(request.remote_addr) or "")
        client = app.test_client()
        client.get("/whoami", environ_base={"REMOTE_ADDR": "10.0.0.2"},
                   headers={"X-Forwarded-For": "192.0.2.1, 198.51.100.7"})
        client.get("/whoami", environ_base={"REMOTE_ADDR": "10.0.0.2"})
        db.session.remove()
        db.engine.dispose()
    # One proxy: the address it saw; one it was told by the client is not trusted.
    assert seen == ["198.51.100.7", "10.0.0.2"]


def test_guesses_sent_in_parallel_are_locked_out_like_guesses_in_a_row(app, organisation,
                                                                      caplog):
    attempts = 2 * MAX_FAILED_LOGINS
    clients = [app.test_client() for _ in range(attempts)]
    tokens = [csrf_token_in(c.get("/login").get_data(as_text=True)) for c in clients]
    all_ready = threading.Barrier(attempts)
    statuses: list[int] = []

    def guess(client, token):
        all_ready.wait()
        statuses.append(client.post("/login", data={
            "email": "anna@example.com", "password": "guess", "csrf_token": token}).status_code)

    threads = [threading.Thread(target=guess, args=pair)
               for pair in zip(clients, tokens, strict=True)]
    with caplog.at_level("INFO"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert statuses == [401] * attempts
    # Every guess counted, none lost to another: no more than five were checked.
    refused = caplog.text.count("is locked at this address after failed attempts")
    assert refused >= attempts - MAX_FAILED_LOGINS
    with app.app_context():
        assert db.session.scalar(
            sa.select(sa.func.count()).select_from(LoginFailure)) == attempts


def test_a_session_unused_for_too_long_is_over(app, client, organisation):
    log_in(client, "anna@example.com")
    with app.app_context():
        db.session.execute(sa.update(LoginSession).values(
            last_seen_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    assert client.get("/me").status_code == 302


def test_the_login_form_needs_its_csrf_token(app, client, organisation):
    reply = client.post("/login", data={"email": "anna@example.com",
                                        "password": "correct horse battery staple"})
    assert reply.status_code == 400
    assert "Formuläret har gått ut" in reply.get_data(as_text=True)
    assert client.get("/me").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 0


def test_a_token_from_another_session_is_refused(client, app, organisation):
    other = app.test_client()
    token = csrf_token_in(other.get("/login").get_data(as_text=True))
    client.get("/login")
    reply = client.post("/login", data={"email": "anna@example.com",
                                        "password": "correct horse battery staple",
                                        "csrf_token": token})
    assert reply.status_code == 400


@pytest.mark.parametrize("target, lands_on", [
    ("/teams/support", "/teams/support"),
    ("https://evil.example/phish", "/"),
    ("//evil.example/phish", "/"),
    ("/\\evil.example", "/"),
    ("/\t/evil.example", "/"),  # browsers drop the tab and read //evil.example
])
def test_after_login_only_pages_of_this_site_are_returned_to(client, organisation, target,
                                                               lands_on):
    reply = log_in(client, "sara@example.com", next_path=target)
    assert reply.status_code == 302
    assert reply.location == lands_on


def test_session_cookie_flags(client, organisation):
    reply = log_in(client, "anna@example.com")
    cookie = reply.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    # The tests' PUBLIC_BASE_URL is https, like production.
    assert "Secure" in cookie


def test_cookies_are_not_secure_only_at_a_plain_http_trial_address(database_url):
    from feedback_service import create_app
    from tests.conftest import settings

    app = create_app(settings(database_url, PUBLIC_BASE_URL="http://127.0.0.1:5000"))
    assert app.config["SESSION_COOKIE_SECURE"] is False
    app = create_app(settings(database_url))
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_users_without_a_password_cannot_log_in(app, client, organisation):
    with app.app_context():
        db.session.add(User(email="new@example.com", role="supervisor"))
        db.session.commit()
    empty = log_in(client, "new@example.com", "")
    assert empty.status_code == 200 and "Fyll i fältet." in empty.get_data(as_text=True)
    assert log_in(client, "new@example.com", "anything").status_code == 401
    assert client.get("/").status_code == 302
