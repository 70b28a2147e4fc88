"""Screenshots of every page and mail, from the demo, for the documentation.

    python -m feedback_service.trial.screenshots [--out docs/images] [--language en]

Loads the demo (`flask demo`) into a fresh SQLite database in a temporary folder, serves the
app on a free local port, and photographs with headless Chromium (Debian's `/usr/bin/chromium`,
driven by playwright, as the browser tests do):

- each page at 1280 × 800 (a desktop's first screen) and at 375 × 812 (a phone's), the first
  screen only, as a reader sees it on opening the page;
- each mail (the weekly digest, an agent's weekly summary, a kudos, a follow-up alert, a
  reason owner's weekly mail) as a phone shows it, 375 wide: its first 600 px, and the whole
  mail.

`--language` puts every login and agent, and the company's default (which the reason owners,
who have no login, read), in one language (the demo mixes Swedish, Danish and English), so one
set of screenshots reads in one language. The PNGs are reduced to a palette
and optimised, so the set stays small enough to keep in git.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PIL import Image
from werkzeug.serving import make_server

from feedback_service import create_app
from feedback_service.causes.owner_mail import REASON_OWNER, queue_owner_mails
from feedback_service.coaching.digests import queue_weekly_digests
from feedback_service.coaching.kudos import queue_kudos_and_alerts
from feedback_service.coaching.weeks import last_complete_week
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.settings import current_settings
from feedback_service.staff.models import Agent, User
from feedback_service.surveys.models import Response
from feedback_service.trial.demo import Login, load_demo
from feedback_service.trial.demo_profiles import ACTION

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
MAIL_FIRST_SCREEN = 600  # px of a mail a phone shows before any scrolling

# (file name, who is signed in, path): who sees which page in the demo. A path with a
# fragment is photographed scrolled to that part of the page.
PAGES = (
    ("login", None, "/login"),
    ("teams", "sara@demo.example", "/"),
    ("team", "sara@demo.example", "/teams/support"),
    ("agent", "sara@demo.example", "/teams/support/agents/chloe"),
    ("agent-talks", "sara@demo.example", "/teams/support/agents/chloe#coaching-talks"),
    ("follow-ups", "sara@demo.example", "/follow-ups"),
    ("reasons", "sara@demo.example", "/reasons"),
    ("reason-chart", "sara@demo.example", f"/reasons#reason-{ACTION.reason}"),
    ("actions", "sara@demo.example", "/actions"),
    ("action", "sara@demo.example", f"/actions/{ACTION.slug}"),
    ("me", "chloe@demo.example", "/me"),
    ("admin", "admin@demo.example", "/admin"),
    ("admin-settings", "admin@demo.example", "/admin/settings"),
    ("admin-webhooks", "admin@demo.example", "/admin/webhooks"),
)
# (file name, the outbox purpose, recipient): which mail each screenshot shows, the first of
# its kind to the demo's supervisor, to an agent of the supervisor's team, or to the owner of
# the reason the demo's improvement action is aimed at.
MAILS = (
    ("mail-digest", "digest_supervisor", "sara@demo.example"),
    ("mail-agent-summary", "digest_agent", "chloe@demo.example"),
    ("mail-kudos", "kudos", None),
    ("mail-follow-up-alert", "follow_up_alert", "sara@demo.example"),
    ("mail-reason-owner", f"digest_{REASON_OWNER}", "workforce@example.com"),
)


def save_png(png: bytes, path: Path) -> None:
    """A screenshot reduced to a 256-colour palette and optimised: a fifth of the size, and
    text and charts look the same."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def _demo_app(folder: Path, language: str | None) -> tuple[Any, list[Login]]:
    app = create_app({
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "SECRET_KEY": "screenshots-only",
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        "COMPANY_NAME": "Demo",
        "TWILIO_AUTH_TOKEN": "screenshots-only",
        **({"DEFAULT_LANGUAGE": language} if language else {}),
    })
    with app.app_context():
        db.create_all()
        logins = load_demo(current_settings(), utcnow())
        if language:
            db.session.execute(sa.update(User).values(language=language))
            db.session.execute(sa.update(Agent).values(language=language))
        db.session.commit()
    return app, logins


