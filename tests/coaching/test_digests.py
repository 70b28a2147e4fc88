"""`flask digests send`: real mail to a local SMTP server, read back and checked."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from feedback_service.coaching import digest_sending, digests
from feedback_service.coaching.models import DigestRun
from feedback_service.extensions import db
from feedback_service.follow_ups.queue import CallBack, mark_follow_up
from feedback_service.outbox.flush import flush_outbox
from feedback_service.outbox.models import OutboxMessage, OutboxStatus
from feedback_service.outbox.senders import ConsoleSmsSender, mailer_for
from feedback_service.settings import settings_of
from feedback_service.staff.directory import find_user
from feedback_service.surveys.models import FollowUpStatus
from feedback_service.surveys.scoring import SurveyKind
from tests.coaching.builders import (
    a_survey,
    a_team,
    an_agent,
    answered,
    many,
    not_surveyed,
    unanswered,
)
from tests.conftest import settings
from tests.smtp_sink import html_of, text_of

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEK = "2026-W47"  # Monday 16 to Sunday 22 November 2026
# The digests of that week go out on the Monday after it, at the default DIGEST_SCHEDULE.
pytestmark = pytest.mark.clock("2026-11-23T07:00:00+01:00")
SUPERVISORS = {"sara@acme.example": "sv", "dan@acme.example": "da", "erin@acme.example": "en"}
RANKING_WORDS = re.compile(
    r"\b(best|worst|rank\w*|top\w*|leader\w*|bäst\w*|sämst\w*|värst\w*|topplista\w*|"
    r"rangordn\w*|bedst\w*|værst\w*|dårligst\w*|rangering\w*|rangliste\w*|placering\w*)\b",
    re.IGNORECASE,
)
CALLER_WITH_COMMENT = "+46701112233"


def local(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example",
                    DEFAULT_LANGUAGE="sv", MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm")


@pytest.fixture
def week_of_answers(app):
    """A support team of four whose scores run opposite to the alphabet, and an NPS team."""
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support Stockholm", SUPERVISORS)
        a_team("kundeservice", "Kundeservice Aarhus", {"dan@acme.example": "da"})
        zara = an_agent("zara", "Zara Ali", "support", language="en")
        anna = an_agent("anna", "Anna Lind", "support")
        bjorn = an_agent("bjorn", "Björn Holm", "support")
        orjan = an_agent("orjan", "Örjan Ek", "support")
        mette = an_agent("mette", "Mette Hansen", "kundeservice", language="da")

        many(zara, local(17, 9), config, [1] * 10)
        # Anna: 2 happy, 3 sad about the wait, 1 sad about the product; 2 never answered.
        many(anna, local(17, 10), config, [1, 1])
        for minute in (0, 10, 20):
            answered(anna, local(18, 11, minute), config, 2, reason="wait_time",
                     comment="Jag väntade i fyrtio minuter")
        answered(anna, local(18, 12), config, 2, reason="product", comment="Appen kraschar",
                 caller=CALLER_WITH_COMMENT)
        unanswered(anna, local(19, 9), config)
        unanswered(anna, local(19, 10), config)
        many(bjorn, local(18, 9), config, [1, 1, 1])
        many(orjan, local(20, 14), config, [1, 1, 1])
        answered(orjan, local(20, 15), config, 1, comment="Tack Örjan, superbra hjälp!")
        answered(orjan, local(20, 16), config, 2, reason="manner",
                 comment="Ring mig på 070-123 45 67 istället")
        many(mette, local(17, 9), config, [10, 9, 9, 8, 3, 10], kind=SurveyKind.NPS)
        # Outside the week: the Sunday before and the Monday after, by Stockholm's clock.
        answered(zara, local(15, 23, 30), config, 2, reason="effort")
        answered(zara, local(23, 0, 30), config, 2, reason="effort")
        db.session.commit()


def send(runner, week=WEEK):
    result = runner.invoke(args=["digests", "send", "--week", week])
    assert result.exit_code == 0, result.output
    return result.output


def positions(text, names):
    return [text.index(name) for name in names]


def section(text, name, following):
    start = text.index(name)
    return text[start:text.index(following, start) if following else None]


def test_each_supervisor_gets_one_digest_in_their_language(runner, smtp_server, week_of_answers):
    output = send(runner)
    assert f"Week {WEEK}: 8 digests queued now, 0 queued by an earlier run." in output
    smtp_server.wait_for(8)
    [sara] = smtp_server.to("sara@acme.example")
    [dan] = smtp_server.to("dan@acme.example")  # two teams, one mail
    [erin] = smtp_server.to("erin@acme.example")
    assert sara["Subject"] == f"Coachning vecka {WEEK}: Support Stockholm"
    assert dan["Subject"] == f"Coaching uge {WEEK}: Kundeservice Aarhus, Support Stockholm"
    assert erin["Subject"] == f"Coaching week {WEEK}: Support Stockholm"
    assert "Transaktionel NPS (efter opkaldet)" in text_of(dan)
    assert "Mette Hansen" not in text_of(sara)


def test_agents_come_in_alphabetical_order_whatever_their_scores(runner, smtp_server,
                                                                 week_of_answers):
    send(runner)
    smtp_server.wait_for(8)
    swedish = text_of(smtp_server.to("sara@acme.example")[0])
    english = text_of(smtp_server.to("erin@acme.example")[0])
    # Zara has every caller happy and Anna the fewest: the order is the alphabet's, nothing else.
    names = ["Anna Lind", "Björn Holm", "Zara Ali", "Örjan Ek"]
    assert positions(swedish, names) == sorted(positions(swedish, names))
    english_names = ["Anna Lind", "Björn Holm", "Örjan Ek", "Zara Ali"]
    assert positions(english, english_names) == sorted(positions(english, english_names))
    # Team totals and reasons come before the first agent.
    assert swedish.index("Support Stockholm: hela teamet") < swedish.index("Anna Lind")
    html = html_of(smtp_server.to("sara@acme.example")[0])
    assert positions(html, names) == sorted(positions(html, names))


# Sent again a week late: first-contact resolution is known once the week's windows closed.
@pytest.mark.clock("2026-11-30T07:00:00+01:00")
def test_sections_show_each_agents_own_numbers(runner, smtp_server, week_of_answers):
    send(runner)
    smtp_server.wait_for(8)
    text = text_of(smtp_server.to("sara@acme.example")[0])
    totals = section(text, "Support Stockholm: hela teamet", "Anna Lind")
    # 24 answers to 26 surveys; the team's score leaves out only the product answer: 19 of 23.
    # Percentages as Babel writes them in Swedish, with a non-breaking space.
    assert "24 svar på 26 skickade enkäter, svarsfrekvens 92\u00a0%" in totals
    assert "83\u00a0% (med så här många svar sannolikt mellan 63\u00a0% och 93\u00a0%)" in totals
    assert ("1 svar om produkten eller tjänsten räknas inte in i resultatet: de lämnas vidare "
            "till resten av företaget.") in totals
    # Reasons by who can act on them, the waiting time for whoever owns staffing and the IVR.
    assert "Anledningar som medarbetaren kan påverka:\n  - bemötandet: 1 (20\u00a0%)" in totals
    assert "Processen (bemanning och telefonmeny):\n  - väntetiden: 3 (60\u00a0%)" in totals
    assert "produkten eller tjänsten: 1 (20\u00a0%)" in totals

    anna = section(text, "Anna Lind", "Björn Holm")
    assert "6 svar på 8 skickade enkäter, svarsfrekvens 75\u00a0%" in anna
    # Anna's own score counts only what she can change: 2 happy answers, too few to show.
    assert "för få svar för att visa ett resultat (2 av minst 5)" in anna
    assert ("3 svar om väntetiden räknas inte in i resultatet: det är en fråga för teamet, "
            "inte för Anna.") in anna
    assert "coachningsfokus: väntetiden" not in anna
    # No caller called back within a week: every call was resolved at first contact.
    assert ("Löst vid första kontakten: 100\u00a0% (8 av 8 samtal; sannolikt mellan 68\u00a0% "
            "och") in anna
    assert '"Jag väntade i fyrtio minuter"' in anna

    bjorn = section(text, "Björn Holm", "Zara Ali")
    assert "för få svar för att visa ett resultat (3 av minst 5)" in bjorn
    assert "%" not in bjorn.split("\n", 3)[3].split("Anledningar")[0].replace("100\u00a0%", "")

    orjan = section(text, "Örjan Ek", "Resultat visas")
    # One unhappy answer is no share: the count is shown, not "100 %".
    assert "  - bemötandet: 1\n" in orjan
    assert "Beröm:\n  \"Tack Örjan, superbra hjälp!\"" in orjan
    assert "070-123 45 67" not in text


def test_no_ranking_words_and_no_callers_numbers_in_any_mail(runner, smtp_server,
                                                             week_of_answers):
    send(runner)
    for message in smtp_server.wait_for(8):
        # In the HTML, what the reader sees: the tags' styles (padding-top) are no words.
        visible_html = re.sub(r"<[^>]+>", " ", html_of(message))
        for body in (text_of(message), visible_html, message["Subject"]):
            assert not RANKING_WORDS.search(body), (message["To"], RANKING_WORDS.search(body))
            assert "+4670" not in body and "0701112233" not in body


def test_agents_get_their_own_summary_and_nobody_elses(runner, smtp_server, week_of_answers):
    send(runner)
    smtp_server.wait_for(8)
    [anna] = smtp_server.to("anna@acme.example")
    [zara] = smtp_server.to("zara@acme.example")
    assert anna["Subject"] == f"Din vecka {WEEK}"
    assert zara["Subject"] == f"Your week {WEEK}"
    text = text_of(anna)
    assert text.startswith("Hej Anna! Här är din egen återkoppling för vecka 2026-W47")
    assert "De senaste fyra veckorna jämfört med året innan: för få svar för att avgöra" in text
    assert ("3 svar om väntetiden räknas inte in i ditt resultat: det är en fråga för teamet, "
            "inte för dig.") in text
    for other in ("Zara", "Björn", "Örjan", "hela teamet"):
        assert other not in text and other not in html_of(anna)
    assert "100% (with this many answers, likely between 72% and 100%)" in text_of(zara)


def test_a_week_already_sent_sends_nothing(runner, smtp_server, week_of_answers):
    send(runner)
    smtp_server.wait_for(8)
    output = send(runner)
    assert f"Week {WEEK}: 0 digests queued now, 8 queued by an earlier run." in output
    assert "sent again by `flask outbox retry`" in output
    assert "Outbox: nothing was due." in output
    assert len(smtp_server.wait_for(9, timeout=1)) == 8


def test_a_run_that_crashed_half_way_sends_only_the_rest(app, runner, smtp_server,
                                                         week_of_answers, monkeypatch):
    insert_marked = digest_sending._insert_marked
    transactions = []

    def crash_in_the_second_transaction(week, chunk):
        transactions.append([digest.email for digest in chunk])
        if len(transactions) == 2:
            raise RuntimeError("the process died here")
        insert_marked(week, chunk)

    # Two mails to a transaction, so the run stops with some of the week's mails queued.
    monkeypatch.setattr(digest_sending, "QUEUED_AT_ONCE", 2)
    monkeypatch.setattr(digest_sending, "_insert_marked", crash_in_the_second_transaction)
    crashed = runner.invoke(args=["digests", "send", "--week", WEEK])
    assert isinstance(crashed.exception, RuntimeError)
    with app.app_context():
        # Supervisors go first, by e-mail: dan and erin were marked and queued before the crash.
        marked = db.session.scalars(sa.select(DigestRun.recipient_email)).all()
        assert sorted(marked) == ["dan@acme.example", "erin@acme.example"]
    assert smtp_server.messages == []

    monkeypatch.setattr(digest_sending, "_insert_marked", insert_marked)
    output = send(runner)
    assert "6 digests queued now, 2 queued by an earlier run." in output
    recipients = sorted(m["To"] for m in smtp_server.wait_for(8))
    assert len(recipients) == len(set(recipients)) == 8


def test_a_transaction_holds_no_more_mail_than_its_character_bound(
        app, runner, smtp_server, week_of_answers, monkeypatch):
    # A supervisor's digest is long: a transaction closes once its mails reach the bound, so
    # a run never holds hundreds of them at once, and every mail still goes exactly once.
    insert_marked = digest_sending._insert_marked
    sizes = []

    def measured(week, chunk):
        sizes.append([len(d.mail.html) + len(d.mail.text) for d in chunk])
        insert_marked(week, chunk)

    monkeypatch.setattr(digest_sending, "QUEUED_CHARACTERS_AT_ONCE", 10_000)
    monkeypatch.setattr(digest_sending, "_insert_marked", measured)
    assert "8 digests queued now, 0 queued by an earlier run." in send(runner)
    assert len(sizes) > 1 and sum(map(len, sizes)) == 8
    # Each transaction ends with the mail that reached the bound, never after it.
    assert all(sum(chunk[:-1]) < 10_000 for chunk in sizes)
    recipients = sorted(m["To"] for m in smtp_server.wait_for(8))
    assert len(recipients) == len(set(recipients)) == 8


def test_a_run_that_crashed_while_compiling_queued_nothing_and_the_next_sends_all(
        app, runner, smtp_server, week_of_answers, monkeypatch):
    render_digest = digests.render_weekly_digest

    def crash_at_sara(team_weeks, figures, language, config, reader=None, **more):
        if language == "sv":
            raise RuntimeError("the process died here")
        return render_digest(team_weeks, figures, language, config, reader, **more)

    monkeypatch.setattr(digests, "render_weekly_digest", crash_at_sara)
    crashed = runner.invoke(args=["digests", "send", "--week", WEEK])
    assert isinstance(crashed.exception, RuntimeError)
    with app.app_context():
        assert db.session.scalars(sa.select(DigestRun.recipient_email)).all() == []

    monkeypatch.setattr(digests, "render_weekly_digest", render_digest)
    output = send(runner)
    assert "8 digests queued now, 0 queued by an earlier run." in output
    recipients = sorted(m["To"] for m in smtp_server.wait_for(8))
    assert len(recipients) == len(set(recipients)) == 8


def test_a_second_run_at_the_same_time_queues_nothing_twice(app, runner, smtp_server,
                                                             week_of_answers, monkeypatch):
    send(runner)
    smtp_server.wait_for(8)
    # A second command started at once, before the first had marked anyone: it sees no marks,
    # compiles every mail, and finds each recipient taken when it marks them.
    monkeypatch.setattr(digest_sending, "_marked_recipients", lambda week, audience: set())
    output = send(runner)
    assert f"Week {WEEK}: 0 digests queued now, 8 queued by an earlier run." in output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 8
    assert len(smtp_server.wait_for(9, timeout=1)) == 8


def test_a_failing_smtp_server_leaves_the_mail_for_later(app, runner, smtp_server,
                                                         week_of_answers):
    smtp_server.refuse("451 4.3.0 Try again later")
    output = send(runner)
    assert "Outbox: 8 pending" in output
    assert "0 digests queued now" in send(runner)
    smtp_server.refuse(None)
    with app.app_context():
        later = max(db.session.scalars(sa.select(OutboxMessage.not_before)))
        flushed = flush_outbox(ConsoleSmsSender(), mailer_for(settings_of(app)), now=later)
        assert flushed == {"sent": 8}
        statuses = set(db.session.scalars(sa.select(OutboxMessage.status)))
        assert statuses == {OutboxStatus.SENT}
    assert len(smtp_server.wait_for(8)) == 8


def test_a_bad_week_is_refused(runner):
    result = runner.invoke(args=["digests", "send", "--week", "2026-47"])
    assert result.exit_code == 2
    assert "is not an ISO week like 2026-W47" in result.output



def test_change_is_called_only_where_the_data_moved(app, runner, smtp_server):
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {"sara@acme.example": "en"})
        anna = an_agent("anna", "Anna Lind", "support")
        bjorn = an_agent("bjorn", "Björn Holm", "support")
        chloe = an_agent("chloe", "Chloe Martin", "support")
        # Fifteen earlier weeks of ten answers: Anna and Björn at 80 % happy, Chloe at 50 %.
        for weeks_back in range(1, 16):
            start = local(17, 9) - timedelta(weeks=weeks_back)
            many(anna, start, config, [1] * 8 + [2] * 2)
            many(bjorn, start, config, [1] * 8 + [2] * 2)
            many(chloe, start, config, [1, 2] * 5 if weeks_back > 3 else [1] * 10)
        many(anna, local(17, 9), config, [1] * 2 + [2] * 8)  # a sharp drop: lower
        many(bjorn, local(17, 9), config, [1] * 7 + [2] * 3)  # an ordinary wobble: unchanged
        many(chloe, local(17, 9), config, [1] * 10)  # four weeks of 100 %: higher
        db.session.commit()
    send(runner)
    text = text_of(smtp_server.to("sara@acme.example")[0])
    change = "The last four weeks against the year before: "
    assert change + "lower" in section(text, "Anna Lind", "Björn Holm")
    assert change + "unchanged (normal variation)" in section(text, "Björn Holm", "Chloe")
    assert change + "higher" in section(text, "Chloe Martin", None)


def test_the_focus_is_what_the_agent_can_change_and_the_wait_goes_to_its_owner(app, runner,
                                                                               smtp_server):
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {"sara@acme.example": "en"})
        anna = an_agent("anna", "Anna Lind", "support")
        for weeks_back in range(1, 16):
            many(anna, local(17, 9) - timedelta(weeks=weeks_back), config, [1] * 10)
        # This week callers complain about the wait (staffing) and about the help (Anna's).
        many(anna, local(17, 9), config, [2] * 10, reason="wait_time")
        many(anna, local(18, 9), config, [2] * 8, reason="resolution")
        db.session.commit()
    send(runner)
    text = text_of(smtp_server.to("sara@acme.example")[0])
    anna = section(text, "Anna Lind", "Scores are shown")
    assert ("Suggested coaching focus: the help you got. Listen to a couple of calls together: "
            "was the caller's question fully solved before the call ended?") in anna
    assert ("10 answers about the waiting time are not counted in the score: a matter for the "
            "team, not for Anna.") in anna
    team = section(text, "Support: the whole team", "Anna Lind")
    assert "The process (staffing and the phone menu):\n  - the waiting time: 10 (56%)" in team
    # The wait is shown for context, never as the supervisors' coaching material: its owner
    # hears about it (the owners' weekly mail). The team's focus is what the agents can change.
    assert ("Suggested coaching focus: the help you got. Listen to a couple of calls together: "
            "was the caller's question fully solved before the call ended?") in team
    assert "Suggested coaching focus: the waiting time" not in text


def test_the_week_of_the_change_to_summer_time(app, runner, smtp_server):
    # 2026-W13 runs from Monday 23 March 00:00 CET to Monday 30 March 00:00 CEST: 167 hours.
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {"sara@acme.example": "en"})
        anna = an_agent("anna", "Anna Lind", "support")
        answered(anna, local(23, 0, 10, month=3), config, 1)  # Sunday 23:10 UTC: in W13
        answered(anna, local(29, 23, 30, month=3), config, 1)  # 21:30 UTC: in W13
        answered(anna, local(30, 0, 30, month=3), config, 2, reason="effort")  # 22:30 UTC: W14
        answered(anna, local(22, 23, 50, month=3), config, 2, reason="effort")  # W12
        db.session.commit()
    send(runner, "2026-W13")
    text = text_of(smtp_server.to("sara@acme.example")[0])
    # The week's days as Babel writes them in English (thin spaces around the dash).
    assert "Week 2026-W13 (Mar 23\u2009–\u200929, 2026)" in text
    assert "2 answers to 2 surveys sent, response rate 100%" in section(text, "Anna Lind", None)
    assert "No reasons given." in text


def test_a_week_without_answers_says_too_few_rather_than_leaving_the_score_out(app, runner,
                                                                              smtp_server):
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {"sara@acme.example": "en"})
        anna = an_agent("anna", "Anna Lind", "support")
        many(anna, local(10, 9), config, [1, 1, 2, 1, 1, 1])  # the week before
        unanswered(anna, local(17, 9), config)
        unanswered(anna, local(17, 10), config)
        db.session.commit()
    send(runner)
    text = text_of(smtp_server.to("sara@acme.example")[0])
    anna_section = section(text, "Anna Lind", "Scores are shown")
    assert "0 answers to 2 surveys sent, response rate 0%" in anna_section
    assert "Happy callers\n" in anna_section
    assert "too few answers to show a score (0 of at least 5)" in anna_section
    assert "The last four weeks against the year before: too few answers to tell" in (
        anna_section)


def test_the_team_sees_why_its_response_rate_is_what_it_is(app, runner, smtp_server):
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {"sara@acme.example": "en"})
        anna = an_agent("anna", "Anna Lind", "support")
        answered(anna, local(17, 9), config, 1, caller="+46701234567")
        answered(anna, local(17, 10), config, 1)
        unanswered(anna, local(18, 9), config)
        not_surveyed(anna, local(18, 10), config)  # 5 seconds: too short
        # The same caller again within the quarantine: not asked twice.
        assert a_survey(anna, local(19, 9), config, caller="+46701234567").skip_reason == (
            "quarantine")
        db.session.commit()
    send(runner)
    text = text_of(smtp_server.to("sara@acme.example")[0])
    team = section(text, "Support: the whole team", "Anna Lind")
    assert "Calls 5 → survey sent 3 → answered 2" in team
    assert "Not asked: 1 asked recently, 1 too short" in team
    assert "Unanswered when the survey closed: 1" in team
    # The funnel is the team's: an agent's section keeps to their own numbers.
    assert "Calls 5" not in section(text, "Anna Lind", None)


def test_the_digest_tells_how_the_unhappy_callers_were_followed_up(app, runner, smtp_server):
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {"sara@acme.example": "en"})
        sara = find_user("sara@acme.example")
        anna = an_agent("anna", "Anna Lind", "support")
        quick = answered(anna, local(17, 9), config, 2, reason="resolution")  # Tuesday 09:01
        slow = answered(anna, local(17, 10), config, 2, reason="resolution")
        answered(anna, local(18, 10), config, 2, reason="manner")  # never called back
        # Called back two working hours later; the other after 30 (due within 24).
        resolved = CallBack(FollowUpStatus.RESOLVED, confirmed_reason="product", won_back=True)
        mark_follow_up(quick.follow_up, resolved, sara.id, local(17, 11, 1))
        mark_follow_up(slow.follow_up, CallBack(FollowUpStatus.CONTACTED), sara.id,
                       local(20, 13, 1))
        db.session.commit()
    send(runner)
    team = section(text_of(smtp_server.to("sara@acme.example")[0]), "Support: the whole team",
                   "Anna Lind")
    assert ("Called back: 2 of 3 unhappy callers, 1 within 24 working hours (median 16 hours); "
            "1 won back") in team
    assert "Waiting past their due time: 1" in team
    assert "Causes confirmed on the call: the product or service 1" in team


def test_the_digest_greets_its_reader_and_shows_a_trend_and_who_waits(app, runner, smtp_server,
                                                                      week_of_answers):
    with app.app_context():
        find_user("erin@acme.example").name = "Erin Smith"
        db.session.commit()
    send(runner)
    smtp_server.wait_for(8)
    [erin] = smtp_server.to("erin@acme.example")
    text, html = text_of(erin), html_of(erin)
    assert text.startswith("Hi Erin,\n\nWeek 2026-W47")
    team = section(text, "Support Stockholm: the whole team", "Anna Lind")
    # Anna's four unhappy callers, Örjan's one and Zara's two of the weeks around.
    assert "7 unhappy callers are waiting for a call back." in team
    # From the team's first answers, Zara's in week 46: no empty weeks before them.
    assert "The last 12 weeks:\n    wk 46: n=1\n" in team
    assert "    wk 47: 83%\n" in team
    zara = section(text, "Zara Ali", "Scores are shown")
    # Zara's one answer of week 46 is about the effort (the process): her score counts none.
    assert "    wk 47: 100%\n" in zara and "    wk 46: n=0\n" in zara
    # The HTML draws the same weeks as bars, from tables and inline styles only.
    assert '<td style="background:#0b5394;color:#ffffff' in html
    assert 'width="166" height="12" bgcolor="#0b5394"' in html  # 83 % of a 200-pixel bar
    assert "<style" not in html and "<script" not in html
    # One picture, the team's chart, inside the mail: nothing fetched from a server.
    assert re.findall(r'<img src="([a-z]+):', html) == ["cid"]


def test_an_agents_summary_says_what_callers_appreciated_never_a_ranking(app, runner,
                                                                          smtp_server):
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support Stockholm", {"sara@acme.example": "sv"})
        anna = an_agent("anna", "Anna Lind", "support")
        bjorn = an_agent("bjorn", "Björn Holm", "support")
        for minute, praise in enumerate(["quick", "friendly", "quick", "knew_answer"]):
            answered(anna, local(17, 9, 5 * minute), config, 5, kind=SurveyKind.CES,
                     praise=praise)
        answered(anna, local(17, 11), config, 2, kind=SurveyKind.CES, reason="effort")
        answered(bjorn, local(18, 9), config, 1, praise="friendly")
        db.session.commit()
    send(runner)
    smtp_server.wait_for(3)
    [mail] = smtp_server.to("anna@acme.example")
    text = text_of(mail)
    assert ("Vad kunderna uppskattade:\n  det gick snabbt: 2\n  ett vänligt bemötande: 1\n"
            "  kunnig hjälp: 1\n") in text
    assert "<li>det gick snabbt: 2</li>" in html_of(mail)
    assert "Net Easy" in text
    [bjorn_mail] = smtp_server.to("bjorn@acme.example")
    assert "ett vänligt bemötande: 1" in text_of(bjorn_mail)
    assert "snabbt" not in text_of(bjorn_mail)


def test_the_team_digest_has_the_driver_table(app, runner, smtp_server):
    # 8 happy (3 praised as quick) and 2 sad about the wait, all about billing: 80 % happy.
    # Without the waits 8 of 8, 100 %: they cost −20. Without the quick ones 5 of 7, 71.4 %:
    # they bring +8.6, shown as +9. Without billing nothing is left: too few answers.
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support Stockholm", {"sara@acme.example": "sv"})
        anna = an_agent("anna", "Anna Lind", "support")
        for minute in range(3):
            answered(anna, local(17, 9, 5 * minute), config, 1, praise="quick", topic="billing")
        many(anna, local(17, 10), config, [1] * 5, topic="billing")
        many(anna, local(18, 10), config, [2, 2], reason="wait_time", topic="billing")
        db.session.commit()
    send(runner)
    smtp_server.wait_for(2)
    [mail] = smtp_server.to("sara@acme.example")
    # Had the two waits been happy: 100 % instead of 80 %, +20 (Wilson 2 of 10: 6 % to 51 %);
    # two answers are below the minimum of five, so it is withheld. Billing's ten: the same +20.
    assert ("Vad som driver teamets resultat (hur många poäng det skulle stiga om de kunderna "
            "hade gett det högsta svaret):\n"
            "  väntetiden (missnöje): 2 svar, för få svar\n"
            "  det gick snabbt (beröm): 3 svar, –\n"
            "  Fakturor: 10 svar, +20 poäng om de hade gett det högsta svaret (troligen +6 till "
            "+51)\n") in text_of(mail)
    assert "<li>väntetiden (missnöje): 2 svar, för få svar</li>" in html_of(mail)


def test_the_team_and_agent_scores_say_which_answers_they_count(app, runner, smtp_server):
    # The team's score keeps the waiting time; Anna's leaves it out: 78 % beside 100 % would
    # look comparable, so each says what it counts.
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {"sara@acme.example": "en"})
        anna = an_agent("anna", "Anna Lind", "support")
        many(anna, local(17, 9), config, [1] * 7)
        many(anna, local(18, 9), config, [2] * 2, reason="wait_time")
        db.session.commit()
    send(runner)
    text = text_of(smtp_server.to("sara@acme.example")[0])
    team = section(text, "Support: the whole team", "Anna Lind")
    anna = section(text, "Anna Lind", "Scores are shown")
    assert ("A customer-service score: it leaves out only answers about matters outside "
            "customer service, so it is not comparable with an agent's score.") in team
    assert ("The agent's own score: it leaves out answers about the process and about "
            "matters outside customer service, so it is not comparable with the team's.") in anna


def test_a_team_without_answers_gets_one_line_and_a_team_without_agents_nothing(
        app, runner, smtp_server):
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support Stockholm", {"sara@acme.example": "sv"})
        a_team("kundeservice", "Kundeservice Aarhus", {"sara@acme.example": "sv",
                                                       "dan@acme.example": "da"})
        a_team("empty", "Nytt team", {"erin@acme.example": "en"})  # no agents at all
        anna = an_agent("anna", "Anna Lind", "support")
        an_agent("mette", "Mette Hansen", "kundeservice", language="da")
        many(anna, local(10, 9), config, [1, 1])  # the week before: not this week's news
        db.session.commit()
    send(runner)

    dan = text_of(smtp_server.to("dan@acme.example")[0])
    assert "Kundeservice Aarhus: ingen svar i denne uge." in dan
    assert "Mette Hansen" not in dan  # nothing to say about her either
    sara = text_of(smtp_server.to("sara@acme.example")[0])
    assert "Support Stockholm: inga svar den här veckan." in sara
    assert "Kundeservice Aarhus: inga svar den här veckan." in sara
    assert "inga svar den här veckan." in html_of(smtp_server.to("sara@acme.example")[0])
    assert smtp_server.to("erin@acme.example") == []


def test_the_digest_opens_with_the_week_who_is_worth_a_word_and_why_and_what_stood_out(
        app, runner, smtp_server):
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {"sara@acme.example": "en"})
        names = ["Dora Ek", "Anna Lind", "Cid Berg", "Bo Holm", "Eva Ström"]
        agents = [an_agent(name.split()[0].lower(), name, "support") for name in names]
        for agent in agents:
            for weeks_back in range(1, 16):
                many(agent, local(17, 9) - timedelta(weeks=weeks_back), config, [1] * 10)
        # Four of them hear about the help they got, far more than in their year before.
        for agent in agents[:4]:
            many(agent, local(17, 9), config, [2] * 6, reason="resolution")
        many(agents[4], local(17, 9), config, [1] * 6)
        answered(agents[4], local(17, 10), config, 2, reason="wait_time")
        db.session.commit()
    send(runner)
    text = text_of(smtp_server.to("sara@acme.example")[0])
    first, details = text.split("\n-- ", 1)
    assert first.index("** Support, week 47: ") < first.index("Worth a word this week:")
    # At most three, alphabetically (never by merit), each with the rule and its evidence.
    named = re.findall(r"^  - (\w+ \w+): (.+)$", first.split("Worth a word this week:")[1],
                       re.MULTILINE)
    assert [name for name, _ in named][:3] == ["Anna Lind", "Bo Holm", "Cid Berg"]
    assert named[0][1] == ("happy callers lower than their own year before "
                           "(0% this week from 6 answers, likely 0% to 39%)")
    assert "and 1 more in the details below" in first
    assert "Eva Ström" not in first.split("Praise to pass on")[0]
    # Every unhappy caller waits for a call back; the oldest since Tuesday morning.
    assert "25 unhappy callers are waiting for a call back; the oldest for 6 days." in first
    assert first.count("A reason that stood out: “the help you got” stood out against the "
                       "year before: 24 of ") == 1
    # Then every agent, alphabetically, as before.
    found = positions(details, ["Anna Lind", "Bo Holm", "Cid Berg", "Dora Ek", "Eva Ström"])
    assert found == sorted(found)
