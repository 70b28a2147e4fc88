"""`flask demo` fills an empty database with believable data, and only an empty one."""

from __future__ import annotations

import shutil

import sqlalchemy as sa

from feedback_service.causes.models import ImprovementAction
from feedback_service.coaching.goals.models import TeamGoal
from feedback_service.coaching.talks.models import CoachingTalk
from feedback_service.config_files import config_dir
from feedback_service.extensions import db
from feedback_service.staff.models import Agent, User
from feedback_service.surveys.models import FollowUp, Response
from feedback_service.surveys.reasons import load_catalogue


def test_demo_fills_an_empty_database_once(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "sara@demo.example" in result.output and "anna@demo.example" in result.output

    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Agent)) == 7
        assert all(u.password_hash for u in db.session.scalars(sa.select(User)))
        per_agent = dict(db.session.execute(
            sa.select(Agent.handle, sa.func.count(Response.id))
            .join(Response, Response.agent_id == Agent.id).group_by(Agent.handle)
        ).all())
        # Eight weeks of weekdays with a few answered calls each.
        assert all(count >= 40 for count in per_agent.values()), per_agent
        kinds = set(db.session.scalars(sa.select(Response.kind).distinct()))
        assert kinds == {"smiley", "nps"}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(FollowUp)) > 0
        # The loop beyond the answers (the pages that show it: test_demo_content.py).
        [goal] = db.session.scalars(sa.select(TeamGoal))
        [action] = db.session.scalars(sa.select(ImprovementAction))
        [talk] = db.session.scalars(sa.select(CoachingTalk))
        assert (goal.team.slug, action.team and action.team.slug, talk.agent.handle) == (
            "support", "support", "chloe")
        assert goal.since < action.started_on <= goal.until

    again = runner.invoke(args=["demo"])
    assert again.exit_code != 0
    assert "only fills an empty database" in again.output
    quietly = runner.invoke(args=["demo", "--if-empty"])
    assert quietly.exit_code == 0
    assert "no demo data added" in quietly.output


def test_each_agent_has_their_own_pattern_of_reasons(app, runner):
    runner.invoke(args=["demo"])
    with app.app_context():
        rows = db.session.execute(
            sa.select(Agent.handle, Response.reason, sa.func.count())
            .join(Agent, Response.agent_id == Agent.id).where(Response.reason.is_not(None))
            .group_by(Agent.handle, Response.reason)
        ).all()
    top = {}
    for handle, reason, count in rows:
        if count > top.get(handle, ("", 0))[1]:
            top[handle] = (reason, count)
    assert top["anna"][0] == "wait_time"
    assert top["bjorn"][0] == "resolution"
    assert top["mads"][0] == "resolution"
    assert len({reason for reason, _ in top.values()}) >= 3


def test_a_catalogue_without_a_reason_the_demo_uses_stops_it_with_nothing_added(
        app, runner, tmp_path, monkeypatch, request):
    # A company that edited reasons.toml and dropped "wait_time", which the demo's callers give.
    shutil.copytree(config_dir(), tmp_path, dirs_exist_ok=True)
    reasons = tmp_path / "reasons.toml"
    blocks = reasons.read_text(encoding="utf-8").split("[[reasons]]")
    reasons.write_text("[[reasons]]".join(b for b in blocks if 'code = "wait_time"' not in b),
                       encoding="utf-8")
    monkeypatch.setenv("FEEDBACK_CONFIG_DIR", str(tmp_path))
    # The catalogue is read once per process: read the edited one now, the real one after.
    load_catalogue.cache_clear()
    request.addfinalizer(load_catalogue.cache_clear)

    result = runner.invoke(args=["demo"])

    assert result.exit_code == 1, result.output
    assert "'wait_time'" in result.output and "no demo data added" in result.output
    with app.app_context():
        for model in (Agent, Response, TeamGoal, ImprovementAction):
            assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
