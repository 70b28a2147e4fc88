"""`GET /api/v1/responses`, `/responses.csv` and `/summaries`: answers and figures to read out."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, request, stream_with_context, url_for
from flask.typing import ResponseReturnValue
from pydantic import ValidationError

from feedback_service.api.auth import api_error, require_api_token
from feedback_service.api.description import answer, described
from feedback_service.api.queries import (
    REQUIRED_EXAMPLES,
    AnswerFilter,
    ExportQuery,
    Query,
    ResponsesQuery,
    SummariesQuery,
    TrendsQuery,
)
from feedback_service.api.replies import ResponsesPage, Summaries, Trends
from feedback_service.api.views import api
from feedback_service.coaching.answer_csv import answer_csv_lines
from feedback_service.coaching.answer_rows import answer_rows
from feedback_service.coaching.drivers import Driver, DriverTable, drivers, praise_counts
from feedback_service.coaching.follow_up_outcomes import FollowUpOutcomes
from feedback_service.coaching.presentation import alphabetical_key
from feedback_service.coaching.read_model import (
    FIRST_DAY,
    LAST_DAY,
    DriverCounts,
    Period,
    Scope,
    driver_counts,
    praise_by_agent,
)
from feedback_service.coaching.statistics import ScoreSummary
from feedback_service.coaching.summaries import FirstContact, Funnel, Summary
from feedback_service.coaching.trends import Grain, calendar_trends, weekly_trend
from feedback_service.coaching.week_summaries import (
    agent_summaries,
    read_week,
    repeat_window_closed_before,
    team_summaries,
)
from feedback_service.coaching.weeks import week_of
from feedback_service.csv_export import delimiter_named
from feedback_service.extensions import db
from feedback_service.settings import current_settings
from feedback_service.staff.models import Agent, Team
from feedback_service.surveys.praise import load_praise
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.validation_errors import describe


class BadFilter(ValueError):
    """A query parameter that cannot be used as a filter."""


QueryT = TypeVar("QueryT", bound=Query)


@api.errorhandler(BadFilter)
def bad_filter(error: BadFilter) -> ResponseReturnValue:
    return api_error(str(error), 400)


def query_of(model: type[QueryT]) -> QueryT:
    """The request's query parameters read through `model`; a 400 naming the first that does
    not fit, in the words its check chose."""
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as error:
        problem = error.errors()[0]
        name = ".".join(str(p) for p in problem["loc"])
        cause = problem.get("ctx", {}).get("error")
        if isinstance(cause, ValueError):
            raise BadFilter(str(cause)) from None
        if problem["type"] == "missing" and name in REQUIRED_EXAMPLES:
            raise BadFilter(REQUIRED_EXAMPLES[name]) from None
        raise BadFilter(describe(error)) from None


@api.get("/responses")
@described("List answers, a page at a time", query=ResponsesQuery,
           replies={200: ResponsesPage}, errors=(400,))
@require_api_token
def list_responses() -> ResponseReturnValue:
    """The answers to calls that ended from `since` to `until`, a page at a time in id order."""
    query = query_of(ResponsesQuery)
    scope, period, limit, after = _scope(query), _period(query), query.limit, query.after
    # One row more than the page tells whether another page follows.
    rows = list(answer_rows(db.session, scope, period, after=after, limit=limit + 1))
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following_query = {**request.args.to_dict(), "after": str(rows[-1]["id"]),
                           "limit": str(limit)}
        following = current_settings().public_url(
            f"{url_for('api.list_responses')}?{urlencode(following_query)}")
    return answer(ResponsesPage, {"responses": rows, "next": following})


@api.get("/responses.csv")
@described("Export answers as CSV", query=ExportQuery, replies={200: "text/csv"},
           errors=(400,))
@require_api_token
def export_responses() -> ResponseReturnValue:
    """Every answer `/responses` would page through, as one CSV streamed in constant memory."""
    query = query_of(ExportQuery)
    lines = answer_csv_lines(db.session, _scope(query), _period(query),
                             delimiter_named(query.delimiter))
    return current_app.response_class(
        stream_with_context(lines), mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="responses.csv"'})


@api.get("/summaries")
@described("The week's figures per team and agent", query=SummariesQuery,
           replies={200: Summaries}, errors=(400,))
@require_api_token
def list_summaries() -> ResponseReturnValue:
    """The week's figures per team and per agent in scope: what pages and digests show."""
    query = query_of(SummariesQuery)
    week = query.week
    teams, agents = _summary_scope(query)
    # Every team asked for (no filter): the reads need not list their ids.
    team_ids = None if not query.team and not query.agent else [t.id for t in teams]
    settings = current_settings()
    figures = read_week(db.session, week, settings.zone, team_ids=team_ids,
                        agent_ids=[a.id for a in agents], comments=False,
                        settled_before=repeat_window_closed_before(settings))
    period = Period.week(week, settings.zone)
    by_team = driver_counts(db.session, period, team_ids)
    by_agent = praise_by_agent(db.session, period, [a.id for a in agents])
    found: list[dict[str, Any]] = []
    for team in teams:
        counts = by_team.get(team.id, DriverCounts())
        for s in team_summaries(figures, team, settings):
            table = drivers(s.kind, counts, load_catalogue(), load_praise(),
                            settings.min_responses)
            found.append(_summary_json(s, team=team.slug, agent=None)
                         | {"praise": _praise_json(_team_praise(counts), s.kind),
                            "drivers": _drivers_json(table)})
    # Agents who have left appear for a week in which they took surveyed calls, like in the
    # digest, and in its order: alphabetical by name, never an order of scores.
    language = settings.default_language
    shown = sorted((a for a in agents if a.active or figures.agent_was_surveyed(a.id)
                    or len(agents) == 1), key=lambda a: alphabetical_key(a.name, language))
    for agent in shown:
        # The teams are loaded already: each agent's team comes from the session, not a query.
        team_slug = agent.team.slug if agent.team else None
        praised = by_agent.get(agent.id, Counter())
        found += [_summary_json(s, team=team_slug, agent=agent.handle)
                  | {"praise": _praise_json(praised, s.kind), "drivers": None}
                  for s in agent_summaries(figures, agent, settings)]
    # Thousands of summaries: checked against the model as every reply is, then written as
    # JSON by pydantic at once rather than through a dict for Flask's encoder.
    body = Summaries.model_validate({"week": str(week), "summaries": found})
    return current_app.response_class(body.model_dump_json(by_alias=True),
                                      mimetype="application/json")


