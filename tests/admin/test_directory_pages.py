"""An admin sets up teams, agents and people from the browser; invitations go out by mail."""

from __future__ import annotations

import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.staff.directory import upsert_team
from feedback_service.staff.models import Agent, Team, User
from feedback_service.surveys.models import Survey, SurveyState
from tests.admin.conftest import deliver_mail, submit
from tests.smtp_sink import text_of
from tests.telephony.voice_calls import TwilioCall
from tests.web.factories import make_agent, make_team
from tests.web.login_form import csrf_token_in, log_in, log_out, password_link_in

NEW_PASSWORD = "a brand new passphrase"


def test_an_admin_adds_a_team_and_an_agent_whose_calls_are_surveyed(app, admin, twilio_post):
    reply = submit(admin, "/admin/teams", {"name": "Support Malmö", "slug": "malmo"})
    assert reply.status_code == 302
    assert "Support Malmö" in admin.get("/admin/teams").get_data(as_text=True)

    reply = submit(admin, "/admin/agents/new", {
        "handle": "lisa", "name": "Lisa Berg", "email": "", "team": "malmo",
        "addresses": "+46 8 123 456 78\nclient:lisa", "language": "sv",
    })
    assert reply.status_code == 302, reply.get_data(as_text=True)
    page = admin.get("/admin/agents").get_data(as_text=True)
    assert "Lisa Berg" in page and "+46812345678" in page and "client:lisa" in page

    # The phone system reports the agent's direct number as the one dialled.
    call = TwilioCall(twilio_post, to="+46812345678")
    call.connect(query="")
    call.agent_hangs_up()
    with app.app_context():
        survey = db.session.scalar(sa.select(Survey))
        assert survey.state == SurveyState.ACTIVE
        assert survey.agent.handle == "lisa" and survey.team_id == survey.agent.team_id


def test_a_team_is_renamed_and_keeps_its_slug(app, admin):
    submit(admin, "/admin/teams", {"name": "Support", "slug": "support"})

    reply = submit(admin, "/admin/teams/support", {"name": "Kundtjänst Stockholm"})

    assert reply.status_code == 302
    with app.app_context():
        team = db.session.scalar(sa.select(Team))
        assert (team.slug, team.name) == ("support", "Kundtjänst Stockholm")


def test_a_taken_slug_or_handle_is_refused_with_a_clear_message(app, admin):
    submit(admin, "/admin/teams", {"name": "Support", "slug": "support"})
    reply = submit(admin, "/admin/teams", {"name": "Other", "slug": "support"})
    assert reply.status_code == 400
    assert "That slug is already taken." in reply.get_data(as_text=True)

    reply = submit(admin, "/admin/teams", {"name": "Bad", "slug": "Not A Slug"})
    assert reply.status_code == 400
    assert "Lower-case letters a–z" in reply.get_data(as_text=True)

    anna = {"handle": "anna", "name": "Anna Lind", "email": "", "team": "support",
            "addresses": "", "language": ""}
    submit(admin, "/admin/agents/new", anna)
    reply = submit(admin, "/admin/agents/new", {**anna, "name": "Anna Two"})
    assert reply.status_code == 400
    assert "That handle is already taken." in reply.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Agent.name)) == "Anna Lind"


