"""`/api/v1`: sync teams and agents in, read responses out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from feedback_service.api.auth import api_error, no_store, require_api_token
from feedback_service.api.description import answer, described, openapi_document
from feedback_service.api.replies import AgentList, AgentReply, OpenApiDocument, Reply, TeamReply
from feedback_service.api.schemas import AgentBody, TeamBody
from feedback_service.database import unit_of_work
from feedback_service.database_engine import wait_for_the_database_in_turn
from feedback_service.extensions import csrf, db
from feedback_service.outgoing.alert_delivery import check_alert_url
from feedback_service.outgoing.network_rule import RefusedDestination
from feedback_service.settings import current_settings
from feedback_service.staff.directory import (
    AgentChanges,
    DirectoryConflict,
    DirectoryError,
    agent_as_json,
    is_slug,
    team_as_json,
    upsert_agent,
    upsert_team,
)
from feedback_service.staff.models import Agent
from feedback_service.validation_errors import describe

api = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(api)  # authenticated by bearer token, never by a browser cookie
wait_for_the_database_in_turn(
    api, lambda: jsonify(error="the database is out of reach; try again later"))
api.after_request(no_store)

BodyT = TypeVar("BodyT", bound=BaseModel)
SavedT = TypeVar("SavedT")


@api.errorhandler(HTTPException)
def json_error(error: HTTPException) -> ResponseReturnValue:
    return api_error(error.description or error.name, error.code or 500)


def json_body(schema: type[BodyT]) -> BodyT:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise _BadBody("the body must be a JSON object")
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        raise _BadBody(describe(error)) from None


class _BadBody(Exception):
    pass


def put_reply(schema: type[BodyT], save: Callable[[BodyT], tuple[SavedT, bool]],
              reply: type[Reply],
              as_json: Callable[[SavedT], dict[str, Any]]) -> ResponseReturnValue:
    """Every `PUT`'s shape: the body checked against `schema`, `save` in one unit of work
    (returning what it saved and whether it created it), then that as it is now: 201 when
    created, else 200."""
    body = json_body(schema)
    with unit_of_work(db.session):
        saved, created = save(body)
    return answer(reply, as_json(saved), 201 if created else 200)


@api.errorhandler(_BadBody)
def bad_body(error: _BadBody) -> ResponseReturnValue:
    return api_error(str(error), 400)


# A refused change comes out of a unit of work, which rolled back whatever it had written.
@api.errorhandler(DirectoryError)
def directory_conflict(error: DirectoryError) -> ResponseReturnValue:
    return api_error(str(error), 400)


@api.errorhandler(DirectoryConflict)
def login_conflict(error: DirectoryConflict) -> ResponseReturnValue:
    """An e-mail that belongs to another person: 409, and nothing changed."""
    return api_error(str(error), 409)


@api.put("/teams/<slug>")
@described("Create or update a team", body=TeamBody, replies={200: TeamReply, 201: TeamReply},
           errors=(400, 413))
@require_api_token
def put_team(slug: str) -> ResponseReturnValue:
    """Create or update a team and its supervisors."""
    if not is_slug(slug):
        return api_error("a team slug is lower-case letters, digits, '.', '_' or '-'", 400)
    body = json_body(TeamBody)
    if body.alert_urls:
        allow_private = current_settings().webhook_allow_private
        for url in body.alert_urls:
            try:
                check_alert_url(url, allow_private, resolve=False)
            except RefusedDestination as error:
                return api_error(f"alert_urls: {error}", 400)
    with unit_of_work(db.session):
        team, created = upsert_team(slug, body.name, [str(e) for e in body.supervisors])
        if "alert_urls" in body.model_fields_set:
            team.alert_urls = body.alert_urls
    return answer(TeamReply, team_as_json(team), 201 if created else 200)


@api.put("/agents/<handle>")
@described("Create or update an agent", body=AgentBody,
           replies={200: AgentReply, 201: AgentReply}, errors=(400, 409, 413))
@require_api_token
def put_agent(handle: str) -> ResponseReturnValue:
    """Create or update an agent, their team, addresses and login."""
    if not is_slug(handle):
        return api_error("an agent handle is lower-case letters, digits, '.', '_' or '-'", 400)
    return put_reply(AgentBody, lambda body: upsert_agent(
        handle,
        AgentChanges(
            name=body.name,
            email=str(body.email) if body.email else None,
            team=body.team,
            addresses=body.addresses,
            language=body.language,
            active=body.active,
        ),
    ), AgentReply, agent_as_json)


@api.get("/agents")
@described("List the agents", replies={200: AgentList})
@require_api_token
def list_agents() -> ResponseReturnValue:
    """Every agent, by handle."""
    agents = db.session.scalars(sa.select(Agent).order_by(Agent.handle)).all()
    return answer(AgentList, {"agents": [agent_as_json(a) for a in agents]})


@api.get("/openapi.json")
@described("This description of the API", replies={200: OpenApiDocument}, public=True)
def openapi_json() -> ResponseReturnValue:
    """The OpenAPI 3.1 description of every `/api/v1` call; no token needed."""
    return answer(OpenApiDocument, openapi_document(current_app))
