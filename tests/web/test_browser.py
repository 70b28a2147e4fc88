"""In a real headless Chromium, as a person would: every page each kind of user can reach, at a
desktop and a phone width, screenshotted, checked for sideways scroll, console errors, failed
requests, accessibility (axe-core) and keyboard reach; then what an agent and a supervisor do."""

from __future__ import annotations

import csv
import gc
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from werkzeug.serving import make_server

from feedback_service import create_app
from feedback_service.coaching.answer_rows import COLUMNS
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.follow_ups.queue import CallBack, mark_follow_up
from feedback_service.settings import settings_of
from feedback_service.staff.directory import add_user, find_user
from feedback_service.staff.models import Role
from feedback_service.surveys.models import FollowUpStatus
from feedback_service.surveys.scoring import SurveyKind
from tests.conftest import POSTGRES_URL, empty_all_tables, on_postgres, settings
from tests.web.browser import (
    WIDTHS,
    PageEvents,
    accessibility_violations,
    launch_chromium,
    screenshot_name,
    sideways_overflow,
    unreachable_by_keyboard,
)
from tests.web.factories import (
    PASSWORD,
    give_answer,
    give_password,
    make_agent,
    make_team,
    weeks_ago,
)

pytestmark = [
    pytest.mark.browser,
    # Chromium drops connections for files it already holds; Werkzeug's development
    # server then leaves the static file's handle for the garbage collector, which may
    # report it during any later test. The pages served are not affected.
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <_io.FileIO:pytest.PytestUnraisableExceptionWarning"
    ),
]

_TODAY = date.today()
FOUR_WEEKS = f"from={(_TODAY - timedelta(weeks=4)).isoformat()}&until={_TODAY.isoformat()}"


@dataclass(frozen=True)
class PageVisit:
    """One page as one user reaches it: its h1 and the actions a keyboard must reach there
    (Playwright selectors, by role and accessible name where the page gives one)."""

    name: str
    user: str | None  # the login, or None for nobody
    path: str
    heading: str | None = None
    actions: tuple[str, ...] = ()
    status: int = 200


LOG_OUT = 'role=button[name="Logga ut"]'
PERIOD = (
    'role=textbox[name="Från"]',
    'role=button[name="Visa"]',
    'role=link[name="Ladda ner svaren som CSV"]',
)

