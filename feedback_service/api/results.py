"""`GET /api/v1/responses` and `/api/v1/responses.csv`: the answers, to read and export."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import selectinload

from feedback_service.api.auth import api_error, require_api_token
from feedback_service.api.views import api
from feedback_service.csv_export import answers_csv
from feedback_service.extensions import db
from feedback_service.phone_numbers import mask
from feedback_service.staff.models import Agent, Team
from feedback_service.surveys.models import Response as SurveyResponse

COLUMNS = ("id", "call_id", "agent", "team", "topic", "channel", "kind", "score", "category",
           "reason", "comment", "has_recording", "caller", "received_at")


class BadFilter(ValueError):
    """A query parameter that cannot be used as a filter."""


@api.errorhandler(BadFilter)
def bad_filter(error: BadFilter) -> ResponseReturnValue:
    return api_error(str(error), 400)


@api.get("/responses")
@require_api_token
def list_responses() -> ResponseReturnValue:
    """The answers received from `since` to `until`, for one `agent` or `team`, oldest first."""
    return jsonify(responses=[response_as_row(r) for r in _filtered_responses()])


@api.get("/responses.csv")
@require_api_token
def export_responses() -> ResponseReturnValue:
    """The same answers as `/responses`, as CSV with the same columns."""
    body = answers_csv(COLUMNS, (response_as_row(r) for r in _filtered_responses()))
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="responses.csv"'})


def response_as_row(response: SurveyResponse) -> dict[str, Any]:
    """One answer as the API shows it: the caller masked, a recording only flagged."""
    return {
        "id": response.id,
        "call_id": response.call.provider_call_id,
        "agent": response.agent.handle if response.agent else None,
        "team": response.team.slug if response.team else None,
        "topic": response.topic,
        "channel": response.channel,
        "kind": response.kind,
        "score": response.score,
        "category": response.category,
        "reason": response.reason,
        "comment": response.comment,
        "has_recording": bool(response.recording_url),
        "caller": mask(response.call.caller) or None,
        "received_at": response.received_at.isoformat(),
    }


def _filtered_responses() -> list[SurveyResponse]:
    zone = ZoneInfo(str(current_app.config["TIMEZONE"]))
    query = (
        sa.select(SurveyResponse)
        .options(selectinload(SurveyResponse.call), selectinload(SurveyResponse.agent),
                 selectinload(SurveyResponse.team))
        .order_by(SurveyResponse.received_at, SurveyResponse.id)
    )
    if since := request.args.get("since", "").strip():
        query = query.where(SurveyResponse.received_at >= _moment(since, "since", zone))
    if until := request.args.get("until", "").strip():
        query = query.where(SurveyResponse.received_at < _moment(until, "until", zone))
    if agent := request.args.get("agent", "").strip():
        query = query.join(Agent, SurveyResponse.agent_id == Agent.id).where(Agent.handle == agent)
    if team := request.args.get("team", "").strip():
        query = query.join(Team, SurveyResponse.team_id == Team.id).where(Team.slug == team)
    return list(db.session.scalars(query))


def _moment(value: str, name: str, zone: ZoneInfo) -> datetime:
    """A filter bound: a date is a whole day in `TIMEZONE` (`until` takes that day in).

    A time without an offset is read in `TIMEZONE` too.
    """
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            moment = datetime.combine(day, time(), tzinfo=zone)
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadFilter(
            f"{name} must be an ISO 8601 date or time, like 2026-03-01 or 2026-03-01T08:00:00Z"
        ) from None
    if not date(1970, 1, 1) <= moment.date() <= date(2999, 12, 31):
        raise BadFilter(f"{name} must lie between 1970-01-01 and 2999-12-31")
    moment = moment if moment.tzinfo else moment.replace(tzinfo=zone)
    return moment + timedelta(days=1) if len(value) == 10 and name == "until" else moment
