"""The weekly mail to the owners of process and outside reasons, through the outbox to a real
SMTP server: share, trend, spikes and comments, once per owner and week."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
import sqlalchemy as sa

from feedback_service.causes import owner_mail
from feedback_service.causes.reading import week_spikes
from feedback_service.coaching.models import DigestRun
from feedback_service.coaching.read_model import Scope
from feedback_service.coaching.weeks import parse_iso_week
from feedback_service.config_files import config_dir
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.surveys.reasons import load_catalogue
from tests.causes.history import a_week_of_answers, mondays
from tests.coaching.builders import a_team, an_agent
from tests.conftest import settings
from tests.smtp_sink import html_of, text_of

pytestmark = pytest.mark.clock("2026-11-30T10:00:00+01:00")
WEEK = "2026-W48"
OWNERS = ["customer-journey@example.com", "product@example.com", "workforce@example.com"]


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example",
                    DEFAULT_LANGUAGE="en", MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm")


@pytest.fixture
def history(app):
    """Support: 18 weeks from 20 July of 10 answers, one about the wait and one about the
    product; in W48, six of ten about the wait, the first saying a phone number."""
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {"sara@example.com": "sv"})
        zoe = an_agent("zoe", "Zoe Ahl", "support")
        for monday in mondays(date(2026, 7, 20), 18):
            a_week_of_answers(zoe, monday, config, answers=10,
                              giving={"wait_time": 1, "product": 1})
        a_week_of_answers(zoe, date(2026, 11, 23), config, answers=10, giving={"wait_time": 6},
                          comment="Forty minutes in the queue, call me on 070-123 45 67")
        db.session.commit()


def send(runner, week=WEEK):
    result = runner.invoke(args=["reasons", "mail-owners", "--week", week])
    assert result.exit_code == 0, result.output
    return result.output


def test_each_owner_hears_about_their_own_reasons(runner, smtp_server, history):
    output = send(runner)
    assert f"Week {WEEK}: 3 owner mails queued now, 0 queued by an earlier run." in output
    messages = smtp_server.wait_for(3)
    assert sorted(m["To"] for m in messages) == OWNERS
    [wait] = smtp_server.to("workforce@example.com")
    assert wait["Subject"] == "Your reasons, week 2026-W48: the waiting time"
    text = text_of(wait)
    assert "== the waiting time ==" in text
    # Six of ten against about one in ten over the year before: a spike. The change line, the
    # coaching signals' CUSUM built for a lasting move, does not call one sharp week higher.
    assert "6 of 10 answers gave this reason: 60% (likely 31% to 83%)" in text
    assert "Spike: given far more often this week than its usual 10%." in text
    assert "The last four weeks against the year before: unchanged (normal variation)" in text
    assert "Share week by week:\n  wk 41: 10%\n" in text and "  wk 48: 60%\n" in text
    # The comment, with the caller's number masked, and where to start.
    assert '"Forty minutes in the queue, call me on […]"' in text
    assert "070-123 45 67" not in text and "070-123 45 67" not in html_of(wait)
    assert "Where to start: Look at staffing at peak hours" in text
    assert "Open the reasons page to record an action: https://feedback.example.com/reasons" in text
    # An owner of a process reason reads nothing of agents or of other owners' reasons.
    assert "Zoe" not in text and "the product" not in text


def test_each_reason_s_weekly_share_is_a_chart_by_content_id_with_its_figures_beside(
        runner, smtp_server, history):
    send(runner)
    smtp_server.wait_for(3)
    [wait] = smtp_server.to("workforce@example.com")
    # The HTML and its chart travel together (multipart/related), the chart by Content-ID.
    related = wait.get_payload()[1]
    assert related.get_content_type() == "multipart/related"
    html_part, *images = related.iter_parts()
    assert [image.get_content_type() for image in images] == ["image/png"]
    png = images[0].get_content()
    assert png.startswith(b"\x89PNG") and len(png) < 60_000
    assert images[0].get_content_disposition() == "inline"
    html = html_part.get_content()
    [image] = re.findall(r"<img [^>]*>", html)
    assert f'src="cid:{images[0]["Content-ID"].strip("<>")}"' in image
    assert 'alt="Chart: Share week by week: the waiting time. The figures are beside it."' in image
    # The figures beside it, a week each, right under the chart.
    after = html[html.index(image):]
    assert re.sub(r"<[^>]+>", " ", after[:after.index("</ul>")]).split() == [
        "wk", "41:", "10%", "wk", "42:", "10%", "wk", "43:", "10%", "wk", "44:", "10%",
        "wk", "45:", "10%", "wk", "46:", "10%", "wk", "47:", "10%", "wk", "48:", "60%"]


def test_a_steady_reason_and_a_reason_without_answers(runner, smtp_server, history):
    send(runner)
    smtp_server.wait_for(3)
    product = text_of(smtp_server.to("product@example.com")[0])
    assert "0 of 10 answers gave this reason: 0%" in product
    assert "Spike" not in product
    effort = text_of(smtp_server.to("customer-journey@example.com")[0])
    assert "== it took too much effort ==" in effort
    assert "The last four weeks against the year before: unchanged (normal variation)" in effort


def test_a_week_already_sent_sends_nothing(runner, smtp_server, history):
    send(runner)
    smtp_server.wait_for(3)
    output = send(runner)
    assert f"Week {WEEK}: 0 owner mails queued now, 3 queued by an earlier run." in output
    assert len(smtp_server.wait_for(4, timeout=1)) == 3


def test_a_run_that_crashed_half_way_sends_each_mail_once(app, runner, smtp_server, history,
                                                          monkeypatch):
    compile_mail = owner_mail.compile_owner_mail
    compiled = []

    def crash_at_the_second(reasons, owner_week, language, config):
        compiled.append(reasons[0].code)
        if len(compiled) == 2:
            raise RuntimeError("the process died here")
        return compile_mail(reasons, owner_week, language, config)

    monkeypatch.setattr(owner_mail, "compile_owner_mail", crash_at_the_second)
    crashed = runner.invoke(args=["reasons", "mail-owners", "--week", WEEK])
    assert isinstance(crashed.exception, RuntimeError)
    with app.app_context():
        marked = db.session.scalars(sa.select(DigestRun.recipient_email).where(
            DigestRun.audience == "reason_owner")).all()
        assert marked == ["customer-journey@example.com"]
    assert smtp_server.messages == []

    monkeypatch.setattr(owner_mail, "compile_owner_mail", compile_mail)
    assert "2 owner mails queued now, 1 queued by an earlier run." in send(runner)
    recipients = sorted(m["To"] for m in smtp_server.wait_for(3))
    assert recipients == OWNERS
    assert len(smtp_server.wait_for(4, timeout=1)) == 3


def test_a_week_without_answers_mails_nobody(runner, smtp_server, history):
    assert "0 owner mails queued now" in send(runner, "2026-W02")
    assert smtp_server.wait_for(1, timeout=1) == []


@pytest.fixture
def team_owns_the_wait(tmp_path, monkeypatch, request):
    """reasons.toml with the waiting time owned by team support, whose supervisor reads
    Swedish."""
    folder = tmp_path / "config"
    shutil.copytree(config_dir(), folder)
    path = folder / "reasons.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'owned_by = "workforce@example.com"', 'owned_by = "support"'), encoding="utf-8")
    monkeypatch.setenv("FEEDBACK_CONFIG_DIR", str(folder))
    load_catalogue.cache_clear()
    request.addfinalizer(load_catalogue.cache_clear)


def test_a_team_owner_is_its_supervisors_in_their_language(team_owns_the_wait, runner,
                                                           smtp_server, history):
    send(runner)
    smtp_server.wait_for(3)
    [sara] = smtp_server.to("sara@example.com")
    assert sara["Subject"] == "Dina anledningar, vecka 2026-W48: väntetiden"
    assert smtp_server.to("workforce@example.com") == []


def test_the_week_s_spikes_for_alerts_and_webhooks(app, history):
    with app.app_context():
        config = settings_of(app)
        spikes = week_spikes(db.session, Scope(), parse_iso_week(WEEK), config.zone,
                             load_catalogue(), config.min_responses)
        quiet = week_spikes(db.session, Scope(), parse_iso_week("2026-W47"), config.zone,
                            load_catalogue(), config.min_responses)
    [spike] = spikes
    assert (spike.code, spike.owner, spike.owned_by) == ("wait_time", "process",
                                                         "workforce@example.com")
    assert (spike.with_reason, spike.answers) == (6, 10)
    assert spike.expected_share == pytest.approx(18.5 / 181)
    assert quiet == []
