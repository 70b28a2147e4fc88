"""`/admin/teams`, `/admin/agents` and `/admin/people`: the directory, kept by the same rules
as the API and the command line (`staff.directory`)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import selectinload

from feedback_service.admin.forms import (
    LANGUAGE_CHOICES,
    ActionForm,
    AgentForm,
    PersonForm,
    TeamForm,
    TeamNameForm,
)
from feedback_service.admin.views import admin
from feedback_service.database import unit_of_work
from feedback_service.extensions import db
from feedback_service.staff.directory import (
    AgentChanges,
    DirectoryConflict,
    DirectoryError,
    PersonChanges,
    add_user,
    update_person,
    upsert_agent,
    upsert_team,
)
from feedback_service.staff.models import Agent, Role, Team, User
from feedback_service.web.access import signed_in
from feedback_service.web.password_links import LinkPurpose, issue_link
from feedback_service.web.password_mail import queue_password_mail
from feedback_service.web.texts import text


def _all_teams() -> list[Team]:
    return list(db.session.scalars(sa.select(Team).order_by(Team.name, Team.slug)))


def _refusal(error: DirectoryError) -> str:
    """What the page says when the directory refuses a change; the same rules as the API's."""
    if isinstance(error, DirectoryConflict):
        return text("email_taken")
    return text("change_refused", detail=str(error))


def _invite(user: User) -> None:
    """Mail a new person a link to choose their own password (sent once the unit commits)."""
    link, token = issue_link(user, LinkPurpose.INVITE)
    queue_password_mail(link, token)


# --- Teams -------------------------------------------------------------------------------------


@admin.route("/teams", methods=["GET", "POST"])
def teams() -> ResponseReturnValue:
    """Every team, and a form to add one."""
    form = TeamForm()
    if form.validate_on_submit():
        slug = str(form.slug.data)
        if db.session.scalar(sa.select(Team.id).where(Team.slug == slug)) is not None:
            flash(text("slug_taken"), "error")
        else:
            with unit_of_work(db.session):
                upsert_team(slug, str(form.name.data).strip(), [])
            flash(text("team_added", name=form.name.data))
            return redirect(url_for("admin.teams"))
    return render_template("admin/teams.html", form=form, teams=_all_teams()), 400 if (
        form.is_submitted()) else 200


@admin.route("/teams/<slug>", methods=["GET", "POST"])
def team(slug: str) -> ResponseReturnValue:
    """Rename a team; its slug stays, as the URLs and the API know it."""
    team = db.session.scalar(sa.select(Team).where(Team.slug == slug))
    if team is None:
        abort(404)
    form = TeamNameForm(obj=team)
    if form.validate_on_submit():
        with unit_of_work(db.session):
            team.name = str(form.name.data).strip()
        flash(text("saved"))
        return redirect(url_for("admin.teams"))
    return render_template("admin/team.html", form=form, team=team), 400 if form.errors else 200


# --- Agents ------------------------------------------------------------------------------------


@admin.get("/agents")
def agents() -> ResponseReturnValue:
    """Every agent with their team, phone addresses, login and whether they are active."""
    found = db.session.scalars(
        sa.select(Agent).options(selectinload(Agent.addresses), selectinload(Agent.team))
        .order_by(Agent.active.desc(), Agent.name, Agent.handle))
    return render_template("admin/agents.html", agents=list(found))


def _language_choices() -> list[tuple[str, str]]:
    return [("", text("language_default"))] + [(code, text(f"language_{code}"))
                                               for code in LANGUAGE_CHOICES if code]


def _agent_form(agent: Agent | None) -> AgentForm:
    form = AgentForm(obj=agent)
    form.team.choices = [("", text("no_team"))] + [(t.slug, t.name) for t in _all_teams()]
    form.language.choices = _language_choices()
    if agent is not None and not form.is_submitted():
        form.team.data = agent.team.slug if agent.team else ""
        form.addresses.data = "\n".join(a.address for a in agent.addresses)
        form.language.data = agent.language or ""
    return form


def _save_agent(handle: str, form: AgentForm, *, new: bool = False) -> tuple[Agent, bool]:
    addresses = [line for line in str(form.addresses.data or "").splitlines() if line.strip()]
    return upsert_agent(handle, AgentChanges(
        name=str(form.name.data).strip(), email=(form.email.data or "").strip() or None,
        team=form.team.data or None, addresses=addresses, language=form.language.data or None,
        # A new agent starts active; the box to turn that off is on their edit page.
        active=new or bool(form.active.data),
    ))


@admin.route("/agents/new", methods=["GET", "POST"])
def new_agent() -> ResponseReturnValue:
    """Add an agent with their phone addresses; a new login is invited by mail."""
    form = _agent_form(None)
    if form.validate_on_submit():
        handle = str(form.handle.data)
        if db.session.scalar(sa.select(Agent.id).where(Agent.handle == handle)) is not None:
            flash(text("handle_taken"), "error")
        else:
            try:
                with unit_of_work(db.session):
                    agent, _ = _save_agent(handle, form, new=True)
                    db.session.flush()
                    if agent.user is not None and agent.active and not agent.user.password_hash:
                        _invite(agent.user)
            except DirectoryError as error:
                flash(_refusal(error), "error")
            else:
                flash(text("agent_added", name=agent.name))
                return redirect(url_for("admin.agents"))
    return render_template("admin/agent.html", form=form, agent=None), 400 if (
        form.is_submitted()) else 200


