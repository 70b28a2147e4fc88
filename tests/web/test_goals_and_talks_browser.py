"""In a real browser, by keyboard: a supervisor sets the team's goal and records a coaching
talk; the agent reads the talk on their own page, marked on their trend."""

from __future__ import annotations

from typing import Any

from tests.web import test_browser as walk
from tests.web.browser import accessibility_violations

# The page walk's browser, filled live server and logins, and its marks.
browser, live_server, signed_in = walk.browser, walk.live_server, walk.signed_in
pytestmark = walk.pytestmark


def open_form(page: Any, details: str) -> None:
    """Open a folded form from the keyboard; a form with nothing above it yet comes open."""
    if page.locator(details).get_attribute("open") is None:
        page.locator(f"{details} summary").focus()
        page.keyboard.press("Enter")


def test_a_supervisor_sets_the_goal_and_records_a_talk_the_agent_reads(live_server: str,
                                                                       signed_in: Any) -> None:
    page = signed_in("sara@example.com").new_page()
    page.goto(f"{live_server}/teams/support")
    open_form(page, "details.goal-form")
    page.get_by_label("Mål för resultatet").fill("80")
    page.get_by_role("button", name="Spara målet").press("Enter")
    page.wait_for_load_state()
    goal = page.locator("section.team-goal").inner_text()
    assert "Teamets mål är sparat." in page.locator("main").inner_text()
    assert "80 % nöjda kunder eller fler" in goal.replace("\u00a0", " ")

    page.goto(f"{live_server}/teams/support/agents/anna")
    open_form(page, "details.talk-form")
    page.get_by_label("Det här kom ni överens om").fill("Sammanfatta ärendet innan avslut")
    page.get_by_label("Anteckningar (frivilligt)").fill("Följ upp om två veckor")
    page.get_by_role("button", name="Spara samtalet").press("Enter")
    page.wait_for_load_state()
    assert "Samtalet är sparat." in page.locator("main").inner_text()
    assert not (violations := accessibility_violations(page)), violations
    page.close()

    page = signed_in("anna@example.com").new_page()
    page.goto(f"{live_server}/me")
    talks = page.locator("section.coaching-talks").inner_text()
    assert "Sammanfatta ärendet innan avslut" in talks
    assert "Sedan vårt samtal den " in talks and "inga svar än" in talks
    assert page.locator("section.coaching-talks form").count() == 0
    assert page.locator("#trend-smiley svg .chart-marker").count() == 1
    page.close()
