"""History-scale reads: pages, the summaries and responses APIs, the CSV, the weekly digests.

Pages are read through the Flask test client, logged in through the real login form; the
digests and the CSV run in a child process each, so their peak memory is theirs alone.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient

from bench.data import PASSWORD, Organisation
from bench.environment import API_TOKEN, BenchDatabase, service_app
from bench.memory import in_child
from bench.report import Figure, megabytes, milliseconds, show
from bench.statements import counting_statements, grouped
from feedback_service.coaching.digests import queue_weekly_digests
from feedback_service.coaching.weeks import IsoWeek, last_complete_week
from feedback_service.database import utcnow
from feedback_service.settings import settings_of

PAGE_REPEATS = 20
API_PAGES = 5
PAGE_TARGET = 0.1  # seconds, p95
SUMMARIES_TARGET = 0.3  # seconds: a week's summaries of every agent
API_PAGE_TARGET = 0.2
DIGESTS_TARGET = 10.0
DIGESTS_MEMORY_TARGET = 300  # MB
# MB above the process at rest: the export streams, so its memory stays flat at any size.
CSV_MEMORY_GROWTH_TARGET = 25
CSV_ROWS_A_SECOND_TARGET = 200_000
API_HEADERS = {"Authorization": f"Bearer {API_TOKEN}"}
_CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def log_in(client: FlaskClient, email: str) -> FlaskClient:
    """Log in through the login form, CSRF token and all, as a browser does."""
    page = client.get("/login").get_data(as_text=True)
    match = _CSRF_FIELD.search(page)
    if match is None:
        raise RuntimeError("the login page has no CSRF token")
    answer = client.post("/login", data={"email": email, "password": PASSWORD,
                                         "csrf_token": match.group(1)})
    if answer.status_code != 302:
        raise RuntimeError(f"logging in as {email} failed: {answer.status_code}")
    return client


def page_statements(app: Flask, client: FlaskClient, path: str) -> list[str]:
    """The SQL statements one request for `path` runs."""
    with app.app_context(), counting_statements() as statements:
        answer = client.get(path)
    if answer.status_code != 200:
        raise RuntimeError(f"{path}: {answer.status_code}")
    return statements


def _timings(get: Callable[[], object], repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        get()
        timings.append(time.perf_counter() - started)
    return timings


def _p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]


def _get(client: FlaskClient, path: str, **kwargs: object) -> object:
    answer = client.get(path, **kwargs)
    if answer.status_code != 200:
        raise RuntimeError(f"{path}: {answer.status_code} {answer.get_data()[:200]}")
    return answer


def the_week(app: Flask) -> IsoWeek:
    return last_complete_week(utcnow(), settings_of(app).zone)


def queue_digests_of_week(name: str, url: str) -> tuple[int, float]:
    """Every supervisor digest and agent summary of last week, compiled and queued: how many,
    and the seconds it took."""
    with service_app(BenchDatabase(name, url)) as app, app.app_context():
        started = time.perf_counter()
        queued = len(queue_weekly_digests(the_week(app), settings_of(app)).queued)
        return queued, time.perf_counter() - started


def stream_responses_csv(name: str, url: str) -> tuple[int, float]:
    """`/api/v1/responses.csv` read to its end: how many lines it had, and the seconds."""
    with service_app(BenchDatabase(name, url)) as app:
        started = time.perf_counter()
        answer = app.test_client().get("/api/v1/responses.csv", headers=API_HEADERS,
                                       buffered=False)
        lines = sum(chunk.count(b"\n") for chunk in answer.response)
        answer.close()
        return lines, time.perf_counter() - started


def app_at_rest(name: str, url: str) -> None:
    """The service built and idle: the memory any process serving it starts from."""
    with service_app(BenchDatabase(name, url)) as app:
        app.test_client().get("/healthz")


def measure_reads(database: BenchDatabase, organisation: Organisation,
                  scale: str) -> list[Figure]:
    with service_app(database) as app:
        return _read_figures(app, database, organisation, scale)


def _read_figures(app: Flask, database: BenchDatabase, organisation: Organisation,
                  scale: str) -> list[Figure]:
    figures: list[Figure] = []

    def add(what: str, value: str, target: str = "", passed: bool | None = None) -> None:
        figure = Figure("reads", database.name, what, value, target, passed, scale)
        figures.append(figure)
        show(figure)

    pages = {"/me": log_in(app.test_client(), organisation.agent_email),
             f"/teams/{organisation.team_slug}": log_in(app.test_client(),
                                                        organisation.supervisor_email)}
    for path, client in pages.items():
        statements = page_statements(app, client, path)
        p95 = _p95(_timings(lambda c=client, p=path: _get(c, p), PAGE_REPEATS))
        add(f"{path.replace(organisation.team_slug, 'SLUG')} p95", milliseconds(p95),
            f"< {milliseconds(PAGE_TARGET)}", p95 < PAGE_TARGET)
        add(f"{path.replace(organisation.team_slug, 'SLUG')} SQL statements (GROUP BY)",
            f"{len(statements)} ({len(grouped(statements))})")

    api = app.test_client()
    week = the_week(app)
    # The CPU time of this process (the request runs in it) is the steadier figure on a
    # shared machine: it leaves out the waits for the database and for a core.
    cpu_started = time.process_time()
    seconds = min(_timings(lambda: _get(api, f"/api/v1/summaries?week={week}",
                                         headers=API_HEADERS), 2))
    cpu = (time.process_time() - cpu_started) / 2
    add(f"summaries of one week, {len(organisation.agents):,} agents (CPU of the request)",
        f"{milliseconds(seconds)} ({cpu:,.2f} s)", f"< {milliseconds(SUMMARIES_TARGET)}",
        seconds < SUMMARIES_TARGET)

    page_times, url = [], "/api/v1/responses?limit=1000"
    for _ in range(API_PAGES):
        started = time.perf_counter()
        answer = api.get(url, headers=API_HEADERS)
        page_times.append(time.perf_counter() - started)
        following = answer.get_json()["next"]
        if not following:
            break
        parts = urlsplit(following)
        url = f"{parts.path}?{parts.query}"
    add(f"responses API, slowest of {len(page_times)} pages of 1,000",
        milliseconds(max(page_times)), f"< {milliseconds(API_PAGE_TARGET)}",
        max(page_times) < API_PAGE_TARGET)

    where = (database.name, database.url)
    _, _, at_rest = in_child(app_at_rest, *where)
    growth = f" ({megabytes(at_rest)} at rest)"
    (queued, seconds), _, peak = in_child(queue_digests_of_week, *where)
    add(f"every digest of one week ({queued:,} mails): time", milliseconds(seconds),
        f"< {DIGESTS_TARGET:.0f} s", seconds < DIGESTS_TARGET)
    add("every digest of one week: peak RSS", megabytes(peak) + growth,
        f"< {megabytes(DIGESTS_MEMORY_TARGET)}", peak < DIGESTS_MEMORY_TARGET)

    (lines, seconds), _, peak = in_child(stream_responses_csv, *where)
    rate = (lines - 1) / seconds
    add(f"responses.csv, {lines - 1:,} rows: time", f"{milliseconds(seconds)} "
        f"({rate:,.0f} rows a second)", f"≥ {CSV_ROWS_A_SECOND_TARGET:,} rows a second",
        rate >= CSV_ROWS_A_SECOND_TARGET)
    add("responses.csv: peak RSS", megabytes(peak) + growth,
        f"< {megabytes(CSV_MEMORY_GROWTH_TARGET)} above rest",
        peak - at_rest < CSV_MEMORY_GROWTH_TARGET)
    return figures
