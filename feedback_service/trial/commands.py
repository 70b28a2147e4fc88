"""`flask demo`: try the whole product with believable data and no phone system."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.trial.demo import DatabaseNotEmpty, load_demo


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Fill an empty database with demo teams, agents, logins and eight weeks of answers."""
    try:
        logins = load_demo(current_app.config, utcnow())
    except DatabaseNotEmpty as error:
        raise click.ClickException(f"{error}; the demo only fills an empty database") from None
    db.session.commit()
    click.echo("Demo data loaded. Logins (shown only this once):")
    for login in logins:
        click.echo(f"  {login.role:<10} {login.email:<24} {login.password}")
