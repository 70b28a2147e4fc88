"""The words of the coaching e-mails in Swedish, Danish and English.

Nothing here ranks: no "best", no "worst", no place in a list. Each agent is set only
against their own earlier weeks.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "digest_subject": "Coachning vecka {week}: {teams}",
        "digest_intro": "Vecka {week} ({first} – {last}). Varje medarbetare jämförs bara med "
                        "sina egna tidigare veckor.",
        "team_totals": "{team}: hela teamet",
        "agents_heading": "Per medarbetare (i bokstavsordning)",
        "answers": "{answers} svar på {sent} skickade enkäter, svarsfrekvens {rate}",
        "answers_none_sent": "Inga enkäter skickades den här veckan.",
        "smiley": "Nöjda kunder",
        "nps": "Transaktionell NPS (efter samtalet)",
        "ces": "Net Easy (hur lätt det var att få hjälp)",
        "score": "{value} (med så här många svar sannolikt mellan {low} och {high})",
        "change": "Senaste fyra veckorna mot de tolv före",
        "trend_higher": "högre",
        "trend_lower": "lägre",
        "trend_steady": "oförändrat (normal variation)",
        "trend_unknown": "för få svar för att avgöra",
        "left_out_agent": "{count} svar om {label} räknas inte in i resultatet: det är en fråga "
                          "för teamet, inte för {name}.",
        "left_out_agent_own": "{count} svar om {label} räknas inte in i ditt resultat: det är en "
                              "fråga för teamet, inte för dig.",
        "left_out_outside": "{count} svar om {label} räknas inte in i resultatet: det lämnas "
                            "vidare till resten av företaget.",
        "process_reasons": "Processen (bemanning och telefonmeny)",
        "nothing_stands_out": "Ingen orsak sticker ut de senaste fyra veckorna ({positive} av "
                              "{answers} kunder var nöjda).",
        "too_few": "för få svar för att visa ett resultat ({answers} av minst {min})",
        "reasons": "Orsaker som medarbetaren kan påverka",
        "reason_count_few": "{label}: {count}",
        "other_reasons": "Orsaker utanför kundtjänst (till resten av företaget)",
        "no_reasons": "Inga orsaker angivna.",
        "reason_count": "{label}: {count} ({share})",
        "comments": "Kommentarer",
        "kudos": "Beröm",
        "focus": "Förslag på coachningsfokus",
        "no_focus": "Ingen enskild orsak sticker ut den här veckan.",
        "footer": "Resultat visas bara med minst {min} svar. Medarbetare jämförs aldrig med "
                  "varandra.",
        "agent_subject": "Din vecka {week}",
        "agent_intro": "Hej {name}! Här är din egen återkoppling för vecka {week} ({first} – "
                       "{last}), jämförd med dina egna tidigare veckor.",
        "open_my_page": "Din sida",
        "open_team_page": "Teamets sida",
        "kudos_subject": "Beröm från en kund",
        "kudos_intro": "Hej {name}! En kund lämnade den här kommentaren efter ett samtal med dig:",
        "alert_subject": "Missnöjd kund att ringa upp ({agent})",
        "alert_intro": "En missnöjd kund lämnade en kommentar efter ett samtal med {agent}. "
                       "Uppföljningen väntar i kön.",
        "alert_reason": "Orsak",
        "open_follow_ups": "Uppföljningskön",
    },
    "da": {
        "digest_subject": "Coaching uge {week}: {teams}",
        "digest_intro": "Uge {week} ({first} – {last}). Hver medarbejder sammenlignes kun med "
                        "sine egne tidligere uger.",
        "team_totals": "{team}: hele teamet",
        "agents_heading": "Pr. medarbejder (i alfabetisk orden)",
        "answers": "{answers} svar på {sent} sendte undersøgelser, svarprocent {rate}",
        "answers_none_sent": "Der blev ikke sendt nogen undersøgelser i denne uge.",
        "smiley": "Tilfredse kunder",
        "nps": "Transaktionel NPS (efter opkaldet)",
        "ces": "Net Easy (hvor let det var at få hjælp)",
        "score": "{value} (med så få svar sandsynligvis mellem {low} og {high})",
        "change": "Seneste fire uger mod de tolv før",
        "trend_higher": "højere",
        "trend_lower": "lavere",
        "trend_steady": "uændret (normal variation)",
        "trend_unknown": "for få svar til at afgøre det",
        "left_out_agent": "{count} svar om {label} tæller ikke med i resultatet: det er et "
                          "spørgsmål for teamet, ikke for {name}.",
        "left_out_agent_own": "{count} svar om {label} tæller ikke med i dit resultat: det er et "
                              "spørgsmål for teamet, ikke for dig.",
        "left_out_outside": "{count} svar om {label} tæller ikke med i resultatet: det gives "
                            "videre til resten af virksomheden.",
        "process_reasons": "Processen (bemanding og telefonmenu)",
        "nothing_stands_out": "Ingen årsag skiller sig ud de seneste fire uger ({positive} af "
                              "{answers} kunder var tilfredse).",
        "too_few": "for få svar til at vise et resultat ({answers} af mindst {min})",
        "reasons": "Årsager, som medarbejderen kan påvirke",
        "reason_count_few": "{label}: {count}",
        "other_reasons": "Årsager uden for kundeservice (til resten af virksomheden)",
        "no_reasons": "Ingen årsager angivet.",
        "reason_count": "{label}: {count} ({share})",
        "comments": "Kommentarer",
        "kudos": "Ros",
        "focus": "Forslag til coachingfokus",
        "no_focus": "Ingen enkelt årsag skiller sig ud i denne uge.",
        "footer": "Resultater vises kun med mindst {min} svar. Medarbejdere sammenlignes aldrig "
                  "med hinanden.",
        "agent_subject": "Din uge {week}",
        "agent_intro": "Hej {name}! Her er din egen feedback for uge {week} ({first} – {last}), "
                       "sammenlignet med dine egne tidligere uger.",
        "open_my_page": "Din side",
        "open_team_page": "Teamets side",
        "kudos_subject": "Ros fra en kunde",
        "kudos_intro": "Hej {name}! En kunde skrev denne kommentar efter en samtale med dig:",
        "alert_subject": "Utilfreds kunde at ringe op ({agent})",
        "alert_intro": "En utilfreds kunde skrev en kommentar efter en samtale med {agent}. "
                       "Opfølgningen venter i køen.",
        "alert_reason": "Årsag",
        "open_follow_ups": "Opfølgningskøen",
    },
    "en": {
        "digest_subject": "Coaching week {week}: {teams}",
        "digest_intro": "Week {week} ({first} – {last}). Each agent is set only against their "
                        "own earlier weeks.",
        "team_totals": "{team}: the whole team",
        "agents_heading": "Per agent (in alphabetical order)",
        "answers": "{answers} answers to {sent} surveys sent, response rate {rate}",
        "answers_none_sent": "No surveys were sent this week.",
        "smiley": "Happy callers",
        "nps": "Transactional NPS (after the call)",
        "ces": "Net Easy (how easy it was to get help)",
        "score": "{value} (with this many answers, likely between {low} and {high})",
        "change": "The last four weeks against the twelve before",
        "trend_higher": "higher",
        "trend_lower": "lower",
        "trend_steady": "unchanged (normal variation)",
        "trend_unknown": "too few answers to tell",
        "left_out_agent": "{count} answers about {label} are not counted in the score: a matter "
                          "for the team, not for {name}.",
        "left_out_agent_own": "{count} answers about {label} are not counted in your score: a "
                              "matter for the team, not for you.",
        "left_out_outside": "{count} answers about {label} are not counted in the score: they go "
                            "to the rest of the company.",
        "process_reasons": "The process (staffing and the phone menu)",
        "nothing_stands_out": "No reason stands out over the last four weeks ({positive} of "
                              "{answers} callers were positive).",
        "too_few": "too few answers to show a score ({answers} of at least {min})",
        "reasons": "Reasons the agent can influence",
        "reason_count_few": "{label}: {count}",
        "other_reasons": "Reasons outside customer service (for the rest of the company)",
        "no_reasons": "No reasons given.",
        "reason_count": "{label}: {count} ({share})",
        "comments": "Comments",
        "kudos": "Kudos",
        "focus": "Suggested coaching focus",
        "no_focus": "No single reason stands out this week.",
        "footer": "Scores are shown only with at least {min} answers. Agents are never compared "
                  "with each other.",
        "agent_subject": "Your week {week}",
        "agent_intro": "Hi {name}, here is your own feedback for week {week} ({first} – {last}), "
                       "set against your own earlier weeks.",
        "open_my_page": "Your page",
        "open_team_page": "The team's page",
        "kudos_subject": "Kudos from a caller",
        "kudos_intro": "Hi {name}, a caller left this comment after a call with you:",
        "alert_subject": "Unhappy caller to call back ({agent})",
        "alert_intro": "An unhappy caller left a comment after a call with {agent}. The follow-up "
                       "waits in the queue.",
        "alert_reason": "Reason",
        "open_follow_ups": "Follow-up queue",
    },
}