def test_an_e_mail_that_belongs_to_someone_else_is_refused_and_nothing_changes(app, admin):
    with app.app_context():
        make_team("support", "Support", ["sara@example.com"])
        make_agent("anna", "Anna Lind", "support")
        db.session.commit()

    reply = submit(admin, "/admin/agents/anna", {
        "name": "Anna Lind", "email": "sara@example.com", "team": "support",
        "addresses": "client:anna", "language": "sv", "active": "y",
    })

    assert reply.status_code == 400
    assert ("That e-mail address already belongs to someone else. Nothing was changed."
            in reply.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(sa.select(Agent.email)) == "anna@example.com"

    reply = submit(admin, "/admin/people/new", {
        "name": "Anna Again", "email": "anna@example.com", "role": "supervisor",
        "language": ""})
    assert reply.status_code == 400
    assert "already belongs to someone else" in reply.get_data(as_text=True)


def test_an_agent_moves_to_another_team(app, admin):
    with app.app_context():
        make_team("support", "Support", [])
        make_team("sales", "Sales", [])
        make_agent("anna", "Anna Lind", "support")
        db.session.commit()

    submit(admin, "/admin/agents/anna", {
        "name": "Anna Lind", "email": "anna@example.com", "team": "sales",
        "addresses": "client:anna", "language": "sv", "active": "y",
    })

    with app.app_context():
        assert db.session.scalar(sa.select(Agent)).team.slug == "sales"


def test_an_invited_supervisor_sets_a_password_and_sees_only_their_teams(app, admin, client,
                                                                           smtp_server):
    with app.app_context():
        make_team("support", "Support Stockholm", [])
        make_team("sales", "Sales", [])
        db.session.commit()

    reply = submit(admin, "/admin/people/new", {
        "name": "Sara Ek", "email": "Sara@Example.com", "role": "supervisor",
        "teams": ["support"], "language": "en",
    })
    assert reply.status_code == 302
    assert ("An invitation for Sara Ek is on its way to sara@example.com."
            in admin.get("/admin/people").get_data(as_text=True))
    log_out(admin)

    [mail] = deliver_mail(app, smtp_server, 1)
    assert (mail["To"], mail["Subject"]) == ("sara@example.com", "Welcome to Call feedback")
    assert text_of(mail).startswith("Hello Sara Ek,\n\nYou have a login (sara@example.com) to "
                                    "Call feedback: post-call feedback from callers, for the team.")
    assert "The link works once and for 7 days." in text_of(mail)
    link = password_link_in(mail)
    with app.app_context():
        # The link's token is nowhere in the database: a digest in its row, and the mail's
        # text blanked once sent.
        assert db.session.scalar(sa.select(OutboxMessage.body)) is None

    page = client.get(link).get_data(as_text=True)
    assert "Welcome! Choose a password for sara@example.com" in page
    reply = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                    "csrf_token": csrf_token_in(page)})
    assert reply.status_code == 302

    teams = client.get("/").get_data(as_text=True)
    assert "Signed in as Sara Ek" in teams
    assert "Support Stockholm" in teams and "Sales" not in teams
    assert client.get("/teams/sales").status_code == 404
    log_out(client)
    assert log_in(client, "sara@example.com", NEW_PASSWORD).status_code == 302

    # Used once, the link opens nothing.
    log_out(client)
    used = client.get(link)
    assert used.status_code == 410
    assert "This link has already been used. Each link works only once." in used.get_data(
        as_text=True)


def test_a_new_agent_with_an_e_mail_is_invited(app, admin, smtp_server):
    submit(admin, "/admin/teams", {"name": "Support", "slug": "support"})
    submit(admin, "/admin/agents/new", {
        "handle": "bo", "name": "Bo Ek", "email": "bo@example.com", "team": "support",
        "addresses": "client:bo", "language": "da"})

    [mail] = deliver_mail(app, smtp_server, 1)

    assert (mail["To"], mail["Subject"]) == ("bo@example.com", "Velkommen til Opkaldsfeedback")
    assert "Linket virker én gang og gælder i 7 dage." in text_of(mail)


def test_deactivating_an_agent_stops_their_login_and_their_surveys(app, admin, client,
                                                                    twilio_post):
    with app.app_context():
        make_team("support", "Support", [])
        make_agent("anna", "Anna Lind", "support")
        db.session.commit()
    anna = app.test_client()
    assert log_in(anna, "anna@example.com").status_code == 302

    reply = submit(admin, "/admin/agents/anna", {
        "name": "Anna Lind", "email": "anna@example.com", "team": "support",
        "addresses": "client:anna", "language": "sv"})  # "active" left unticked

    assert reply.status_code == 302
    assert "inactive" in admin.get("/admin/agents").get_data(as_text=True)
    # Her open session ends, and she cannot log in again.
    assert anna.get("/me").status_code == 302
    assert log_in(anna, "anna@example.com").status_code == 401
    # A call she still takes is not surveyed; her history stays.
    call = TwilioCall(twilio_post)
    call.connect()
    call.agent_hangs_up()
    with app.app_context():
        survey = db.session.scalar(sa.select(Survey))
        assert (survey.state, survey.skip_reason) == (SurveyState.SKIPPED, "agent_inactive")
        assert db.session.scalar(sa.select(Agent)).active is False


