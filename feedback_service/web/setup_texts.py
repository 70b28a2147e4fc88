"""The texts of the admin pages, the password links and their mails, in Swedish, Danish and
English; they join the pages' catalogue in `texts`."""

from __future__ import annotations

SETUP_TEXTS: dict[str, dict[str, str]] = {
    # Login and password links
    "service_line": {"sv": "Kundernas omdömen direkt efter samtalet, för teamet.",
                     "da": "Kundernes vurdering lige efter opkaldet, til teamet.",
                     "en": "Post-call feedback from callers, for the team."},
    "login_throttled": {
        "sv": "För många misslyckade inloggningar härifrån. Vänta 15 minuter och försök igen.",
        "da": "For mange mislykkede logins herfra. Vent 15 minutter, og prøv igen.",
        "en": "Too many failed logins from here. Wait 15 minutes and try again.",
    },
    "forgot_link": {"sv": "Glömt lösenordet?", "da": "Glemt adgangskoden?",
                    "en": "Forgot your password?"},
    "signed_in": {"sv": "Inloggad", "da": "Logget ind", "en": "Signed in"},
    "forgot_title": {"sv": "Nytt lösenord", "da": "Ny adgangskode", "en": "New password"},
    "forgot_intro": {
        "sv": "Skriv e-postadressen du loggar in med, så skickar vi en länk för att välja ett "
              "nytt lösenord.",
        "da": "Skriv den e-mailadresse, du logger ind med, så sender vi et link til at vælge en "
              "ny adgangskode.",
        "en": "Enter the e-mail address you log in with, and we will send a link to choose a "
              "new password.",
    },
    "forgot_button": {"sv": "Skicka länken", "da": "Send linket", "en": "Send the link"},
    "forgot_sent": {
        "sv": "Om adressen finns hos oss är en länk på väg dit. Den gäller i en timme.",
        "da": "Hvis adressen findes hos os, er et link på vej. Det gælder i en time.",
        "en": "If the address is known here, a link is on its way to it. It works for an hour.",
    },
    "forgot_throttled": {
        "sv": "För många förfrågningar härifrån. Vänta 15 minuter och försök igen.",
        "da": "For mange forespørgsler herfra. Vent 15 minutter, og prøv igen.",
        "en": "Too many requests from here. Wait 15 minutes and try again.",
    },
    "back_to_login": {"sv": "Till inloggningen", "da": "Til login", "en": "Back to log in"},
    "set_password_title": {"sv": "Välj lösenord", "da": "Vælg adgangskode",
                           "en": "Choose a password"},
    "set_password_intro": {"sv": "Välj ett nytt lösenord för {email}.",
                           "da": "Vælg en ny adgangskode til {email}.",
                           "en": "Choose a new password for {email}."},
    "set_password_intro_invite": {
        "sv": "Välkommen! Välj ett lösenord för {email}, så är du inloggad.",
        "da": "Velkommen! Vælg en adgangskode til {email}, så er du logget ind.",
        "en": "Welcome! Choose a password for {email}, and you are logged in.",
    },
    "your_name": {"sv": "Ditt namn", "da": "Dit navn", "en": "Your name"},
    "new_password": {"sv": "Nytt lösenord", "da": "Ny adgangskode", "en": "New password"},
    "password_rule": {"sv": "Minst 10 tecken.", "da": "Mindst 10 tegn.",
                      "en": "At least 10 characters."},
    "password_too_short": {"sv": "Lösenordet behöver minst 10 tecken.",
                           "da": "Adgangskoden skal have mindst 10 tegn.",
                           "en": "The password needs at least 10 characters."},
    "confirm_password": {"sv": "Samma lösenord igen", "da": "Samme adgangskode igen",
                         "en": "The same password again"},
    "passwords_differ": {"sv": "Lösenorden är inte likadana.", "da": "Adgangskoderne er ikke ens.",
                         "en": "The two passwords differ."},
    "set_password_button": {"sv": "Spara och logga in", "da": "Gem og log ind",
                            "en": "Save and log in"},
    "link_refused_title": {"sv": "Länken fungerar inte", "da": "Linket virker ikke",
                           "en": "This link does not work"},
    "link_refused_unknown": {
        "sv": "Länken är okänd. Kontrollera att hela länken kom med från brevet.",
        "da": "Linket er ukendt. Tjek, at hele linket kom med fra mailen.",
        "en": "This link is not known. Check that the whole link was copied from the mail.",
    },
    "link_refused_used": {
        "sv": "Länken har redan använts. Varje länk fungerar bara en gång.",
        "da": "Linket er allerede brugt. Hvert link virker kun én gang.",
        "en": "This link has already been used. Each link works only once.",
    },
    "link_refused_expired": {
        "sv": "Länken har gått ut.", "da": "Linket er udløbet.", "en": "This link has expired.",
    },
    "link_refused_ask_again": {"sv": "Be om en ny länk", "da": "Bed om et nyt link",
                               "en": "Ask for a new link"},
    # The mails with a link
    "mail_greeting": {"sv": "Hej {name}!", "da": "Hej {name}!", "en": "Hello {name},"},
    "mail_greeting_no_name": {"sv": "Hej!", "da": "Hej!", "en": "Hello,"},
    "invite_mail_subject": {"sv": "Välkommen till {app}", "da": "Velkommen til {app}",
                            "en": "Welcome to {app}"},
    "invite_mail_intro": {
        "sv": "Du har fått en inloggning ({email}) till {app}: kundernas omdömen direkt efter "
              "samtalet, för teamet.",
        "da": "Du har fået et login ({email}) til {app}: kundernes vurdering lige efter "
              "opkaldet, til teamet.",
        "en": "You have a login ({email}) to {app}: post-call feedback from callers, for the "
              "team.",
    },
    "invite_mail_action": {"sv": "Välj ditt lösenord", "da": "Vælg din adgangskode",
                           "en": "Choose your password"},
    "invite_mail_validity": {
        "sv": "Länken fungerar en gång och gäller i 7 dagar.",
        "da": "Linket virker én gang og gælder i 7 dage.",
        "en": "The link works once and for 7 days.",
    },
    "invite_mail_closing": {
        "sv": "Har den gått ut kan du be om en ny under \"Glömt lösenordet?\" på inloggningssidan.",
        "da": "Er det udløbet, kan du bede om et nyt under \"Glemt adgangskoden?\" på login-siden.",
        "en": "Once it has expired, ask for a new one with \"Forgot your password?\" on the "
              "login page.",
    },
    "reset_mail_subject": {"sv": "Nytt lösenord till {app}", "da": "Ny adgangskode til {app}",
                           "en": "New password for {app}"},
    "reset_mail_intro": {
        "sv": "Någon, förhoppningsvis du, bad om ett nytt lösenord för {email}.",
        "da": "Nogen, forhåbentlig dig, bad om en ny adgangskode til {email}.",
        "en": "Someone, hopefully you, asked for a new password for {email}.",
    },
    "reset_mail_action": {"sv": "Välj ett nytt lösenord", "da": "Vælg en ny adgangskode",
                          "en": "Choose a new password"},
    "reset_mail_validity": {
        "sv": "Länken fungerar en gång och gäller i en timme.",
        "da": "Linket virker én gang og gælder i en time.",
        "en": "The link works once and for one hour.",
    },
    "reset_mail_closing": {
        "sv": "Bad du inte om det kan du strunta i brevet: ditt lösenord är oförändrat.",
        "da": "Bad du ikke om det, kan du se bort fra mailen: din adgangskode er uændret.",
        "en": "If you did not ask, ignore this mail: your password has not changed.",
    },
    # The admin pages
    "admin_title": {"sv": "Administration", "da": "Administration", "en": "Administration"},
    "admin_teams": {"sv": "Team", "da": "Teams", "en": "Teams"},
    "admin_agents": {"sv": "Medarbetare", "da": "Medarbejdere", "en": "Agents"},
    "admin_people": {"sv": "Personer och inloggningar", "da": "Personer og logins",
                     "en": "People and logins"},
    "admin_settings": {"sv": "Inställningar som gäller", "da": "Gældende indstillinger",
                       "en": "Settings in force"},
    "admin_twilio": {"sv": "Koppla Twilio", "da": "Opsætning af Twilio", "en": "Twilio set-up"},
    "admin_teams_about": {"sv": "lägg till och byt namn", "da": "tilføj og omdøb",
                          "en": "add and rename"},
    "admin_agents_about": {
        "sv": "telefonadresser, team, aktiv eller inte",
        "da": "telefonadresser, team, aktiv eller ej",
        "en": "phone addresses, team, active or not",
    },
    "admin_people_about": {
        "sv": "teamledare och administratörer, inbjudan per e-post",
        "da": "teamledere og administratorer, invitation pr. e-mail",
        "en": "supervisors and admins, invited by e-mail",
    },
    "admin_settings_about": {"sv": "enkäten och tjänsten, utan hemligheter",
                             "da": "undersøgelsen og tjenesten, uden hemmeligheder",
                             "en": "the survey and the service, secrets left out"},
    "admin_twilio_about": {"sv": "vilken adress som hör hemma i vilket fält",
                           "da": "hvilken adresse der hører til hvilket felt",
                           "en": "which URL goes in which console field"},
    "col_name": {"sv": "Namn", "da": "Navn", "en": "Name"},
    "col_slug": {"sv": "Kortnamn", "da": "Kortnavn", "en": "Slug"},
    "col_supervisors": {"sv": "Teamledare", "da": "Teamledere", "en": "Supervisors"},
    "col_handle": {"sv": "Kortnamn", "da": "Kortnavn", "en": "Handle"},
    "col_team": {"sv": "Team", "da": "Team", "en": "Team"},
    "col_addresses": {"sv": "Telefonadresser", "da": "Telefonadresser", "en": "Phone addresses"},
    "col_login": {"sv": "Inloggning", "da": "Login", "en": "Login"},
    "col_status": {"sv": "Status", "da": "Status", "en": "Status"},
    "col_role": {"sv": "Roll", "da": "Rolle", "en": "Role"},
    "col_teams": {"sv": "Leder team", "da": "Leder teams", "en": "Supervises"},
    "col_language": {"sv": "Språk", "da": "Sprog", "en": "Language"},
    "col_setting": {"sv": "Inställning", "da": "Indstilling", "en": "Setting"},
    "col_value": {"sv": "Värde", "da": "Værdi", "en": "Value"},
    "none": {"sv": "inga", "da": "ingen", "en": "none"},
    "no_name_yet": {"sv": "(namn saknas)", "da": "(navn mangler)", "en": "(no name yet)"},
    "active": {"sv": "aktiv", "da": "aktiv", "en": "active"},
    "invited": {"sv": "inbjuden", "da": "inviteret", "en": "invited"},
    "all_teams": {"sv": "alla (administratör)", "da": "alle (administrator)",
                  "en": "all (admin)"},
    "saved": {"sv": "Sparat.", "da": "Gemt.", "en": "Saved."},
    "field_invalid": {"sv": "Kontrollera fältet.", "da": "Tjek feltet.",
                      "en": "Check this field."},
    "email_taken": {
        "sv": "E-postadressen tillhör redan någon annan. Inget ändrades.",
        "da": "E-mailadressen tilhører allerede en anden. Intet blev ændret.",
        "en": "That e-mail address already belongs to someone else. Nothing was changed.",
    },
    "change_refused": {"sv": "Inget ändrades: {detail}.", "da": "Intet blev ændret: {detail}.",
                       "en": "Nothing was changed: {detail}."},
    "admin_no_teams": {"sv": "Inga team än.", "da": "Ingen teams endnu.", "en": "No teams yet."},
    "add_team": {"sv": "Lägg till ett team", "da": "Tilføj et team", "en": "Add a team"},
    "team_name": {"sv": "Teamets namn", "da": "Teamets navn", "en": "Team name"},
    "team_slug": {"sv": "Kortnamn i adresser", "da": "Kortnavn i adresser",
                  "en": "Slug, for addresses"},
    "slug_rule": {
        "sv": "Små bokstäver a–z, siffror, punkt, understreck eller bindestreck, t.ex. support.",
        "da": "Små bogstaver a–z, tal, punktum, understreg eller bindestreg, f.eks. support.",
        "en": "Lower-case letters a–z, digits, '.', '_' or '-', e.g. support.",
    },
    "slug_taken": {"sv": "Det kortnamnet används redan.", "da": "Det kortnavn er allerede i brug.",
                   "en": "That slug is already taken."},
    "slug_stays": {
        "sv": "Kortnamnet {slug} ändras inte: sidornas adresser och API:t använder det.",
        "da": "Kortnavnet {slug} ændres ikke: sidernes adresser og API'et bruger det.",
        "en": "The slug {slug} stays: the pages' addresses and the API use it.",
    },
    "team_added": {"sv": "Teamet {name} är tillagt.", "da": "Teamet {name} er tilføjet.",
                   "en": "Team {name} added."},
    "supervisors_on_people": {
        "sv": "Teamledare väljs under Personer och inloggningar.",
        "da": "Teamledere vælges under Personer og logins.",
        "en": "Supervisors are chosen under People and logins.",
    },
    "add_agent": {"sv": "Lägg till en medarbetare", "da": "Tilføj en medarbejder",
                  "en": "Add an agent"},
    "edit_agent": {"sv": "Medarbetare: {name}", "da": "Medarbejder: {name}",
                   "en": "Agent: {name}"},
    "admin_no_agents": {"sv": "Inga medarbetare än.", "da": "Ingen medarbejdere endnu.",
                        "en": "No agents yet."},
    "no_team": {"sv": "inget team", "da": "intet team", "en": "no team"},
    "handle_rule": {
        "sv": "Små bokstäver a–z, siffror, punkt, understreck eller bindestreck, t.ex. anna. "
              "Telefonsystemet anger det i ?agent=.",
        "da": "Små bogstaver a–z, tal, punktum, understreg eller bindestreg, f.eks. anna. "
              "Telefonsystemet angiver det i ?agent=.",
        "en": "Lower-case letters a–z, digits, '.', '_' or '-', e.g. anna. The phone system "
              "gives it as ?agent=.",
    },
    "handle_taken": {"sv": "Det kortnamnet används redan.",
                     "da": "Det kortnavn er allerede i brug.",
                     "en": "That handle is already taken."},
    "handle_stays": {
        "sv": "Kortnamnet {handle} ändras inte: telefonsystemets adresser använder det.",
        "da": "Kortnavnet {handle} ændres ikke: telefonsystemets adresser bruger det.",
        "en": "The handle {handle} stays: the phone system's URLs use it.",
    },
    "agent_login_email": {"sv": "E-post för inloggning", "da": "E-mail til login",
                          "en": "E-mail for logging in"},
    "agent_login_hint": {
        "sv": "En ny inloggning får en inbjudan med en länk för att välja lösenord.",
        "da": "Et nyt login får en invitation med et link til at vælge adgangskode.",
        "en": "A new login is mailed an invitation with a link to choose a password.",
    },
    "addresses_hint": {
        "sv": "En per rad, som telefonsystemet anger dem: client:anna, sip:anna@… eller ett "
              "nummer som +46812345678.",
        "da": "Én pr. linje, som telefonsystemet angiver dem: client:anna, sip:anna@… eller et "
              "nummer som +4512345678.",
        "en": "One a line, as the phone system reports them: client:anna, sip:anna@… or a "
              "number such as +46812345678.",
    },
    "agent_active": {"sv": "Aktiv", "da": "Aktiv", "en": "Active"},
    "agent_active_hint": {
        "sv": "En inaktiv medarbetare behåller sin historik men får inga nya enkäter och kan "
              "inte logga in.",
        "da": "En inaktiv medarbejder beholder sin historik, men får ingen nye undersøgelser og "
              "kan ikke logge ind.",
        "en": "An inactive agent keeps their history but gets no new surveys and cannot log in.",
    },
    "agent_added": {"sv": "{name} är tillagd.", "da": "{name} er tilføjet.",
                    "en": "{name} added."},
    "open_login": {"sv": "Inloggningen {email}", "da": "Login {email}", "en": "The login {email}"},
    "open_agent": {"sv": "Medarbetaren {name}", "da": "Medarbejderen {name}",
                   "en": "The agent {name}"},
    "language_default": {"sv": "tjänstens standardspråk", "da": "tjenestens standardsprog",
                         "en": "the service's default"},
    "language_sv": {"sv": "svenska", "da": "svensk", "en": "Swedish"},
    "language_da": {"sv": "danska", "da": "dansk", "en": "Danish"},
    "language_en": {"sv": "engelska", "da": "engelsk", "en": "English"},
    "add_person": {"sv": "Lägg till en person", "da": "Tilføj en person", "en": "Add a person"},
    "add_person_intro": {
        "sv": "Personen får ett brev med en länk för att välja sitt eget lösenord.",
        "da": "Personen får en mail med et link til at vælge sin egen adgangskode.",
        "en": "They get a mail with a link to choose their own password.",
    },
    "edit_person": {"sv": "Person: {name}", "da": "Person: {name}", "en": "Person: {name}"},
    "role_agent": {"sv": "medarbetare", "da": "medarbejder", "en": "agent"},
    "role_supervisor": {"sv": "teamledare", "da": "teamleder", "en": "supervisor"},
    "role_admin": {"sv": "administratör", "da": "administrator", "en": "admin"},
    "role_hint": {
        "sv": "En teamledare ser sina team; en administratör ser alla team och de här sidorna.",
        "da": "En teamleder ser sine teams; en administrator ser alle teams og disse sider.",
        "en": "A supervisor sees their teams; an admin sees every team and these pages.",
    },
    "supervised_teams": {"sv": "Team som personen leder", "da": "Teams, personen leder",
                         "en": "Teams they supervise"},
    "login_stays": {"sv": "Inloggning: {email}", "da": "Login: {email}", "en": "Login: {email}"},
    "person_active": {"sv": "Får logga in", "da": "Må logge ind", "en": "May log in"},
    "add_and_invite": {"sv": "Lägg till och bjud in", "da": "Tilføj og invitér",
                       "en": "Add and invite"},
    "invite_again": {"sv": "Skicka en ny inbjudan", "da": "Send en ny invitation",
                     "en": "Send a new invitation"},
    "invite_again_hint": {
        "sv": "En ny länk för att välja lösenord, giltig i 7 dagar.",
        "da": "Et nyt link til at vælge adgangskode, gyldigt i 7 dage.",
        "en": "A new link to choose a password, valid for 7 days.",
    },
    "person_invited": {"sv": "En inbjudan till {name} är på väg till {email}.",
                       "da": "En invitation til {name} er på vej til {email}.",
                       "en": "An invitation for {name} is on its way to {email}."},
    "not_yourself": {
        "sv": "Du kan inte stänga av dig själv eller ta bort din egen administratörsroll; en "
              "annan administratör kan.",
        "da": "Du kan ikke deaktivere dig selv eller fjerne din egen administratorrolle; en "
              "anden administrator kan.",
        "en": "You cannot deactivate yourself or give up your own admin role; another admin "
              "can.",
    },
    "inactive_no_invite": {"sv": "En inaktiv person kan inte bjudas in.",
                           "da": "En inaktiv person kan ikke inviteres.",
                           "en": "An inactive person cannot be invited."},
    # Settings in force
    "settings_intro": {
        "sv": "Inställningarna tjänsten körs med just nu (miljövariabler FEEDBACK_…). De ändras "
              "i driftmiljön, inte här. Hemligheter visas bara som satta eller inte.",
        "da": "Indstillingerne, tjenesten kører med lige nu (miljøvariabler FEEDBACK_…). De "
              "ændres i driftsmiljøet, ikke her. Hemmeligheder vises kun som sat eller ej.",
        "en": "The settings the service runs with now (FEEDBACK_… environment variables). They "
              "are changed where it is deployed, not here. Secrets show only as set or not.",
    },
    "settings_survey": {"sv": "Enkäten", "da": "Undersøgelsen", "en": "The survey"},
    "settings_eligibility": {"sv": "Vilka samtal som får en enkät",
                             "da": "Hvilke opkald der får en undersøgelse",
                             "en": "Which calls are surveyed"},
    "settings_coaching": {"sv": "Coachning och uppföljning", "da": "Coaching og opfølgning",
                          "en": "Coaching and follow-ups"},
    "settings_privacy": {"sv": "Integritet", "da": "Privatliv", "en": "Privacy"},
    "settings_phone": {"sv": "Telefoni och SMS", "da": "Telefoni og SMS",
                       "en": "Phone and SMS"},
    "settings_service": {"sv": "Tjänsten", "da": "Tjenesten", "en": "The service"},
    "secret_set": {"sv": "satt (visas inte)", "da": "sat (vises ikke)",
                   "en": "set (not shown)"},
    "not_set": {"sv": "inte satt", "da": "ikke sat", "en": "not set"},
    # Twilio set-up
    "twilio_intro": {
        "sv": "Fyll i de här adresserna i Twilios konsol, på telefonnumret. Alla anropas med "
              "HTTP POST.",
        "da": "Udfyld disse adresser i Twilios konsol, på telefonnummeret. Alle kaldes med "
              "HTTP POST.",
        "en": "Fill in these URLs in the Twilio console, on the phone number. Each is called "
              "with HTTP POST.",
    },
    "twilio_no_base_url": {
        "sv": "PUBLIC_BASE_URL är inte satt: Twilio kan inte nå tjänsten och signaturerna kan "
              "inte kontrolleras.",
        "da": "PUBLIC_BASE_URL er ikke sat: Twilio kan ikke nå tjenesten, og signaturerne kan "
              "ikke kontrolleres.",
        "en": "PUBLIC_BASE_URL is not set: Twilio cannot reach the service, and signatures "
              "cannot be checked.",
    },
    "twilio_not_https": {
        "sv": "PUBLIC_BASE_URL är inte en https-adress; Twilio behöver https utanför en "
              "lokal provkörning.",
        "da": "PUBLIC_BASE_URL er ikke en https-adresse; Twilio kræver https uden for en "
              "lokal prøvekørsel.",
        "en": "PUBLIC_BASE_URL is not an https address; Twilio needs https outside a local "
              "trial.",
    },
    "twilio_no_token": {
        "sv": "TWILIO_AUTH_TOKEN är inte satt: varje anrop från Twilio nekas.",
        "da": "TWILIO_AUTH_TOKEN er ikke sat: hvert kald fra Twilio afvises.",
        "en": "TWILIO_AUTH_TOKEN is not set: every request from Twilio is refused.",
    },
    "twilio_handle_placeholder": {
        "sv": "Byt HANDLE mot medarbetarens kortnamn.",
        "da": "Erstat HANDLE med medarbejderens kortnavn.",
        "en": "Replace HANDLE with the agent's handle.",
    },
    "twilio_col_where": {"sv": "Var", "da": "Hvor", "en": "Where"},
    "twilio_col_field": {"sv": "Fält", "da": "Felt", "en": "Field"},
    "twilio_col_url": {"sv": "Adress", "da": "Adresse", "en": "URL"},
    "twilio_where_voice": {"sv": "Numret: Voice", "da": "Nummeret: Voice",
                           "en": "The number: Voice"},
    "twilio_where_own_flow": {"sv": "Eget flöde (Studio, TwiML)",
                              "da": "Eget flow (Studio, TwiML)",
                              "en": "Your own flow (Studio, TwiML)"},
    "twilio_where_messaging": {"sv": "Numret: Messaging", "da": "Nummeret: Messaging",
                               "en": "The number: Messaging"},
    "twilio_where_set_by_service": {"sv": "Sätts av tjänsten", "da": "Sættes af tjenesten",
                                    "en": "Set by the service"},
    "twilio_where_other_pbx": {"sv": "Andra telefonsystem", "da": "Andre telefonsystemer",
                               "en": "Other phone systems"},
    "twilio_field_call_comes_in": {"sv": "A call comes in (webhook)",
                                   "da": "A call comes in (webhook)",
                                   "en": "A call comes in (webhook)"},
    "twilio_field_call_status": {"sv": "Call status changes", "da": "Call status changes",
                                 "en": "Call status changes"},
    "twilio_field_dial_action": {"sv": "<Dial action>", "da": "<Dial action>",
                                 "en": "<Dial action>"},
    "twilio_field_message_comes_in": {"sv": "A message comes in", "da": "A message comes in",
                                      "en": "A message comes in"},
    "twilio_field_message_status": {"sv": "Status callback (SMS)",
                                    "da": "Status callback (SMS)",
                                    "en": "Status callback (SMS)"},
    "twilio_field_call_ended_hook": {"sv": "Webhook när samtalet slutat",
                                     "da": "Webhook når opkaldet er slut",
                                     "en": "Call-ended webhook"},
    "twilio_note_connect": {
        "sv": "Kopplar samtalet till medarbetaren {handle} och ställer enkäten när hen lagt på. "
              "Lägg till &topic=…, &survey=nps eller &lang=da vid behov.",
        "da": "Stiller opkaldet om til medarbejderen {handle} og stiller undersøgelsen, når "
              "vedkommende har lagt på. Tilføj &topic=…, &survey=nps eller &lang=da efter behov.",
        "en": "Puts the call through to the agent {handle} and asks the survey once they hang "
              "up. Add &topic=…, &survey=nps or &lang=da as needed.",
    },
    "twilio_note_voice_status": {
        "sv": "Registrerar hur samtalet slutade; startar SMS-enkäten när kanalen är SMS.",
        "da": "Registrerer, hvordan opkaldet sluttede; starter SMS-undersøgelsen, når kanalen "
              "er SMS.",
        "en": "Records how the call ended; starts the SMS survey when the channel is SMS.",
    },
    "twilio_note_after_call": {
        "sv": "Med ett eget flöde: peka <Dial>:ens action hit, så ställs enkäten när "
              "medarbetaren lagt på.",
        "da": "Med et eget flow: peg <Dial>'s action hertil, så stilles undersøgelsen, når "
              "medarbejderen har lagt på.",
        "en": "With a flow of your own: point the <Dial>'s action here, and the survey is asked "
              "once the agent hangs up.",
    },
    "twilio_note_sms_inbound": {
        "sv": "Svar på SMS-enkäter och STOPP/START.",
        "da": "Svar på SMS-undersøgelser og STOP/START.",
        "en": "Replies to SMS surveys, and STOP/START.",
    },
    "twilio_note_sms_status": {
        "sv": "Inget att fylla i: tjänsten anger den på varje SMS den skickar.",
        "da": "Intet at udfylde: tjenesten angiver den på hver SMS, den sender.",
        "en": "Nothing to fill in: the service sets it on every SMS it sends.",
    },
    "twilio_note_call_ended": {
        "sv": "Signerad JSON från andra telefonsystem (PBX_WEBHOOK_SECRET), se README.",
        "da": "Signeret JSON fra andre telefonsystemer (PBX_WEBHOOK_SECRET), se README.",
        "en": "Signed JSON from other phone systems (PBX_WEBHOOK_SECRET), see the README.",
    },
    "twilio_signature_note": {
        "sv": "Twilio signerar varje anrop med kontots auth token; tjänsten kontrollerar "
              "signaturen mot exakt adressen ovan, så den måste skrivas in precis så.",
        "da": "Twilio signerer hvert kald med kontoens auth token; tjenesten kontrollerer "
              "signaturen mod præcis adressen ovenfor, så den skal skrives nøjagtigt sådan.",
        "en": "Twilio signs every request with the account's auth token; the service checks the "
              "signature against exactly the URL above, so enter it just so.",
    },
}
