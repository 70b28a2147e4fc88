"""Pages in the reader's language: the signed-in person's, else the browser's `Accept-Language`,
else `DEFAULT_LANGUAGE`; and every error page is the service's own, in that language."""

from __future__ import annotations

import re

import pytest
from flask import abort

from feedback_service import create_app
from feedback_service.languages import preferred_language
from tests.conftest import settings
from tests.database_faults import REFUSING_DATABASE_URL
from tests.web.login_form import csrf_token_in, log_in

# What each language's browser sends, and the words the login page and the error pages say.
READERS = {
    "sv": {
        "accept": "sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7",
        "login": "Logga in",
        403: "Inte tillåtet",
        404: "Sidan finns inte",
        405: "Det går inte här",
        413: "För mycket på en gång",
        500: "Något gick fel",
    },
    "da": {
        "accept": "da-DK, en;q=0.5",
        "login": "Log ind",
        403: "Ikke tilladt",
        404: "Siden findes ikke",
        405: "Ikke muligt her",
        413: "For meget på én gang",
        500: "Noget gik galt",
    },
    "en": {
        "accept": "de-DE,de;q=0.9,en;q=0.8,sv;q=0.3",
        "login": "Log in",
        403: "Not allowed",
        404: "Page not found",
        405: "Not possible here",
        413: "Too much at once",
        500: "Something went wrong",
    },
}


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MAX_REQUEST_BYTES=4096)


def heading(page: str) -> str:
    match = re.search(r"<h1>(.*?)</h1>", page)
    assert match, page
    return match.group(1)


def page_language(page: str) -> str:
    match = re.search(r'<html lang="(\w+)">', page)
    assert match, page
    return match.group(1)


@pytest.mark.parametrize(("header", "expected"), [
    ("sv-SE,sv;q=0.9,en;q=0.8", "sv"),
    ("da-DK, en;q=0.5", "da"),  # Werkzeug's best_match would pick the exact "en"
    ("en;q=0.5, da;q=0.6", "da"),
    ("en-GB, da;q=0.9", "en"),
    ("de-DE, fr;q=0.9", None),
    ("*", None),
    ("sv;q=0, en;q=0.1", "en"),
    ("nb-NO, da;q=0.8, sv;q=0.8", "da"),  # a tie goes to the first named
])
def test_accept_language_is_matched_by_its_weights(header, expected):
    from werkzeug.datastructures import LanguageAccept
    from werkzeug.http import parse_accept_header

    assert preferred_language(parse_accept_header(header, LanguageAccept)) == expected


@pytest.mark.parametrize("language", READERS)
def test_before_sign_in_the_browser_chooses_the_language(client, language):
    page = client.get("/login", headers={"Accept-Language": READERS[language]["accept"]})
    body = page.get_data(as_text=True)
    assert heading(body) == READERS[language]["login"]
    assert page_language(body) == language
    assert "Accept-Language" in page.headers["Vary"]


def test_without_a_language_the_browser_speaks_the_default_is_used(database_url):
    app = create_app(settings(database_url, DEFAULT_LANGUAGE="da"))
    page = app.test_client().get("/login", headers={"Accept-Language": "fr-FR, de;q=0.5"})
    assert heading(page.get_data(as_text=True)) == "Log ind"


def test_the_signed_in_persons_language_wins_over_the_browsers(client, organisation):
    # Freja's language is Danish; her browser asks for Swedish first.
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv, en;q=0.5"
    log_in(client, "freja@example.com")
    page = client.get("/me").get_data(as_text=True)
    assert page_language(page) == "da"


@pytest.mark.parametrize("language", READERS)
def test_an_unknown_address_is_the_services_own_404_signed_in_or_not(
        client, organisation, language):
    accept = {"Accept-Language": READERS[language]["accept"]}
    anonymous = client.get("/no/such/page", headers=accept)
    assert anonymous.status_code == 404
    assert heading(anonymous.get_data(as_text=True)) == READERS[language][404]

    log_in(client, "sara@example.com")  # Sara has no language of her own: her browser's
    signed_in = client.get("/no/such/page", headers=accept)
    assert signed_in.status_code == 404
    assert heading(signed_in.get_data(as_text=True)) == READERS[language][404]
    assert 'action="/logout"' in signed_in.get_data(as_text=True)


@pytest.mark.parametrize("language", READERS)
def test_a_method_the_address_does_not_take_gets_the_services_405(client, language):
    reply = client.get("/logout", headers={"Accept-Language": READERS[language]["accept"]})
    assert reply.status_code == 405
    assert set(reply.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    assert heading(reply.get_data(as_text=True)) == READERS[language][405]


@pytest.mark.parametrize("language", READERS)
def test_a_body_over_the_limit_gets_the_services_413(client, language):
    reply = client.post("/login", data={"email": "x" * 5000},
                        headers={"Accept-Language": READERS[language]["accept"]})
    assert reply.status_code == 413
    assert heading(reply.get_data(as_text=True)) == READERS[language][413]


@pytest.mark.parametrize("language", READERS)
def test_a_refusal_gets_the_services_403(app, client, language):
    # The service's own views answer 404 for what a user may not see; a view an extension adds
    # may refuse with 403 and gets the same kind of page.
    app.add_url_rule("/refusing", "refusing", lambda: abort(403))
    reply = client.get("/refusing", headers={"Accept-Language": READERS[language]["accept"]})
    assert reply.status_code == 403
    assert heading(reply.get_data(as_text=True)) == READERS[language][403]


@pytest.mark.parametrize("language", READERS)
def test_a_failure_gets_the_services_500(app, client, language):
    # A fault the service did not foresee (a database that is down gets 503 and Retry-After).
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def failing() -> str:
        raise RuntimeError("an unforeseen fault")

    app.add_url_rule("/failing", "failing", failing)
    reply = client.get("/failing", headers={"Accept-Language": READERS[language]["accept"]})
    assert reply.status_code == 500
    assert heading(reply.get_data(as_text=True)) == READERS[language][500]


@pytest.mark.parametrize(("language", "words"), [("sv", "Försök igen om en stund."),
                                                ("da", "Prøv igen om lidt."),
                                                ("en", "Try again in a while.")])
def test_a_page_the_database_cannot_serve_says_so_in_the_browsers_language(language, words):
    app = create_app(settings(REFUSING_DATABASE_URL, PROPAGATE_EXCEPTIONS=False))
    client = app.test_client()
    accept = {"Accept-Language": READERS[language]["accept"]}
    form = client.get("/login", headers=accept).get_data(as_text=True)
    reply = client.post("/login", headers=accept, data={
        "email": "anna@example.com", "password": "whatever", "csrf_token": csrf_token_in(form)})
    assert reply.status_code == 503
    assert reply.headers["Retry-After"]
    assert reply.get_data(as_text=True) == words


def test_the_machine_interfaces_keep_their_own_answers(client):
    api = client.get("/api/v1/no-such-call", headers={"Accept-Language": "da"})
    assert api.status_code == 404
    assert api.json == {"error": "no such address"}
    hook = client.get("/hooks/call-ended")
    assert hook.status_code == 405
    assert "error" in hook.json
    twilio = client.get("/twilio/sms/inbound")
    assert twilio.status_code == 405
    assert twilio.mimetype == "text/plain"
