"""One set of figures everywhere: the agent's page, the team page, the digest, the summaries API
and the responses API put every answer in the same week and agree on every count."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from feedback_service.coaching.weeks import IsoWeek, week_of
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent, Team
from tests.conftest import settings
from tests.web.factories import PASSWORD, give_answer
from tests.web.login_form import log_in, log_out

ZONE = ZoneInfo("Europe/Stockholm")
# "12 svar på 18 skickade enkäter" (sv) and "12 svar på 18 sendte undersøgelser" (da)
SENT_LINE = re.compile(r"^  (\d+) svar på (\d+) ", re.M)
NONE_SENT = ("Inga enkäter skickades", "Der blev ikke sendt nogen undersøgelser")


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm",
                    DEFAULT_LANGUAGE="sv")


def trend_answers(page: str, week: IsoWeek) -> int:
    """The answers a page's week-by-week table shows for one week."""
    row = re.search(rf'<th scope="row">(?:v\.|uge|wk) {week.week} <span class="week-date">.*?</th>'
                    r'\s*<td class="num">(\d+)</td>', page, re.S)
    assert row, f"no row for {week} on the page"
    return int(row.group(1))


def digest_counts(text: str, heading: str) -> tuple[int, int]:
    """(answers, surveys sent) in the block of a digest that starts with `heading`."""
    paragraphs = text[text.index(heading):].split("\n\n")
    block = paragraphs[0]
    if not SENT_LINE.search(block) and not any(words in block for words in NONE_SENT):
        # A team's goal is a paragraph of its own between the team's heading and its figures.
        block = paragraphs[1]
    if any(words in block for words in NONE_SENT):
        return 0, 0
    match = SENT_LINE.search(block)
    assert match, block
    return int(match.group(1)), int(match.group(2))


