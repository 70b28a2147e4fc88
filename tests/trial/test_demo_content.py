"""After `flask demo`, every page and the weekly digest have something real to show."""

from __future__ import annotations

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
from tests.web.login_form import log_in

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