# Every page, one line each. A new page joins the walk, the screenshots and the checks here.
PAGES = [
    PageVisit(
        "login",
        None,
        "/login",
        "Logga in",
        ('role=textbox[name="E-post"]', "#password", 'role=button[name="Logga in"]'),
    ),
    PageVisit(
        "agent-own-page",
        "anna@example.com",
        "/me",
        "Min feedback",
        ('role=link[name="Hoppa till innehållet"]', *PERIOD, LOG_OUT),
    ),
    PageVisit("agent-without-answers", "per@example.com", "/me", "Min feedback", (LOG_OUT,)),
    PageVisit(
        "not-found",
        "anna@example.com",
        "/teams/support",
        "Sidan finns inte",
        ('role=link[name="Startsida"]',),
        status=404,
    ),
    PageVisit(
        "supervisor-teams",
        "sara@example.com",
        "/",
        "Dina team",
        ('role=link[name="Support Stockholm"]', 'role=link[name="Uppföljning"] >> nth=1'),
    ),
    PageVisit(
        "team",
        "sara@example.com",
        "/teams/support",
        "Team Support Stockholm",
        ("role=link[name=/missnöjda kunder väntar/]", 'role=link[name="Örjan Ek"]', *PERIOD),
    ),
    PageVisit(
        "team-period",
        "sara@example.com",
        f"/teams/support?{FOUR_WEEKS}",
        "Team Support Stockholm",
        PERIOD,
    ),
    PageVisit(
        "team-agent",
        "sara@example.com",
        "/teams/support/agents/anna",
        "Feedback för Anna Lind",
        ('role=link[name="Team Support Stockholm"]', *PERIOD),
    ),
    PageVisit(
        "team-agent-comments-page-2",
        "sara@example.com",
        "/teams/support/agents/orjan?page=2",
        "Feedback för Örjan Ek",
        ('role=link[name="Nyare kommentarer"]',),
    ),
    PageVisit(
        "follow-ups",
        "sara@example.com",
        "/follow-ups",
        "Uppföljning",
        (
            'role=combobox[name="Medarbetare"]',
            'role=link[name="Lösta"]',
            "css=summary >> nth=0",
            'role=link[name="Nästa"]',
        ),
    ),
    PageVisit(
        "follow-ups-page-2",
        "sara@example.com",
        "/follow-ups?page=2",
        "Uppföljning",
        ('role=link[name="Föregående"]',),
    ),
    PageVisit(
        "follow-ups-resolved",
        "sara@example.com",
        "/follow-ups?show=resolved",
        "Uppföljning",
        ('role=link[name="Väntande"]',),
    ),
    PageVisit(
        "follow-ups-one-agent",
        "sara@example.com",
        "/follow-ups?agent=bjorn",
        "Uppföljning",
        ('role=combobox[name="Medarbetare"]',),
    ),
    PageVisit(
        "team-nps-danish",
        "mette@example.com",
        "/teams/kundeservice",
        "Team Kundeservice",
        # Each agent's week folds under their name; the name opens it from the keyboard.
        ('.agent-details summary:has-text("Freja Nielsen")',),
    ),
    PageVisit(
        "agent-nps-danish",
        "mette@example.com",
        "/teams/kundeservice/agents/freja",
        "Feedback til Freja Nielsen",
        ('role=link[name="Hent svarene som CSV"]',),
    ),
    PageVisit(
        "new-team",
        "nina@example.com",
        "/teams/nytt",
        "Team Nya teamet",
        ('.agent-details summary:has-text("Per Nyman")',),
    ),
    PageVisit("follow-ups-empty", "nina@example.com", "/follow-ups", "Uppföljning"),
    PageVisit(
        "reasons",
        "sara@example.com",
        "/reasons",
        "Varför kunderna var missnöjda: Support Stockholm",
        ('role=combobox[name="Vems svar"]', 'role=button[name="Visa"]',
         'role=link[name="Registrera en åtgärd mot den här anledningen"] >> nth=0'),
    ),
    PageVisit(
        "actions",
        "sara@example.com",
        "/actions",
        "Förbättringsåtgärder",
        ('role=textbox[name="Vad som ändrades"]', 'role=button[name="Spara"]'),
    ),
]

# ---- Admin pages, and the forgotten-password page anyone may open. ----
ADMIN = "admin@example.com"
ADMIN_PAGES = [
    PageVisit("admin", ADMIN, "/admin"),
    PageVisit("admin-teams", ADMIN, "/admin/teams"),
    PageVisit("admin-team", ADMIN, "/admin/teams/support"),
    PageVisit("admin-agents", ADMIN, "/admin/agents"),
    PageVisit("admin-agent-new", ADMIN, "/admin/agents/new"),
    PageVisit("admin-agent", ADMIN, "/admin/agents/anna"),
    PageVisit("admin-people", ADMIN, "/admin/people"),
    PageVisit("admin-person-new", ADMIN, "/admin/people/new"),
    PageVisit("admin-settings", ADMIN, "/admin/settings"),
    PageVisit("admin-twilio", ADMIN, "/admin/twilio"),
    PageVisit("admin-reasons", ADMIN, "/reasons"),
    PageVisit("password-forgot", None, "/password/forgot"),
]


# ---------------------------------------------------------------------------------------------
# One live server and one browser for the whole module.