@api.get("/trends")
@described("A score over weeks, months or quarters", query=TrendsQuery,
           replies={200: Trends}, errors=(400,))
@require_api_token
def list_trends() -> ResponseReturnValue:
    """A scope's score week by week, month by month or quarter by quarter up to `until`, with
    its interval: the pages' trends, one series per scale."""
    query = query_of(TrendsQuery)
    grain, last_day, scope, zone = query.grain, query.until, _scope(query), current_settings().zone
    catalogue, minimum = load_catalogue(), current_settings().min_responses
    series: dict[SurveyKind, list[tuple[date, date, ScoreSummary]]]
    if grain is Grain.WEEK:
        weekly = weekly_trend(db.session, scope, week_of(last_day), zone, catalogue, minimum)
        series = {kind: [(p.monday, p.monday + timedelta(days=6), p.score) for p in points]
                  for kind, points in weekly.items()}
    else:
        longer = calendar_trends(db.session, scope, last_day, zone, catalogue, minimum)[grain]
        series = {kind: [(p.first, p.last, p.score) for p in points]
                  for kind, points in longer.items()}
    return answer(Trends, {"grain": grain.value, "until": last_day.isoformat(), "series": [
        {"kind": kind.value, "points": [
            # `answers` are the ones the score counts; score and interval null below the
            # minimum, as everywhere.
            {"from": first.isoformat(), "until": last.isoformat(), "answers": score.answers,
             "score": score.value, "interval": [score.low, score.high]}
            for first, last, score in points]}
        for kind, points in series.items()]})


def _summary_json(summary: Summary, *, team: str | None, agent: str | None) -> dict[str, Any]:
    score = summary.score
    return {
        "scope": str(summary.level),
        "team": team,
        "agent": agent,
        "kind": str(summary.kind),
        "answers": summary.answers,
        "categories": {str(category): n for category, n in summary.categories.items()},
        # The answers the score counts, by category: the split the score is computed from.
        "scored_categories": {str(category): n
                              for category, n in summary.scored_categories.items()},
        "surveys_sent": summary.surveys_sent,
        "response_rate": summary.response_rate,
        "score": score.value,
        "interval": [score.low, score.high],
        "change": str(summary.change) if summary.change else None,
        "reasons": [{"code": r.code, "owner": str(r.owner), "answers": r.answers,
                     "share": r.share} for r in summary.reasons],
        "left_out": [{"code": r.code, "owner": str(r.owner), "answers": r.answers}
                     for r in summary.left_out],
        "focus": summary.focus,
        "first_contact_resolution": _first_contact_json(summary.first_contact),
        "funnel": _funnel_json(summary.funnel),
        "follow_ups": _follow_ups_json(summary.follow_ups),
    }


def _team_praise(counts: DriverCounts) -> Counter[tuple[SurveyKind, str]]:
    praised: Counter[tuple[SurveyKind, str]] = Counter()
    for (kind, _, _, praise, _), n in counts.items():
        if praise:
            praised[(kind, praise)] += n
    return praised


def _praise_json(counts: Counter[tuple[SurveyKind, str]], kind: SurveyKind) -> list[dict[str, Any]]:
    """What callers appreciated, in the catalogue's order: counts, never a ranking."""
    return [{"code": code, "answers": n} for code, n in praise_counts(counts, load_praise(), kind)]


def _driver_json(row: Driver) -> dict[str, Any]:
    """A row: its answers and the points the score would rise had those callers been happy
    (null below the minimum, for praise and for reasons outside customer service)."""
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)
    return {"code": row.code, "answers": row.answers, "rise_if_happy": rounded(row.rise),
            "interval": [rounded(row.low), rounded(row.high)]}