@admin.route("/agents/<handle>", methods=["GET", "POST"])
def agent(handle: str) -> ResponseReturnValue:
    """Edit an agent: name, login, team, addresses, language; deactivating keeps their history
    but ends their surveys and their login."""
    agent = db.session.scalar(sa.select(Agent).where(Agent.handle == handle))
    if agent is None:
        abort(404)
    form = _agent_form(agent)
    del form.handle  # not editable: phone-system URLs name it
    if form.validate_on_submit():
        try:
            with unit_of_work(db.session):
                _save_agent(agent.handle, form)
        except DirectoryError as error:
            flash(_refusal(error), "error")
        else:
            flash(text("saved"))
            return redirect(url_for("admin.agents"))
    return render_template("admin/agent.html", form=form, agent=agent), 400 if (
        form.is_submitted()) else 200


# --- People ------------------------------------------------------------------------------------


@admin.get("/people")
def people() -> ResponseReturnValue:
    """Everyone who logs in, with their role, teams and whether they may."""
    found = db.session.scalars(
        sa.select(User).options(selectinload(User.supervised_teams), selectinload(User.agent))
        .order_by(User.active.desc(), User.name, User.email))
    return render_template("admin/people.html", people=list(found))


def _person_form(user: User | None) -> PersonForm:
    form = PersonForm(obj=user)
    form.role.choices = [(role.value, text(f"role_{role.value}")) for role in
                         (Role.SUPERVISOR, Role.ADMIN, Role.AGENT)]
    form.teams.choices = [(t.slug, t.name) for t in _all_teams()]
    form.language.choices = _language_choices()
    if user is not None and not form.is_submitted():
        form.teams.data = [t.slug for t in user.supervised_teams]
        form.language.data = user.language or ""
    return form


def _person_changes(form: PersonForm, *, new: bool = False) -> PersonChanges:
    return PersonChanges(name=str(form.name.data), role=Role(form.role.data),
                         teams=list(form.teams.data or []), language=form.language.data or None,
                         active=new or bool(form.active.data))


@admin.route("/people/new", methods=["GET", "POST"])
def new_person() -> ResponseReturnValue:
    """Add a supervisor, an admin or a login, and mail them an invitation."""
    form = _person_form(None)
    if form.validate_on_submit():
        try:
            with unit_of_work(db.session):
                user = add_user(str(form.email.data), str(form.name.data).strip(),
                                Role(form.role.data))
                update_person(user, _person_changes(form, new=True))
                db.session.flush()
                _invite(user)
        except DirectoryError as error:
            flash(_refusal(error), "error")
        else:
            flash(text("person_invited", name=user.name, email=user.email))
            return redirect(url_for("admin.people"))
    return render_template("admin/person.html", form=form, person=None), 400 if (
        form.is_submitted()) else 200


def _person(user_id: int) -> User | None:
    return db.session.get(User, user_id)


@admin.route("/people/<int:user_id>", methods=["GET", "POST"])
def person(user_id: int) -> ResponseReturnValue:
    """Edit a person's name, role, teams and language, or deactivate their login."""
    user = _person(user_id)
    if user is None:
        abort(404)
    form = _person_form(user)
    del form.email  # the login itself; a new e-mail is a new person
    if form.validate_on_submit():
        changes = _person_changes(form)
        if user.id == signed_in().user.id and (not changes.active or changes.role != Role.ADMIN):
            # Nobody may lock themselves out; another admin can do it.
            flash(text("not_yourself"), "error")
        else:
            try:
                with unit_of_work(db.session):
                    update_person(user, changes)
            except DirectoryError as error:
                flash(_refusal(error), "error")
            else:
                flash(text("saved"))
                return redirect(url_for("admin.people"))
    return render_template("admin/person.html", form=form, person=user,
                           invite_form=ActionForm()), 400 if form.is_submitted() else 200


@admin.post("/people/<int:user_id>/invite")
def invite_again(user_id: int) -> ResponseReturnValue:
    """Mail a person a new link to set their password, e.g. when the first one expired."""
    user = _person(user_id)
    if user is None or not ActionForm().validate_on_submit():
        return render_template("web/error.html", title_key="form_expired_title",
                               text_key="form_expired_text"), 400
    if not user.active:
        flash(text("inactive_no_invite"), "error")
        return redirect(url_for("admin.person", user_id=user.id))
    with unit_of_work(db.session):
        _invite(user)
    flash(text("person_invited", name=user.name or user.email, email=user.email))
    return redirect(url_for("admin.person", user_id=user.id))

