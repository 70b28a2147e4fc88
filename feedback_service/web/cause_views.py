"""The reasons page and the improvement actions: what callers' reasons are, who owns them,
what was changed, and whether it worked.

Who sees what, as on the team pages: a supervisor the reasons and actions of the teams they
supervise, an admin every team's and the whole company's. Actions for the whole company are
recorded and seen by admins, as the company-wide figures they are measured on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from feedback_service.causes.actions import (
    ActionChanges,
    ActionError,
    action_by_slug,
    actions_marking,
    save_action,
    visible_actions,
)
from feedback_service.causes.models import ImprovementAction
from feedback_service.causes.reading import ActionFigures, action_figures, read_reasons
from feedback_service.coaching.answer_rows import answer_notes
from feedback_service.coaching.read_model import Scope
from feedback_service.coaching.trends import Grain
from feedback_service.database import unit_of_work, utcnow
from feedback_service.extensions import db
from feedback_service.settings import current_settings
from feedback_service.staff.models import Team
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.web.access import (
    is_supervisor,
    refuse,
    signed_in,
    supervised_team,
    supervised_team_ids,
    visible_teams,
)
from feedback_service.web.blueprints import pages
from feedback_service.web.charts import share_chart
from feedback_service.web.forms import ActionForm
from feedback_service.web.texts import current_language, text
from feedback_service.web.views import requested_period

# The newest comments shown under each reason.
COMMENTS_PER_REASON = 5


def _today() -> date:
    return utcnow().astimezone(current_settings().zone).date()


def _chosen_team() -> Team | None:
    """The team asked for (`team`), when the user may see it; None for the whole company,
    which only an admin sees (a supervisor without a team asked sees their first team)."""
    slug = request.args.get("team", "")
    if slug:
        return supervised_team(slug)
    if signed_in().is_admin:
        return None
    teams = visible_teams()
    if not teams:
        refuse()
    return teams[0]


@pages.get("/reasons")
@login_required
def reasons() -> ResponseReturnValue:
    """Every reason of the company or a team: owner, share, change, trend, comments, actions."""
    if not is_supervisor():
        refuse()
    team = _chosen_team()
    scope = Scope(team_id=team.id if team else None)
    period, bad_dates = requested_period()
    settings, catalogue, language = current_settings(), load_catalogue(), current_language()
    zone = settings.zone
    read = read_reasons(db.session, scope, period, zone, catalogue, settings.min_responses,
                        with_trends=True)
    marking = actions_marking(db.session, team.id if team else None)
    sections = []
    for figure in read.figures:
        aimed = [a for a in marking if a.reason == figure.code]
        weeks = read.trends[figure.code][Grain.WEEK]
        sections.append({
            "figure": figure, "label": figure.reason.label(language),
            "chart": share_chart(figure.code, figure.reason.label(language), weeks,
                                 [(a.started_on, a.title) for a in aimed], language),
            "weeks": weeks, "months": read.trends[figure.code][Grain.MONTH],
            "quarters": read.trends[figure.code][Grain.QUARTER], "actions": aimed,
            "comments": answer_notes(db.session, scope, period, limit=COMMENTS_PER_REASON,
                                     reason=figure.code),
        })
    first, last = period.first_day(zone), period.last_day(zone)
    return render_template(
        "web/reasons.html", team=team, teams=visible_teams(), is_admin=signed_in().is_admin,
        answers=read.answers, sections=sections, bad_dates=bad_dates,
        min_responses=settings.min_responses,
        filter_args={"from": first.isoformat(), "until": last.isoformat(),
                     **({"team": team.slug} if team else {})})


def _may_see(action: ImprovementAction) -> bool:
    team_ids = supervised_team_ids()
    return team_ids is None or (action.team_id is not None and action.team_id in team_ids)


def _figures(action: ImprovementAction) -> ActionFigures:
    settings = current_settings()
    return action_figures(db.session, action, _today(), settings.zone, settings.min_responses)


def _action_form() -> ActionForm:
    form = ActionForm()
    language = current_language()
    form.reason.choices = [(r.code, r.label(language)) for r in load_catalogue().reasons]
    teams: list[tuple[str, str]] = [(t.slug, t.name) for t in visible_teams()]
    if signed_in().is_admin:
        teams.insert(0, ("", text("whole_company")))
    form.team.choices = teams
    return form


def _actions_page(form: ActionForm, status: int = 200) -> ResponseReturnValue:
    actions = visible_actions(db.session, supervised_team_ids())
    if not signed_in().is_admin:
        actions = [a for a in actions if a.team_id is not None]
    return render_template("web/actions.html", form=form,
                           actions=[_figures(a) for a in actions]), status


@pages.get("/actions")
@login_required
def actions() -> ResponseReturnValue:
    """The improvement actions the user may see, each with its effect, and a form to add one."""
    if not is_supervisor():
        refuse()
    form = _action_form()
    reason = request.args.get("reason", "")
    if reason and load_catalogue().by_code(reason):
        form.reason.data = reason
    if request.args.get("team"):
        form.team.data = request.args["team"]
    return _actions_page(form)


@pages.post("/actions")
@login_required
def record_action() -> ResponseReturnValue:
    """Record or change an improvement action for a team the user may see (or, for an admin,
    the whole company)."""
    if not is_supervisor():
        refuse()
    form = _action_form()
    if not form.validate_on_submit():
        return _actions_page(form, 400)
    existing = action_by_slug(db.session, form.slug.data or "")
    if existing is not None and not _may_see(existing):
        refuse()
    assert form.started_on.data is not None  # InputRequired
    try:
        with unit_of_work(db.session):
            action, _ = save_action(db.session, form.slug.data or "", ActionChanges(
                title=(form.title.data or "").strip(), reason=form.reason.data or "",
                started_on=form.started_on.data, team=form.team.data or None,
                owner_email=form.owner.data or ""), load_catalogue())
    except ActionError:
        form.slug.errors = [text("action_invalid")]
        return _actions_page(form, 400)
    flash(text("action_saved"))
    return redirect(url_for("pages.action", slug=action.slug))


@pages.get("/actions/<slug>")
@login_required
def action(slug: str) -> ResponseReturnValue:
    """One action: its reason's share before and after its start, and the effect."""
    if not is_supervisor():
        refuse()
    found = action_by_slug(db.session, slug)
    if found is None or not _may_see(found):
        refuse()
    return render_template("web/action.html", figures=_figures(found),
                           min_responses=current_settings().min_responses)


def effect_text(figures: ActionFigures) -> str:
    """The effect in words, or why there is none yet."""
    if figures.effect is None:
        return text("effect_unknown")
    return text(f"effect_{figures.effect}")


@pages.app_template_global()
def action_effect_text(figures: Any) -> str:
    return effect_text(figures)
