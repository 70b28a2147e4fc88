"""The follow-up queue behind `/follow-ups`, from answers given through the survey functions."""

from __future__ import annotations

import pytest

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.follow_ups.queue import (
    CallBack,
    QueueFilter,
    count_follow_ups,
    find_follow_up,
    follow_up_queue,
    mark_follow_up,
)
from feedback_service.settings import settings_of
from feedback_service.staff.directory import find_user
from feedback_service.staff.models import Agent
from feedback_service.surveys.models import FollowUpStatus
from tests.web.factories import give_answer, weeks_ago

HAPPY, SAD = 1, 2


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


def test_the_longest_wait_comes_first_and_a_number_is_hidden_once_resolved(ctx, organisation):
    anna = db.session.get(Agent, organisation.anna)
    freja = db.session.get(Agent, organisation.freja)
    older = give_answer(settings_of(ctx), anna, SAD, weeks_ago(2), reason_digit=2,
                        caller="+46701112233")
    newer = give_answer(settings_of(ctx), anna, SAD, weeks_ago(1), reason_digit=1)
    give_answer(settings_of(ctx), freja, SAD, weeks_ago(1), reason_digit=1)
    give_answer(settings_of(ctx), anna, HAPPY, weeks_ago(1))  # happy callers need no call back
    db.session.commit()

    support = QueueFilter([organisation.support])
    queue = follow_up_queue(db.session, support)
    assert [item.answer.response_id for item in queue] == [older.id, newer.id]
    assert queue[0].caller_to_call == "+46701112233"
    assert queue[0].agent_name == "Anna Lind"
    assert count_follow_ups(db.session, QueueFilter(None)) == 3

    follow_up = find_follow_up(db.session, older.follow_up.id, [organisation.support])
    sara = find_user("sara@example.com")
    mark_follow_up(follow_up, CallBack(FollowUpStatus.RESOLVED, " Called back ",
                                       confirmed_reason="product", won_back=True),
                   sara.id, utcnow())
    db.session.commit()
    assert [i.id for i in follow_up_queue(db.session, support)] == [newer.follow_up.id]
    [resolved] = follow_up_queue(db.session, QueueFilter([organisation.support],
                                                         [FollowUpStatus.RESOLVED]))
    assert (resolved.note, resolved.caller_to_call) == ("Called back", None)
    assert (resolved.confirmed_reason, resolved.won_back) == ("product", True)
    assert resolved.answer.caller_masked == "+46 *******33"
    # Another team's follow-up cannot be found through this team.
    assert find_follow_up(db.session, older.follow_up.id, [organisation.kundeservice]) is None


def test_the_first_call_back_is_kept_when_the_follow_up_is_resolved_later(ctx, organisation):
    anna = db.session.get(Agent, organisation.anna)
    answer = give_answer(settings_of(ctx), anna, SAD, weeks_ago(1), reason_digit=2)
    db.session.commit()
    sara = find_user("sara@example.com")
    first, later = weeks_ago(1), utcnow()
    mark_follow_up(answer.follow_up, CallBack(FollowUpStatus.CONTACTED), sara.id, first)
    mark_follow_up(answer.follow_up, CallBack(FollowUpStatus.RESOLVED, won_back=False),
                   sara.id, later)
    assert (answer.follow_up.called_back_at, answer.follow_up.handled_at) == (first, later)
    assert answer.follow_up.won_back is False


def test_filtered_by_agent_and_paged(ctx, organisation):
    anna = db.session.get(Agent, organisation.anna)
    bjorn = db.session.get(Agent, organisation.bjorn)
    for weeks in (3, 2, 1):
        give_answer(settings_of(ctx), anna, SAD, weeks_ago(weeks), reason_digit=2)
    give_answer(settings_of(ctx), bjorn, SAD, weeks_ago(1), reason_digit=3)
    db.session.commit()
    annas = QueueFilter([organisation.support], agent_id=anna.id)
    assert count_follow_ups(db.session, annas) == 3
    first = follow_up_queue(db.session, annas, page=1, page_size=2)
    second = follow_up_queue(db.session, annas, page=2, page_size=2)
    assert [len(first), len(second)] == [2, 1]
    assert {i.agent_name for i in first + second} == {"Anna Lind"}
    assert first[0].created_at < first[1].created_at < second[0].created_at
