"""The pages' texts in Swedish, Danish and English, and the choice of language per request."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import get_locale
from flask_login import current_user

from feedback_service.settings import LANGUAGES
from feedback_service.web.setup_texts import SETUP_TEXTS

# One entry per text, all three languages side by side, so a missing translation shows in review
# and in the test that checks every entry.
TEXTS: dict[str, dict[str, str]] = {
    "app_name": {"sv": "Samtalsfeedback", "da": "Opkaldsfeedback", "en": "Call feedback"},
    "skip_to_content": {"sv": "Hoppa till innehållet", "da": "Spring til indholdet",
                        "en": "Skip to content"},
    "main_navigation": {"sv": "Huvudmeny", "da": "Hovedmenu", "en": "Main menu"},
    "nav_me": {"sv": "Min feedback", "da": "Min feedback", "en": "My feedback"},
    "nav_follow_ups": {"sv": "Uppföljning", "da": "Opfølgning", "en": "Follow-ups"},
    "signed_in_as": {"sv": "Inloggad som {name}", "da": "Logget ind som {name}",
                     "en": "Signed in as {name}"},
    "logout": {"sv": "Logga ut", "da": "Log ud", "en": "Log out"},
    "start_page": {"sv": "Startsida", "da": "Startside", "en": "Start page"},
    # Login
    "login_title": {"sv": "Logga in", "da": "Log ind", "en": "Log in"},
    "login_intro": {
        "sv": "Samtalsfeedback visar vad kunderna tyckte direkt efter samtalet med kundtjänst. "
              "Medarbetare ser sina egna svar; teamledare ser sitt teams vecka och vilka "
              "missnöjda kunder som väntar på att bli uppringda.",
        "da": "Opkaldsfeedback viser, hvad kunderne syntes lige efter opkaldet med "
              "kundeservice. Medarbejdere ser deres egne svar; teamledere ser deres teams uge og "
              "hvilke utilfredse kunder der venter på at blive ringet op.",
        "en": "Call feedback shows what callers thought right after their call with customer "
              "service. Agents see their own answers; supervisors see their team's week and "
              "which unhappy callers are waiting for a call back.",
    },
    "email": {"sv": "E-post", "da": "E-mail", "en": "E-mail"},
    "password": {"sv": "Lösenord", "da": "Adgangskode", "en": "Password"},
    "login_button": {"sv": "Logga in", "da": "Log ind", "en": "Log in"},
    "login_failed": {"sv": "Fel e-post eller lösenord.", "da": "Forkert e-mail eller adgangskode.",
                     "en": "Wrong e-mail or password."},
    "login_needed": {"sv": "Logga in för att se sidan.", "da": "Log ind for at se siden.",
                     "en": "Log in to see this page."},
    "logged_out": {"sv": "Du är utloggad.", "da": "Du er logget ud.",
                   "en": "You are logged out."},
    "field_required": {"sv": "Fyll i fältet.", "da": "Udfyld feltet.",
                       "en": "Fill in this field."},
    # The agent's page
    "me_title": {"sv": "Min feedback", "da": "Min feedback", "en": "My feedback"},
    "agent_title": {"sv": "Feedback för {name}", "da": "Feedback til {name}",
                    "en": "Feedback for {name}"},
    "private_note": {
        "sv": "Sidan visar bara dina egna svar. Bara du och ditt teams teamledare ser den.",
        "da": "Siden viser kun dine egne svar. Kun du og dit teams teamleder kan se den.",
        "en": "This page shows only your own answers. Only you and your team's supervisors "
              "can see it.",
    },
    "agent_note": {
        "sv": "{name}s egna svar, för coachning. Inga jämförelser med andra.",
        "da": "{name}s egne svar, til coaching. Ingen sammenligning med andre.",
        "en": "{name}'s own answers, for coaching. No comparison with anyone else.",
    },
    "period": {"sv": "Period", "da": "Periode", "en": "Period"},
    "date_from": {"sv": "Från", "da": "Fra", "en": "From"},
    "date_until": {"sv": "Till och med", "da": "Til og med", "en": "Until"},
    "show": {"sv": "Visa", "da": "Vis", "en": "Show"},
    "bad_dates": {
        "sv": "Ange datum som ÅÅÅÅ-MM-DD, det första inte efter det sista. "
              "Visar de senaste 12 veckorna.",
        "da": "Angiv datoer som ÅÅÅÅ-MM-DD, den første ikke efter den sidste. "
              "Viser de seneste 12 uger.",
        "en": "Give dates as YYYY-MM-DD, the first not after the last. "
              "Showing the last 12 weeks.",
    },
    "trend_title": {"sv": "Vecka för vecka", "da": "Uge for uge", "en": "Week by week"},
    "trend_caption_smiley": {
        "sv": "Andel nöjda kunder per vecka, de senaste 12 veckorna",
        "da": "Andel tilfredse kunder pr. uge, de seneste 12 uger",
        "en": "Share of happy callers per week, the last 12 weeks",
    },
    "trend_caption_nps": {
        "sv": "Transaktionellt NPS (direkt efter samtalet) per vecka, de senaste 12 veckorna",
        "da": "Transaktionel NPS (lige efter opkaldet) pr. uge, de seneste 12 uger",
        "en": "Transactional NPS (right after the call) per week, the last 12 weeks",
    },
    "trend_caption_ces": {
        "sv": "Net Easy (hur lätt det var att få hjälp) per vecka, de senaste 12 veckorna",
        "da": "Net Easy (hvor let det var at få hjælp) pr. uge, de seneste 12 uger",
        "en": "Net Easy (how easy it was to get help) per week, the last 12 weeks",
    },
    "axis_smiley": {"sv": "% nöjda", "da": "% tilfredse", "en": "% happy"},
    "axis_nps": {"sv": "NPS", "da": "NPS", "en": "NPS"},
    "axis_ces": {"sv": "Net Easy", "da": "Net Easy", "en": "Net Easy"},
    "too_few_rule": {
        "sv": "En vecka med färre än {count} svar visar bara antalet svar.",
        "da": "En uge med færre end {count} svar viser kun antallet af svar.",
        "en": "A week with fewer than {count} answers shows only the number of answers.",
    },
    "agent_score_rule": {
        "sv": "Resultatet räknar bara det medarbetaren själv kan påverka. Svar om väntetiden, "
              "krångel och sådant utanför kundtjänst (som produkten) räknas inte in; de finns "
              "kvar bland orsakerna.",
        "da": "Resultatet medregner kun det, medarbejderen selv kan påvirke. Svar om ventetiden, "
              "besvær og forhold uden for kundeservice (som produktet) tæller ikke med; de står "
              "stadig under årsagerne.",
        "en": "The score counts only what the agent can change. Answers about the waiting time, "
              "effort and things outside customer service (such as the product) are left out; "
              "they are still listed under the reasons.",
    },
    "team_score_rule": {
        "sv": "Teamets resultat räknar alla svar utom de om sådant utanför kundtjänst, som "
              "produkten.",
        "da": "Teamets resultat medregner alle svar undtagen dem om forhold uden for "
              "kundeservice, som produktet.",
        "en": "The team's score counts every answer except those about things outside customer "
              "service, such as the product.",
    },
    "left_out_count": {
        "sv": "{count} svar om sådant som inte räknas in i resultatet finns med bland orsakerna.",
        "da": "{count} svar om forhold, der ikke tæller med i resultatet, står under årsagerne.",
        "en": "{count} answers about things the score leaves out are listed under the reasons.",
    },
    "last_week_title": {"sv": "Förra veckan (v. {number})", "da": "Sidste uge (uge {number})",
                        "en": "Last week (wk {number})"},
    "change_label": {"sv": "Senaste fyra veckorna mot de tolv före",
                     "da": "Seneste fire uger mod de tolv før",
                     "en": "The last four weeks against the twelve before"},
    "focus_label": {"sv": "Fokus", "da": "Fokus", "en": "Focus"},
    "col_week": {"sv": "Vecka", "da": "Uge", "en": "Week"},
    "col_answers": {"sv": "Svar", "da": "Svar", "en": "Answers"},
    "col_score": {"sv": "Resultat", "da": "Resultat", "en": "Score"},
    # The soft hyphen lets the long word break on a phone instead of widening the table.
    "col_interval": {"sv": "95 % konfidens\u00adintervall", "da": "95 % konfidens\u00adinterval",
                     "en": "95 % confidence interval"},
    "week_label": {"sv": "v. {number}", "da": "uge {number}", "en": "wk {number}"},
    "too_few": {"sv": "för få svar", "da": "for få svar", "en": "too few answers"},
    "score_smiley": {"sv": "{value} % nöjda", "da": "{value} % tilfredse",
                     "en": "{value} % happy"},
    "score_nps": {"sv": "NPS {value}", "da": "NPS {value}", "en": "NPS {value}"},
    "score_ces": {"sv": "Net Easy {value}", "da": "Net Easy {value}", "en": "Net Easy {value}"},
    "kind_ces": {"sv": "Net Easy (hur lätt det var)", "da": "Net Easy (hvor let det var)",
                 "en": "Net Easy (how easy it was)"},
    "kind_smiley": {"sv": "Nöjd eller missnöjd", "da": "Tilfreds eller utilfreds",
                    "en": "Happy or unhappy"},
    "kind_nps": {"sv": "Transaktionellt NPS", "da": "Transaktionel NPS",
                 "en": "Transactional NPS"},
    "totals_title": {"sv": "Under perioden", "da": "I perioden", "en": "In the period"},
    "answers_count": {"sv": "{count} svar", "da": "{count} svar", "en": "{count} answers"},
    "no_answers_agent": {
        "sv": "Inga svar ännu. När kunder svarar på enkäten efter dina samtal syns svaren här, "
              "vecka för vecka.",
        "da": "Ingen svar endnu. Når kunder svarer på undersøgelsen efter dine opkald, vises "
              "svarene her, uge for uge.",
        "en": "No answers yet. When callers answer the survey after your calls, their answers "
              "show here, week by week.",
    },
    "no_answers_team": {
        "sv": "Inga svar ännu. Svaren kommer när samtal till teamets medarbetare får en enkät: "
              "kontrollera att varje medarbetare har sin telefonadress (client:, SIP eller "
              "nummer) och att telefonsystemet pekar på tjänsten.",
        "da": "Ingen svar endnu. Svarene kommer, når opkald til teamets medarbejdere får en "
              "undersøgelse: tjek, at hver medarbejder har sin telefonadresse (client:, SIP "
              "eller nummer), og at telefonsystemet peger på tjenesten.",
        "en": "No answers yet. They come once calls to the team's agents are surveyed: check "
              "that each agent has their phone address (client:, SIP or a number) and that the "
              "phone system points at this service.",
    },
    "no_answers": {"sv": "Inga svar under perioden.", "da": "Ingen svar i perioden.",
                   "en": "No answers in this period."},
    "reasons_title": {"sv": "Varför kunder var missnöjda", "da": "Hvorfor kunder var utilfredse",
                      "en": "Why callers were unhappy"},
    "reasons_agent": {"sv": "Sådant medarbetaren kan påverka", "da": "Det, medarbejderen kan "
                      "påvirke", "en": "What the agent can change"},
    "reasons_process": {
        "sv": "Processen: bemanning och telefonmeny (en fråga för teamet)",
        "da": "Processen: bemanding og telefonmenu (et spørgsmål for teamet)",
        "en": "The process: staffing and the phone menu (a matter for the team)",
    },
    "shares_held_back": {
        "sv": "Andelar visas från {count} missnöjda svar.",
        "da": "Andele vises fra {count} utilfredse svar.",
        "en": "Shares are shown from {count} unhappy answers.",
    },
    "reasons_other": {
        "sv": "Utanför kundtjänst (lämnas vidare till resten av företaget)",
        "da": "Uden for kundeservice (gives videre til resten af virksomheden)",
        "en": "Outside customer service (passed on to the rest of the company)",
    },
    "reasons_none_given": {"sv": "Ingen orsak angiven: {count}",
                           "da": "Ingen årsag angivet: {count}",
                           "en": "No reason given: {count}"},
    "unhappy_count": {"sv": "{count} missnöjda svar", "da": "{count} utilfredse svar",
                      "en": "{count} unhappy answers"},
    "col_reason": {"sv": "Orsak", "da": "Årsag", "en": "Reason"},
    "col_share": {"sv": "Andel", "da": "Andel", "en": "Share"},
    "no_unhappy": {"sv": "Inga missnöjda svar under perioden.",
                   "da": "Ingen utilfredse svar i perioden.",
                   "en": "No unhappy answers in this period."},
    "comments_title": {"sv": "Kommentarer och inspelningar", "da": "Kommentarer og optagelser",
                       "en": "Comments and recordings"},
    "kudos": {"sv": "Beröm", "da": "Ros", "en": "Kudos"},
    "caller": {"sv": "Kund", "da": "Kunde", "en": "Caller"},
    "topic": {"sv": "Ärende", "da": "Emne", "en": "Topic"},
    "recording": {"sv": "Inspelning", "da": "Optagelse", "en": "Recording"},
    "transcribed": {"sv": "Sagt i telefon, utskrivet automatiskt",
                    "da": "Sagt i telefonen, skrevet ud automatisk",
                    "en": "Said on the phone, transcribed automatically"},
    "no_comments": {"sv": "Inga kommentarer under perioden.",
                    "da": "Ingen kommentarer i perioden.",
                    "en": "No comments in this period."},
    "newer_comments": {"sv": "Nyare kommentarer", "da": "Nyere kommentarer",
                       "en": "Newer comments"},
    "older_comments": {"sv": "Äldre kommentarer", "da": "Ældre kommentarer",
                       "en": "Older comments"},
    "export_csv": {"sv": "Ladda ner svaren som CSV", "da": "Hent svarene som CSV",
                   "en": "Download the answers as CSV"},
    "category_happy": {"sv": "nöjd", "da": "tilfreds", "en": "happy"},
    "category_sad": {"sv": "missnöjd", "da": "utilfreds", "en": "unhappy"},
    "category_promoter": {"sv": "ambassadör", "da": "ambassadør", "en": "promoter"},
    "category_passive": {"sv": "passiv", "da": "passiv", "en": "passive"},
    "category_detractor": {"sv": "kritiker", "da": "kritiker", "en": "detractor"},
    "category_easy": {"sv": "lätt", "da": "let", "en": "easy"},
    "category_neutral": {"sv": "varken eller", "da": "hverken eller", "en": "neither"},
    "category_difficult": {"sv": "svårt", "da": "svært", "en": "difficult"},
    # Team pages
    "team_title": {"sv": "Team {name}", "da": "Team {name}", "en": "Team {name}"},
    "team_totals": {"sv": "Teamet totalt", "da": "Teamet samlet", "en": "The team in total"},
    "team_agents": {"sv": "Medarbetare", "da": "Medarbejdere", "en": "Agents"},
    "team_agents_note": {
        "sv": "Varje medarbetares sida visar deras egna svar. "
              "Medarbetare jämförs aldrig med varandra.",
        "da": "Hver medarbejders side viser deres egne svar. "
              "Medarbejdere sammenlignes aldrig med hinanden.",
        "en": "Each agent's page shows their own answers. Agents are never compared with "
              "each other.",
    },
    "inactive": {"sv": "inaktiv", "da": "inaktiv", "en": "inactive"},
    "waiting_count": {
        "sv": "{count} missnöjda kunder väntar på att bli uppringda",
        "da": "{count} utilfredse kunder venter på at blive ringet op",
        "en": "{count} unhappy callers are waiting for a call back",
    },
    "worth_a_word_title": {"sv": "Värt ett samtal den här veckan", "da": "Værd en snak i denne uge",
                           "en": "Worth a word this week"},
    "worth_a_word_note": {
        "sv": "Medarbetare vars senaste veckor gått sämre än deras egna tidigare veckor, eller "
              "där en orsak de kan påverka sticker ut. Ingen jämförs med någon annan.",
        "da": "Medarbejdere, hvis seneste uger er gået dårligere end deres egne tidligere uger, "
              "eller hvor en årsag, de kan påvirke, skiller sig ud. Ingen sammenlignes med andre.",
        "en": "Agents whose last weeks went worse than their own earlier weeks, or with a reason "
              "they can change that stands out. Nobody is compared with anyone else.",
    },
    "worth_a_word_none": {
        "sv": "Ingen medarbetare sticker ut mot sina egna tidigare veckor.",
        "da": "Ingen medarbejder skiller sig ud fra sine egne tidligere uger.",
        "en": "No agent stands out against their own earlier weeks.",
    },
    "nobody_waiting": {"sv": "Ingen missnöjd kund väntar på att bli uppringd.",
                       "da": "Ingen utilfreds kunde venter på at blive ringet op.",
                       "en": "No unhappy caller is waiting for a call back."},
    "teams_title": {"sv": "Dina team", "da": "Dine teams", "en": "Your teams"},
    "no_teams": {"sv": "Du är inte teamledare för något team än.",
                 "da": "Du er ikke teamleder for noget team endnu.",
                 "en": "You do not supervise a team yet."},
    "no_agents": {"sv": "Teamet har inga medarbetare än.", "da": "Teamet har ingen "
                  "medarbejdere endnu.", "en": "The team has no agents yet."},
    # Follow-ups
    "follow_ups_title": {"sv": "Uppföljning", "da": "Opfølgning", "en": "Follow-ups"},
    "follow_ups_intro": {
        "sv": "Missnöjda kunder som väntar på att bli uppringda, den som väntat längst först. "
              "Hela numret visas bara här, för att ringa upp, och döljs när ärendet är löst.",
        "da": "Utilfredse kunder, der venter på at blive ringet op, den der har ventet længst "
              "først. Hele nummeret vises kun her, for at ringe op, og skjules, når sagen er løst.",
        "en": "Unhappy callers waiting for a call back, the longest wait first. The full number "
              "is shown only here, to call back, and is hidden once the follow-up is resolved.",
    },
    "filter_agent": {"sv": "Medarbetare", "da": "Medarbejder", "en": "Agent"},
    "all_agents": {"sv": "Alla", "da": "Alle", "en": "All"},
    "follow_ups_count": {"sv": "{count} ärenden", "da": "{count} sager", "en": "{count} in all"},
    "due_at": {"sv": "Ska ringas senast {when}", "da": "Skal ringes senest {when}",
               "en": "Due by {when}"},
    "past_due_since": {"sv": "Försenad: skulle ha ringts {when}",
                       "da": "Forsinket: skulle være ringet {when}",
                       "en": "Past due: was due by {when}"},
    "waiting_since": {"sv": "väntar sedan {when}", "da": "venter siden {when}",
                      "en": "waiting since {when}"},
    "record_call_back": {"sv": "Registrera samtalet", "da": "Registrér opkaldet",
                         "en": "Record the call back"},
    "confirmed_reason": {"sv": "Orsak enligt samtalet", "da": "Årsag ifølge samtalen",
                         "en": "Cause found on the call"},
    "won_back": {"sv": "Vunnen tillbaka", "da": "Vundet tilbage", "en": "Won back"},
    "yes": {"sv": "ja", "da": "ja", "en": "yes"},
    "no": {"sv": "nej", "da": "nej", "en": "no"},
    "not_known": {"sv": "vet inte", "da": "ved ikke", "en": "not known"},
    "pages_label": {"sv": "Sidor", "da": "Sider", "en": "Pages"},
    "previous_page": {"sv": "Föregående", "da": "Forrige", "en": "Previous"},
    "next_page": {"sv": "Nästa", "da": "Næste", "en": "Next"},
    "page_of": {"sv": "Sida {page} av {pages}", "da": "Side {page} af {pages}",
                "en": "Page {page} of {pages}"},
    "show_waiting": {"sv": "Väntar", "da": "Venter", "en": "Waiting"},
    "show_resolved": {"sv": "Lösta", "da": "Løste", "en": "Resolved"},
    "status_open": {"sv": "väntar", "da": "venter", "en": "waiting"},
    "status_contacted": {"sv": "kontaktad", "da": "kontaktet", "en": "contacted"},
    "status_resolved": {"sv": "löst", "da": "løst", "en": "resolved"},
    "note": {"sv": "Anteckning", "da": "Note", "en": "Note"},
    "mark_as": {"sv": "Markera som", "da": "Markér som", "en": "Mark as"},
    "save": {"sv": "Spara", "da": "Gem", "en": "Save"},
    "call_back": {"sv": "Ring {number}", "da": "Ring {number}", "en": "Call {number}"},
    "number_erased": {"sv": "numret är raderat", "da": "nummeret er slettet",
                      "en": "the number is erased"},
    "no_follow_ups": {"sv": "Ingen väntar på att bli uppringd.",
                      "da": "Ingen venter på at blive ringet op.",
                      "en": "Nobody is waiting for a call back."},
    "no_resolved": {"sv": "Inga lösta ärenden.", "da": "Ingen løste sager.",
                    "en": "No resolved follow-ups."},
    "follow_up_saved": {"sv": "Sparat.", "da": "Gemt.", "en": "Saved."},
    "handled_at": {"sv": "Hanterad {when}", "da": "Håndteret {when}", "en": "Handled {when}"},
    "follow_up_invalid": {"sv": "Välj en status.", "da": "Vælg en status.",
                          "en": "Choose a status."},
    # Errors
    "not_found_title": {"sv": "Sidan finns inte", "da": "Siden findes ikke",
                        "en": "Page not found"},
    "not_found_text": {
        "sv": "Här finns inget för dig. Kontrollera adressen eller gå till din startsida.",
        "da": "Her er intet til dig. Tjek adressen, eller gå til din startside.",
        "en": "There is nothing here for you. Check the address, or go to your start page.",
    },
    "form_expired_title": {"sv": "Formuläret har gått ut", "da": "Formularen er udløbet",
                           "en": "The form has expired"},
    "form_expired_text": {
        "sv": "Gå tillbaka, ladda om sidan och försök igen.",
        "da": "Gå tilbage, genindlæs siden, og prøv igen.",
        "en": "Go back, reload the page and try again.",
    },
    "try_later": {"sv": "Försök igen om en stund.", "da": "Prøv igen om lidt.",
                  "en": "Try again in a while."},
    "recording_not_here_title": {
        "sv": "Inspelningen kan inte spelas upp här",
        "da": "Optagelsen kan ikke afspilles her",
        "en": "The recording cannot be played here",
    },
    "recording_not_here": {
        "sv": "Inspelningen finns hos Twilio, och inget Twilio-konto är inställt här (som i den "
              "lokala provversionen), så den kan inte hämtas och spelas upp.",
        "da": "Optagelsen ligger hos Twilio, og der er ingen Twilio-konto sat op her (som i den "
              "lokale prøveversion), så den kan ikke hentes og afspilles.",
        "en": "The recording is kept at Twilio, and no Twilio account is configured here (as in "
              "the local trial), so it cannot be fetched and played.",
    },
    "recording_failed": {
        "sv": "Inspelningen kunde inte hämtas just nu.",
        "da": "Optagelsen kunne ikke hentes lige nu.",
        "en": "The recording could not be fetched right now.",
    },
    # What went well (praise) and the team's driver table.
    "praise_title": {"sv": "Vad kunderna uppskattade", "da": "Hvad kunderne satte pris på",
                     "en": "What callers appreciated"},
    "praise_intro": {
        "sv": "Vad som gick bra, enligt kunder som var nöjda, under perioden.",
        "da": "Hvad der gik godt ifølge tilfredse kunder i perioden.",
        "en": "What went well, according to satisfied callers, in the period.",
    },
    "praise_none": {"sv": "Inga sådana svar under perioden.",
                    "da": "Ingen sådanne svar i perioden.", "en": "No such answers in the period."},
    "drivers_title": {"sv": "Vad som driver teamets resultat",
                      "da": "Hvad der driver teamets resultat",
                      "en": "What drives the team's score"},
    "drivers_intro": {
        "sv": "Poäng: teamets resultat med alla svar minus resultatet utan svaren på raden "
              "(minus kostar, plus ger).",
        "da": "Point: teamets resultat med alle svar minus resultatet uden svarene i rækken "
              "(minus koster, plus giver).",
        "en": "Points: the team's score with every answer minus its score without the row's "
              "answers (minus costs, plus brings).",
    },
    "drivers_reason": {"sv": "Orsak eller beröm", "da": "Årsag eller ros",
                       "en": "Reason or praise"},
    "drivers_topic": {"sv": "Ämne eller kö", "da": "Emne eller kø", "en": "Topic or queue"},
    "drivers_answers": {"sv": "Svar", "da": "Svar", "en": "Answers"},
    "drivers_points": {"sv": "Poäng", "da": "Point", "en": "Points"},
    "drivers_complaint": {"sv": "missnöje", "da": "utilfredshed", "en": "complaint"},
    "drivers_praise": {"sv": "beröm", "da": "ros", "en": "praise"},
    "drivers_no_topic": {"sv": "(inget ämne)", "da": "(intet emne)", "en": "(no queue)"},
    "drivers_held_back": {"sv": "för få svar", "da": "for få svar", "en": "too few answers"},
    "drivers_none": {"sv": "Inga svar under perioden.", "da": "Ingen svar i perioden.",
                     "en": "No answers in the period."},
}

TEXTS |= SETUP_TEXTS


def current_language() -> str:
    return str(get_locale() or current_app.config["DEFAULT_LANGUAGE"])


def text(key: str, **values: object) -> str:
    """The text for `key` in the request's language, with `{name}` placeholders filled in."""
    return text_in(current_language(), key, **values)


def text_in(language: str, key: str, **values: object) -> str:
    """The text for `key` in a given language: for a mail, in its reader's language."""
    entry = TEXTS[key]
    template = entry.get(language) or entry["en"]
    return template.format(**values) if values else template


def select_language() -> str:
    """The signed-in user's language (or their agent's), else the service's default."""
    if current_user.is_authenticated:
        user = current_user.user
        chosen = user.language or (user.agent.language if user.agent else None)
        if chosen in LANGUAGES:
            return chosen
    return str(current_app.config["DEFAULT_LANGUAGE"])


def configure_languages(app: Flask) -> None:
    """Bind Flask-Babel: language per request, dates in the company's time zone."""
    from feedback_service.extensions import babel

    babel.init_app(
        app,
        default_locale=str(app.config["DEFAULT_LANGUAGE"]),
        default_timezone=str(app.config["TIMEZONE"]),
        locale_selector=select_language,
    )
    app.jinja_env.globals["text"] = text
    app.jinja_env.globals["current_language"] = current_language
