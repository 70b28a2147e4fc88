"""Coaching talks on the agent's page: recorded by the agent's supervisors, read by them and by
the agent, nobody else (the pages' own access rules decide who reaches the page at all)."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from feedback_service.coaching.talks.log import TalkNotes, record_talk, since_talks, talks_of
from feedback_service.coaching.talks.models import AGREED_MAX, NOTES_MAX
from feedback_service.coaching.talks.presentation import TalkView, describe_talks, talk_text
from feedback_service.database import unit_of_work, utcnow
from feedback_service.extensions import db
from feedback_service.settings import current_settings
from feedback_service.staff.models import Agent
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.web.access import agent_of_team, signed_in, supervised_team
from feedback_service.web.blueprints import pages
from feedback_service.web.texts import current_language


class TalkForm(FlaskForm):
    held_on = DateField(validators=[InputRequired()])
    agreed = StringField(validators=[InputRequired(), Length(max=AGREED_MAX)])
    notes = TextAreaField(validators=[Optional(), Length(max=NOTES_MAX)])


def _today() -> date:
    return utcnow().astimezone(current_settings().zone).date()


def talks_section(agent: Agent, *, with_form: bool) -> dict[str, object]:
    """The agent's talks with what the answers said since each, and (for a supervisor) the
    form to record one."""
    settings, today = current_settings(), _today()
    talks = talks_of(db.session, agent.id)
    since = since_talks(db.session, agent.id, [talk.held_on for talk in talks], through=today,
                        zone=settings.zone, catalogue=load_catalogue(),
                        min_responses=settings.min_responses)
    views: list[TalkView] = describe_talks(talks, since, current_language(),
                                           settings.min_responses, today)
    form = None
    if with_form:
        form = TalkForm(formdata=None)
        form.held_on.data = today
    return {"talks": views, "form": form, "agent": agent}


def talk_markers(section: dict[str, object]) -> list[tuple[date, str]]:
    """The talks as the trend's markers."""
    label = talk_text(current_language(), "talk_marker")
    talks: list[TalkView] = section["talks"]  # type: ignore[assignment]
    return [(talk.held_on, label) for talk in talks]


@pages.post("/teams/<slug>/agents/<handle>/talks")
@login_required
def record_coaching_talk(slug: str, handle: str) -> ResponseReturnValue:
    """Record a coaching talk with one of the team's agents."""
    team = supervised_team(slug)
    agent = agent_of_team(team, handle)
    form = TalkForm()
    back = redirect(url_for("pages.team_agent", slug=team.slug, handle=agent.handle,
                            _anchor="coaching-talks-title"))
    language = current_language()
    held_on = form.held_on.data if form.validate_on_submit() else None
    if held_on is None or held_on > _today() or not (form.agreed.data or "").strip():
        flash(talk_text(language, "talk_invalid"), "error")
        return back
    with unit_of_work(db.session):
        record_talk(db.session, agent, TalkNotes(held_on, form.agreed.data or "",
                                                 form.notes.data or ""),
                    signed_in().user.id, utcnow())
    flash(talk_text(language, "talk_saved"))
    return back
