"""A unit of work commits what its block wrote, together, or nothing of it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from feedback_service.database import unit_of_work
from feedback_service.extensions import db
from feedback_service.staff.models import Team


def team_slugs() -> list[str]:
    db.session.rollback()  # read what is committed, not what this session holds
    return list(db.session.scalars(sa.select(Team.slug).order_by(Team.slug)))


def test_what_the_block_writes_is_committed_when_it_ends(app):
    with app.app_context():
        assert team_slugs() == []  # a read first: the unit joins the transaction it began
        with unit_of_work(db.session):
            db.session.add(Team(slug="support", name="Support"))
            db.session.add(Team(slug="sales", name="Sales"))
        assert team_slugs() == ["sales", "support"]


def test_nothing_the_block_wrote_stays_when_it_raises(app):
    with app.app_context():
        with pytest.raises(LookupError), unit_of_work(db.session):
            db.session.add(Team(slug="support", name="Support"))
            db.session.flush()
            raise LookupError("refused half way")
        assert team_slugs() == []
