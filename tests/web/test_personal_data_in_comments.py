"""A number, an address or an identity number a caller puts in a comment is masked wherever
the caller's own number is; the follow-up a supervisor calls back from shows it as given."""

from __future__ import annotations

import csv
import io

import pytest

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent
from tests.web.factories import give_answer, weeks_ago

SAD = 2
CALLER = "+46709998877"
SAID = "Ring mig på 070-123 45 67 eller anna@exempel.se, pnr 811218-9876"
MASKED = "Ring mig på […] eller […], pnr […]"
PIECES = ("070-123 45 67", "anna@exempel.se", "811218-9876")


@pytest.fixture
def comment(app, organisation):
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        give_answer(settings_of(app), anna, SAD, weeks_ago(1), reason_digit=2, comment=SAID,
                    caller=CALLER)
        db.session.commit()


def assert_masked(text: str) -> None:
    assert MASKED in text
    for piece in PIECES:
        assert piece not in text


@pytest.mark.parametrize(("email", "path"), [
    ("anna@example.com", "/me"),
    ("sara@example.com", "/teams/support/agents/anna"),
])
def test_pages_mask_it(login, comment, email, path):
    assert_masked(login(email).get(path).get_data(as_text=True))


@pytest.mark.parametrize("path", ["/me/answers.csv", "/teams/support/agents/anna/answers.csv"])
def test_csv_masks_it(login, comment, path):
    email = "anna@example.com" if path.startswith("/me") else "sara@example.com"
    export = login(email).get(path).get_data(as_text=True)
    [row] = [row for row in csv.DictReader(io.StringIO(export.lstrip("\ufeff"))) if row["comment"]]
    assert row["comment"] == MASKED


def test_the_api_masks_it(client, comment, api_headers):
    reply = client.get("/api/v1/responses", headers=api_headers)
    [answer] = [answer for answer in reply.json["responses"] if answer["comment"]]
    assert answer["comment"] == MASKED


def test_the_follow_up_to_call_back_shows_it_as_given_and_masks_it_once_resolved(
        login, comment, app):
    from tests.web.login_form import csrf_token_in

    client = login("sara@example.com")
    page = client.get("/follow-ups").get_data(as_text=True)
    assert f'href="tel:{CALLER}"' in page
    assert SAID in page
    follow_up_id = page.split('id="follow-up-')[1].split('"')[0]

    client.post(f"/follow-ups/{follow_up_id}", data={
        "status": "resolved", "note": "Ringt", "confirmed_reason": "product", "won_back": "yes",
        "csrf_token": csrf_token_in(page)})

    resolved = client.get("/follow-ups?show=resolved").get_data(as_text=True)
    assert CALLER not in resolved
    assert_masked(resolved)
