"""`flask teams add`, `agents add` and `users set-password`."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.security import check_password_hash

from feedback_service.extensions import db
from feedback_service.staff.models import Agent, Role, User


def test_add_a_team_an_agent_and_set_passwords(app, runner):
    result = runner.invoke(args=["teams", "add", "support", "--name", "Support",
                                 "--supervisor", "Boss@Example.com"])
    assert result.exit_code == 0, result.output
    assert "Created team support." in result.output
    result = runner.invoke(args=["agents", "add", "anna", "--name", "Anna Lind", "--email",
                                 "anna@example.com", "--team", "support", "--address",
                                 "client:anna", "--address", "+4670 123 45 67"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "set-password", "anna@example.com", "--password",
                                 "correct horse battery"])
    assert result.exit_code == 0, result.output

    with app.app_context():
        agent = db.session.scalar(sa.select(Agent).where(Agent.handle == "anna"))
        assert agent.team.slug == "support"
        assert [a.address for a in agent.addresses] == ["+46701234567", "client:anna"]
        assert agent.user.role == Role.AGENT
        assert check_password_hash(agent.user.password_hash, "correct horse battery")
        boss = db.session.scalar(sa.select(User).where(User.email == "boss@example.com"))
        assert boss.role == Role.SUPERVISOR
        assert [t.slug for t in boss.supervised_teams] == ["support"]


def test_set_password_asks_when_not_given(app, runner):
    runner.invoke(args=["teams", "add", "support", "--name", "S", "--supervisor", "b@example.com"])
    result = runner.invoke(args=["users", "set-password", "b@example.com"],
                           input="a long passphrase\na long passphrase\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "b@example.com"))
        assert check_password_hash(user.password_hash, "a long passphrase")


def test_clear_errors_for_unknown_team_user_and_short_password(runner):
    result = runner.invoke(args=["agents", "add", "anna", "--name", "A", "--email",
                                 "a@example.com", "--team", "nowhere"])
    assert result.exit_code != 0
    assert "there is no team 'nowhere'" in result.output
    result = runner.invoke(args=["users", "set-password", "ghost@example.com", "--password",
                                 "long enough password"])
    assert "there is no user 'ghost@example.com'" in result.output
    result = runner.invoke(args=["users", "set-password", "ghost@example.com", "--password", "x"])
    assert "at least 10 characters" in result.output


def test_users_add_creates_a_login_with_a_role(app, runner):
    result = runner.invoke(args=["users", "add", "Admin@Example.com", "--name", "Ada Admin",
                                 "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "Created login admin@example.com (admin)." in result.output
    result = runner.invoke(args=["users", "add", "admin@example.com", "--name", "Someone"])
    assert result.exit_code != 0
    assert "admin@example.com already has a login" in result.output
    result = runner.invoke(args=["users", "add", "not-an-email", "--name", "X"])
    assert result.exit_code != 0

    with app.app_context():
        admin = db.session.scalar(sa.select(User).where(User.email == "admin@example.com"))
        assert (admin.name, admin.role, admin.password_hash) == ("Ada Admin", Role.ADMIN, None)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