def _fill_in(config: Any) -> None:
    """Two Swedish teams and a Danish one, with answers; and a new team with none yet."""
    make_team("support", "Support Stockholm", ["sara@example.com"])
    make_team("kundeservice", "Kundeservice", ["mette@example.com"])
    make_team("nytt", "Nya teamet", ["nina@example.com"])
    find_user("mette@example.com").language = "da"
    # Names that a code-point sort would misplace: Swedish puts Å before Ä before Ö, after Z.
    anna = make_agent("anna", "Anna Lind", "support")
    bjorn = make_agent("bjorn", "Björn Holm", "support")
    make_agent("arla", "Ärla Dahl", "support")
    make_agent("asa", "Åsa Berg", "support")
    orjan = make_agent("orjan", "Örjan Ek", "support")
    freja = make_agent("freja", "Freja Nielsen", "kundeservice", "da")
    make_agent("per", "Per Nyman", "nytt")
    add_user("admin@example.com", "Alva Admin", Role.ADMIN)
    give_password("admin@example.com")

    for weeks in (1, 2, 3, 5):
        for score in (1, 1, 1, 1, 2, 1):
            give_answer(config, anna, score, weeks_ago(weeks))
    give_answer(config, anna, 1, weeks_ago(4))
    give_answer(
        config,
        anna,
        1,
        weeks_ago(1),
        comment="Anna löste allt på två minuter!",
        caller="+46701112233",
    )
    give_answer(config, anna, 2, weeks_ago(2), reason_digit=1, comment="Jag väntade länge i kön.")
    give_answer(config, bjorn, 2, weeks_ago(1), reason_digit=3, comment="Björns samtal: otrevligt")
    # Enough comments for two pages, and enough waiting callers for two pages of follow-ups.
    for n in range(25):
        give_answer(
            config,
            orjan,
            2 if n % 5 else 1,
            weeks_ago(1 + n % 3) + timedelta(minutes=n),
            reason_digit=2 if n % 5 else None,
            comment=f"Örjans samtal nummer {n}",
        )
    # Örjan's half year before: happy callers, so the recent weeks' "the help you got" stands
    # out against his own history (and is not taken for his usual mix).
    for weeks in range(6, 30):
        for _ in range(2):
            give_answer(config, orjan, 1, weeks_ago(weeks))
    # Transactional NPS in Danish: a week below zero, and the promoter/passive/detractor split.
    for weeks, scores in (
        (1, (10, 9, 3, 5, 2, 8)),
        (2, (10, 10, 9, 7, 4, 9)),
        (3, (9, 8, 8, 10, 6, 10)),
    ):
        for score in scores:
            give_answer(config, freja, score, weeks_ago(weeks), kind=SurveyKind.NPS)
    first_waiting = give_answer(
        config, bjorn, 2, weeks_ago(3), reason_digit=4, comment="Fick ringa tre gånger"
    )
    db.session.flush()
    mark_follow_up(
        first_waiting.follow_up,
        CallBack(FollowUpStatus.RESOLVED, "Bokat om", "effort", True),
        find_user("sara@example.com").id,
        utcnow(),
    )


@pytest.fixture(scope="module")
def live_server(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[str]:
    """The app on a free port in a thread, over plain http like a local trial, filled once."""
    if on_postgres():
        request.getfixturevalue("postgres_schema")
        url = POSTGRES_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'feedback.sqlite3'}"
    app = create_app(settings(url, PUBLIC_BASE_URL="http://127.0.0.1", MIN_RESPONSES=5))
    with app.app_context():
        if not on_postgres():
            db.create_all()
        _fill_in(settings_of(app))
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
        gc.collect()  # any handle the server dropped is reported here, under the filter above
        with app.app_context():
            db.session.remove()
            if on_postgres():
                empty_all_tables()
            db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium()


def _new_context(browser: Any) -> Any:
    # Pages allow no scripts (CSP); the browser lets the test inject axe-core all the same.
    # A browser set to Swedish, as the readers in Sweden have it: it asks for Swedish pages
    # (Accept-Language), and its date fields take what the keyboard types as yyyy-mm-dd.
    context = browser.new_context(
        viewport={"width": WIDTHS[0], "height": 900},
        device_scale_factor=1,
        bypass_csp=True,
        locale="sv-SE",
    )
    context.set_default_timeout(10_000)  # a missing element fails in seconds, not half a minute
    return context


def log_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{email} could not log in"


@pytest.fixture(scope="module")
def signed_in(browser: Any, live_server: str) -> Iterator[Any]:
    """A browser context per login, logged in once through the login form."""
    contexts: dict[str | None, Any] = {}

    def context_for(email: str | None) -> Any:
        if email not in contexts:
            context = _new_context(browser)
            if email:
                page = context.new_page()
                log_in(page, live_server, email)
                page.close()
            contexts[email] = context
        return contexts[email]

    yield context_for
    for context in contexts.values():
        context.close()


