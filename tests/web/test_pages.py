"""What the pages show: trend, too-few-answers rule, reasons, masked numbers, kudos, follow-ups."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent, User
from feedback_service.surveys.models import FollowUp
from tests.conftest import settings
from tests.web.factories import give_answer, weeks_ago
from tests.web.login_form import csrf_token_in

HAPPY, SAD = 1, 2
ANNA_CALLERS = ("+46701112233", "+46709998877")


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5)


@pytest.fixture
def feedback(app, organisation):
    """Anna: six answers last week (one about the product), three the week before, comments."""
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        for score in (HAPPY, HAPPY, HAPPY, HAPPY):
            give_answer(settings_of(app), anna, score, weeks_ago(1))
        give_answer(settings_of(app), anna, SAD, weeks_ago(1), reason_digit=2)
        # About the product: in the reasons, but not in Anna's own score.
        give_answer(settings_of(app), anna, SAD, weeks_ago(1), reason_digit=5,
                    comment="Produkten gick sönder", caller=ANNA_CALLERS[1])
        give_answer(settings_of(app), anna, HAPPY, weeks_ago(2), comment="Anna var så hjälpsam!",
                    caller=ANNA_CALLERS[0])
        give_answer(settings_of(app), anna, SAD, weeks_ago(2), reason_digit=1, comment="Lång kö",
                    topic="billing")
        give_answer(settings_of(app), anna, SAD, weeks_ago(2), reason_digit=1)
        freja = db.session.get(Agent, organisation.freja)
        give_answer(settings_of(app), freja, SAD, weeks_ago(1), reason_digit=3, comment="Uhøflig")
        db.session.commit()


def week_row(page: str, weeks: int) -> str:
    monday = weeks_ago(weeks).date() - timedelta(days=2)
    number = monday.isocalendar().week
    match = re.search(rf"<tr[^>]*>\s*<th scope=\"row\">v\. {number} <.*?</tr>", page, re.S)
    assert match, f"no row for week {number}"
    return match.group(0)


def test_me_shows_the_weekly_trend_with_the_too_few_answers_rule(login, feedback):
    page = login("anna@example.com").get("/me").get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "<svg" in page and 'class="trend-table"' in page
    last_week = week_row(page, 1)
    # Six answers; the score counts the five Anna can change: 4 of 5 happy. The week shows
    # the five it counts, beside its score.
    assert ">5<" in last_week and "80\u00a0% nöjda" in last_week
    two_weeks_ago = week_row(page, 2)
    # Three answers, one of them counted in Anna's score: the count, not a score.
    assert ">1<" in two_weeks_ago and "för få svar" in two_weeks_ago
    assert "nöjda" not in two_weeks_ago
    assert "n=1" in page  # the chart shows the count instead of a bar
    assert "En vecka med färre än 5 svar visar bara antalet svar." in page


def test_me_sorts_reasons_by_who_can_act_on_them(login, feedback):
    page = login("anna@example.com").get("/me").get_data(as_text=True)
    own = page.split('id="reasons-agent-smiley"')[1].split("</table>")[0]
    process = page.split('id="reasons-process-smiley"')[1].split("</table>")[0]
    other = page.split('id="reasons-other-smiley"')[1].split("</table>")[0]
    assert "hjälpen du fick" in own and "väntetiden" not in own
    assert "väntetiden" in process and "produkten" not in process
    assert "produkten eller tjänsten" in other and "väntetiden" not in other
    totals = page.split('id="totals-title"')[1].split("</section>")[0]
    assert "3 svar om sådant som inte räknas in i resultatet" in totals


def test_topics_read_as_their_labels(login, feedback):
    page = login("anna@example.com").get("/me").get_data(as_text=True)
    assert "Ämne: Fakturor" in page and "billing" not in page


def test_me_masks_callers_and_highlights_kudos(login, feedback):
    page = login("anna@example.com").get("/me").get_data(as_text=True)
    for number in ANNA_CALLERS:
        assert number not in page
    assert "+46 *******33" in page and "+46 *******77" in page
    kudos = re.search(r'<li class="note kudos".*?</li>', page, re.S).group(0)
    assert "Beröm" in kudos and "Anna var så hjälpsam!" in kudos
    complaint = re.search(r'<li class="note"[^>]*>.*?Produkten gick sönder.*?</li>', page, re.S)
    assert complaint and "Beröm" not in complaint.group(0)
    assert "Uhøflig" not in page  # Freja's


def test_the_date_filter_narrows_the_answers(login, feedback):
    client = login("anna@example.com")
    last_week = weeks_ago(1).date()
    page = client.get(f"/me?from={last_week}&until={last_week}").get_data(as_text=True)
    assert "Produkten gick sönder" in page
    assert "Anna var så hjälpsam!" not in page
    assert f'value="{last_week}"' in page
    export = client.get(f"/me/answers.csv?from={last_week}&until={last_week}")
    assert len(list(csv.DictReader(io.StringIO(export.data.decode("utf-8-sig"))))) == 6


def test_a_period_ending_in_the_future_still_shows_the_trend_up_to_today(login, feedback):
    page = login("anna@example.com").get("/me?from=2020-01-01&until=2099-12-31")
    assert "80\u00a0% nöjda" in week_row(page.get_data(as_text=True), 1)


@pytest.mark.parametrize("query", ["from=yesterday", "from=2026-02-10&until=2026-01-01",
                                   "until=2026-13-01"])
def test_dates_that_make_no_sense_fall_back_to_the_last_twelve_weeks(login, feedback, query):
    page = login("anna@example.com").get(f"/me?{query}").get_data(as_text=True)
    assert "Ange datum som ÅÅÅÅ-MM-DD" in page
    assert "Anna var så hjälpsam!" in page


def test_pages_speak_the_user_s_language(login, feedback, client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="sv">' in page and "Lösenord" in page  # DEFAULT_LANGUAGE
    page = login("freja@example.com").get("/me").get_data(as_text=True)
    assert '<html lang="da">' in page
    assert "Uge for uge" in page and "Ros" not in page and "Uhøflig" in page
    assert "betjeningen" in page  # the reason's Danish label


def test_english_pages(app, login, feedback):
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == "anna@example.com")).language = "en"
        db.session.commit()
    page = login("anna@example.com").get("/me").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Week by week" in page and "Kudos" in page and "too few answers" in page
    # English spreadsheets split at commas; Swedish and Danish ones at semicolons.
    assert 'href="/me/answers.csv?from=' in page and "delimiter=comma" in page


@pytest.mark.parametrize("reader", ["anna@example.com", "freja@example.com"])
def test_a_swedish_or_danish_reader_s_csv_link_asks_for_semicolons(login, feedback, reader):
    client = login(reader)
    page = client.get("/me").get_data(as_text=True)
    link = re.search(r'href="(/me/answers\.csv\?[^"]+)"', page)
    assert link and "delimiter=semicolon" in link.group(1)
    export = client.get(html.unescape(link.group(1))).data
    assert export.startswith("\ufeffid;call_id;agent;".encode())


def test_every_page_with_feedback_is_not_stored(login, feedback):
    client = login("sara@example.com")
    for path in ("/", "/teams/support", "/teams/support/agents/anna", "/follow-ups",
                 "/teams/support/agents/anna/answers.csv"):
        reply = client.get(path)
        assert reply.status_code == 200, path
        assert reply.headers["Cache-Control"] == "no-store", path
        assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]


def test_the_team_page_lists_agents_by_name_without_scores(login, feedback, app, organisation):
    page = login("sara@example.com").get("/teams/support").get_data(as_text=True)
    agents = re.search(r'<ul class="link-list agents">(.*?)</ul>', page, re.S).group(1)
    # Each agent's week folds away under their name, alphabetically, with a link to their page.
    names = re.findall(r'<summary><span class="agent-name">([^<]+)</span></summary>', agents)
    assert names == ["Anna Lind", "Björn Holm"]
    assert re.findall(r'<a href="(/teams/support/agents/[^"]+)">', agents) == [
        "/teams/support/agents/anna", "/teams/support/agents/bjorn"]
    # Nothing beside the names: no score, no count, no percentage.
    assert not re.search(r"\d|%|NPS", "".join(re.findall(r"<summary>(.*?)</summary>", agents)))
    totals = page.split('id="totals-title"')[1].split("</section>")[0]
    # Every answer is counted; the team's score leaves out only the product: 5 of 8 happy.
    assert "9 svar" in totals and "62\u00a0% nöjda" in totals
    assert "Utanför kundservice" in page
    assert "Produkten gick sönder" not in page  # comments stay on the agent's own page
    assert "4 missnöjda kunder väntar" in page  # Anna's waiting complaints (Björn has none)


def test_the_supervisor_sees_the_agent_s_page_as_the_agent_does(login, feedback):
    page = login("sara@example.com").get("/teams/support/agents/anna").get_data(as_text=True)
    assert "Feedback för Anna Lind" in page
    assert "80\u00a0% nöjda" in week_row(page, 1)
    assert "Anna var så hjälpsam!" in page
    for number in ANNA_CALLERS:
        assert number not in page


def test_follow_ups_show_the_number_to_call_back_and_are_marked_done(login, feedback, app):
    client = login("sara@example.com")
    page = client.get("/follow-ups").get_data(as_text=True)
    # The longest wait first: the queue complaint of two weeks ago before last week's.
    assert page.index("Lång kö") < page.index("Produkten gick sönder")
    # Two weeks old: long past its due time, and shown so.
    assert 'class="follow-up past-due"' in page and "Försenad: skulle ha ringts upp senast" in page
    assert f'href="tel:{ANNA_CALLERS[1]}"' in page
    assert "Uhøflig" not in page
    with app.app_context():
        follow_up_id = db.session.scalar(
            sa.select(FollowUp.id).join(FollowUp.response).where(
                FollowUp.response.has(comment="Produkten gick sönder")))

    reply = client.post(f"/follow-ups/{follow_up_id}", data={
        "status": "contacted", "note": "Ringde, inget svar", "csrf_token": csrf_token_in(page)})
    assert reply.status_code == 302
    page = client.get("/follow-ups").get_data(as_text=True)
    assert "Sparat." in page and "Ringde, inget svar" in page and "kontaktad" in page

    client.post(f"/follow-ups/{follow_up_id}", data={
        "status": "resolved", "note": "Ny produkt skickad", "confirmed_reason": "product",
        "won_back": "yes", "csrf_token": csrf_token_in(page)})
    waiting = client.get("/follow-ups").get_data(as_text=True)
    assert "Produkten gick sönder" not in waiting
    resolved = client.get("/follow-ups?show=resolved").get_data(as_text=True)
    assert "Ny produkt skickad" in resolved
    assert "Orsak enligt samtalet: produkten eller tjänsten" in resolved
    assert "Vunnen tillbaka: ja" in resolved
    # Once resolved, the number is masked like everywhere else.
    assert ANNA_CALLERS[1] not in resolved and "+46 *******77" in resolved
    with app.app_context():
        follow_up = db.session.get(FollowUp, follow_up_id)
        assert follow_up.status == "resolved" and follow_up.handled_by_id is not None
        assert (follow_up.confirmed_reason, follow_up.won_back) == ("product", True)


def test_follow_ups_can_be_narrowed_to_one_agent(login, feedback, app):
    client = login("sara@example.com")
    page = client.get("/follow-ups?agent=bjorn").get_data(as_text=True)
    assert "Lång kö" not in page and "Ingen väntar på att bli uppringd." in page
    page = client.get("/follow-ups?agent=anna").get_data(as_text=True)
    assert "Lång kö" in page and "4 uppföljningar" in page
    # A handle outside the supervisor's teams is not an agent to filter by: everyone shows.
    assert "Lång kö" in client.get("/follow-ups?agent=freja").get_data(as_text=True)


def test_a_cause_outside_the_catalogue_is_refused(login, feedback, app):
    client = login("sara@example.com")
    page = client.get("/follow-ups").get_data(as_text=True)
    with app.app_context():
        follow_up_id = db.session.scalar(sa.select(FollowUp.id))
    client.post(f"/follow-ups/{follow_up_id}", data={
        "status": "resolved", "confirmed_reason": "gremlins", "csrf_token": csrf_token_in(page)})
    with app.app_context():
        assert db.session.get(FollowUp, follow_up_id).status == "open"


def test_marking_a_follow_up_needs_its_csrf_token_and_a_status(login, feedback, app):
    client = login("sara@example.com")
    page = client.get("/follow-ups").get_data(as_text=True)
    follow_up_id = int(re.search(r'id="follow-up-(\d+)"', page).group(1))
    assert client.post(f"/follow-ups/{follow_up_id}",
                       data={"status": "resolved"}).status_code == 400
    reply = client.post(f"/follow-ups/{follow_up_id}", data={
        "status": "deleted", "csrf_token": csrf_token_in(page)}, follow_redirects=True)
    assert "Välj en status." in reply.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(FollowUp, follow_up_id).status == "open"


def test_the_csv_export_masks_callers_and_defuses_formulas(login, feedback, app, organisation):
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        give_answer(settings_of(app), anna, SAD, weeks_ago(1), reason_digit=2,
                    comment="=HYPERLINK(\"http://x\")")
        db.session.commit()
    export = login("anna@example.com").get("/me/answers.csv")
    assert "attachment" in export.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert len(rows) == 10
    assert {row["caller"][:4] for row in rows} == {"+46 "}
    for number in ANNA_CALLERS:
        assert number not in export.get_data(as_text=True)
    assert any(row["comment"] == "'=HYPERLINK(\"http://x\")" for row in rows)
    # Written like the API's export: flags as true/false, nothing missing written as "None".
    assert {row["has_recording"] for row in rows} == {"false"}
    assert "None" not in export.get_data(as_text=True)


def test_the_team_page_downloads_the_team_s_answers_with_the_agent_page_s_columns(
        login, feedback):
    client = login("sara@example.com")
    page = client.get("/teams/support").get_data(as_text=True)
    assert 'href="/teams/support/answers.csv?' in page
    # Each download is streamed: read it whole before asking for the next.
    team = client.get("/teams/support/answers.csv")
    team_rows = list(csv.DictReader(io.StringIO(team.data.decode("utf-8-sig"))))
    agent = client.get("/teams/support/agents/anna/answers.csv")
    agent_rows = list(csv.DictReader(io.StringIO(agent.data.decode("utf-8-sig"))))
    assert list(team_rows[0]) == list(agent_rows[0])
    assert 'filename="support-' in team.headers["Content-Disposition"]
    # Anna's nine answers; Björn has none; Freja's team is another.
    assert len(team_rows) == 9 and {r["agent"] for r in team_rows} == {"anna"}


def test_comments_come_twenty_to_a_page_newest_first(login, app, organisation):
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        for n in range(25):
            give_answer(settings_of(app), anna, HAPPY, weeks_ago(1) + timedelta(minutes=n),
                        comment=f"Tack nummer {n}")
        db.session.commit()
    client = login("anna@example.com")
    first = client.get("/me").get_data(as_text=True)
    assert first.count('class="note kudos"') == 20
    assert "Tack nummer 24" in first and "Tack nummer 5<" in first and "nummer 4<" not in first
    assert "Äldre kommentarer" in first and "Nyare kommentarer" not in first
    older = re.search(r'href="\?([^"]+)#comments-title" rel="next"', first).group(1)
    second = client.get(f"/me?{older.replace('&amp;', '&')}").get_data(as_text=True)
    assert second.count('class="note kudos"') == 5
    assert "Tack nummer 4<" in second and "Nyare kommentarer" in second


def test_a_new_team_says_what_to_do_next(login, app):
    with app.app_context():
        from tests.web.factories import make_team

        make_team("new", "Nya teamet", ["lead@example.com"])
        db.session.commit()
    page = login("lead@example.com").get("/teams/new").get_data(as_text=True)
    assert "Inga svar ännu." in page and "telefonadress" in page
    assert "Ingen missnöjd kund väntar" in page
    assert 'class="trend-table"' not in page  # no twelve rows of zeros
