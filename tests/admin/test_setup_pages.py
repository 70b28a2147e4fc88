"""The settings in force, secrets left out, and the Twilio set-up, every URL one the service
answers."""

from __future__ import annotations

import re
from html import unescape

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from tests.conftest import PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN, settings
from tests.web.factories import make_agent, make_team

SMTP_PASSWORD = "smtp-secret-pw"


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url_with_login(SMTP_PASSWORD),
                    MAIL_FROM="feedback@acme.example", DEFAULT_LANGUAGE="en",
                    SURVEY_KIND="nps", QUARANTINE_DAYS=14, SMS_QUIET_HOURS="20-09")


def cells_after(page: str, name: str) -> tuple[str, str]:
    """The meaning and the value shown beside a setting, as text."""
    match = re.search(rf"<code>{name}</code></th>\s*<td>(.*?)</td>\s*<td[^>]*>(.*?)</td>",
                      page, re.S)
    assert match, name
    return unescape(match[1].strip()), re.sub(r"</?code>", "", unescape(match[2])).strip()


def cell_after(page: str, name: str) -> str:
    return cells_after(page, name)[1]


def test_the_settings_in_force_show_values_and_never_a_secret(app, admin):
    page = admin.get("/admin/settings").get_data(as_text=True)

    assert cell_after(page, "SURVEY_KIND") == "nps"
    assert cell_after(page, "QUARANTINE_DAYS") == "14 days"
    assert cell_after(page, "SMS_QUIET_HOURS") == "from 20:00 to 09:00"
    assert cell_after(page, "MIN_RESPONSES") == "5"
    assert cell_after(page, "RETENTION_DAYS") == "180 days"
    assert cell_after(page, "DIGEST_SCHEDULE") == "mon 07:00"
    assert cell_after(page, "ASK_PRAISE") == "off"
    assert cell_after(page, "SPEECH_COMMENTS") == "on"
    assert cell_after(page, "REPEAT_CONTACT_DAYS") == "7 days"
    assert cell_after(page, "SAMPLE_RATE") == "100%"
    assert cell_after(page, "DEFAULT_LANGUAGE") == "English"
    assert cells_after(page, "QUARANTINE_DAYS")[0] == (
        "A caller who was surveyed is not asked again for this long; 0 turns the rule off.")
    assert cell_after(page, "TWILIO_AUTH_TOKEN") == "set (not shown)"
    assert cell_after(page, "API_TOKEN") == "set (not shown)"
    assert cell_after(page, "FALLBACK_DIAL") == "not set"
    assert cell_after(page, "SMTP_URL").startswith("smtp://127.0.0.1:")
    for secret in (TWILIO_AUTH_TOKEN, "test-api-token", "test-pbx-secret", "test-secret-key",
                   SMTP_PASSWORD):
        assert secret not in page


def test_every_twilio_url_shown_is_one_the_service_answers(app, admin, twilio_post):
    with app.app_context():
        make_team("support", "Support", [])
        make_agent("anna", "Anna Lind", "support")
        db.session.commit()

    page = admin.get("/admin/twilio").get_data(as_text=True)
    urls = [unescape(u) for u in re.findall(r'<code class="setup-url">([^<]+)</code>', page)]

    assert urls == [
        f"{PUBLIC_BASE_URL}/twilio/voice/connect?agent=anna",
        f"{PUBLIC_BASE_URL}/twilio/voice/status",
        f"{PUBLIC_BASE_URL}/twilio/voice/after-call?agent=anna",
        f"{PUBLIC_BASE_URL}/twilio/sms/inbound",
        f"{PUBLIC_BASE_URL}/twilio/sms/status",
        f"{PUBLIC_BASE_URL}/hooks/call-ended",
    ]
    routes = app.url_map.bind("feedback.example.com", url_scheme="https")
    for url in urls:
        path = url.removeprefix(PUBLIC_BASE_URL).split("?")[0]
        try:
            routes.match(path, method="POST")
        except (NotFound, MethodNotAllowed):
            pytest.fail(f"{url} is not a route the service answers with POST")
    # And Twilio, signing what the page says, is answered.
    for url in urls[:4]:
        reply = twilio_post(url.removeprefix(PUBLIC_BASE_URL), {
            "CallSid": "CA" + "1" * 32, "From": "+46701234567", "To": "+46101600000",
            "CallStatus": "in-progress", "MessageSid": "SM" + "1" * 32, "Body": "hej"})
        assert reply.status_code == 200, url


def test_the_twilio_page_warns_when_the_deployment_cannot_be_reached(app, admin):
    settings_of(app).public_base_url = "http://127.0.0.1:5000"
    settings_of(app).twilio_auth_token = ""

    page = admin.get("/admin/twilio").get_data(as_text=True)

    assert "PUBLIC_BASE_URL is not an https address" in page
    assert "TWILIO_AUTH_TOKEN is not set: every request from Twilio is refused." in page
    assert "http://127.0.0.1:5000/twilio/voice/connect?agent=HANDLE" in page


def test_the_settings_say_nothing_of_sms_length_when_every_text_fits(app, admin):
    assert "longer than one segment" not in admin.get("/admin/settings").get_data(as_text=True)


def test_a_company_name_that_would_split_a_survey_sms_is_warned_of(app, admin):
    # A typographic apostrophe is outside GSM-7: every text naming the company goes as UCS-2.
    settings_of(app).company_name = "Acme\u2019s Energi"
    page = unescape(admin.get("/admin/settings").get_data(as_text=True))

    assert "The company name makes survey SMS longer than one segment" in page
    assert 'With COMPANY_NAME "Acme\u2019s Energi", the texts below' in page
    assert re.search(r"<code>da</code>: [^<]*\bhelp\b", page)


def test_the_settings_page_speaks_the_reader_s_language(app, admin):
    with app.app_context():
        settings_of(app).default_language = "sv"
        settings_of(app).quarantine_days = 0
    page = admin.get("/admin/settings", headers={"Accept-Language": "sv"}).get_data(as_text=True)

    assert cells_after(page, "QUARANTINE_DAYS") == (
        "En kund som har fått en enkät tillfrågas inte igen under så här lång tid; 0 "
        "stänger av regeln.", "av")
    assert cell_after(page, "RETENTION_DAYS") == "180 dygn"
    assert cell_after(page, "SPEECH_COMMENTS") == "på"
    assert cell_after(page, "DEFAULT_LANGUAGE") == "svenska"
