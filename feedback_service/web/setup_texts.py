"""The texts of the admin pages, the password links and their mails; they join the pages'
messages in `texts` (English here, translated in the catalogues under `translations/`)."""

from __future__ import annotations

from feedback_service.languages import pgettext_noop

_ENGLISH = [
    # Login and password links
    pgettext_noop("service_line", "Post-call feedback from callers, for the team."),
    pgettext_noop(
        "login_throttled",
        "Too many failed logins from here. Wait 15 minutes and try again.",
    ),
    pgettext_noop("forgot_link", "Forgot your password?"),
    pgettext_noop("signed_in", "Signed in"),
    pgettext_noop("forgot_title", "Get a new password"),
    pgettext_noop(
        "forgot_intro",
        "Enter the e-mail address you log in with, and we will send a link to choose a new "
        "password.",
    ),
    pgettext_noop("forgot_button", "Send the link"),
    pgettext_noop(
        "forgot_sent",
        "If the address is known here, a link is on its way to it. It works for an hour.",
    ),
    pgettext_noop(
        "forgot_throttled",
        "Too many requests from here. Wait 15 minutes and try again.",
    ),
    pgettext_noop("back_to_login", "Back to log in"),
    pgettext_noop("set_password_title", "Choose a password"),
    pgettext_noop("set_password_intro", "Choose a new password for {email}."),
    pgettext_noop(
        "set_password_intro_invite",
        "Welcome! Choose a password for {email}, and you are logged in.",
    ),
    pgettext_noop("your_name", "Your name"),
    pgettext_noop("new_password", "New password"),
    pgettext_noop("password_rule", "At least 10 characters."),
    pgettext_noop("password_too_short", "The password needs at least 10 characters."),
    pgettext_noop("confirm_password", "The same password again"),
    pgettext_noop("passwords_differ", "The two passwords differ."),
    pgettext_noop("set_password_button", "Save and log in"),
    pgettext_noop("link_refused_title", "This link does not work"),
    pgettext_noop(
        "link_refused_unknown",
        "This link is not known. Check that the whole link was copied from the mail.",
    ),
    pgettext_noop(
        "link_refused_used",
        "This link has already been used. Each link works only once.",
    ),
    pgettext_noop("link_refused_expired", "This link has expired."),
    pgettext_noop("link_refused_ask_again", "Ask for a new link"),
    # The mails with a link
    pgettext_noop("mail_greeting", "Hello {name},"),
    pgettext_noop("invite_mail_subject", "Welcome to {app}"),
    pgettext_noop(
        "invite_mail_intro",
        "You have a login ({email}) to {app}: post-call feedback from callers, for the team.",
    ),
    pgettext_noop("invite_mail_action", "Choose your password"),
    pgettext_noop("invite_mail_validity", "The link works once and for 7 days."),
    pgettext_noop(
        "invite_mail_closing",
        'Once it has expired, ask for a new one with "Forgot your password?" on the login page.',
    ),
    pgettext_noop("reset_mail_subject", "New password for {app}"),
    pgettext_noop(
        "reset_mail_intro",
        "Someone, hopefully you, asked for a new password for {email}.",
    ),
    pgettext_noop("reset_mail_action", "Choose a new password"),
    pgettext_noop("reset_mail_validity", "The link works once and for one hour."),
    pgettext_noop(
        "reset_mail_closing",
        "If you did not ask, ignore this mail: your password has not changed.",
    ),
    # The admin pages
    pgettext_noop("admin_title", "Administration"),
    pgettext_noop("admin_teams", "Teams"),
    pgettext_noop("admin_agents", "Agents"),
    pgettext_noop("admin_people", "People and logins"),
    pgettext_noop("admin_settings", "Settings in force"),
    pgettext_noop("sms_split_title", "The company name makes survey SMS longer than one segment"),
    pgettext_noop(
        "sms_split_text",
        "With COMPANY_NAME {name}, the texts below no longer fit one SMS segment, so each is "
        "sent and paid for as two or more. Keep the name to 40 characters of the GSM alphabet: "
        "no emoji, no typographic quotes or dashes, no letters such as Ł.",
    ),
    pgettext_noop("admin_twilio", "Twilio set-up"),
    pgettext_noop("admin_teams_about", "add and rename"),
    pgettext_noop("admin_agents_about", "phone addresses, team, active or not"),
    pgettext_noop("admin_people_about", "supervisors and admins, invited by e-mail"),
    pgettext_noop("admin_settings_about", "the survey and the service, secrets left out"),
    pgettext_noop("admin_twilio_about", "which URL goes in which console field"),
    pgettext_noop("col_name", "Name"),
    pgettext_noop("col_slug", "Slug"),
    pgettext_noop("col_supervisors", "Supervisors"),
    pgettext_noop("col_handle", "Handle"),
    pgettext_noop("col_team", "Team"),
    pgettext_noop("col_addresses", "Phone addresses"),
    pgettext_noop("col_login", "Login"),
    pgettext_noop("col_status", "Status"),
    pgettext_noop("col_role", "Role"),
    pgettext_noop("col_teams", "Supervises"),
    pgettext_noop("col_language", "Language"),
    pgettext_noop("col_setting", "Setting"),
    pgettext_noop("col_value", "Value"),
    pgettext_noop("col_meaning", "What it means"),
    pgettext_noop("none", "none"),
    pgettext_noop("no_name_yet", "(no name yet)"),
    pgettext_noop("active", "active"),
    pgettext_noop("invited", "invited"),
    pgettext_noop("all_teams", "all (admin)"),
    pgettext_noop("saved", "Saved."),
    pgettext_noop("field_invalid", "Check this field."),
    pgettext_noop(
        "email_taken",
        "That e-mail address already belongs to someone else. Nothing was changed.",
    ),
    pgettext_noop("change_refused", "Nothing was changed: {detail}."),
    pgettext_noop("admin_no_teams", "No teams yet."),
    pgettext_noop("add_team", "Add a team"),
    pgettext_noop("team_name", "Team name"),
    pgettext_noop("team_slug", "Slug, for addresses"),
    pgettext_noop("slug_rule", "Lower-case letters a–z, digits, '.', '_' or '-', e.g. support."),
    pgettext_noop("slug_taken", "That slug is already taken."),
    pgettext_noop("slug_stays", "The slug {slug} stays: the pages' addresses and the API use it."),
    pgettext_noop("team_added", "Team {name} added."),
    pgettext_noop("supervisors_on_people", "Supervisors are chosen under People and logins."),
    pgettext_noop("add_agent", "Add an agent"),
    pgettext_noop("edit_agent", "Agent: {name}"),
    pgettext_noop("admin_no_agents", "No agents yet."),
    pgettext_noop("no_team", "no team"),
    pgettext_noop(
        "handle_rule",
        "Lower-case letters a–z, digits, '.', '_' or '-', e.g. anna. The phone system gives it as "
        "?agent=.",
    ),
    pgettext_noop("handle_taken", "That handle is already taken."),
    pgettext_noop("handle_stays", "The handle {handle} stays: the phone system's URLs use it."),
    pgettext_noop("agent_login_email", "E-mail for logging in"),
    pgettext_noop(
        "agent_login_hint",
        "A new login is mailed an invitation with a link to choose a password.",
    ),
    pgettext_noop(
        "addresses_hint",
        "One a line, as the phone system reports them: client:anna, sip:anna@… or a number such "
        "as +46812345678.",
    ),
    pgettext_noop("agent_active", "Active agent"),
    pgettext_noop(
        "agent_active_hint",
        "An inactive agent keeps their history but gets no new surveys and cannot log in.",
    ),
    pgettext_noop("agent_added", "{name} added."),
    pgettext_noop("open_login", "The login {email}"),
    pgettext_noop("open_agent", "The agent {name}"),
    pgettext_noop("language_default", "the service's default"),
    pgettext_noop("language_sv", "Swedish"),
    pgettext_noop("language_da", "Danish"),
    pgettext_noop("language_en", "English"),
    pgettext_noop("add_person", "Add a person"),
    pgettext_noop("add_person_intro", "They get a mail with a link to choose their own password."),
    pgettext_noop("edit_person", "Person: {name}"),
    pgettext_noop("role_agent", "agent"),
    pgettext_noop("role_supervisor", "supervisor"),
    pgettext_noop("role_admin", "admin"),
    pgettext_noop(
        "role_hint",
        "A supervisor sees their teams; an admin sees every team and these pages.",
    ),
    pgettext_noop("supervised_teams", "Teams they supervise"),
    pgettext_noop("login_stays", "Login: {email}"),
    pgettext_noop("person_active", "May log in"),
    pgettext_noop("add_and_invite", "Add and invite"),
    pgettext_noop("invite_again", "Send a new invitation"),
    pgettext_noop("invite_again_hint", "A new link to choose a password, valid for 7 days."),
    pgettext_noop("person_invited", "An invitation for {name} is on its way to {email}."),
    pgettext_noop(
        "not_yourself",
        "You cannot deactivate yourself or give up your own admin role; another admin can.",
    ),
    pgettext_noop("inactive_no_invite", "An inactive person cannot be invited."),
    # Settings in force
    pgettext_noop(
        "settings_intro",
        "The settings the service runs with now (FEEDBACK_… environment variables). They are "
        "changed where it is deployed, not here. Secrets show only as set or not.",
    ),
    # Twilio set-up
    pgettext_noop(
        "twilio_intro",
        "Fill in these URLs in the Twilio console, on the phone number. Each is called with HTTP "
        "POST.",
    ),
    pgettext_noop(
        "twilio_no_base_url",
        "PUBLIC_BASE_URL is not set: Twilio cannot reach the service, and signatures cannot be "
        "checked.",
    ),
    pgettext_noop(
        "twilio_not_https",
        "PUBLIC_BASE_URL is not an https address; Twilio needs https outside a local trial.",
    ),
    pgettext_noop(
        "twilio_no_token",
        "TWILIO_AUTH_TOKEN is not set: every request from Twilio is refused.",
    ),
    pgettext_noop("twilio_handle_placeholder", "Replace HANDLE with the agent's handle."),
    pgettext_noop("twilio_col_where", "Where"),
    pgettext_noop("twilio_col_field", "Field"),
    pgettext_noop("twilio_where_voice", "The number: Voice"),
    pgettext_noop("twilio_where_own_flow", "Your own flow (Studio, TwiML)"),
    pgettext_noop("twilio_where_messaging", "The number: Messaging"),
    pgettext_noop("twilio_where_set_by_service", "Set by the service"),
    pgettext_noop("twilio_where_other_pbx", "Other phone systems"),
    pgettext_noop("twilio_field_call_comes_in", "A call comes in (webhook)"),
    pgettext_noop("twilio_field_call_status", "Call status changes"),
    pgettext_noop("twilio_field_dial_action", "<Dial action>"),
    pgettext_noop("twilio_field_message_comes_in", "A message comes in"),
    pgettext_noop("twilio_field_message_status", "Status callback (SMS)"),
    pgettext_noop("twilio_field_call_ended_hook", "Call-ended webhook"),
    pgettext_noop(
        "twilio_note_connect",
        "Puts the call through to the agent {handle} and asks the survey once they hang up. Add "
        "&topic=…, &survey=nps or &lang=da as needed.",
    ),
    pgettext_noop(
        "twilio_note_voice_status",
        "Records how the call ended; starts the SMS survey when the channel is SMS.",
    ),
    pgettext_noop(
        "twilio_note_after_call",
        "With a flow of your own: point the <Dial>'s action here, and the survey is asked once "
        "the agent hangs up.",
    ),
    pgettext_noop("twilio_note_sms_inbound", "Replies to SMS surveys, and STOP/START."),
    pgettext_noop(
        "twilio_note_sms_status",
        "Nothing to fill in: the service sets it on every SMS it sends.",
    ),
    pgettext_noop(
        "twilio_note_call_ended",
        "Signed JSON from other phone systems (PBX_WEBHOOK_SECRET), see the README.",
    ),
    pgettext_noop(
        "twilio_signature_note",
        "Twilio signs every request with the account's auth token; the service checks the "
        "signature against exactly the URL above, so enter it just so.",
    ),
    # Webhooks
    pgettext_noop("admin_webhooks", "Webhooks"),
    pgettext_noop("admin_webhooks_about",
                  "signed messages to the CRM or other systems when answers and follow-ups "
                  "come in"),
    pgettext_noop("url", "URL"),
    pgettext_noop("webhook_url_rule",
                  "https, to a public address (or the company's own network, when "
                  "WEBHOOK_ALLOW_PRIVATE is on)."),
    pgettext_noop("webhook_events", "Events"),
    pgettext_noop("webhook_last_delivery", "Last delivery"),
    pgettext_noop("webhook_actions", "Actions"),
    pgettext_noop("webhook_never", "None yet"),
    pgettext_noop("webhook_waiting",
                  "Failed several times in a row: its deliveries wait until {until}, none is "
                  "lost."),
    pgettext_noop("webhook_rotate", "New secret"),
    pgettext_noop("webhook_delete", "Delete"),
    pgettext_noop("webhook_none", "No webhooks yet."),
    pgettext_noop("webhook_add", "Add or change a webhook"),
    pgettext_noop("webhook_saved", "Webhook {name} saved."),
    pgettext_noop("webhook_deleted", "Webhook {name} deleted."),
    pgettext_noop("webhook_refused", "Not saved: {detail}"),
    pgettext_noop("webhook_secret_once",
                  "The secret of {name}, shown only now: copy it to the receiver, which "
                  "verifies every delivery with it."),
    pgettext_noop("webhook_about_signing",
                  "Deliveries follow Standard Webhooks: each carries the headers webhook-id, "
                  "webhook-timestamp and webhook-signature, and a retry keeps its webhook-id."),
    pgettext_noop("delivery_pending", "waiting to be sent"),
    pgettext_noop("delivery_sending", "being sent"),
    # A webhook the receiver accepted (2xx) is "sent" in the outbox: delivered, to the admin.
    # Only an SMS's delivery report marks a message "delivered", and this page shows webhooks.
    pgettext_noop("delivery_sent", "delivered"),
    pgettext_noop("delivery_undelivered", "not delivered"),
    pgettext_noop("delivery_failed", "failed"),
    pgettext_noop("delivery_ambiguous", "unknown (the sender stopped mid-send)"),
]
SETUP_MESSAGES: dict[str, str] = dict(_ENGLISH)
