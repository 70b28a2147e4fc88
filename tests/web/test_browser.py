"""In a real headless Chromium: an agent logs in, reads their own page, and finds no colleague's."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from feedback_service.extensions import db
from feedback_service.staff.models import Agent
from tests.conftest import settings
from tests.web.factories import PASSWORD, give_answer, weeks_ago

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
OUTPUT = Path(__file__).resolve().parent.parent / "output"


@pytest.fixture
def app_settings(database_url):
    # Served over plain http on this machine, like a local trial.
    return settings(database_url, PUBLIC_BASE_URL="http://127.0.0.1", MIN_RESPONSES=5)


@pytest.fixture
def live_server(app, organisation) -> Iterator[str]:
    """The app on a free port in a thread, with a few weeks of answers for Anna and Björn."""
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        bjorn = db.session.get(Agent, organisation.bjorn)
        for weeks in (1, 2, 3, 5):
            for score in (1, 1, 1, 1, 2, 1):
                give_answer(app.config, anna, score, weeks_ago(weeks))
        give_answer(app.config, anna, 1, weeks_ago(4))
        give_answer(app.config, anna, 1, weeks_ago(1), comment="Anna löste allt på två minuter!",
                    caller="+46701112233")
        give_answer(app.config, anna, 2, weeks_ago(2), reason_digit=1,
                    comment="Jag väntade länge i kön.")
        give_answer(app.config, bjorn, 2, weeks_ago(1), reason_digit=3,
                    comment="Björns samtal: otrevligt")
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture
def browser_page():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 412, "height": 915},
                                      device_scale_factor=1)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def test_an_agent_sees_their_own_trend_and_comments_but_no_colleague(live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server}/me")
    assert "/login" in page.url  # not logged in yet

    page.get_by_label("E-post").fill("anna@example.com")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server}/me")

    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", name="Min feedback", level=1).is_visible()
    assert page.get_by_role("heading", name="Vecka för vecka").is_visible()
    trend = page.locator("table.trend-table tbody tr")
    # From the first week with answers, five weeks ago, to this week.
    assert trend.count() == 6
    assert page.locator("svg.trend-chart rect.bar").count() == 4  # the weeks with 5+ answers
    assert "för få svar" in trend.nth(1).inner_text()  # four weeks ago: one answer
    kudos = page.locator("li.note.kudos")
    assert "Anna löste allt på två minuter!" in kudos.inner_text()
    assert "+46 *******33" in kudos.inner_text()
    assert page.get_by_text("Jag väntade länge i kön.").is_visible()
    assert "Björns samtal" not in page.content()
    assert "+46701112233" not in page.content()

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "me.png"), full_page=True)

    # On a small phone the page still fits its width: nothing to scroll sideways.
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(OUTPUT / "me-375.png"), full_page=True)

    # Keyboard first: the first Tab lands on the skip link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    colleague = page.goto(f"{live_server}/teams/support/agents/bjorn")
    assert colleague.status == 404
    assert page.get_by_role("heading", name="Sidan finns inte").is_visible()
    assert "Björns samtal" not in page.content()
    assert page.goto(f"{live_server}/teams/support").status == 404

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{live_server}/login")
    page.goto(f"{live_server}/me")
    assert "/login" in page.url
