"""What each first screen answers without scrolling, from the demo, in headless Chromium: the
team page and /me at 1280 × 800, the digest's first 600 px on a 375 px wide phone. The same
demo site the screenshot script photographs (feedback_service/trial/screenshots.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from feedback_service.trial.screenshots import (
    DESKTOP,
    MAIL_FIRST_SCREEN,
    PHONE,
    DemoSite,
    demo_site,
    signed_in,
)
from tests.web.browser import accessibility_violations, launch_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <_io.FileIO:pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium()


@pytest.fixture
def site() -> Iterator[DemoSite]:
    # Pages allow no scripts (CSP): the contexts bypass it only to inject axe-core.
    # English, as the documentation's screenshots are; the demo's data as `flask demo` loads it.
    with demo_site("en") as served:
        yield served


def _bottom(page: Any, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"] + box["height"]


def _within(page: Any, selectors: list[str], height: int) -> None:
    below = {s: _bottom(page, s) for s in selectors if _bottom(page, s) > height}
    assert not below, f"below the first {height} px: {below}"


def test_the_team_page_s_first_screen_answers_what_matters_this_week(browser, site):
    context = signed_in(browser, site, "sara@demo.example", DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{site.base_url}/teams/support")
    _within(page, [".first-sentence", ".first-chart svg", ".worth-a-word", ".first-praise",
                   ".first-follow-ups", ".first-spiked"], DESKTOP["height"])
    sentence = page.locator(".first-sentence").inner_text()
    assert sentence.startswith("Kundtjänst Stockholm, week ") and "happy callers" in sentence
    # The demo's Chloe has had a harder month: named, with the rule and what it saw.
    mentions = page.locator(".worth-a-word li").all_inner_texts()
    assert 1 <= len(mentions) <= 3
    assert any(m.startswith("Chloe Martin: ") and "(" in m for m in mentions)
    assert "waiting for a call back; the oldest for " in page.locator(
        ".first-follow-ups").inner_text()
    # The chart says what it is to a screen reader, and its figures.
    chart = page.locator(".first-chart svg")
    assert chart.get_attribute("role") == "img"
    assert "the last" in chart.locator("title").text_content()
    assert "wk " in chart.locator("desc").text_content()
    # Then each agent, alphabetically, folded away until opened.
    details = page.locator(".agent-details details")
    assert page.locator(".agent-details summary").all_inner_texts() == [
        "Anna Lind", "Björn Holm", "Chloe Martin", "Dina Berg"]
    assert not details.first.evaluate("d => d.open")
    details.first.locator("summary").click()
    assert details.first.evaluate("d => d.open")
    assert details.first.locator(".focus").is_visible()
    assert not (violations := accessibility_violations(page)), "\n".join(violations)
    context.close()


def test_me_leads_with_the_week_the_trend_what_callers_said_and_one_thing_to_try(browser, site):
    context = signed_in(browser, site, "chloe@demo.example", DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{site.base_url}/me")
    _within(page, [".first-sentence", ".first-chart svg", ".first-said", ".first-try"],
            DESKTOP["height"])
    assert page.locator(".first-sentence").inner_text().startswith("Your week ")
    said = page.locator(".first-said li").all_inner_texts()
    # Praise first: what went well, then the callers' words, kind ones before the others.
    starred = [line.startswith("★") for line in said]
    assert starred == sorted(starred, reverse=True)
    assert page.locator(".first-try .focus").inner_text()
    assert not (violations := accessibility_violations(page)), "\n".join(violations)
    context.close()


def test_the_digest_s_first_600_px_on_a_phone_say_how_the_week_went_and_who_to_talk_to(
        browser, site):
    context = browser.new_context(viewport={"width": PHONE["width"],
                                            "height": MAIL_FIRST_SCREEN})
    page = context.new_page()
    page.set_content(site.mails["mail-digest"])
    text = page.locator("body").inner_text()
    sentence = page.get_by_text("Kundtjänst Stockholm, week ", exact=False).first
    worth = page.get_by_text("Worth a word this week", exact=True).first
    first_name = page.locator("li strong").first
    for shown in (sentence, worth, first_name):
        box = shown.bounding_box()
        assert box is not None and box["y"] + box["height"] <= MAIL_FIRST_SCREEN, text[:600]
    # The chart is an image with its figures in text beside it.
    image = page.locator("img").first
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    assert "Chart: " in image.get_attribute("alt")
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) > 0
    context.close()


def _fills(page: Any, selector: str) -> list[str]:
    return page.evaluate("""selector => [...document.querySelectorAll(selector)].map(
        part => getComputedStyle(part).fill)""", selector)


def test_the_charts_take_the_system_colours_in_high_contrast(browser, site):
    context = signed_in(browser, site, "sara@demo.example", DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.emulate_media(forced_colors="active")
    # Each chart's marks no longer in the colours drawn (the blue of an interval or of a dot),
    # and its words in the text's colour: the trend's band, the matrix's dots, a reason's bars.
    for path, part, drawn, chart in (
            ("/teams/support", ".chart-band path", "rgb(169, 198, 232)", ".first-chart svg"),
            ("/teams/support", ".chart-dot use", "rgb(11, 83, 148)", "svg.matrix-image"),
            ("/reasons", ".chart-bar path", "rgb(169, 198, 232)", "svg.share-image")):
        page.goto(f"{site.base_url}{path}")
        fills = _fills(page, f"{chart} {part}")
        words = _fills(page, f"{chart} text")
        assert fills and all(fill != drawn for fill in fills), (path, part, fills)
        assert words and all(word != "rgb(26, 26, 26)" for word in words), (path, words[:3])
        assert fills[0] != words[0]  # marks and words told apart
    context.close()
