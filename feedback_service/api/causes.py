"""`/api/v1/reasons` and `/api/v1/actions`: each reason's share, and the actions aimed at them."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import jsonify, request
from flask.typing import ResponseReturnValue

from feedback_service.api.auth import api_error, require_api_token
from feedback_service.api.results import BadFilter
from feedback_service.api.schemas import ActionBody
from feedback_service.api.views import api, json_body
from feedback_service.causes.actions import (
    ActionChanges,
    ActionError,
    action_as_json,
    action_by_slug,
    save_action,
    visible_actions,
)
from feedback_service.causes.figures import Share
from feedback_service.causes.reading import ActionFigures, action_figures, read_reasons
from feedback_service.coaching.read_model import FIRST_DAY, LAST_DAY, Period, Scope
from feedback_service.database import unit_of_work, utcnow
from feedback_service.extensions import db
from feedback_service.settings import current_settings
from feedback_service.staff.models import Team
from feedback_service.surveys.reasons import load_catalogue


@api.errorhandler(ActionError)
def refused_action(error: ActionError) -> ResponseReturnValue:
    return api_error(str(error), 400)


def _day(name: str) -> date:
    try:
        day = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        raise BadFilter(f"{name} is required, a date like 2026-11-30") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadFilter(f"{name} must be from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}")
    return day


def _share_json(share: Share) -> dict[str, Any]:
    return {"answers": share.answers, "with_reason": share.with_reason, "share": share.share,
            "interval": [share.low, share.high]}


@api.get("/reasons")
@require_api_token
def list_reasons() -> ResponseReturnValue:
    """Every reason's share of the answers from `since` to `until` (dates, inclusive), for the
    whole company or one `team`, with its interval and its change against its own history."""
    since, until = _day("since"), _day("until")
    if since > until:
        raise BadFilter("since must not be after until")
    slug = request.args.get("team", "")
    scope = Scope()
    if slug:
        team_id = db.session.scalar(sa.select(Team.id).where(Team.slug == slug))
        if team_id is None:
            raise BadFilter(f"team: no team {slug!r}")
        scope = Scope(team_id=team_id)
    settings = current_settings()
    read = read_reasons(db.session, scope, Period.days(since, until, settings.zone),
                        settings.zone, load_catalogue(), settings.min_responses)
    return jsonify(since=since.isoformat(), until=until.isoformat(), team=slug or None,
                   answers=read.answers, reasons=[{
                       "code": f.code, "owner": str(f.reason.owner),
                       "owned_by": f.reason.owned_by, "answers": f.share.with_reason,
                       "share": f.share.share, "interval": [f.share.low, f.share.high],
                       "change": str(f.change) if f.change else None}
                       for f in read.figures])


def _today() -> date:
    return utcnow().astimezone(current_settings().zone).date()


def action_json(figures: ActionFigures) -> dict[str, Any]:
    """An action with its before and after (dates inclusive) and its effect."""
    spans = figures.spans
    return action_as_json(figures.action) | {
        "before": {"since": spans.before_since.isoformat(),
                   "until": spans.before_until.isoformat()} | _share_json(figures.before),
        "after": {"since": spans.after_since.isoformat(),
                  "until": spans.after_until.isoformat()} | _share_json(figures.after),
        "effect": str(figures.effect) if figures.effect else None,
    }


def _figures(action: Any) -> ActionFigures:
    settings = current_settings()
    return action_figures(db.session, action, _today(), settings.zone, settings.min_responses)


@api.put("/actions/<slug>")
@require_api_token
def put_action(slug: str) -> ResponseReturnValue:
    """Record or change an improvement action aimed at a reason."""
    body = json_body(ActionBody)
    with unit_of_work(db.session):
        action, created = save_action(db.session, slug, ActionChanges(
            title=body.title, reason=body.reason, started_on=body.started_on, team=body.team,
            owner_email=str(body.owner)), load_catalogue())
    return jsonify(action_json(_figures(action))), 201 if created else 200


@api.get("/actions")
@require_api_token
def list_actions() -> ResponseReturnValue:
    """Every improvement action, newest start first, each with its before and after."""
    return jsonify(actions=[action_json(_figures(a))
                            for a in visible_actions(db.session, None)])


@api.get("/actions/<slug>")
@require_api_token
def get_action(slug: str) -> ResponseReturnValue:
    """One improvement action with its before, after and effect."""
    action = action_by_slug(db.session, slug)
    if action is None:
        return api_error(f"no action {slug!r}", 404)
    return jsonify(action_json(_figures(action)))
