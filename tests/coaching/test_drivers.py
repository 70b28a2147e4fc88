"""The driver table: what each reason, praise and topic costs or brings a team's score, and what
callers appreciated in an agent; worked by hand, then read on the pages and through the API."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest

from feedback_service.coaching.drivers import Driver, Quadrant, drivers
from feedback_service.coaching.weeks import week_of
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent
from feedback_service.surveys.praise import load_praise
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import Category, SurveyKind
from tests.coaching.builders import answered
from tests.conftest import settings
from tests.web.factories import ZONE, weeks_ago
from tests.web.login_form import log_in

CES = SurveyKind.CES
EASY, NEUTRAL, DIFFICULT = Category.EASY, Category.NEUTRAL, Category.DIFFICULT

# A team's week of Net Easy answers: (category, reason, praise, topic) -> answers.
#   easy, praised as quick, billing      4      difficult, wait_time, billing     2
#   easy, praised as friendly, delivery  2      difficult, resolution, delivery   1
#   easy, no praise, billing             1      difficult, product, billing       1
#   neutral, delivery                    1
# The product answer lies outside customer service: not in the team's score. The score counts
# 11 answers: 7 easy, 1 neutral, 3 difficult, so (7 − 3) / 11 = +36.36.
WEEK = Counter({
    (CES, EASY, None, "quick", "billing"): 4,
    (CES, EASY, None, "friendly", "delivery"): 2,
    (CES, EASY, None, None, "billing"): 1,
    (CES, NEUTRAL, None, None, "delivery"): 1,
    (CES, DIFFICULT, "wait_time", None, "billing"): 2,
    (CES, DIFFICULT, "resolution", None, "delivery"): 1,
    (CES, DIFFICULT, "product", None, "billing"): 1,
})


def test_each_reason_shows_the_points_the_score_would_rise_had_its_callers_been_happy():
    # A difficult answer becoming easy moves the score over its 11 answers by 2/11: the two
    # about the wait, by 100 · 4 / 11 = 36.36 points. Its interval is the adjusted Wald
    # interval of the mean gain (2, 1 or 0 per answer): 2 gain 2, 9 gain 0 → +8 to +92.
    table = drivers(CES, WEEK, load_catalogue(), load_praise(), min_responses=2)
    assert table.answers == 11
    assert table.score == pytest.approx(36.36, abs=0.01)
    assert table.reasons == [
        Driver("reason", "wait_time", 2, pytest.approx(36.36, abs=0.01),
               pytest.approx(8.0), pytest.approx(92.0)),
        # One answer about the help: below the minimum of two, withheld.
        Driver("reason", "resolution", 1, None),
        # Outside customer service: in its own group, never "too few answers".
        Driver("outside", "product", 1, None),
        # Praising callers were happy already: counts only.
        Driver("praise", "quick", 4, None),
        Driver("praise", "friendly", 2, None),
    ]


def test_the_rises_add_up_to_the_distance_from_the_top():
    # +36.36 is 63.64 below the top of the scale: the waits (4 steps), the help (2) and the
    # neutral answer without a reason (1) make 7 steps of 100/11 points each.
    table = drivers(CES, WEEK, load_catalogue(), load_praise(), min_responses=1)
    reasons = [r.rise for r in table.reasons if r.group == "reason"]
    assert reasons == [pytest.approx(36.36, abs=0.01), pytest.approx(18.18, abs=0.01)]
    assert sum(reasons) + 100 * 1 / 11 == pytest.approx(100 - table.score)  # type: ignore


def test_a_smiley_rise_is_the_share_of_those_callers():
    # 8 happy, 2 sad about the wait: had they been happy, 100 % instead of 80 %: +20, with the
    # Wilson interval of 2 of 10 (6 % to 51 %).
    week = Counter({
        (SurveyKind.SMILEY, Category.HAPPY, None, "quick", None): 3,
        (SurveyKind.SMILEY, Category.HAPPY, None, None, None): 5,
        (SurveyKind.SMILEY, Category.SAD, "wait_time", None, None): 2,
    })
    table = drivers(SurveyKind.SMILEY, week, load_catalogue(), load_praise(), min_responses=2)
    assert table.score == pytest.approx(80.0)
    [wait, quick] = table.reasons
    assert (wait.code, wait.rise, wait.low, wait.high) == (
        "wait_time", pytest.approx(20.0), pytest.approx(5.67, abs=0.01),
        pytest.approx(50.98, abs=0.01))
    assert (quick.code, quick.rise) == ("quick", None)


def test_the_loyalty_matrix_places_each_topic_by_share_and_effect():
    # Billing: 7 of the 11 answers (64 %), scoring (5 − 2) / 7 = +42.86, 6.49 above the
    # team; delivery: 4 (36 %), (2 − 1) / 4 = +25, 11.36 below. Two topics split evenly at
    # 50 %: billing has many answers and scores above (a strong driver), delivery few and
    # below (to develop, less critical).
    table = drivers(CES, WEEK, load_catalogue(), load_praise(), min_responses=2)
    assert [(p.code, p.answers, round(p.share, 3), round(p.effect, 2), p.quadrant)
            for p in table.matrix] == [
        ("billing", 7, 0.636, 6.49, Quadrant.STRENGTH),
        ("delivery", 4, 0.364, -11.36, Quadrant.DEVELOP),
    ]


# --- Through the service ----------------------------------------------------------------------


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm", ASK_PRAISE=True)


@pytest.fixture
def last_week(app, organisation):
    """The week above, answered to Anna (easy ones) and Björn (the rest), in team support."""
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        bjorn = db.session.get(Agent, organisation.bjorn)
        at = weeks_ago(1)
        given = [
            (anna, 5, None, "quick", "billing", 4), (anna, 4, None, "friendly", "delivery", 2),
            (anna, 4, None, None, "billing", 1), (bjorn, 3, None, None, "delivery", 1),
            (bjorn, 1, "wait_time", None, "billing", 2),
            (bjorn, 2, "resolution", None, "delivery", 1),
            (bjorn, 1, "product", None, "billing", 1),
        ]
        minute = 0
        for agent, score, reason, praise, topic, count in given:
            for _ in range(count):
                minute += 5
                answered(agent, at + timedelta(minutes=minute), settings_of(app), score, kind=CES,
                         reason=reason, praise=praise, topic=topic)
        db.session.commit()
    return str(week_of(at.astimezone(ZONE).date()))


def test_the_summaries_api_adds_praise_and_drivers(client, api_headers, last_week):
    reply = client.get("/api/v1/summaries", query_string={"week": last_week, "team": "support"},
                       headers=api_headers)
    assert reply.status_code == 200
    team, anna, bjorn = reply.json["summaries"]
    assert (team["scope"], team["kind"], team["answers"]) == ("team", "ces", 12)
    assert team["score"] == pytest.approx(36.36, abs=0.01)
    assert team["praise"] == [{"code": "quick", "answers": 4}, {"code": "friendly", "answers": 2}]
    withheld = {"rise_if_happy": None, "interval": [None, None]}
    assert team["drivers"] == {
        "reasons": [{"code": "wait_time", "answers": 2} | withheld,
                    {"code": "resolution", "answers": 1} | withheld],
        "outside": [{"code": "product", "answers": 1}],
        "praise": [{"code": "quick", "answers": 4}, {"code": "friendly", "answers": 2}],
        # Billing's 2 difficult answers of the score's 11: +36.4 had they been easy.
        "topics": [{"code": "billing", "answers": 7, "rise_if_happy": 36.4,
                    "interval": [8.0, 92.0]},
                   {"code": "delivery", "answers": 4} | withheld],
        "loyalty_matrix": [{"topic": "billing", "answers": 7, "share": 0.6364, "effect": 6.5,
                            "quadrant": "maintain"}],
    }
    assert (anna["agent"], anna["praise"], anna["drivers"]) == (
        "anna", [{"code": "quick", "answers": 4}, {"code": "friendly", "answers": 2}], None)
    assert (bjorn["agent"], bjorn["praise"]) == ("bjorn", [])


def test_the_responses_csv_carries_the_kind_category_and_praise(client, api_headers, last_week):
    reply = client.get("/api/v1/responses.csv", query_string={"agent": "anna"},
                       headers=api_headers)
    rows = reply.get_data(as_text=True).splitlines()
    assert len(rows) == 1 + 7
    assert rows[1].split(",")[6:11] == ["ces", "5", "easy", "", "quick"]


def page_for(client, email: str, path: str) -> str:
    assert log_in(client, email).status_code == 302
    return client.get(path).get_data(as_text=True)


def test_the_agent_sees_what_callers_appreciated(client, last_week):
    page = page_for(client, "anna@example.com", "/me")
    assert "Net Easy (hur lätt det var)" in page
    assert "Vad kunderna uppskattade" in page
    assert "<li>det gick snabbt: <strong>4</strong></li>" in page
    assert "<li>ett vänligt bemötande: <strong>2</strong></li>" in page


def test_the_team_page_has_the_driver_table(client, last_week):
    page = page_for(client, "sara@example.com", "/teams/support")
    assert "Vad som driver teamets resultat" in page
    assert "<h3>Net Easy (hur lätt det var): +36</h3>" in page
    rows = [
        ("väntetiden (missnöje)", "2", "för få svar"),
        ("hjälpen du fick (missnöje)", "1", "för få svar"),
        ("produkten eller tjänsten (missnöje)", "1", "utanför kundservice, inte med i resultatet"),
        ("det gick snabbt (beröm)", "4", "–"), ("ett vänligt bemötande (beröm)", "2", "–"),
        ("Fakturor", "7", "+36 (troligen +8 till +92)"), ("Leveranser", "4", "för få svar"),
    ]
    for label, answers, points in rows:
        assert (f'<tr><th scope="row">{label}</th><td>{answers}</td><td>{points}</td></tr>'
                in page), label


def test_the_team_page_draws_the_loyalty_matrix_with_a_table_beside_it(client, last_week):
    page = page_for(client, "sara@example.com", "/teams/support")
    matrix = page.split('<figure class="loyalty-matrix" id="matrix-ces">')[1].split("</figure>")[0]
    svg = re.search(r"<svg [^>]*>.*?</svg>", matrix, re.S).group(0)
    assert 'role="img"' in svg and "<script" not in svg
    assert 'aria-labelledby="matrix-ces-chart-title matrix-ces-chart-desc"' in svg
    assert '<title id="matrix-ces-chart-title">Lojalitetsmatris</title>' in svg
    # Its description has every topic's figures and area, as the table beside it has them.
    description = re.search(r"<desc [^>]*>([^<]*)</desc>", svg).group(1)
    assert description.endswith("Fakturor: Svar 7, Andel av svaren 64\u00a0%, "
                                "Mot teamets resultat +6, Område Att förvalta")
    # One topic with enough answers: one dot, named beside it.
    dots = svg.split('<g class="chart-dot">')[1].split("</g>")[0]
    assert dots.count("<use ") == 1
    assert ">Fakturor</text>" in svg
    assert ('<tr><th scope="row">Fakturor</th><td>7</td><td>64\u00a0%</td><td>+6</td>'
            '<td>Att förvalta</td></tr>') in matrix


def test_the_split_beside_a_score_counts_the_answers_the_score_counts(client, last_week):
    # The team's +36 counts 11 answers: 7 easy, 1 neutral, 3 difficult. The product answer is
    # outside customer service: a split of all 12 (4 difficult) gives +25, beside +36.
    page = page_for(client, "sara@example.com", "/teams/support")
    totals = page.split('id="totals-title"')[1].split("</section>")[0]
    split = totals.split('<span class="split">')[1].split("</span>")[0]
    assert split.endswith(": 3"), split


def test_the_team_page_shows_months_and_quarters_with_intervals(client, last_week):
    page = page_for(client, "sara@example.com", "/teams/support")
    for grain in ("month", "quarter"):
        table = page.split(f'id="longer-{grain}-ces"')[1].split("</table>")[0]
        counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', table)]
        # The team's score counts 11 of the 12 answers (the product is outside).
        assert sum(counts) == 11, grain
        assert "Net Easy" in table and " – " in table  # a score with its interval


def test_the_top_answer_is_named_by_its_own_scale_not_as_satisfied(client, last_week):
    # On a Net Easy page "nöjda" (satisfied) would stand for callers who found it easy, and on
    # an NPS page for promoters: the pages name the top answer of each scale instead.
    page = page_for(client, "anna@example.com", "/me")
    praise = page.split('id="praise-title"')[1].split("</section>")[0]
    assert "nöjda" not in praise
    assert "det högsta svaret (nöjd, ambassadör eller lätt)" in praise
