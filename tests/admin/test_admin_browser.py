"""In a real headless Chromium on a 375 px phone: every admin page fits, and every field has
its label."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from feedback_service.extensions import db
from feedback_service.staff.directory import add_user, set_password
from feedback_service.staff.models import Role
from tests.conftest import settings
from tests.web.factories import PASSWORD, make_agent, make_team

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PAGES = ["/admin", "/admin/teams", "/admin/teams/support", "/admin/agents", "/admin/agents/new",
         "/admin/agents/anna", "/admin/people", "/admin/people/new", "/admin/settings",
         "/admin/twilio", "/password/forgot"]

# Inputs a person fills in that no <label> names (hidden inputs and CSRF tokens excepted).
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
    .filter(e => e.type !== 'hidden' && e.labels.length === 0)
    .map(e => e.name || e.id)"""


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, PUBLIC_BASE_URL="http://127.0.0.1", DEFAULT_LANGUAGE="sv")


@pytest.fixture
def live_server(app) -> Iterator[str]:
    with app.app_context():
        make_team("support", "Kundtjänst Stockholm", ["sara@example.com"])
        make_agent("anna", "Anna Lind", "support")
        add_user("root@example.com", "Ruth Admin", Role.ADMIN)
        set_password("root@example.com", PASSWORD)
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
def phone():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 375, "height": 812})
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def test_every_admin_page_fits_a_phone_and_labels_its_fields(live_server, phone):
    phone.goto(f"{live_server}/login")
    phone.fill("#email", "root@example.com")
    phone.fill("#password", PASSWORD)
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{live_server}/")

    for path in PAGES:
        phone.goto(live_server + path)
        assert phone.locator("h1").count() == 1, path
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width} px wide"
        assert phone.evaluate(UNLABELLED) == [], path


def test_an_admin_adds_a_team_with_the_keyboard_alone(live_server, phone):
    phone.goto(f"{live_server}/login")
    phone.fill("#email", "root@example.com")
    phone.fill("#password", PASSWORD)
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{live_server}/")
    phone.goto(f"{live_server}/admin/teams")

    phone.focus("#name")
    phone.keyboard.type("Support Malmö")
    phone.keyboard.press("Tab")
    phone.keyboard.type("malmo")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.type") == "submit"
    with phone.expect_navigation():
        phone.keyboard.press("Enter")

    assert phone.locator(".notice", has_text="Teamet Support Malmö är tillagt.").count() == 1
    assert phone.locator("td a", has_text="Support Malmö").count() == 1