@contextmanager
def _served(app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def _queued_mails(app: Any) -> dict[str, str]:
    """The demo's week of mails, queued as the scheduler would: file name to its HTML."""
    with app.app_context():
        settings = current_settings()
        week = last_complete_week(utcnow(), settings.zone)
        queue_weekly_digests(week, settings)
        queue_owner_mails(week, settings)
        # The demo's comments came in over past weeks: look back from its latest answer.
        latest = db.session.scalar(sa.select(sa.func.max(Response.received_at)))
        queue_kudos_and_alerts(settings, now=(latest or utcnow()) + timedelta(hours=1))
        found = {}
        for name, purpose, recipient in MAILS:
            query = sa.select(OutboxMessage.html_body).where(OutboxMessage.purpose == purpose)
            if recipient:
                query = query.where(OutboxMessage.recipient == recipient)
            html = db.session.scalars(query.order_by(OutboxMessage.id).limit(1)).first()
            if html:
                found[name] = html
        return found


def _log_in(context: Any, base: str, email: str, password: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.close()


@dataclass(frozen=True)
class DemoSite:
    """The demo, served: its address, each login's password, and its week's mails by name."""

    base_url: str
    passwords: dict[str, str]
    mails: dict[str, str]


@contextmanager
def demo_site(language: str | None = "en") -> Iterator[DemoSite]:
    """The demo in a fresh database in a temporary folder, served on a free local port."""
    with tempfile.TemporaryDirectory() as folder:
        app, logins = _demo_app(Path(folder), language)
        try:
            mails = _queued_mails(app)
            with _served(app) as base:
                yield DemoSite(base, {login.email: login.password for login in logins}, mails)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def launch(playwright: Any) -> Any:
    """Debian's headless Chromium (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def signed_in(browser: Any, site: DemoSite, email: str | None, viewport: dict[str, int],
              **options: Any) -> Any:
    """A browser context at this size, logged in as `email` through the login form."""
    context = browser.new_context(viewport=viewport, **options)
    if email:
        _log_in(context, site.base_url, email, site.passwords[email])
    return context


def take_screenshots(out: Path, language: str | None = "en") -> list[Path]:
    """Every page and mail of the demo, photographed into `out`; returns the files written."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with demo_site(language) as site, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
                contexts: dict[str | None, Any] = {}
                for name, email, path in PAGES:
                    if email not in contexts:
                        contexts[email] = signed_in(browser, site, email, size)
                    page = contexts[email].new_page()
                    page.goto(f"{site.base_url}{path}")
                    target = out / f"{name}-{size_name}.png"
                    save_png(page.screenshot(), target)
                    written.append(target)
                    page.close()
                for context in contexts.values():
                    context.close()
            context = browser.new_context(viewport={"width": PHONE["width"],
                                                    "height": MAIL_FIRST_SCREEN})
            for name, html in site.mails.items():
                page = context.new_page()
                page.set_content(html)
                for suffix, full in (("first-screen", False), ("full", True)):
                    target = out / f"{name}-{suffix}.png"
                    save_png(page.screenshot(full_page=full), target)
                    written.append(target)
                page.close()
            context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/images"),
                        help="the folder to write the PNGs to (default docs/images)")
    parser.add_argument("--language", default="en", choices=("en", "sv", "da", "demo"),
                        help="everyone's language; 'demo' keeps the demo's mix (default en)")
    arguments = parser.parse_args(argv)
    language = None if arguments.language == "demo" else arguments.language
    for path in take_screenshots(arguments.out, language):
        print(path)


if __name__ == "__main__":
    main()
