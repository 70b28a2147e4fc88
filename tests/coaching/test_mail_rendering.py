"""How the weekly digest and the agent's summary arrive: sent by `flask digests send` through a
real SMTP server, then read as a mail program would, part by part."""

from __future__ import annotations

import re
from datetime import datetime
from email.message import EmailMessage
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.directory import find_user
from tests.coaching.builders import a_team, an_agent, answered, many
from tests.conftest import settings
from tests.smtp_sink import html_of, text_of

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEK = "2026-W47"  # Monday 16 to Sunday 22 November 2026


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example",
                    DEFAULT_LANGUAGE="sv", MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm")


@pytest.fixture
def mails(app, runner, smtp_server) -> dict[str, EmailMessage]:
    """Four weeks of answers for Anna, last week's digest to Sara and summary to Anna."""
    with app.app_context():
        a_team("support", "Support Stockholm", {"sara@acme.example": "sv"})
        find_user("sara@acme.example").name = "Sara Berg"
        anna = an_agent("anna", "Anna Lind", "support")
        for day, scores in ((28, [1, 1, 2, 1, 1, 1]), (3, [1, 2, 2, 1, 1, 1]),
                            (10, [1, 1, 1, 1, 1, 2]), (17, [1, 1, 1, 1, 1, 1])):
            month = 10 if day == 28 else 11
            many(anna, datetime(2026, month, day, 10, tzinfo=STOCKHOLM), settings_of(app), scores)
        answered(anna, datetime(2026, 11, 18, 11, tzinfo=STOCKHOLM), settings_of(app), 2,
                 reason="manner", comment="Hon lyssnade inte <b>alls</b>")
        answered(anna, datetime(2026, 11, 19, 9, tzinfo=STOCKHOLM), settings_of(app), 1,
                 comment="Tack Anna, superbra!")
        db.session.commit()
    result = runner.invoke(args=["digests", "send", "--week", WEEK])
    assert result.exit_code == 0, result.output
    smtp_server.wait_for(2)
    return {"digest": smtp_server.to("sara@acme.example")[0],
            "summary": smtp_server.to("anna@acme.example")[0]}


class _HtmlParts(HTMLParser):
    """What an HTML mail is made of: its tags, and the text of its first table cell."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags_of(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _HtmlParts()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("which", ["digest", "summary"])
def test_each_mail_is_plain_text_and_html_alternatives(mails, which):
    message = mails[which]
    assert message.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in message.iter_parts()]
    # The richer one last, as mail programs pick it; the digest's HTML with its chart beside
    # it (multipart/related), the agent's summary's HTML alone.
    assert parts == ["text/plain", "multipart/related" if which == "digest" else "text/html"]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            assert part.get_content_charset() == "utf-8"


def test_the_digest_s_chart_is_an_inline_png_by_content_id(mails):
    related = mails["digest"].get_payload()[1]
    html_part, *images = related.iter_parts()
    assert html_part.get_content_type() == "text/html"
    assert [image.get_content_type() for image in images] == ["image/png"]
    png = images[0].get_content()
    assert png.startswith(b"\x89PNG") and len(png) < 60_000
    content_id = images[0]["Content-ID"].strip("<>")
    assert images[0].get_content_disposition() == "inline"
    html = html_part.get_content()
    [source] = re.findall(r'<img src="([^"]+)"', html)
    assert source == f"cid:{content_id}"
    # The figures are in text beside it, and in its text alternative.
    assert re.search(r'alt="Diagram: [^"]+"', html) and "v. 47: " in html


@pytest.mark.parametrize("which", ["digest", "summary"])
def test_the_plain_text_reads_as_text(mails, which):
    text = text_of(mails[which])
    assert not re.search(r"<[a-z/][^>]*>", text.replace("<b>alls</b>", "")), "markup in the text"
    assert "{{" not in text and "{%" not in text and "&amp;" not in text and "&nbsp;" not in text
    assert "\n\n\n" not in text  # one empty line between blocks, never a gap
    assert all(line == line.rstrip() for line in text.splitlines()), "trailing spaces"
    # The interval in words, not as a bracket of numbers.
    assert "sannolikt mellan" in text
    assert "Hon lyssnade inte <b>alls</b>" in text  # a caller's words verbatim


@pytest.mark.parametrize("which", ["digest", "summary"])
def test_the_html_is_styled_inline_and_fetches_nothing(mails, which):
    html = html_of(mails[which])
    tags = tags_of(html)
    names = {name for name, _ in tags}
    # Mail programs drop <style> blocks and block what a mail would fetch or run; an image
    # comes inside the mail (by Content-ID), never from a server.
    assert not names & {"style", "script", "link", "iframe", "object", "form"}
    assert all(attrs["src"].startswith("cid:") for name, attrs in tags if name == "img")
    assert not [attrs for _, attrs in tags if "class" in attrs], "classes with no stylesheet"
    assert not [name for _, attrs in tags for name in attrs if name.startswith("on")]
    links = [attrs["href"] for name, attrs in tags if name == "a"]
    assert links and all(link.startswith("https://feedback.example.com/") for link in links)
    # The caller's comment is shown, escaped: never markup of its own.
    assert "Hon lyssnade inte &lt;b&gt;alls&lt;/b&gt;" in html


def _header_band(html: str) -> str:
    band = re.search(r'<td style="background:#0b5394;color:#ffffff[^"]*">([^<]+)</td>', html)
    assert band, "no header band"
    return band.group(1)


def test_the_digest_has_a_header_band_a_greeting_and_a_trend_drawn_in_html(mails):
    message = mails["digest"]
    html, text = html_of(message), text_of(message)
    assert _header_band(html) == "Coachning vecka 47"
    assert re.search(r"<p[^>]*>Hej Sara!</p>", html)
    assert text.startswith("Hej Sara!")
    # The team's and Anna's four weeks as bars: table cells whose width is the score.
    bars = re.findall(r'<td width="(\d+)" height="12" bgcolor="#0b5394"', html)
    assert len(bars) >= 8
    assert "v. 44" in html and "v. 47" in html
    assert "83\u00a0%" in text
    assert "sannolikt mellan" in html


def test_the_agent_summary_greets_the_agent_and_shows_their_own_trend(mails):
    message = mails["summary"]
    html, text = html_of(message), text_of(message)
    assert _header_band(html) == message["Subject"] == f"Din vecka {WEEK}"
    assert re.search(r"<p[^>]*>Hej Anna!", html)
    assert text.startswith("Hej Anna!")
    bars = re.findall(r'<td width="(\d+)" height="12" bgcolor="#0b5394"', html)
    assert len(bars) == 4  # weeks 44 to 47, each with enough answers
    # The trend starts with Anna's first answers, as on her page: no empty weeks before them.
    assert "De senaste 12 veckorna:\n    v. 44: 83\u00a0%\n" in text
    assert "n=0" not in text and "n=0" not in html
    assert "Tack Anna, superbra!" in html and "Tack Anna, superbra!" in text
    assert "sannolikt mellan" in html and "sannolikt mellan" in text
