"""A headless Chromium for the page tests: one browser, logged-in contexts, and what a person
would notice on a page (sideways scroll, console errors, failed requests, accessibility, focus)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# axe-core as `npm ci` installs it from tests/package-lock.json (scripts/install.sh).
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
# Screenshots land here, one per page and width; git ignores the folder.
SCREENSHOTS = Path(__file__).resolve().parent.parent / "output" / "screenshots"

WIDTHS = (1280, 375)
# Every WCAG A and AA rule axe has, and its best practices (landmarks, one h1, heading order).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@dataclass
class PageEvents:
    """What went wrong while a page loaded: console errors and requests that failed."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def watch(self, page: Any, expected_status: int) -> None:
        def on_console(message: Any) -> None:
            # Chromium reports a page's own expected 404 as "Failed to load resource".
            if message.type == "error" and not (
                    expected_status >= 400 and "Failed to load resource" in message.text
                    and message.location.get("url") == page.url):
                self.console_errors.append(f"{message.text} ({message.location.get('url')})")

        def on_response(response: Any) -> None:
            is_page = response.request.is_navigation_request()
            if response.status >= 400 and not (is_page and response.status == expected_status):
                self.failed_requests.append(f"{response.status} {response.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("requestfailed", lambda request: self.failed_requests.append(
            f"{request.failure} {request.url}"))
        page.on("response", on_response)


def launch_chromium() -> Iterator[Any]:
    """One headless Debian Chromium for a whole test module (never a downloaded browser)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def accessibility_violations(page: Any) -> list[str]:
    """Run axe-core in the page; one readable line per element that breaks a rule."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run ./scripts/test, which installs it with npm ci")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", AXE_TAGS)
    lines = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}\n"
                         f"    at {json.dumps(node['target'])}: {node['html'][:200]}\n"
                         f"    {node.get('failureSummary', '').replace(chr(10), ' ')}\n"
                         f"    {violation['helpUrl']}")
    return lines


def sideways_overflow(page: Any) -> str | None:
    """What sticks out past the window's width, or None when nothing scrolls sideways."""
    return page.evaluate("""() => {
        const width = window.innerWidth;
        if (document.documentElement.scrollWidth <= width) return null;
        const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 0.5)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
        const scrolled = document.documentElement.scrollWidth;
        return `scrollWidth ${scrolled} > ${width}: ${wide.slice(0, 8)}`;
    }""")


def unreachable_by_keyboard(page: Any, selectors: tuple[str, ...],
                            max_tabs: int = 250) -> list[str]:
    """The selectors whose element Tab never reaches, or reaches without a visible focus."""
    wanted = {}
    for number, selector in enumerate(selectors):
        target = page.locator(selector).first
        if target.count() == 0:
            wanted[str(number)] = f"{selector}: not on the page"
            continue
        target.evaluate("(element, mark) => element.dataset.keyboardProbe = mark", str(number))
        wanted[str(number)] = f"{selector}: not reached by Tab"
    missing = {mark: why for mark, why in wanted.items() if not why.endswith("not on the page")}
    problems = [why for why in wanted.values() if why.endswith("not on the page")]
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    for _ in range(max_tabs):
        if not missing:
            break
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement;
            if (!e || !e.dataset.keyboardProbe) return null;
            const style = getComputedStyle(e);
            return {mark: e.dataset.keyboardProbe,
                    // The service's own focus ring, not only the browser's thin default.
                    visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                             || style.boxShadow !== 'none'};
        }""")
        if focused and focused["mark"] in missing:
            why = missing.pop(focused["mark"])
            if not focused["visible"]:
                problems.append(why.replace("not reached by Tab", "no visible focus"))
    return problems + list(missing.values())


def screenshot_name(name: str, width: int) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}-{width}.png"