def test_deactivating_a_person_ends_their_login(app, admin):
    with app.app_context():
        make_team("support", "Support", ["sara@example.com"])
        db.session.commit()
        sara_id = db.session.scalar(sa.select(User.id).where(User.email == "sara@example.com"))
    sara = app.test_client()
    assert log_in(sara, "sara@example.com").status_code == 302

    reply = submit(admin, f"/admin/people/{sara_id}", {
        "name": "Sara Ek", "role": "supervisor", "teams": ["support"], "language": ""})

    assert reply.status_code == 302
    assert sara.get("/teams/support").status_code == 302  # to the login page
    assert log_in(sara, "sara@example.com").status_code == 401


def test_an_admin_cannot_lock_themselves_out(app, admin):
    with app.app_context():
        me = db.session.scalar(sa.select(User.id).where(User.role == "admin"))

    reply = submit(admin, f"/admin/people/{me}", {"name": "Ruth Admin", "role": "admin",
                                                  "language": ""})

    assert reply.status_code == 400
    assert "You cannot deactivate yourself" in reply.get_data(as_text=True)
    assert admin.get("/admin").status_code == 200


def test_a_supervisor_without_a_name_is_asked_for_it_and_never_shown_as_an_e_mail(
        app, admin, client, smtp_server):
    # Named as a team's supervisor by e-mail alone, as `teams add --supervisor` and the API do.
    with app.app_context():
        upsert_team("support", "Support", ["nils@example.com"])
        db.session.commit()
        nils_id = db.session.scalar(sa.select(User.id).where(User.email == "nils@example.com"))
    assert "(no name yet)" in admin.get("/admin/people").get_data(as_text=True)
    submit(admin, f"/admin/people/{nils_id}/invite", {}, form_page=f"/admin/people/{nils_id}")
    log_out(admin)
    [mail] = deliver_mail(app, smtp_server, 1)
    assert text_of(mail).startswith("Hello,\n")
    link = password_link_in(mail)

    page = client.get(link).get_data(as_text=True)
    assert 'autocomplete="name"' in page
    nameless = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                       "csrf_token": csrf_token_in(page)})
    assert nameless.status_code == 400
    client.post(link, data={"name": "Nils Holm", "password": NEW_PASSWORD,
                            "confirm": NEW_PASSWORD, "csrf_token": csrf_token_in(page)})

    start = client.get("/").get_data(as_text=True)
    assert "Signed in as Nils Holm" in start and "nils@example.com" not in start


def test_non_admins_get_no_admin_page(app, client, login):
    with app.app_context():
        make_team("support", "Support", ["sara@example.com"])
        make_agent("anna", "Anna Lind", "support")
        db.session.commit()
    for path in ("/admin", "/admin/teams", "/admin/people/new", "/admin/settings",
                 "/admin/twilio"):
        assert client.get(path).status_code == 302  # logged out: to the login page
    for email in ("sara@example.com", "anna@example.com"):
        login(email)
        assert "/admin" not in client.get("/", follow_redirects=True).get_data(as_text=True)
        for path in ("/admin", "/admin/agents", "/admin/settings", "/admin/twilio"):
            assert client.get(path).status_code == 404
        page = client.get("/", follow_redirects=True).get_data(as_text=True)
        assert client.post("/admin/teams", data={
            "name": "Mine", "slug": "mine", "csrf_token": csrf_token_in(page)}).status_code == 404
        log_out(client)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Team)) == 1


def test_every_admin_form_needs_its_csrf_token(app, admin):
    reply = admin.post("/admin/teams", data={"name": "Support", "slug": "support"})

    assert reply.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(Team)) is None


def test_the_admin_pages_name_themselves_and_link_from_the_menu(admin):
    assert 'href="/admin"' in admin.get("/").get_data(as_text=True)
    for path, heading in [("/admin", "Administration"), ("/admin/teams", "Teams"),
                          ("/admin/agents", "Agents"), ("/admin/agents/new", "Add an agent"),
                          ("/admin/people", "People and logins"),
                          ("/admin/people/new", "Add a person"),
                          ("/admin/settings", "Settings in force"),
                          ("/admin/twilio", "Twilio set-up")]:
        assert f"<h1>{heading}</h1>" in admin.get(path).get_data(as_text=True), path

