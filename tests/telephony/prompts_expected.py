"""The IVR prompts as they read today, word for word (see test_prompts.py)."""

EXPECTED = {
    "sv": {
        "welcome": "Tack för att du ringde Acme. Vi vill gärna höra hur samtalet gick.",
        "welcome, no company": "Tack för ditt samtal. Vi vill gärna höra hur det gick.",
        "smiley": (
            "Om du är nöjd med samtalet, tryck 1 eller säg nöjd. Om inte, tryck 2 eller säg "
            "missnöjd."
        ),
        "nps": (
            "Hur troligt är det att du skulle rekommendera Acme till en vän eller kollega? "
            "Knappa in eller säg ett tal från 0 till 10 och avsluta med fyrkant."
        ),
        "ces": (
            "Hur lätt var det att få den hjälp du ville ha? Tryck 1 om det var mycket svårt, och "
            "så vidare upp till 5 om det var mycket lätt."
        ),
        "reason": (
            "Vad gick mindre bra? Väntetiden, tryck 1. Hjälpen du fick, tryck 2. Bemötandet, "
            "tryck 3. Det var krångligt, tryck 4. Produkten eller tjänsten, tryck 5."
        ),
        "praise": (
            "Vad gick bra? Det gick snabbt, tryck 1. Du fick det löst, tryck 2. Ett vänligt "
            "bemötande, tryck 3. Kunnig hjälp, tryck 4."
        ),
        "comment": (
            "Vill du lämna en kort kommentar? Tala efter tonen och tryck fyrkant när du är "
            "klar. Annars kan du lägga på."
        ),
        "spoken comment": (
            "Vill du lämna en kort kommentar? Säg den i så fall nu. Annars kan du lägga på."
        ),
        "recorded comment again": (
            "Förlåt, det uppfattade jag inte. Tala in din kommentar efter tonen och tryck "
            "fyrkant när du är klar. Annars kan du lägga på."
        ),
        "not understood": "Förlåt, det uppfattade jag inte.",
        "thanks": "Tack för dina svar, de hjälper oss att bli bättre. Hej då!",
        "goodbye": "Tack ändå för att du ringde Acme. Hej då!",
        "goodbye, no company": "Tack ändå för ditt samtal. Hej då!",
        "opted out": "Vi frågar dig inte igen. Hej då!",
        "farewell": "Tack för att du ringde Acme. Hej då!",
        "farewell, no company": "Tack för ditt samtal. Hej då!",
        "cannot connect": (
            "Vi kan tyvärr inte koppla ditt samtal just nu. Försök gärna igen senare."
        ),
        "hints smiley": "nöjd, missnöjd, ett, två",
        "hints nps": "noll, ett, två, tre, fyra, fem, sex, sju, åtta, nio, tio",
        "hints ces": (
            "mycket svårt, svårt, varken eller, lätt, mycket lätt, ett, två, tre, fyra, fem"
        ),
        "hints reason": (
            "väntetiden, hjälpen du fick, bemötandet, det var krångligt, produkten eller "
            "tjänsten, ett, två, tre, fyra, fem"
        ),
        "hints praise": (
            "det gick snabbt, du fick det löst, ett vänligt bemötande, kunnig hjälp, ett, "
            "två, tre, fyra"
        ),
    },
    "da": {
        "welcome": "Tak, fordi du ringede til Acme. Vi vil gerne høre, hvordan samtalen gik.",
        "welcome, no company": "Tak for dit opkald. Vi vil gerne høre, hvordan det gik.",
        "smiley": (
            "Hvis du er tilfreds med samtalen, så tryk 1 eller sig tilfreds. Hvis ikke, så tryk "
            "2 eller sig utilfreds."
        ),
        "nps": (
            "Hvor sandsynligt er det, at du vil anbefale Acme til en ven eller kollega? Tast "
            "eller sig et tal fra 0 til 10, og afslut med firkant."
        ),
        "ces": (
            "Hvor let var det at få den hjælp, du ønskede? Tryk 1, hvis det var meget svært, og "
            "så videre op til 5, hvis det var meget let."
        ),
        "reason": (
            "Hvad gik mindre godt? Ventetiden, tryk 1. Hjælpen du fik, tryk 2. Betjeningen, tryk "
            "3. Det var besværligt, tryk 4. Produktet eller tjenesten, tryk 5."
        ),
        "praise": (
            "Hvad gik godt? Det gik hurtigt, tryk 1. Du fik det løst, tryk 2. En venlig "
            "modtagelse, tryk 3. Kompetent hjælp, tryk 4."
        ),
        "comment": (
            "Har du en kort kommentar? Tal efter tonen, og tryk firkant, når du er færdig. "
            "Ellers kan du bare lægge på."
        ),
        "spoken comment": "Har du en kort kommentar? Så sig den nu. Ellers kan du bare lægge på.",
        "recorded comment again": (
            "Undskyld, det opfattede jeg ikke. Indtal din kommentar efter tonen, og tryk "
            "firkant, når du er færdig. Ellers kan du bare lægge på."
        ),
        "not understood": "Undskyld, det opfattede jeg ikke.",
        "thanks": "Tak for dine svar, de hjælper os med at blive bedre. Farvel!",
        "goodbye": "Tak alligevel for dit opkald til Acme. Farvel!",
        "goodbye, no company": "Tak alligevel for dit opkald. Farvel!",
        "opted out": "Vi spørger dig ikke igen. Farvel!",
        "farewell": "Tak, fordi du ringede til Acme. Farvel!",
        "farewell, no company": "Tak for dit opkald. Farvel!",
        "cannot connect": (
            "Vi kan desværre ikke stille dit opkald igennem lige nu. Prøv gerne igen senere."
        ),
        "hints smiley": "tilfreds, utilfreds, en, to",
        "hints nps": "nul, en, to, tre, fire, fem, seks, syv, otte, ni, ti",
        "hints ces": "meget svært, svært, hverken eller, let, meget let, en, to, tre, fire, fem",
        "hints reason": (
            "ventetiden, hjælpen du fik, betjeningen, det var besværligt, produktet eller "
            "tjenesten, en, to, tre, fire, fem"
        ),
        "hints praise": (
            "det gik hurtigt, du fik det løst, en venlig modtagelse, kompetent hjælp, en, to, "
            "tre, fire"
        ),
    },
    "en": {
        "welcome": "Thank you for calling Acme. We'd like to hear how the call went.",
        "welcome, no company": "Thank you for your call. We'd like to hear how it went.",
        "smiley": (
            "If you are happy with the call, press 1 or say happy. If you are not, press 2 or "
            "say unhappy."
        ),
        "nps": (
            "How likely is it that you would recommend Acme to a friend or colleague? Key or "
            "say a number from 0 to 10, then press hash."
        ),
        "ces": (
            "How easy was it to get the help you wanted? Press 1 for very difficult up to 5 "
            "for very easy."
        ),
        "reason": (
            "What could have gone better? The waiting time, press 1. The help you got, press "
            "2. The agent's manner, press 3. It took too much effort, press 4. The product or "
            "service, press 5."
        ),
        "praise": (
            "What went well? It was quick, press 1. It got solved, press 2. A friendly "
            "welcome, press 3. Knowledgeable help, press 4."
        ),
        "comment": (
            "Would you like to leave a short comment? Speak after the tone and press hash "
            "when you are done, or simply hang up."
        ),
        "spoken comment": "Would you like to leave a short comment? Say it now, or simply hang up.",
        "recorded comment again": (
            "Sorry, I didn't catch that. Please leave your comment after the tone and press "
            "hash when you are done, or simply hang up."
        ),
        "not understood": "Sorry, I didn't catch that.",
        "thanks": "Thank you for your answers, they help us get better. Goodbye!",
        "goodbye": "Thank you for calling Acme all the same. Goodbye!",
        "goodbye, no company": "Thank you for your call all the same. Goodbye!",
        "opted out": "We won't ask you again. Goodbye!",
        "farewell": "Thank you for calling Acme. Goodbye!",
        "farewell, no company": "Thank you for your call. Goodbye!",
        "cannot connect": "Sorry, we can't connect your call right now. Please try again later.",
        "hints smiley": "happy, unhappy, one, two",
        "hints nps": "zero, one, two, three, four, five, six, seven, eight, nine, ten",
        "hints ces": (
            "very difficult, difficult, neither, easy, very easy, one, two, three, four, five"
        ),
        "hints reason": (
            "the waiting time, the help you got, the agent's manner, it took too much effort, "
            "the product or service, one, two, three, four, five"
        ),
        "hints praise": (
            "it was quick, it got solved, a friendly welcome, knowledgeable help, one, two, "
            "three, four"
        ),
    },
}
