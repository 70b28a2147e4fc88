"""The SMS texts as they read today, word for word (see test_sms_texts.py)."""

EXPECTED = {
    "sv": {
        "smiley": (
            "Hej! Hur var samtalet med Anna på Acme? Svara 1 om det var bra, 2 om det var dåligt."
            " STOPP = inga fler enkäter."
        ),
        "nps": (
            "Tack för samtalet med Anna! Hur troligt är det att du skulle rekommendera Acme till "
            "en vän eller kollega? Svara 0-10. STOPP = inga fler enkäter."
        ),
        "ces": (
            "Hur lätt var det att få den hjälp du ville ha av Anna på Acme? Svara 1-5: 1 mycket "
            "svårt, 5 mycket lätt. STOPP = inga fler enkäter."
        ),
        "nps, nobody named": (
            "Tack för ditt samtal! Hur troligt är det att du skulle rekommendera oss till en vän "
            "eller kollega? Svara 0-10. STOPP = inga fler enkäter."
        ),
        "smiley, nobody named": (
            "Hej! Hur var samtalet med vår kundservice? Svara 1 om det var bra, 2 om det var "
            "dåligt. STOPP = inga fler enkäter."
        ),
        "reason": (
            "Vad gick mindre bra? Svara 1 väntetiden, 2 hjälpen du fick, 3 bemötandet, 4 det var "
            "krångligt, 5 produkten eller tjänsten. STOPP = inga fler enkäter."
        ),
        "praise": (
            "Tack! Vad gick bra? Svara 1 det gick snabbt, 2 du fick det löst, 3 ett vänligt "
            "bemötande, 4 kunnig hjälp. STOPP = inga fler enkäter."
        ),
        "comment": (
            "Tack! Vill du berätta mer? Skriv gärna en kort kommentar, annars behöver du inte "
            "svara. STOPP = inga fler enkäter."
        ),
        "thanks": "Tack för din feedback! Den hjälper oss att bli bättre.",
        "late comment": "Tack! Vi har sparat din kommentar med ditt svar.",
        "clarify smiley": (
            "Förlåt, det förstod jag inte. Svara 1 om samtalet var bra eller 2 om det var dåligt."
            " STOPP = inga fler enkäter."
        ),
        "clarify nps": (
            "Förlåt, det förstod jag inte. Svara med ett tal från 0 till 10, där 0 betyder inte "
            "alls troligt och 10 mycket troligt. STOPP = inga fler enkäter."
        ),
        "clarify ces": (
            "Förlåt, det förstod jag inte. Svara med en siffra från 1 till 5, där 1 betyder "
            "mycket svårt och 5 mycket lätt. STOPP = inga fler enkäter."
        ),
        "clarify reason": (
            "Förlåt, det förstod jag inte. Svara med en siffra: 1, 2, 3, 4, 5. STOPP = inga fler "
            "enkäter."
        ),
        "clarify praise": (
            "Förlåt, det förstod jag inte. Svara med en siffra: 1, 2, 3, 4. STOPP = inga fler "
            "enkäter."
        ),
        "closed": (
            "Tack för ditt meddelande! Enkäten är tyvärr stängd. Har du frågor är du välkommen "
            "att kontakta Acme."
        ),
        "no survey": (
            "Hej! Vi hittar ingen öppen enkät för ditt nummer. Har du frågor är du välkommen att "
            "kontakta oss."
        ),
        "opted out": "Du får inga fler enkäter från Acme. Svara START om du ångrar dig.",
        "opted in": (
            "Välkommen tillbaka! Du kan få enkäter från Acme igen. Svara STOPP för att avsluta."
        ),
        "help": (
            "Acme: en kort enkät om ditt samtal. Svara med ett tal. STOPP: inga fler enkäter. "
            "START: börja igen."
        ),
        "help, no company": (
            "vår kundservice: en kort enkät om ditt samtal. Svara med ett tal. STOPP: inga fler "
            "enkäter. START: börja igen."
        ),
    },
    "da": {
        "smiley": (
            "Hej! Hvordan var samtalen med Anna fra Acme? Svar 1 hvis den var god, 2 hvis den var"
            " dårlig. Svar STOP for afmelding."
        ),
        "nps": (
            "Tak for samtalen med Anna! Hvor sandsynligt er det, at du vil anbefale Acme til en "
            "ven eller kollega? Svar 0-10. Svar STOP for afmelding."
        ),
        "ces": (
            "Hvor let var det at få den hjælp, du ønskede, hos Anna fra Acme? Svar 1-5: 1 meget "
            "svært, 5 meget let. Svar STOP for afmelding."
        ),
        "nps, nobody named": (
            "Tak for dit opkald! Hvor sandsynligt er det, at du vil anbefale os til en ven eller "
            "kollega? Svar 0-10. Svar STOP for afmelding."
        ),
        "smiley, nobody named": (
            "Hej! Hvordan var samtalen med vores kundeservice? Svar 1 hvis den var god, 2 hvis "
            "den var dårlig. Svar STOP for afmelding."
        ),
        "reason": (
            "Hvad gik mindre godt? Svar 1 ventetiden, 2 hjælpen du fik, 3 betjeningen, 4 det var "
            "besværligt, 5 produktet eller tjenesten. Svar STOP for afmelding."
        ),
        "praise": (
            "Tak! Hvad gik godt? Svar 1 det gik hurtigt, 2 du fik det løst, 3 en venlig "
            "modtagelse, 4 kompetent hjælp. Svar STOP for afmelding."
        ),
        "comment": (
            "Tak! Vil du fortælle mere? Skriv gerne en kort kommentar, ellers behøver du ikke "
            "svare. Svar STOP for afmelding."
        ),
        "thanks": "Tak for din feedback! Den hjælper os med at blive bedre.",
        "late comment": "Tak! Vi har gemt din kommentar sammen med dit svar.",
        "clarify smiley": (
            "Undskyld, det forstod jeg ikke. Svar 1 hvis samtalen var god eller 2 hvis den var "
            "dårlig. Svar STOP for afmelding."
        ),
        "clarify nps": (
            "Undskyld, det forstod jeg ikke. Svar med et tal fra 0 til 10, hvor 0 betyder slet "
            "ikke sandsynligt og 10 meget sandsynligt. Svar STOP for afmelding."
        ),
        "clarify ces": (
            "Undskyld, det forstod jeg ikke. Svar med et tal fra 1 til 5, hvor 1 betyder meget "
            "svært og 5 meget let. Svar STOP for afmelding."
        ),
        "clarify reason": (
            "Undskyld, det forstod jeg ikke. Svar med et tal: 1, 2, 3, 4, 5. Svar STOP for "
            "afmelding."
        ),
        "clarify praise": (
            "Undskyld, det forstod jeg ikke. Svar med et tal: 1, 2, 3, 4. Svar STOP for "
            "afmelding."
        ),
        "closed": (
            "Tak for din besked! Undersøgelsen er desværre lukket. Har du spørgsmål, er du "
            "velkommen til at kontakte Acme."
        ),
        "no survey": (
            "Hej! Vi kan ikke finde en åben undersøgelse for dit nummer. Har du spørgsmål, er du "
            "velkommen til at kontakte os."
        ),
        "opted out": "Du får ikke flere undersøgelser fra Acme. Svar START hvis du fortryder.",
        "opted in": (
            "Velkommen tilbage! Du kan få undersøgelser fra Acme igen. Svar STOP for at afmelde."
        ),
        "help": (
            "Acme: en kort undersøgelse om dit opkald. Svar med et tal. STOP: ingen flere "
            "undersøgelser. START: tilmeld igen."
        ),
        "help, no company": (
            "vores kundeservice: en kort undersøgelse om dit opkald. Svar med et tal. STOP: "
            "ingen flere undersøgelser. START: tilmeld igen."
        ),
    },
    "en": {
        "smiley": (
            "Hi! How was your call with Anna at Acme? Reply 1 if it was good, 2 if it was bad. "
            "STOP to opt out."
        ),
        "nps": (
            "Thanks for talking to Anna! How likely is it that you would recommend Acme to a "
            "friend or colleague? Reply 0-10. STOP to opt out."
        ),
        "ces": (
            "How easy was it to get the help you wanted from Anna at Acme? Reply 1-5: 1 very "
            "difficult, 5 very easy. STOP to opt out."
        ),
        "nps, nobody named": (
            "Thanks for your call! How likely is it that you would recommend us to a friend or "
            "colleague? Reply 0-10. STOP to opt out."
        ),
        "smiley, nobody named": (
            "Hi! How was your call with our customer service? Reply 1 if it was good, 2 if it was"
            " bad. STOP to opt out."
        ),
        "reason": (
            "What went less well? Reply 1 the waiting time, 2 the help you got, 3 the agent's "
            "manner, 4 it took too much effort, 5 the product or service. STOP to opt out."
        ),
        "praise": (
            "Thank you! What went well? Reply 1 it was quick, 2 it got solved, 3 a friendly "
            "welcome, 4 knowledgeable help. STOP to opt out."
        ),
        "comment": (
            "Thank you! Anything to add? Write a short comment, or simply don't reply. STOP to "
            "opt out."
        ),
        "thanks": "Thank you for your feedback! It helps us get better.",
        "late comment": "Thank you! We have saved it with your answer.",
        "clarify smiley": (
            "Sorry, I didn't understand that. Reply 1 if the call was good or 2 if it was bad. "
            "STOP to opt out."
        ),
        "clarify nps": (
            "Sorry, I didn't understand that. Reply with a number from 0 to 10, where 0 is not at"
            " all likely and 10 is extremely likely. STOP to opt out."
        ),
        "clarify ces": (
            "Sorry, I didn't understand that. Reply with a number from 1 to 5, where 1 is very "
            "difficult and 5 very easy. STOP to opt out."
        ),
        "clarify reason": (
            "Sorry, I didn't understand that. Reply with a number: 1, 2, 3, 4, 5. STOP to opt "
            "out."
        ),
        "clarify praise": (
            "Sorry, I didn't understand that. Reply with a number: 1, 2, 3, 4. STOP to opt out."
        ),
        "closed": (
            "Thank you for your message! This survey has closed. If you have questions, you are "
            "welcome to contact Acme."
        ),
        "no survey": (
            "Hi! We found no open survey for your number. If you have questions, you are welcome "
            "to contact us."
        ),
        "opted out": "You will get no more surveys from Acme. Reply START to undo.",
        "opted in": "Welcome back! You may get surveys from Acme again. Reply STOP to opt out.",
        "help": (
            "Acme: a short survey about your call. Reply with a number. STOP: no more surveys. "
            "START: start again."
        ),
        "help, no company": (
            "our customer service: a short survey about your call. Reply with a number. STOP: no "
            "more surveys. START: start again."
        ),
    },
}
