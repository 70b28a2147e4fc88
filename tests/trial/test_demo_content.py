"""After `flask demo`, every page and the weekly digest have something real to show, and the
loop from a cause to an improvement can be followed: the team's goal, an improvement action
measured before and after, the reason's owner's weekly mail and a coaching talk."""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import make_url

from feedback_service import create_app
from feedback_service.extensions import db
from tests.conftest import on_postgres, settings
from tests.smtp_sink import text_of
from tests.web.login_form import log_in, log_out

_LOGIN_LINE = re.compile(r"^\s+(\w+)\s+(\S+@demo\.example)\s+(\S+)\s*$", re.MULTILINE)


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@demo.example")


def load_demo(runner) -> dict[str, str]:
    """Load the demo and read back the logins it prints once: e-mail to password."""
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return {email: password for _role, email, password in _LOGIN_LINE.findall(result.output)}


@pytest.fixture(scope="module")
def sqlite_demo(sqlite_folder: Path) -> tuple[Path, dict[str, str]]:
    """On SQLite, the demo is loaded once into a file each test starts from a copy of (loading
    it takes seconds); with its logins."""
    path = Path(tempfile.mkdtemp(dir=sqlite_folder)) / "demo.sqlite3"
    app = create_app(settings(f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
    logins = load_demo(app.test_cli_runner())
    with app.app_context():
        db.engine.dispose()
    return path, logins


@pytest.fixture
def database_url(request, database_url: str) -> str:
    if not on_postgres():
        shutil.copyfile(request.getfixturevalue("sqlite_demo")[0],
                        make_url(database_url).database)
    return database_url


@pytest.fixture
def demo_logins(request, runner) -> dict[str, str]:
    if on_postgres():
        return load_demo(runner)
    return request.getfixturevalue("sqlite_demo")[1]


def words(page: str, start: str = "", end: str = "</section>") -> str:
    """The page's text as a reader reads it, from the element with id `start` to `end`."""
    if start:
        page = page.split(f'id="{start}"', 1)[1].split(">", 1)[1].split(end, 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def last_week() -> str:
    year, week, _ = (datetime.now(ZoneInfo("Europe/Stockholm")) - timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def test_the_demo_agent_page_shows_their_own_feedback(client, demo_logins):
    reply = log_in(client, "anna@demo.example", demo_logins["anna@demo.example"])
    assert reply.status_code == 302

    page = client.get("/me").get_data(as_text=True)
    assert "Anna Lind" in page
    assert "<svg" in page  # the weekly trend
    assert re.search(r"\+46 \*+\d\d", page)  # callers' numbers, masked
    assert "Björn Holm" not in page and "Chloe Martin" not in page


def test_the_demo_admin_opens_the_admin_pages(client, demo_logins):
    reply = log_in(client, "admin@demo.example", demo_logins["admin@demo.example"])
    assert reply.status_code == 302

    agents = client.get("/admin/agents").get_data(as_text=True)
    assert "Anna Lind" in agents and "client:anna" in agents
    assert "Kundtjänst Stockholm" in client.get("/admin/teams").get_data(as_text=True)


def test_the_demo_team_page_lists_its_agents_alphabetically(client, demo_logins):
    log_in(client, "sara@demo.example", demo_logins["sara@demo.example"])

    page = client.get("/teams/support").get_data(as_text=True)
    page = page.split('id="agents-title"')[1].split("</section>")[0]
    names = [name for name in ("Anna Lind", "Björn Holm", "Chloe Martin", "Dina Berg")
             if name in page]
    assert names == ["Anna Lind", "Björn Holm", "Chloe Martin", "Dina Berg"]
    assert [page.index(name) for name in names] == sorted(page.index(name) for name in names)
    assert client.get("/follow-ups").status_code == 200


def test_the_demo_digest_reaches_the_supervisor_with_every_agent(runner, demo_logins,
                                                                  smtp_server):
    result = runner.invoke(args=["digests", "send", "--week", last_week()])
    assert result.exit_code == 0, result.output

    [digest] = [m for m in smtp_server.messages
                if m["To"] == "sara@demo.example" and last_week() in m["Subject"]]
    text = digest.get_body(preferencelist=("plain",)).get_content()
    # The first screen names whom it names; the details list every agent alphabetically.
    details = text[text.index("\n-- "):]
    positions = [details.index(name) for name in ("Anna Lind", "Björn Holm", "Chloe Martin",
                                                  "Dina Berg")]
    assert positions == sorted(positions)
    assert "svar" in text  # answers counted, in Sara's language


def test_the_demo_team_shares_a_goal_and_sees_how_far_it_has_come(client, demo_logins):
    log_in(client, "sara@demo.example", demo_logins["sara@demo.example"])

    goal = words(client.get("/teams/support").get_data(as_text=True), "team-goal-title")

    assert goal.startswith("Teamets mål 75 % nöjda kunder eller fler, ")
    # Weeks of answers already: a score with its interval, and where the target lies against it.
    assert re.search(r"Hittills \(.+\): \d+ % nöjda \(troligen mellan \d+ % och \d+ %\), "
                     r"av \d{3} svar\. ", goal), goal
    assert any(standing in goal for standing in (
        "Hela det troliga intervallet", "Målet ligger inom det troliga intervallet"))


def _before_and_after(page: str) -> dict[str, tuple[int, int, int, int, int]]:
    """Each row of an action's table: gave the reason, answers, share, the interval's ends."""
    table = page.split('class="before-after"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S):
        label, rest = words(row).split(" ", 1)
        found = re.search(r"(\d+) (\d+) (\d+) % (\d+) % – (\d+) %$", rest)
        assert found, row
        rows[label] = tuple(int(number) for number in found.groups())
    return rows


def test_the_demo_action_on_the_waiting_time_shows_a_lower_share_since_it_began(client,
                                                                               demo_logins):
    log_in(client, "sara@demo.example", demo_logins["sara@demo.example"])

    listed = client.get("/actions").get_data(as_text=True)
    assert 'href="/actions/lunch-staffing"' in listed
    page = client.get("/actions/lunch-staffing").get_data(as_text=True)

    assert "<h1>One more agent on the phones at lunch</h1>" in page
    assert "väntetiden · Kundtjänst Stockholm · från " in words(page)
    rows = _before_and_after(page)
    assert list(rows) == ["Före", "Efter"]
    (_, before_answers, before, _, _), (_, after_answers, after, _, _) = rows.values()
    # Weeks of answers on each side, and the waiting time given far less often after.
    assert before_answers >= 100 and after_answers >= 100
    assert before > 2 * after, rows
    assert "Effekt: Lägre: kunderna anger anledningen mer sällan sedan starten" in words(page)

    # The reason's weekly chart marks the day the action began with its number.
    reasons = client.get("/reasons").get_data(as_text=True)
    described = words(reasons, "reason-wait_time-chart-desc", "</desc>")
    assert described.endswith("En numrerad linje markerar dagen då en åtgärd mot den här "
                              "anledningen började. 1: One more agent on the phones at lunch")
    assert 'href="/actions/lunch-staffing"' in reasons


def test_the_waiting_time_s_owner_hears_about_it_each_week(runner, demo_logins, smtp_server):
    result = runner.invoke(args=["reasons", "mail-owners"])
    assert result.exit_code == 0, result.output

    [mail] = [m for m in smtp_server.messages if m["To"] == "workforce@example.com"]
    assert mail["Subject"] == f"Dina anledningar, vecka {last_week()}: väntetiden"
    text = text_of(mail)
    assert "\n== väntetiden ==\n" in text
    # Eight weeks of its share, from before the action to after it.
    assert len(re.findall(r"^  v\. \d+: \d+\s%$", text, re.MULTILINE)) == 8, text


def test_the_demo_talk_shows_what_the_answers_said_since_it(client, demo_logins):
    log_in(client, "chloe@demo.example", demo_logins["chloe@demo.example"])
    own = words(client.get("/me").get_data(as_text=True), "coaching-talks-title")
    log_out(client)
    log_in(client, "sara@demo.example", demo_logins["sara@demo.example"])
    supervisor = words(client.get("/teams/support/agents/chloe").get_data(as_text=True),
                       "coaching-talks-title")

    # The talk's day carries its year once the reader's year has turned (New Year's Eve).
    assert re.search(r"Since our talk on \w+ \d+(, \d{4})?: \d+ answers, \d+% happy\.", own), own
    assert ("What we agreed: Open each call by asking what the caller needs before explaining"
            in own)
    assert re.search(r"Sedan vårt samtal den \d+ \w+( \d{4})?: \d+ svar, \d+ % nöjda\.",
                     supervisor), supervisor