def _drivers_json(table: DriverTable) -> dict[str, Any]:
    return {
        "reasons": [_driver_json(r) for r in table.reasons if r.group == "reason"],
        # Not in the team's score: their answers, never a rise.
        "outside": [{"code": r.code, "answers": r.answers} for r in table.reasons
                    if r.group == "outside"],
        "praise": [{"code": r.code, "answers": r.answers} for r in table.reasons
                   if r.group == "praise"],
        "topics": [_driver_json(r) | {"code": r.code or None} for r in table.topics],
        "loyalty_matrix": [{"topic": p.code, "answers": p.answers, "share": round(p.share, 4),
                            "effect": round(p.effect, 1), "quadrant": p.quadrant.value}
                           for p in table.matrix],
    }


def _follow_ups_json(outcomes: FollowUpOutcomes | None) -> dict[str, Any] | None:
    if outcomes is None:
        return None
    return {"raised": outcomes.raised, "called_back": outcomes.called_back,
            "within_due_time": outcomes.within_due_time, "past_due": outcomes.past_due,
            "median_working_hours": outcomes.median_hours, "resolved": outcomes.resolved,
            "won_back": outcomes.won_back, "confirmed": dict(outcomes.confirmed)}


def _first_contact_json(first: FirstContact | None) -> dict[str, Any] | None:
    if first is None:
        return None
    return {"calls": first.calls, "repeated": first.repeated, "share": first.share,
            "interval": [first.low, first.high],
            # Added fields: calls whose repeat window is still open, repeats not the agent's
            # doing (process or outside reasons), and the window itself.
            "not_yet_known": first.pending, "left_out": first.left_out,
            "window_days": current_settings().repeat_contact_days}


def _funnel_json(funnel: Funnel | None) -> dict[str, Any] | None:
    if funnel is None:
        return None
    return {"calls": funnel.calls, "eligible": funnel.eligible,
            "skipped": dict(funnel.skipped), "waiting": funnel.waiting,
            "surveyed": funnel.surveyed, "answered": funnel.answered,
            "expired": funnel.expired}


def _summary_scope(query: SummariesQuery) -> tuple[list[Team], list[Agent]]:
    """The teams and agents `team` and `agent` select; every team and agent without them."""
    team_slug, handle = query.team, query.agent
    # Teams first: each agent's team is then taken from the session, never queried per agent.
    teams_query = sa.select(Team).order_by(Team.slug)
    if team_slug:
        teams_query = teams_query.where(Team.slug == team_slug)
    teams = list(db.session.scalars(teams_query))
    if team_slug and not teams:
        raise BadFilter(f"team: no team {team_slug!r}")
    if handle:
        agent = db.session.scalar(sa.select(Agent).where(Agent.handle == handle))
        if agent is None or (team_slug and agent.team_id != teams[0].id):
            raise BadFilter(f"agent: no agent {handle!r}" + (" in that team" if team_slug else ""))
        return [], [agent]
    agents_query = sa.select(Agent)
    if team_slug:
        agents_query = agents_query.where(Agent.team_id == teams[0].id)
    return teams, list(db.session.scalars(agents_query))


def _scope(query: AnswerFilter | TrendsQuery) -> Scope:
    """`agent` or `team`, resolved to ids; one that does not exist selects nothing."""
    handle, slug = query.agent, query.team
    if handle and slug:
        agent_id = db.session.scalar(
            sa.select(Agent.id).join(Team, Agent.team_id == Team.id)
            .where(Agent.handle == handle, Team.slug == slug))
        return Scope(agent_id=agent_id or -1)
    if handle:
        return Scope(agent_id=db.session.scalar(
            sa.select(Agent.id).where(Agent.handle == handle)) or -1)
    if slug:
        return Scope(team_id=db.session.scalar(
            sa.select(Team.id).where(Team.slug == slug)) or -1)
    return Scope()


def _period(query: AnswerFilter) -> Period | None:
    since, until = query.since, query.until
    if not since and not until:
        return None
    zone = current_settings().zone
    start = _moment(since, "since", zone) if since else Period.days(FIRST_DAY, FIRST_DAY,
                                                                     zone).start
    end = _moment(until, "until", zone) if until else Period.days(LAST_DAY, LAST_DAY, zone).end
    return Period(start, end)


def _moment(value: str, name: str, zone: ZoneInfo) -> datetime:
    """A filter bound: a date is a whole day in `TIMEZONE` (`until` takes that day in).

    A time without an offset is read in `TIMEZONE` too.
    """
    problem = (f"{name} must be an ISO 8601 date or time from {FIRST_DAY.isoformat()} to "
               f"{LAST_DAY.isoformat()}, like 2026-03-01 or 2026-03-01T08:00:00Z")
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            if not FIRST_DAY <= day <= LAST_DAY:
                raise BadFilter(problem)
            if name == "until":
                day += timedelta(days=1)
            return datetime.combine(day, time(), tzinfo=zone)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadFilter(problem) from None
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise BadFilter(problem)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)