# ---------------------------------------------------------------------------------------------
# The walk: every page at every width.


def _walk(visit: PageVisit, width: int, live_server: str, signed_in: Any) -> None:
    page = signed_in(visit.user).new_page()
    page.set_viewport_size({"width": width, "height": 900})
    events = PageEvents()
    events.watch(page, visit.status)
    try:
        reply = page.goto(live_server + visit.path)
        assert reply.status == visit.status, f"{visit.path} answered {reply.status}"
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshot_name(visit.name, width)), full_page=True)

        headings = page.locator("h1").all_inner_texts()
        assert len(headings) == 1, f"one h1 per page, found {headings}"
        if visit.heading:
            assert headings[0].strip() == visit.heading
        assert page.locator("html").get_attribute("lang") in ("sv", "da", "en")
        assert (overflow := sideways_overflow(page)) is None, overflow
        # A negative figure carries a true minus (−10), on the chart's scale too, as in the mails.
        written = page.evaluate("document.querySelector('main').textContent")
        hyphens = [
            written[max(0, m.start() - 30) : m.end()]
            for m in re.finditer(r"(?<![\w/-])-\d", written)
        ]
        assert not hyphens, hyphens
        assert not (problems := unreachable_by_keyboard(page, visit.actions)), problems
        violations = accessibility_violations(page)
        assert not violations, "axe-core found:\n" + "\n".join(violations)
        assert not events.console_errors, events.console_errors
        assert not events.failed_requests, events.failed_requests
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("visit", PAGES + ADMIN_PAGES, ids=lambda visit: visit.name)
def test_every_page_reads_well_at_desktop_and_phone_width(visit, width, live_server, signed_in):
    _walk(visit, width, live_server, signed_in)


# ---------------------------------------------------------------------------------------------
# What people do on the pages.


def test_an_agent_sees_their_own_trend_and_comments_but_no_colleague(live_server, browser):
    context = _new_context(browser)
    page = context.new_page()
    page.goto(f"{live_server}/me")
    assert "/login" in page.url  # not logged in yet
    # The login page says what the service is before it asks for anything.
    assert "efter sitt samtal" in page.locator("main").inner_text()
    log_in(page, live_server, "anna@example.com")
    assert page.url == f"{live_server}/me"

    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", name="Min feedback", level=1).is_visible()
    assert page.get_by_role("heading", name="Vecka för vecka").is_visible()
    trend = page.locator("table.trend-table tbody tr")
    # From the first week with answers, five weeks ago, to this week.
    assert trend.count() == 6
    chart = page.locator("#trend-smiley svg.trend-image")
    assert chart.locator(".chart-score use").count() == 4  # the weeks with 5+ answers
    assert "% nöjda" in chart.locator("text").all_text_contents()
    assert "för få svar" in trend.nth(1).inner_text()  # four weeks ago: one answer
    kudos = page.locator("li.note.kudos")
    assert "Anna löste allt på två minuter!" in kudos.inner_text()
    assert "+46 *******33" in kudos.inner_text()
    # On the first screen among what callers said, and among the comments below.
    assert page.locator(".first-said q", has_text="Jag väntade länge i kön.").is_visible()
    assert page.locator("blockquote.comment", has_text="Jag väntade länge i kön.").is_visible()
    assert "Björns samtal" not in page.content()
    assert "+46701112233" not in page.content()

    # Keyboard first: the first Tab lands on the skip link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    colleague = page.goto(f"{live_server}/teams/support/agents/bjorn")
    assert colleague.status == 404
    assert page.get_by_role("heading", name="Sidan finns inte").is_visible()
    assert "Björns samtal" not in page.content()
    assert page.goto(f"{live_server}/teams/support").status == 404

    page.goto(f"{live_server}/me")
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{live_server}/login")
    page.goto(f"{live_server}/me")
    assert "/login" in page.url
    context.close()


