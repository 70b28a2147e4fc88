"""The agent's own page, the supervisors' team pages and the follow-up queue."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from feedback_service.csv_export import answers_csv
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.staff.models import Agent, Role
from feedback_service.surveys.models import FollowUpStatus
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.web import results
from feedback_service.web.access import (
    agent_of_team,
    own_agent,
    refuse,
    signed_in,
    supervised_team,
    supervised_team_ids,
    visible_response,
    visible_teams,
)
from feedback_service.web.blueprints import pages
from feedback_service.web.charts import trend_chart
from feedback_service.web.forms import FollowUpForm
from feedback_service.web.recordings import RecordingGone, RecordingUnavailable, fetch_recording
from feedback_service.web.texts import text

# Dates the pages filter by; outside them a day's bounds in UTC may not even exist.
EARLIEST_DAY, LATEST_DAY = date(1970, 1, 1), date(2999, 12, 31)


def _zone() -> ZoneInfo:
    return ZoneInfo(str(current_app.config["TIMEZONE"]))


def requested_period() -> tuple[results.Period, bool]:
    """The `from`/`until` dates asked for (default: the trend's 12 weeks), and whether they
    had to be replaced because they did not make sense."""
    zone = _zone()
    default = results.default_period(utcnow().astimezone(zone).date(), zone)
    raw_first, raw_last = request.args.get("from", ""), request.args.get("until", "")
    if not raw_first and not raw_last:
        return default, False
    try:
        first = date.fromisoformat(raw_first) if raw_first else default.first
        last = date.fromisoformat(raw_last) if raw_last else default.last
    except ValueError:
        return default, True
    if first > last or first < EARLIEST_DAY or last > LATEST_DAY:
        return default, True
    return results.Period(first, last, zone), False


def _min_responses() -> int:
    return int(current_app.config["MIN_RESPONSES"])


def _results_page(template: str, scope: results.Scope, **context: object) -> str:
    """Trend, totals, reasons and comments of one scope, on the page that shows them."""
    period, bad_dates = requested_period()
    # The trend runs up to the period's end, or to today when that lies in the future.
    last_day = min(period.last, utcnow().astimezone(_zone()).date())
    trend = results.weekly_trend(db.session, scope, last_day=last_day, zone=_zone(),
                                 min_responses=_min_responses(), catalogue=load_catalogue())
    notes = results.comments_and_recordings(db.session, scope, period)
    return render_template(
        template,
        period=period,
        bad_dates=bad_dates,
        trend=trend,
        charts={kind: trend_chart(kind, weeks) for kind, weeks in trend.items()},
        totals=results.score_totals(db.session, scope, period, _min_responses(),
                                    load_catalogue()),
        reasons=results.reason_breakdown(db.session, scope, period, load_catalogue()),
        notes=notes,
        notes_cut=len(notes) >= results.COMMENT_LIMIT,
        min_responses=_min_responses(),
        filter_args={"from": period.first.isoformat(), "until": period.last.isoformat()},
        **context,
    )


def _csv_download(scope: results.Scope, name: str) -> ResponseReturnValue:
    period, _ = requested_period()
    body = answers_csv(results.EXPORT_COLUMNS,
                       results.answers_for_export(db.session, scope, period))
    filename = f"{name}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return current_app.response_class(
        body, mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _is_supervisor() -> bool:
    return signed_in().user.role in (Role.SUPERVISOR, Role.ADMIN)


@pages.get("/")
@login_required
def index() -> ResponseReturnValue:
    """Agents go to their own page; supervisors see their teams."""
    if not _is_supervisor():
        return redirect(url_for("pages.me"))
    return render_template("web/index.html", teams=visible_teams())


@pages.get("/me")
@login_required
def me() -> ResponseReturnValue:
    """The agent's own answers: weekly trend, reasons, comments, recordings and kudos."""
    agent = own_agent()
    return _results_page("web/agent.html", results.Scope(agent_id=agent.id), agent=agent,
                         own_page=True, export_url=url_for("pages.my_answers_csv"))


@pages.get("/me/answers.csv")
@login_required
def my_answers_csv() -> ResponseReturnValue:
    """The agent's own answers in the period, as CSV with callers' numbers masked."""
    agent = own_agent()
    return _csv_download(results.Scope(agent_id=agent.id), agent.handle)


@pages.get("/teams/<slug>")
@login_required
def team(slug: str) -> ResponseReturnValue:
    """A team's totals and reasons, and its agents by name, never set side by side."""
    team = supervised_team(slug)
    agents = sorted(team.agents, key=lambda a: (a.name.casefold(), a.handle))
    return _results_page("web/team.html", results.Scope(team_id=team.id), team=team,
                         agents=agents, waiting=results.waiting_count(db.session, team.id))


@pages.get("/teams/<slug>/agents/<handle>")
@login_required
def team_agent(slug: str, handle: str) -> ResponseReturnValue:
    """One agent's page as the agent sees it, for their supervisor."""
    team = supervised_team(slug)
    agent = agent_of_team(team, handle)
    return _results_page(
        "web/agent.html", results.Scope(agent_id=agent.id), agent=agent, team=team,
        own_page=False,
        export_url=url_for("pages.team_agent_answers_csv", slug=team.slug, handle=agent.handle),
    )


@pages.get("/teams/<slug>/agents/<handle>/answers.csv")
@login_required
def team_agent_answers_csv(slug: str, handle: str) -> ResponseReturnValue:
    """One agent's answers as CSV, for their supervisor."""
    agent: Agent = agent_of_team(supervised_team(slug), handle)
    return _csv_download(results.Scope(agent_id=agent.id), agent.handle)


@pages.get("/answers/<int:response_id>/recording")
@login_required
def recording(response_id: int) -> ResponseReturnValue:
    """Play a recorded comment through the service, for its agent and their supervisors only."""
    response = visible_response(response_id)
    if not response.recording_url:
        abort(404)
    config = current_app.config
    try:
        audio = fetch_recording(response.recording_url, str(config["TWILIO_ACCOUNT_SID"]),
                                str(config["TWILIO_AUTH_TOKEN"]))
    except RecordingGone:
        abort(404)
    except RecordingUnavailable as error:
        current_app.logger.warning("recording of answer %d unavailable: %s", response_id, error)
        return render_template("web/error.html", title_key="recording_failed",
                               text_key="try_later"), 502
    return current_app.response_class(audio, mimetype="audio/mpeg")


@pages.get("/follow-ups")
@login_required
def follow_ups() -> ResponseReturnValue:
    """Unhappy callers waiting for a call back in the supervisor's teams, newest first."""
    if not _is_supervisor():
        refuse()
    show_resolved = request.args.get("show") == "resolved"
    statuses = [FollowUpStatus.RESOLVED] if show_resolved else list(results.WAITING)
    items = results.follow_up_queue(db.session, supervised_team_ids(), statuses)
    return render_template("web/follow_ups.html", items=items, show_resolved=show_resolved)


@pages.post("/follow-ups/<int:follow_up_id>")
@login_required
def update_follow_up(follow_up_id: int) -> ResponseReturnValue:
    """Mark a follow-up contacted or resolved, with a note."""
    if not _is_supervisor():
        refuse()
    follow_up = results.find_follow_up(db.session, follow_up_id, supervised_team_ids())
    if follow_up is None:
        refuse()
    form = FollowUpForm()
    if not form.validate_on_submit():
        flash(text("follow_up_invalid"), "error")
        return redirect(url_for("pages.follow_ups", _anchor=f"follow-up-{follow_up_id}"))
    results.mark_follow_up(follow_up, FollowUpStatus(form.status.data), form.note.data or "",
                           signed_in().user.id, utcnow())
    db.session.commit()
    flash(text("follow_up_saved"))
    return redirect(url_for("pages.follow_ups", _anchor=f"follow-up-{follow_up_id}"))
