"""Ten weeks of answers for team support, the weeks of a goal among them."""

from __future__ import annotations

from datetime import date, timedelta

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent
from tests.web.factories import give_answer, weeks_ago

HAPPY, SAD = 1, 2
PRODUCT = 5  # the reason digit of a matter outside customer service


def goal_start() -> date:
    """The Monday six weeks before this one: the goal counts those six weeks and this one."""
    return weeks_ago(6).date() - timedelta(days=2)


def ten_weeks(app, organisation) -> None:
    """Each of the last ten weeks: Anna 3 happy and 1 sad, Björn 1 happy; in the goal's weeks
    one more sad answer about the product (outside customer service: counted, not scored)."""
    with app.app_context():
        config = settings_of(app)
        anna = db.session.get(Agent, organisation.anna)
        bjorn = db.session.get(Agent, organisation.bjorn)
        for weeks in range(1, 11):
            for score in (HAPPY, HAPPY, HAPPY, SAD):
                give_answer(config, anna, score, weeks_ago(weeks),
                            reason_digit=2 if score == SAD else None)
            give_answer(config, bjorn, HAPPY, weeks_ago(weeks))
        give_answer(config, bjorn, SAD, weeks_ago(3), reason_digit=PRODUCT)
        # Team kundeservice's answers never count for support.
        freja = db.session.get(Agent, organisation.freja)
        for _ in range(5):
            give_answer(config, freja, SAD, weeks_ago(2), reason_digit=3)
        db.session.commit()