def digest_text(runner, app, week: IsoWeek, email: str) -> str:
    result = runner.invoke(args=["digests", "send", "--week", str(week)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        return db.session.scalar(sa.select(OutboxMessage.body).where(
            OutboxMessage.idempotency_key == f"digest:{week}:supervisor:{email}"))


def summaries(client: FlaskClient, headers, week: IsoWeek, **scope) -> list[dict]:
    reply = client.get("/api/v1/summaries", query_string={"week": str(week), **scope},
                       headers=headers)
    assert reply.status_code == 200, reply.json
    assert reply.json["week"] == str(week)
    return reply.json["summaries"]


def responses_in(client: FlaskClient, headers, week: IsoWeek, **scope) -> list[dict]:
    sunday = week.monday + timedelta(days=6)
    reply = client.get("/api/v1/responses", headers=headers, query_string={
        "since": week.monday.isoformat(), "until": sunday.isoformat(), "limit": 10000, **scope})
    assert reply.status_code == 200, reply.json
    assert reply.json["next"] is None
    return reply.json["responses"]


def test_a_call_on_sunday_night_answered_on_monday_counts_in_sunday_s_week_everywhere(
        app, client, runner, api_headers, organisation):
    today = utcnow().astimezone(ZONE).date()
    sunday = week_of(today).shifted(-2).monday + timedelta(days=6)
    week, monday_after = week_of(sunday), week_of(sunday + timedelta(days=1))
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        # The call ends on Sunday at 23:50; the caller answers on Monday at 00:10.
        give_answer(settings_of(app), anna, 2, datetime.combine(sunday, time(23, 51), tzinfo=ZONE),
                    reason_digit=2, answered_at=datetime.combine(
                        sunday + timedelta(days=1), time(0, 10), tzinfo=ZONE))
        db.session.commit()

    [row] = responses_in(client, api_headers, week, agent="anna")
    assert datetime.fromisoformat(row["call_ended_at"]).astimezone(ZONE) == datetime.combine(
        sunday, time(23, 50), tzinfo=ZONE)
    assert responses_in(client, api_headers, monday_after, agent="anna") == []

    [anna_week] = summaries(client, api_headers, week, agent="anna")
    assert (anna_week["answers"], anna_week["surveys_sent"]) == (1, 1)
    [anna_after] = summaries(client, api_headers, monday_after, agent="anna")
    assert (anna_after["answers"], anna_after["surveys_sent"]) == (0, 0)
    team_week = [s for s in summaries(client, api_headers, week, team="support")
                 if s["scope"] == "team"]
    assert [(s["answers"], s["surveys_sent"]) for s in team_week] == [(1, 1)]

    text = digest_text(runner, app, week, "sara@example.com")
    assert digest_counts(text, "\nAnna Lind\n") == (1, 1)
    assert digest_counts(text, "Support Stockholm: hela teamet") == (1, 1)
    # The week after holds neither an answer nor a survey: the team's digest says so in a line.
    after = digest_text(runner, app, monday_after, "sara@example.com")
    assert "Support Stockholm: inga svar den här veckan." in after
    assert "\nAnna Lind\n" not in after

    log_in(client, "anna@example.com", PASSWORD)
    me = client.get("/me").get_data(as_text=True)
    assert (trend_answers(me, week), trend_answers(me, monday_after)) == (1, 0)
    log_out(client)
    log_in(client, "sara@example.com", PASSWORD)
    team = client.get("/teams/support").get_data(as_text=True)
    assert (trend_answers(team, week), trend_answers(team, monday_after)) == (1, 0)


def demo_logins(output: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+\w+\s+(\S+@demo\.example)\s+(\S+)$", output, re.M))


# Mid-week: the demo is built, and its pages, digests and API read, around one "last week"; a
# run that crosses a week's end between them would compare two different weeks.
@pytest.mark.clock("2026-11-18T10:00:00+01:00")
def test_every_week_of_the_demo_agrees_on_every_count(app, client, runner, api_headers):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    passwords = demo_logins(result.output)
    with app.app_context():
        teams = {team.slug: (team.name, [(a.handle, a.name, a.email) for a in team.agents],
                             team.supervisors[0].email)
                 for team in db.session.scalars(sa.select(Team))}
        first_call = db.session.scalar(sa.text("SELECT min(call_ended_at) FROM responses"))
    first_week = week_of(first_call.date() if isinstance(first_call, date) else
                         datetime.fromisoformat(str(first_call)).date())
    this_week = week_of(utcnow().astimezone(ZONE).date())
    weeks = [first_week]
    while weeks[-1] < this_week:
        weeks.append(weeks[-1].shifted(1))
    assert len(weeks) >= 9

    pages: dict[str, str] = {}
    for slug, (_, agents, supervisor) in teams.items():
        log_in(client, supervisor, passwords[supervisor])
        pages[slug] = client.get(f"/teams/{slug}").get_data(as_text=True)
        log_out(client)
        for handle, _, email in agents:
            log_in(client, email, passwords[email])
            pages[handle] = client.get("/me").get_data(as_text=True)
            log_out(client)

    compared, changes = 0, {}
    for week in weeks:
        for slug, (team_name, agents, supervisor) in teams.items():
            found = summaries(client, api_headers, week, team=slug)
            by_scope = {(s["scope"], s["agent"]): s for s in found}
            digest = digest_text(runner, app, week, supervisor)
            team = by_scope[("team", None)]
            # A follow-up resolved on its call back was called back: never "called back 0 of
            # 10" beside ten resolved.
            follow_ups = team["follow_ups"]
            if follow_ups:
                assert follow_ups["resolved"] <= follow_ups["called_back"], (week, slug)
            assert len(responses_in(client, api_headers, week, team=slug)) == team["answers"]
            assert digest_counts(digest, f"{team_name}: hel") == (team["answers"],
                                                                   team["surveys_sent"])
            assert trend_answers(pages[slug], week) == sum(team["scored_categories"].values())
            for handle, name, _ in agents:
                agent = by_scope[("agent", handle)]
                assert len(responses_in(client, api_headers, week, agent=handle)) == (
                    agent["answers"]), (week, handle)
                assert digest_counts(digest, f"\n{name}\n") == (agent["answers"],
                                                                 agent["surveys_sent"])
                # A trend shows the answers its score counts.
                assert (trend_answers(pages[handle], week)
                        == sum(agent["scored_categories"].values()))
                compared += agent["answers"]
                # Nobody is coached on the queue, the phone menu or the product.
                assert agent["focus"] in (None, "resolution", "manner"), (week, handle)
                changes[(week, handle)] = agent["change"]
    with app.app_context():
        assert compared == db.session.scalar(sa.text("SELECT count(*) FROM responses"))
    # The demo's Chloe has had a hard three weeks and Freja a good three: the change line sees
    # Chloe's drop in the last complete week; a rise needs stronger evidence than a drop (the
    # yearly budget gives "higher" the smaller share), and Freja's three weeks are not that.
    last_week = this_week.shifted(-1)
    assert (changes[(last_week, "chloe")], changes[(last_week, "freja")]) == ("lower", "steady")
    # The supervisor sees at the top who may need a word: Chloe, against her own weeks.
    worth_a_word = pages["support"].split('id="worth-a-word-title"')[1].split("</section>")[0]
    assert "Chloe Martin" in worth_a_word
    # Most agent-weeks read unchanged: the demo's changes are a few agents' real ones.
    judged = [change for change in changes.values() if change is not None]
    assert judged.count("steady") > len(judged) / 2
