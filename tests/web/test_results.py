"""The follow-up queue behind the pages, from answers given through the survey functions."""

from __future__ import annotations

import pytest

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.staff.directory import find_user
from feedback_service.staff.models import Agent
from feedback_service.surveys.models import FollowUpStatus
from feedback_service.web import results
from tests.web.factories import give_answer, weeks_ago

HAPPY, SAD = 1, 2


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


def test_follow_up_queue_is_per_team_newest_first_and_hides_numbers_once_resolved(
        ctx, organisation):
    anna = db.session.get(Agent, organisation.anna)
    freja = db.session.get(Agent, organisation.freja)
    older = give_answer(ctx.config, anna, SAD, weeks_ago(2), reason_digit=2,
                        caller="+46701112233")
    newer = give_answer(ctx.config, anna, SAD, weeks_ago(1), reason_digit=1)
    give_answer(ctx.config, freja, SAD, weeks_ago(1), reason_digit=1)
    give_answer(ctx.config, anna, HAPPY, weeks_ago(1))  # happy callers need no call back
    db.session.commit()

    queue = results.follow_up_queue(db.session, [organisation.support])
    assert [item.answer.response_id for item in queue] == [newer.id, older.id]
    assert queue[1].caller_to_call == "+46701112233"
    assert queue[1].agent_name == "Anna Lind"
    assert len(results.follow_up_queue(db.session, None)) == 3

    follow_up = results.find_follow_up(db.session, older.follow_up.id, [organisation.support])
    sara = find_user("sara@example.com")
    results.mark_follow_up(follow_up, FollowUpStatus.RESOLVED, " Called back ", sara.id, utcnow())
    db.session.commit()
    assert [i.id for i in results.follow_up_queue(db.session, [organisation.support])] == [
        newer.follow_up.id]
    [resolved] = results.follow_up_queue(db.session, [organisation.support],
                                         [FollowUpStatus.RESOLVED])
    assert (resolved.note, resolved.caller_to_call) == ("Called back", None)
    assert resolved.answer.caller_masked == "+46 *******33"
    # Another team's follow-up cannot be found through this team.
    assert results.find_follow_up(db.session, older.follow_up.id,
                                  [organisation.kundeservice]) is None