def _top(page: Any, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_the_team_page_answers_who_needs_a_word_and_who_waits_first(live_server, signed_in):
    page = signed_in("sara@example.com").new_page()
    page.goto(f"{live_server}/teams/support")
    main = page.locator("main")
    # Right under the heading, the week at a glance: who may need a word, who waits.
    first_screen = main.locator(":scope > *").nth(1)
    assert "first-screen" in first_screen.get_attribute("class")
    assert first_screen.locator(".worth-a-word h3").inner_text() == "Att prata med den här veckan"
    assert "Örjan Ek" in first_screen.locator(".worth-a-word").inner_text()
    assert "missnöjda kunder väntar på att bli uppringda" in first_screen.locator(
        ".first-follow-ups").inner_text()
    # Names in the Swedish alphabet, as the digest lists them.
    agents = page.locator("ul.agents .agent-name").all_inner_texts()
    assert agents == ["Anna Lind", "Björn Holm", "Åsa Berg", "Ärla Dahl", "Örjan Ek"]
    # The period filter stands above every figure it filters.
    assert _top(page, "form.period-form") < _top(page, "#totals-title")
    assert _top(page, "form.period-form") < _top(page, "#reasons-title")
    assert _top(page, "form.period-form") < _top(page, "#trend-title")
    page.close()


def test_the_period_filter_and_the_csv_link_work_from_the_keyboard(live_server, signed_in):
    page = signed_in("sara@example.com").new_page()
    page.goto(f"{live_server}/teams/support")
    everything = page.locator("#totals-title + dl").inner_text()
    first_week = (_TODAY - timedelta(days=_TODAY.weekday(), weeks=1)).isoformat()
    # A date field's segments follow the browser's locale; the value it takes is ISO.
    page.get_by_label("Från").fill(first_week)
    page.get_by_role("button", name="Visa").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/teams/support?from={first_week}*")
    narrowed = page.locator("#totals-title + dl").inner_text()
    assert narrowed != everything

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner svaren som CSV").press("Enter")
    assert download.value.suggested_filename.startswith(f"support-{first_week}-")
    with open(download.value.path(), encoding="utf-8-sig") as downloaded:
        # The page speaks Swedish: its link asks for what Swedish spreadsheets open directly.
        rows = list(csv.reader(io.StringIO(downloaded.read()), delimiter=";"))
    assert rows[0] == list(COLUMNS)
    assert len(rows) > 1
    assert all(row[rows[0].index("agent")] in {"anna", "bjorn", "orjan"} for row in rows[1:])
    page.close()


def test_nps_pages_show_the_split_and_a_true_minus(live_server, signed_in):
    page = signed_in("mette@example.com").new_page()
    page.goto(f"{live_server}/teams/kundeservice/agents/freja")
    assert page.locator("html").get_attribute("lang") == "da"
    totals = page.locator("#totals-title + dl").inner_text()
    assert "ambassadør: 9" in totals and "passiv: 4" in totals and "kritiker: 5" in totals
    last_week = page.locator("table.trend-table tbody tr").last.inner_text()
    assert "NPS −17" in page.locator("table.trend-table").inner_text()
    assert "-17" not in page.locator("main").inner_text()
    assert "uge" in last_week
    # Both axes say what they count; the scale's minus is the true one too.
    written = [t.strip() for t in
               page.locator("#trend-nps svg.trend-image text").all_text_contents()]
    assert "NPS" in written and "Uge" in written
    ticks = [t for t in written if t in {"−100", "−50", "0", "+50", "+100"}]
    assert ticks == ["−100", "−50", "0", "+50", "+100"]
    page.close()


def test_a_new_team_says_what_to_do_next_instead_of_zeros(live_server, signed_in):
    page = signed_in("nina@example.com").new_page()
    page.goto(f"{live_server}/teams/nytt")
    # The next step comes first, right under the heading, not below a week of "too few".
    first = page.locator("main > :not(h1)").first.inner_text()
    assert first.startswith("Inga svar ännu.") and "telefonadress" in first
    assert page.locator("section.last-week").count() == 0
    assert page.locator("section.worth-a-word").count() == 0
    assert page.locator("table.trend-table").count() == 0
    assert page.locator("svg.trend-image").count() == 0
    page.close()


def test_an_agent_without_answers_reads_what_will_come(live_server, signed_in):
    page = signed_in("per@example.com").new_page()
    page.goto(f"{live_server}/me")
    first = page.locator("main > :not(h1, .hint)").first.inner_text()
    assert first.startswith("Inga svar ännu. När kunder svarar på enkäten efter dina samtal")
    assert page.locator("section.last-week").count() == 0
    assert page.locator("table.trend-table").count() == 0
    page.close()


def test_a_supervisor_records_a_call_back_with_the_keyboard(live_server, signed_in):
    page = signed_in("sara@example.com").new_page()
    page.goto(f"{live_server}/follow-ups?agent=bjorn")
    waiting = page.locator("li.follow-up")
    assert waiting.count() == 1
    page.locator("li.follow-up summary").focus()
    page.keyboard.press("Enter")
    page.get_by_label("löst").check()
    page.get_by_label("Anteckning").fill("Ringt upp, bad om ursäkt")
    page.get_by_role("button", name="Spara").press("Enter")
    page.wait_for_load_state()
    assert page.locator("p.notice").count() == 1
    page.goto(f"{live_server}/follow-ups?agent=bjorn&show=resolved")
    assert "Ringt upp, bad om ursäkt" in page.locator("main").inner_text()
    page.close()


def test_a_supervisor_records_an_action_from_a_reason_and_sees_it_marked(live_server,
                                                                         signed_in):
    page = signed_in("sara@example.com").new_page()
    page.goto(f"{live_server}/reasons")
    wait_time = page.locator("#reason-wait_time")
    wait_time.get_by_role("link", name="Registrera en åtgärd mot den här anledningen").click()
    page.wait_for_load_state()
    # The form comes with the reason and the team chosen.
    assert page.get_by_label("Anledningen den riktar sig mot").input_value() == "wait_time"
    assert page.get_by_label("För", exact=True).input_value() == "support"
    page.get_by_label("Vad som ändrades").fill("Ny telefonmeny")
    page.get_by_label("Startade").fill((_TODAY - timedelta(weeks=2)).isoformat())
    page.get_by_label("Ägarens e-post").fill("ivy@example.com")
    page.get_by_label("Kortnamn för länken").fill("ny-meny")
    page.get_by_role("button", name="Spara").press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Ny telefonmeny"
    assert page.locator("table.before-after tbody tr").count() == 2
    page.goto(f"{live_server}/reasons")
    assert page.locator("#reason-trend-wait_time svg .chart-action").count() == 1
    assert page.locator("#reason-trend-resolution svg .chart-action").count() == 0
    page.close()


def test_the_accessibility_check_names_what_is_wrong(browser):
    """The gate itself: a page with a nameless field, an image without text and no language
    fails with the rule, the element and the help text."""
    context = _new_context(browser)
    page = context.new_page()
    page.set_content(
        "<!doctype html><html><head><title>t</title></head><body><main><h1>t</h1>"
        "<img src='data:,'><input type='text'></main></body></html>"
    )
    found = "\n".join(accessibility_violations(page))
    context.close()
    assert "html-has-lang" in found
    assert "image-alt: Images must have alternative text" in found
    assert "label: Form elements must have labels" in found
    assert '<input type="text">' in found


def test_the_follow_up_filter_lists_agents_in_the_language_s_alphabet(live_server, signed_in):
    page = signed_in("sara@example.com").new_page()
    page.goto(f"{live_server}/follow-ups")
    names = page.get_by_label("Medarbetare").locator("option").all_inner_texts()
    assert names[1:] == ["Anna Lind", "Björn Holm", "Åsa Berg", "Ärla Dahl", "Örjan Ek"]
    page.close()


def test_an_admin_adds_a_team_on_a_phone_with_the_keyboard_alone(live_server, signed_in):
    page = signed_in(ADMIN).new_page()
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server}/admin/teams")

    page.focus("#name")
    page.keyboard.type("Support Malmö")
    page.keyboard.press("Tab")
    page.keyboard.type("malmo")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator(".notice", has_text="Teamet Support Malmö är tillagt.").count() == 1
    assert page.locator("td a", has_text="Support Malmö").count() == 1
    page.close()
