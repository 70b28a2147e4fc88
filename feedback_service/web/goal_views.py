"""The team page's goal: shown to whoever sees the team page, set by its supervisors."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, SelectField
from wtforms.validators import InputRequired

from feedback_service.coaching.goals.presentation import GoalView, describe_goal
from feedback_service.coaching.goals.progress import progress_of
from feedback_service.coaching.goals.store import GoalChanges, GoalRejected, goal_of, set_team_goal
from feedback_service.database import unit_of_work, utcnow
from feedback_service.extensions import db
from feedback_service.settings import current_settings
from feedback_service.staff.models import Team
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.web.access import supervised_team
from feedback_service.web.blueprints import pages
from feedback_service.web.texts import current_language, text


class GoalForm(FlaskForm):
    kind = SelectField(choices=[kind.value for kind in SurveyKind], validators=[InputRequired()])
    target = FloatField(validators=[InputRequired()])
    since = DateField(validators=[InputRequired()])
    until = DateField(validators=[InputRequired()])


def team_goal_section(team: Team) -> dict[str, object]:
    """What the team page's goal section shows: the goal with its progress up to today, and
    the form to set one (filled with the goal in force, else this quarter-year from today)."""
    settings = current_settings()
    today = utcnow().astimezone(settings.zone).date()
    goal = goal_of(db.session, team.id)
    view: GoalView | None = None
    form = GoalForm(formdata=None)
    if goal is not None:
        progress = progress_of(db.session, goal, through=today, zone=settings.zone,
                               catalogue=load_catalogue(), min_responses=settings.min_responses)
        view = describe_goal(progress, current_language(), settings.min_responses)
        form.kind.data, form.target.data = goal.kind, goal.target
        form.since.data, form.until.data = goal.since, goal.until
    else:
        form.kind.data = settings.survey_kind
        form.since.data, form.until.data = today, today + timedelta(days=90)
    return {"view": view, "form": form}


@pages.post("/teams/<slug>/goal")
@login_required
def set_goal(slug: str) -> ResponseReturnValue:
    """Set the team's collective goal from the team page."""
    team = supervised_team(slug)
    form = GoalForm()
    back = redirect(url_for("pages.team", slug=team.slug, _anchor="team-goal-title"))
    if not form.validate_on_submit():
        flash(text("goal_invalid"), "error")
        return back
    try:
        with unit_of_work(db.session):
            set_team_goal(db.session, team, GoalChanges(
                SurveyKind(form.kind.data), float(form.target.data or 0),
                form.since.data, form.until.data), utcnow())
    except GoalRejected:
        flash(text("goal_invalid"), "error")
        return back
    flash(text("goal_saved"))
    return back
