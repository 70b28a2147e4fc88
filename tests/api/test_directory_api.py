"""Syncing teams and agents through `/api/v1`: auth, create or update, validation."""

from __future__ import annotations

import pytest

from feedback_service import create_app
from tests.conftest import settings


def put_team(client, headers, slug="support", **body):
    body = {"name": "Support", "supervisors": ["boss@example.com"]} | body
    return client.put(f"/api/v1/teams/{slug}", json=body, headers=headers)


def put_agent(client, headers, handle="anna", **body):
    body = {
        "name": "Anna Lind",
        "email": "anna@example.com",
        "team": "support",
        "addresses": ["client:anna", "+46 70 123 45 67"],
        "language": "sv",
    } | body
    return client.put(f"/api/v1/agents/{handle}", json=body, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dGVzdA=="},
     {"Authorization": "Bearer"}],
    ids=["none", "wrong-token", "basic-auth", "empty-bearer"],
)
def test_without_the_right_token_every_call_is_401(client, headers):
    for response in (
        client.get("/api/v1/agents", headers=headers),
        put_team(client, headers),
        put_agent(client, headers),
    ):
        assert response.status_code == 401
        assert response.json == {"error": "a valid bearer token is required"}


def test_the_api_is_off_without_a_token_setting(tmp_path):
    app = create_app(settings(f"sqlite:///{tmp_path}/db.sqlite3", API_TOKEN=""))
    response = app.test_client().get("/api/v1/agents", headers={"Authorization": "Bearer x"})
    assert response.status_code == 404
    assert "FEEDBACK_API_TOKEN" in response.json["error"]


def test_create_then_update_a_team_and_an_agent(client, api_headers):
    created = put_team(client, api_headers)
    assert created.status_code == 201
    assert created.json == {"slug": "support", "name": "Support",
                            "supervisors": ["boss@example.com"], "alert_urls": None}
    assert put_agent(client, api_headers).status_code == 201

    renamed = put_team(client, api_headers, name="Customer Support")
    assert renamed.status_code == 200
    updated = put_agent(client, api_headers, name="Anna Berg", addresses=["client:anna"],
                        active=False)
    assert updated.status_code == 200

    agents = client.get("/api/v1/agents", headers=api_headers).json["agents"]
    assert agents == [{
        "handle": "anna", "name": "Anna Berg", "email": "anna@example.com", "team": "support",
        "addresses": ["client:anna"], "language": "sv", "active": False,
    }]


def test_phone_addresses_are_stored_in_e164(client, api_headers):
    put_team(client, api_headers)
    response = put_agent(client, api_headers, addresses=["+46 70 123 45 67"])
    assert response.json["addresses"] == ["+46701234567"]


def test_an_address_belongs_to_one_agent(client, api_headers):
    put_team(client, api_headers)
    put_agent(client, api_headers, handle="anna", addresses=["client:desk-1"])
    response = put_agent(client, api_headers, handle="bo", email="bo@example.com",
                         addresses=["client:desk-1"])
    assert response.status_code == 400
    assert response.json == {"error": "address 'client:desk-1' belongs to anna"}
    agents = client.get("/api/v1/agents", headers=api_headers).json["agents"]
    assert [a["handle"] for a in agents] == ["anna"]


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/api/v1/teams/support", None, "the body must be a JSON object"),
        ("/api/v1/teams/support", [], "the body must be a JSON object"),
        ("/api/v1/teams/support", {}, "name: Field required"),
        ("/api/v1/teams/support", {"name": "  "}, "name: String should have at least 1 character"),
        ("/api/v1/teams/support", {"name": "S", "supervisors": ["not-an-email"]},
         "supervisors.0: value is not a valid email address"),
        ("/api/v1/teams/support", {"name": "S", "colour": "red"},
         "colour: Extra inputs are not permitted"),
        ("/api/v1/teams/Not%20A%20Slug", {"name": "S"}, "a team slug is lower-case"),
        ("/api/v1/agents/anna", {"name": "A", "team": "nowhere"}, "there is no team 'nowhere'"),
        ("/api/v1/agents/anna", {"name": "A", "language": "de"}, "language: Input should be"),
        ("/api/v1/agents/anna", {"name": "A", "active": "maybe"}, "active: Input should be"),
        ("/api/v1/agents/anna", {"name": "A", "addresses": ["+46 12"]},
         "address '+46 12' is not a valid phone number"),
        ("/api/v1/agents/ANNA!", {"name": "A"}, "an agent handle is lower-case"),
    ],
)
def test_bodies_that_do_not_fit_get_400_with_a_reason(client, api_headers, path, body, message):
    if body is None:
        response = client.put(path, data="{not json", headers=api_headers,
                              content_type="application/json")
    else:
        response = client.put(path, json=body, headers=api_headers)
    assert response.status_code == 400
    assert message in response.json["error"]
    assert client.get("/api/v1/agents", headers=api_headers).json == {"agents": []}


def test_unknown_api_paths_answer_in_json(client, api_headers):
    response = client.get("/api/v1/nothing-here", headers=api_headers)
    assert response.status_code == 404
    assert "error" in response.json


def logins(app) -> dict[str, tuple[str, bool, str | None]]:
    """Each login's role, whether it is active, and the agent it belongs to."""
    import sqlalchemy as sa

    from feedback_service.extensions import db
    from feedback_service.staff.models import User

    with app.app_context():
        return {user.email: (user.role, user.active, user.agent.handle if user.agent else None)
                for user in db.session.scalars(sa.select(User))}


def test_an_email_of_another_agent_is_a_conflict_and_changes_nothing(app, client, api_headers):
    put_team(client, api_headers)
    put_agent(client, api_headers, handle="bjorn", name="Björn", email="bjorn@example.com",
              addresses=["client:bjorn"])
    before = logins(app)

    reply = put_agent(client, api_headers, handle="newhire", name="New Hire",
                      email="bjorn@example.com", addresses=["client:newhire"])

    assert reply.status_code == 409
    assert reply.json == {"error": "bjorn@example.com already belongs to someone else"}
    assert logins(app) == before
    agents = client.get("/api/v1/agents", headers=api_headers).json["agents"]
    assert [a["handle"] for a in agents] == ["bjorn"]


def test_a_supervisors_email_cannot_be_given_to_an_agent(app, client, api_headers):
    put_team(client, api_headers, supervisors=["boss@example.com"])
    reply = put_agent(client, api_headers, email="Boss@Example.com", active=False)
    assert reply.status_code == 409
    assert logins(app) == {"boss@example.com": ("supervisor", True, None)}


def test_an_agent_keeps_their_login_when_their_email_changes(app, client, api_headers):
    put_team(client, api_headers)
    put_agent(client, api_headers)
    reply = put_agent(client, api_headers, email="anna.lind@example.com")
    assert reply.status_code == 200
    assert logins(app)["anna.lind@example.com"] == ("agent", True, "anna")
    assert "anna@example.com" not in logins(app)


def test_a_supervisor_taken_off_every_team_is_no_longer_a_supervisor(app, client, api_headers):
    put_team(client, api_headers, supervisors=["boss@example.com"])
    put_team(client, api_headers, supervisors=["new.boss@example.com"])
    assert logins(app)["boss@example.com"] == ("agent", True, None)
    assert logins(app)["new.boss@example.com"] == ("supervisor", True, None)
