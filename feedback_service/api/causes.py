"""`/api/v1/reasons` and `/api/v1/actions`: each reason's share, and the actions aimed at them."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask.typing import ResponseReturnValue
from pydantic import Field

from feedback_service.api.auth import api_error, require_api_token
from feedback_service.api.description import answer, described
from feedback_service.api.queries import ReasonsQuery
from feedback_service.api.replies import Interval, Reply
from feedback_service.api.results import BadFilter, query_of
from feedback_service.api.schemas import ActionBody
from feedback_service.api.views import api, put_reply
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
from feedback_service.coaching.read_model import Period, Scope
from feedback_service.coaching.statistics import Change
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.settings import current_settings
from feedback_service.staff.models import Team
from feedback_service.surveys.reasons import ReasonOwner, load_catalogue


@api.errorhandler(ActionError)
def refused_action(error: ActionError) -> ResponseReturnValue:
    return api_error(str(error), 400)


def _share_json(share: Share) -> dict[str, Any]:
    return {"answers": share.answers, "with_reason": share.with_reason, "share": share.share,
            "interval": [share.low, share.high]}


class ReasonReply(Reply):
    code: str
    owner: ReasonOwner = Field(description="Who can act on it: agent, process or outside")
    owned_by: str | None = Field(description="The contact of a process or outside reason")
    answers: int = Field(description="Answers giving this reason")
    share: float | None = Field(description="Its answers ÷ every answer in scope; null below "
                                "MIN_RESPONSES answers")
    interval: Interval
    change: Change | None = Field(description="Against the reason's own history")


class ReasonsReply(Reply):
    since: date
    until: date
    team: str | None
    answers: int = Field(description="Every answer in scope")
    reasons: list[ReasonReply]


class SpanReply(Reply):
    since: date
    until: date
    answers: int = Field(description="Every answer of the action's scope in the span")
    with_reason: int = Field(description="Those giving the action's reason")
    share: float | None
    interval: Interval


class ActionReply(Reply):
    slug: str
    title: str
    reason: str
    started_on: date
    team: str | None = Field(description="The team's slug; null: the whole company")
    owner: str
    before: SpanReply
    after: SpanReply
    effect: Change | None = Field(description="null while too little is known")


class ActionList(Reply):
    actions: list[ActionReply] = Field(description="Newest start first")


@api.get("/reasons")
@described("Every reason's share of the answers", query=ReasonsQuery,
           replies={200: ReasonsReply}, errors=(400,))
@require_api_token
def list_reasons() -> ResponseReturnValue:
    """Every reason's share of the answers from `since` to `until` (dates, inclusive), for the
    whole company or one `team`, with its interval and its change against its own history."""
    query = query_of(ReasonsQuery)
    since, until = query.since, query.until
    if since > until:
        raise BadFilter("since must not be after until")
    slug = query.team or ""
    scope = Scope()
    if slug:
        team_id = db.session.scalar(sa.select(Team.id).where(Team.slug == slug))
        if team_id is None:
            raise BadFilter(f"team: no team {slug!r}")
        scope = Scope(team_id=team_id)
    settings = current_settings()
    read = read_reasons(db.session, scope, Period.days(since, until, settings.zone),
                        settings.zone, load_catalogue(), settings.min_responses)
    return answer(ReasonsReply, dict(
                   since=since.isoformat(), until=until.isoformat(), team=slug or None,
                   answers=read.answers, reasons=[{
                       "code": f.code, "owner": str(f.reason.owner),
                       "owned_by": f.reason.owned_by, "answers": f.share.with_reason,
                       "share": f.share.share, "interval": [f.share.low, f.share.high],
                       "change": str(f.change) if f.change else None}
                       for f in read.figures]))


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
@described("Record or change an improvement action", body=ActionBody,
           replies={200: ActionReply, 201: ActionReply}, errors=(400, 413))
@require_api_token
def put_action(slug: str) -> ResponseReturnValue:
    """Record or change an improvement action aimed at a reason."""
    return put_reply(ActionBody, lambda body: save_action(db.session, slug, ActionChanges(
        title=body.title, reason=body.reason, started_on=body.started_on, team=body.team,
        owner_email=str(body.owner)), load_catalogue()),
        ActionReply, lambda action: action_json(_figures(action)))


@api.get("/actions")
@described("List the improvement actions", replies={200: ActionList})
@require_api_token
def list_actions() -> ResponseReturnValue:
    """Every improvement action, newest start first, each with its before and after."""
    return answer(ActionList, {"actions": [action_json(_figures(a))
                                            for a in visible_actions(db.session, None)]})


@api.get("/actions/<slug>")
@described("One improvement action, before and after", replies={200: ActionReply})
@require_api_token
def get_action(slug: str) -> ResponseReturnValue:
    """One improvement action with its before, after and effect."""
    action = action_by_slug(db.session, slug)
    if action is None:
        return api_error(f"no action {slug!r}", 404)
    return answer(ActionReply, action_json(_figures(action)))
