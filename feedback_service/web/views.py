"""The agent's own page, the supervisors' team pages and the follow-up queue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import login_required

from feedback_service.coaching.answer_csv import answer_csv_lines
from feedback_service.coaching.answer_rows import answer_notes
from feedback_service.coaching.appreciation import DriverTableView, driver_table_views, praise_rows
from feedback_service.coaching.drivers import driver_tables
from feedback_service.coaching.first_screen import (
    AgentFigures,
    AgentFirstScreen,
    TeamFirstScreen,
    agent_first_screen,
    team_first_screen,
    waiting_line,
)
from feedback_service.coaching.presentation import (
    NumbersView,
    alphabetical_key,
    describe_numbers,
    signed,
)
from feedback_service.coaching.read_model import Period, Scope, driver_counts, praise_by_agent
from feedback_service.coaching.summaries import Summary, worth_a_word
from feedback_service.coaching.trends import (
    TREND_WEEKS,
    CountsOverTime,
    WeekPoint,
    calendar_bounds,
    calendar_trends,
    period_summaries,
    read_counts_over_time,
    trend_bounds,
    weekly_trend,
)
from feedback_service.coaching.week_summaries import (
    WeekFigures,
    agent_summaries,
    agent_week_summaries,
    read_week,
    repeat_window_closed_before,
    team_summaries,
)
from feedback_service.coaching.weeks import IsoWeek, last_complete_week, week_of
from feedback_service.csv_export import UnknownDelimiter, delimiter_named
from feedback_service.database import unit_of_work, utcnow
from feedback_service.extensions import db
from feedback_service.settings import current_settings
from feedback_service.staff.models import Agent, Team
from feedback_service.surveys.praise import load_praise
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.topics import topic_label
from feedback_service.web.access import (
    agent_of_team,
    is_supervisor,
    own_agent,
    supervised_team,
    visible_response,
    visible_teams,
)
from feedback_service.web.blueprints import pages
from feedback_service.web.charts import matrix_chart, picture_svg, trend_svgs
from feedback_service.web.formatting import share_text
from feedback_service.web.goal_views import team_goal_section
from feedback_service.web.recordings import (
    RecordingGone,
    RecordingUnavailable,
    fetch_recording,
    recordings_playable,
)
from feedback_service.web.talk_views import talk_markers, talks_section
from feedback_service.web.texts import current_language, text

# Comments come a page at a time, newest first, so a long period stays a short page.
NOTES_PER_PAGE = 20



def _today() -> date:
    return utcnow().astimezone(current_settings().zone).date()


def requested_period() -> tuple[Period, bool]:
    """The `from`/`until` dates asked for (default: the trend's 12 weeks up to today), and
    whether they had to be replaced because they did not make sense."""
    zone, today = current_settings().zone, _today()
    default_first = week_of(today).shifted(-(TREND_WEEKS - 1)).monday
    default = Period.days(default_first, today, zone)
    raw_first, raw_last = request.args.get("from", ""), request.args.get("until", "")
    if not raw_first and not raw_last:
        return default, False
    try:
        first = date.fromisoformat(raw_first) if raw_first else default_first
        last = date.fromisoformat(raw_last) if raw_last else today
        if first > last:
            return default, True
        return Period.days(first, last, zone), False
    except ValueError:  # not a date, or one the service cannot store (PeriodOutOfRange)
        return default, True


def page_number() -> int:
    """The `page` asked for, 1 when it is missing or no page number at all."""
    raw = request.args.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) < 10**6 else 1


def _min_responses() -> int:
    return current_settings().min_responses


def _last_week_view(summaries: list[Summary], agent_name: str | None) -> NumbersView:
    return describe_numbers(summaries, current_language(), load_catalogue(), _min_responses(),
                            follow_up_hours=current_settings().follow_up_hours,
                            repeat_days=current_settings().repeat_contact_days,
                            agent_name=agent_name)


def _trend_last_day(period: Period) -> date:
    """The page's trend runs up to the period's end, or to today when that lies in the
    future."""
    return min(period.last_day(current_settings().zone), _today())


def _page_counts(scope: Scope, *first_screen_weeks: IsoWeek) -> CountsOverTime:
    """The scope's answers for the page's weekly trend, its longer view and its first screen's
    trend (to `first_screen_weeks`), counted in one read."""
    zone = current_settings().zone
    last_day = _trend_last_day(requested_period()[0])
    return read_counts_over_time(db.session, scope, [
        *trend_bounds([week_of(last_day), *first_screen_weeks], zone),
        *calendar_bounds(last_day, zone)])


def _results_page(template: str, scope: Scope, last_week: list[Summary], *,
                  agent_name: str | None = None, markers: Sequence[tuple[date, str]] = (),
                  counts: CountsOverTime | None = None, **context: object) -> str:
    """Last week's coaching lines, then the trend, figures, reasons and comments of one scope
    (its trends from `counts`, read here unless given)."""
    period, bad_dates = requested_period()
    zone, catalogue = current_settings().zone, load_catalogue()
    last_day = _trend_last_day(period)
    if counts is None:
        counts = _page_counts(scope)
    trend = weekly_trend(db.session, scope, week_of(last_day), zone, catalogue,
                         _min_responses(), counts=counts)
    longer = calendar_trends(db.session, scope, last_day, zone, catalogue, _min_responses(),
                             counts=counts)
    page = page_number()
    # One more than a page tells whether another page follows.
    notes = answer_notes(db.session, scope, period, limit=NOTES_PER_PAGE + 1,
                         offset=(page - 1) * NOTES_PER_PAGE)
    first, last = period.first_day(zone), period.last_day(zone)
    return render_template(
        template,
        # Nothing in the trend's weeks nor last week: the page leads with what brings answers.
        nothing_yet=not trend and not any(summary.answers for summary in last_week),
        bad_dates=bad_dates,
        last_week=last_complete_week(utcnow(), zone),
        last_week_view=_last_week_view(last_week, agent_name),
        trend=trend,
        longer=longer,
        charts=trend_svgs(trend, current_language(), markers),
        summaries=period_summaries(db.session, scope, period, catalogue, _min_responses(),
                                   repeat_window_closed_before(current_settings())),
        notes=notes[:NOTES_PER_PAGE],
        notes_page=page,
        more_notes=len(notes) > NOTES_PER_PAGE,
        min_responses=_min_responses(),
        filter_args={"from": first.isoformat(), "until": last.isoformat()},
        **context,
    )


def _last_week(agent: Agent) -> list[Summary]:
    settings = current_settings()
    return agent_week_summaries(db.session, agent, last_complete_week(utcnow(), settings.zone),
                                settings.zone, settings)


def _csv_download(scope: Scope, name: str) -> ResponseReturnValue:
    period, _ = requested_period()
    zone = current_settings().zone
    filename = (f"{name}-{period.first_day(zone).isoformat()}-"
                f"{period.last_day(zone).isoformat()}.csv")
    try:
        delimiter = delimiter_named(request.args.get("delimiter"))
    except UnknownDelimiter as error:
        abort(400, str(error))
    return current_app.response_class(
        stream_with_context(answer_csv_lines(db.session, scope, period, delimiter)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@pages.get("/")
@login_required
def index() -> ResponseReturnValue:
    """Agents go to their own page; supervisors see their teams."""
    if not is_supervisor():
        return redirect(url_for("pages.me"))
    return render_template("web/index.html", teams=visible_teams())


@pages.get("/me")
@login_required
def me() -> ResponseReturnValue:
    """The agent's own answers: weekly trend, reasons, comments, recordings and kudos."""
    agent = own_agent()
    talks = talks_section(agent, with_form=False)
    last_week = _last_week(agent)
    week = last_complete_week(utcnow(), current_settings().zone)
    counts = _page_counts(Scope(agent_id=agent.id), week)
    return _results_page("web/agent.html", Scope(agent_id=agent.id), last_week, agent=agent,
                         own_page=True, export_url=url_for("pages.my_answers_csv"),
                         praise=_praise_rows(agent), talks=talks, markers=talk_markers(talks),
                         counts=counts,
                         **_first_screen_context(_agent_first_screen(agent, last_week, week,
                                                                     counts)))


def _first_screen_context(screen: TeamFirstScreen | AgentFirstScreen) -> dict[str, Any]:
    return {"first_screen": screen, "first_chart": picture_svg(screen.chart, "first-chart")}


def _agent_first_screen(agent: Agent, last_week: list[Summary], week: IsoWeek,
                        counts: CountsOverTime) -> AgentFirstScreen:
    """The agent's week in a line, their trend to `week`, and what their callers praised that
    week."""
    settings = current_settings()
    trend = weekly_trend(db.session, Scope(agent_id=agent.id), week, settings.zone,
                         load_catalogue(), _min_responses(), counts=counts)
    praised = praise_by_agent(db.session, Period.week(week, settings.zone), [agent.id])
    return agent_first_screen(week, last_week, trend, praised.get(agent.id, Counter()),
                              language=current_language(), praise=load_praise())


def _praise_rows(agent: Agent) -> list[tuple[str, int]]:
    """What the agent's callers appreciated in the page's period, in the catalogue's order."""
    period, _ = requested_period()
    counts = praise_by_agent(db.session, period, [agent.id]).get(agent.id, Counter())
    return praise_rows(counts, load_praise(), current_language())


def _driver_views(team_id: int) -> list[dict[str, object]]:
    """The team's driver tables over the page's period, labelled in the reader's language."""
    period, _ = requested_period()
    counts = driver_counts(db.session, period, [team_id]).get(team_id)
    if not counts:
        return []
    language, catalogue, praise = current_language(), load_catalogue(), load_praise()
    tables = driver_tables(counts, catalogue, praise, _min_responses())

    def view(shown: DriverTableView) -> dict[str, object]:
        table = shown.table
        matrix = [{"label": topic_label(p.code, language), "answers": p.answers,
                   "share": share_text(p.share), "effect": signed(p.effect),
                   "quadrant": text(f"quadrant_{p.quadrant.value}")} for p in table.matrix]
        # Reasons outside customer service sit in their own rows, never as "too few".
        return {"kind": table.kind.value, "kind_label": text(f"kind_{table.kind.value}"),
                "score": shown.score, "reasons": [r for r in shown.reasons if not r.outside],
                "outside": [r for r in shown.reasons if r.outside], "topics": shown.topics,
                "matrix": matrix,
                "chart": matrix_chart(table.matrix, matrix, table.kind.value, language)}

    return [view(shown) for shown in driver_table_views(tables, language,
                                                        rise=text("drivers_rise"),
                                                        catalogue=catalogue, praise=praise)]


@pages.get("/me/answers.csv")
@login_required
def my_answers_csv() -> ResponseReturnValue:
    """The agent's own answers in the period, as CSV with callers' numbers masked."""
    agent = own_agent()
    return _csv_download(Scope(agent_id=agent.id), agent.handle)


@pages.get("/teams/<slug>")
@login_required
def team(slug: str) -> ResponseReturnValue:
    """A team's totals and reasons, and its agents by name, never set side by side."""
    team = supervised_team(slug)
    # In the reader's alphabet (Å, Ä, Ö after Z in Swedish), like the digest.
    agents = sorted(team.agents, key=lambda a: alphabetical_key(a.name, current_language()))
    week = last_complete_week(utcnow(), current_settings().zone)
    # The page shows figures only: no comments, and no mail's trend per agent.
    figures = read_week(db.session, week, current_settings().zone, team_ids=[team.id],
                        agent_ids=[a.id for a in agents], comments=False,
                        settled_before=repeat_window_closed_before(current_settings()))
    summaries = team_summaries(figures, team, current_settings())
    shown = _agents_of_week(figures, agents)
    # The first screen's trend ends with last week, the page's with its period: one read.
    counts = _page_counts(Scope(team_id=team.id), week)
    first_screen_trend = weekly_trend(db.session, Scope(team_id=team.id), week,
                                      current_settings().zone, load_catalogue(),
                                      _min_responses(), counts=counts)
    return _results_page("web/team.html", Scope(team_id=team.id), summaries, counts=counts,
                         team=team, agents=agents, waiting=figures.waiting_count(team.id),
                         waiting_line=waiting_line(figures.waiting_count(team.id), None, utcnow(),
                                                   current_language()),
                         worth_a_word=[(a, view) for a, of_agent, view in shown
                                       if worth_a_word(of_agent)],
                         agent_details={a.id: view for a, _, view in shown},
                         **_first_screen_context(_team_first_screen(
                             figures, team, summaries, shown, first_screen_trend)),
                         drivers=_driver_views(team.id), goal=team_goal_section(team),
                         export_url=url_for("pages.team_answers_csv", slug=team.slug))


def _summaries_of(figures: WeekFigures, agent: Agent) -> list[Summary]:
    return agent_summaries(figures, agent, current_settings())


def _agents_of_week(figures: WeekFigures,
                    agents: list[Agent]) -> list[tuple[Agent, list[Summary], NumbersView]]:
    """Each agent's last week, in the page's alphabetical order: the details under the first
    screen, and whom it names as worth a word, judged only against their own history.

    Agents who have left count only for a week in which they took surveyed calls."""
    found = []
    for agent in agents:
        if not (agent.active or figures.agent_was_surveyed(agent.id)):
            continue
        summaries = _summaries_of(figures, agent)
        found.append((agent, summaries, _last_week_view(summaries, agent.first_name)))
    return found


def _team_first_screen(figures: WeekFigures, team: Team, summaries: list[Summary],
                       shown: list[tuple[Agent, list[Summary], NumbersView]],
                       trend: dict[SurveyKind, list[WeekPoint]]) -> TeamFirstScreen:
    """What the digest's first screen says about the team, from the same week's figures and
    its trend up to that week."""
    settings = current_settings()
    week = figures.week
    praised = praise_by_agent(db.session, Period.week(week, settings.zone),
                              [a.id for a, _, _ in shown])
    return team_first_screen(
        team.name, week, summaries, trend,
        [AgentFigures(a.name, a.handle, agent_summaries, praised.get(a.id, Counter()))
         for a, agent_summaries, _ in shown],
        waiting=figures.waiting_count(team.id), oldest_waiting=figures.oldest_waiting(team.id),
        now=utcnow(), language=current_language(), catalogue=load_catalogue(),
        praise=load_praise())


@pages.get("/teams/<slug>/answers.csv")
@login_required
def team_answers_csv(slug: str) -> ResponseReturnValue:
    """Every answer of the team in the period, as CSV with the agent's page's columns."""
    team = supervised_team(slug)
    return _csv_download(Scope(team_id=team.id), team.slug)


@pages.get("/teams/<slug>/agents/<handle>")
@login_required
def team_agent(slug: str, handle: str) -> ResponseReturnValue:
    """One agent's page as the agent sees it, for their supervisor."""
    team = supervised_team(slug)
    agent = agent_of_team(team, handle)
    talks = talks_section(agent, with_form=True)
    return _results_page(
        "web/agent.html", Scope(agent_id=agent.id), _last_week(agent), agent_name=agent.first_name,
        agent=agent, praise=_praise_rows(agent),
        team=team, own_page=False, talks=talks, markers=talk_markers(talks),
        export_url=url_for("pages.team_agent_answers_csv", slug=team.slug, handle=agent.handle),
    )


@pages.get("/teams/<slug>/agents/<handle>/answers.csv")
@login_required
def team_agent_answers_csv(slug: str, handle: str) -> ResponseReturnValue:
    """One agent's answers as CSV, for their supervisor."""
    agent: Agent = agent_of_team(supervised_team(slug), handle)
    return _csv_download(Scope(agent_id=agent.id), agent.handle)


@pages.get("/answers/<int:response_id>/recording")
@login_required
def recording(response_id: int) -> ResponseReturnValue:
    """Play a recorded comment through the service, for its agent and their supervisors only."""
    # The read ends before Twilio is asked: no transaction stays open while it answers.
    with unit_of_work(db.session):
        recording_url = visible_response(response_id).recording_url
    if not recording_url:
        abort(404)
    settings = current_settings()
    if not recordings_playable(settings):
        return render_template("web/error.html", title_key="recording_not_here_title",
                               text_key="recording_not_here"), 503
    try:
        audio = fetch_recording(recording_url, settings.twilio_account_sid,
                                settings.twilio_auth_token)
    except RecordingGone:
        abort(404)
    except RecordingUnavailable as error:
        current_app.logger.warning("recording of answer %d unavailable: %s", response_id, error)
        return render_template("web/error.html", title_key="recording_failed",
                               text_key="try_later"), 502
    return current_app.response_class(audio, mimetype="audio/mpeg")
