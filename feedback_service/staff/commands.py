"""`flask teams add`, `flask agents add`, `flask users add` and `flask users set-password`."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from pydantic import validate_email
from pydantic_core import PydanticCustomError

from feedback_service.database import unit_of_work
from feedback_service.extensions import db
from feedback_service.languages import LANGUAGES
from feedback_service.staff.directory import (
    AgentChanges,
    DirectoryError,
    add_user,
    set_password,
    upsert_agent,
    upsert_team,
)
from feedback_service.staff.models import Role

teams_cli = AppGroup("teams", help="Manage teams.")
agents_cli = AppGroup("agents", help="Manage agents.")
users_cli = AppGroup("users", help="Manage logins.")


@teams_cli.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="The team's display name.")
@click.option("--supervisor", "supervisors", multiple=True,
              help="A supervisor's e-mail; repeatable.")
def add_team(slug: str, name: str, supervisors: tuple[str, ...]) -> None:
    """Create or update a team and its supervisors."""
    with unit_of_work(db.session):
        team, created = upsert_team(slug, name, supervisors)
    click.echo(f"{'Created' if created else 'Updated'} team {team.slug}.")


@agents_cli.command("add")
@click.argument("handle")
@click.option("--name", required=True)
@click.option("--email", required=True,
              help="Their login; set a password with `users set-password`.")
@click.option("--team", required=True, help="The team's slug.")
@click.option("--address", "addresses", multiple=True,
              help="Where they are dialled: client:NAME, sip:..., or a phone number; repeatable.")
@click.option("--language", type=click.Choice(LANGUAGES))
def add_agent(handle: str, name: str, email: str, team: str, addresses: tuple[str, ...],
              language: str | None) -> None:
    """Create or update an agent."""
    try:
        with unit_of_work(db.session):
            agent, created = upsert_agent(
                handle, AgentChanges(name=name, email=email, team=team, addresses=addresses,
                                     language=language)
            )
    except DirectoryError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{'Created' if created else 'Updated'} agent {agent.handle}.")


@users_cli.command("add")
@click.argument("email")
@click.option("--name", required=True, help="Their name, as pages and mails show it.")
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.AGENT.value,
              show_default=True, help="admin sees every team; supervisor their own teams.")
def add_login(email: str, name: str, role: str) -> None:
    """Create a login without a password; set one with `users set-password`."""
    try:
        validate_email(email.strip())
    except PydanticCustomError as error:
        raise click.ClickException(f"{email!r} is not an e-mail address: {error}") from None
    try:
        with unit_of_work(db.session):
            user = add_user(email, name, Role(role))
    except DirectoryError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created login {user.email} ({user.role}).")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given.")
def set_user_password(email: str, password: str) -> None:
    """Set the password someone logs in with."""
    if len(password) < 10:
        raise click.ClickException("a password needs at least 10 characters")
    try:
        with unit_of_work(db.session):
            set_password(email, password)
    except DirectoryError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Password set for {email}.")
