"""What the IVR survey says on the line, in Swedish, Danish and English, naming the company."""

from __future__ import annotations

from feedback_service.surveys.flow import Step
from feedback_service.surveys.nps_question import nps_question
from feedback_service.surveys.praise import PraiseCatalogue, load_praise
from feedback_service.surveys.reasons import ReasonCatalogue, load_catalogue
from feedback_service.surveys.scoring import SurveyKind

# Twilio's speech and text-to-speech language codes, and a voice that speaks each one.
SPEECH_LANGUAGE = {"sv": "sv-SE", "da": "da-DK", "en": "en-GB"}
VOICE = {"sv": "Polly.Astrid", "da": "Polly.Naja", "en": "Polly.Amy"}

_WELCOME = {
    "sv": ("Tack för att du ringde {company}. Vi vill gärna höra hur samtalet gick.",
           "Tack för ditt samtal. Vi vill gärna höra hur det gick."),
    "da": ("Tak, fordi du ringede til {company}. Vi vil gerne høre, hvordan samtalen gik.",
           "Tak for dit opkald. Vi vil gerne høre, hvordan det gik."),
    "en": ("Thank you for calling {company}. We'd like to hear how the call went.",
           "Thank you for your call. We'd like to hear how it went."),
}
_SMILEY_QUESTION = {
    "sv": "Är du nöjd med samtalet, tryck 1 eller säg nöjd. "
          "Är du inte nöjd, tryck 2 eller säg missnöjd.",
    "da": "Er du tilfreds med samtalen, tryk 1 eller sig tilfreds. "
          "Er du ikke tilfreds, tryk 2 eller sig utilfreds.",
    "en": "If you are happy with the call, press 1 or say happy. "
          "If you are not, press 2 or say unhappy.",
}
# After the standard NPS question (`surveys/nps_question.py`): how to answer it on the line.
_NPS_KEYING = {
    "sv": "Tryck eller säg en siffra från 0 till 10, och avsluta med fyrkant.",
    "da": "Tast eller sig et tal fra 0 til 10, og afslut med firkant.",
    "en": "Key or say a number from 0 to 10, then press hash.",
}
# Net Easy, with both ends of the scale named so that a caller knows which way it runs.
_CES_QUESTION = {
    "sv": "Hur lätt var det att få den hjälp du ville ha? Tryck 1 för mycket svårt upp till 5 "
          "för mycket lätt.",
    "da": "Hvor let var det at få den hjælp, du ønskede? Tryk 1 for meget svært op til 5 for "
          "meget let.",
    "en": "How easy was it to get the help you wanted? Press 1 for very difficult up to 5 for "
          "very easy.",
}
_PRAISE_QUESTION = {
    "sv": ("Vad gick bra?", "{label}, tryck {digit}."),
    "da": ("Hvad gik godt?", "{label}, tryk {digit}."),
    "en": ("What went well?", "{label}, press {digit}."),
}
_REASON_QUESTION = {
    "sv": ("Vad gick mindre bra?", "{label}, tryck {digit}."),
    "da": ("Hvad gik mindre godt?", "{label}, tryk {digit}."),
    "en": ("What could have gone better?", "{label}, press {digit}."),
}
_COMMENT_INVITATION = {
    "sv": "Vill du lämna en kort kommentar? Tala efter tonen och tryck fyrkant när du är klar. "
          "Annars kan du lägga på.",
    "da": "Vil du give en kort kommentar? Tal efter tonen, og tryk firkant, når du er færdig. "
          "Ellers kan du bare lægge på.",
    "en": "Would you like to leave a short comment? Speak after the tone and press hash when "
          "you are done, or simply hang up.",
}
# The comment taken as speech: no tone and no key, the caller just speaks and pauses.
_SPOKEN_COMMENT_INVITATION = {
    "sv": "Vill du lämna en kort kommentar? Säg den nu. Annars kan du lägga på.",
    "da": "Vil du give en kort kommentar? Sig den nu. Ellers kan du bare lægge på.",
    "en": "Would you like to leave a short comment? Say it now, or simply hang up.",
}
# When the words could not be made out: asked once more, recorded this time.
_RECORDED_COMMENT_AGAIN = {
    "sv": "Tala in din kommentar efter tonen och tryck fyrkant när du är klar. "
          "Annars kan du lägga på.",
    "da": "Indtal din kommentar efter tonen, og tryk firkant, når du er færdig. "
          "Ellers kan du bare lægge på.",
    "en": "Please leave your comment after the tone and press hash when you are done, "
          "or simply hang up.",
}
_NOT_UNDERSTOOD = {
    "sv": "Förlåt, det uppfattade jag inte.",
    "da": "Undskyld, det forstod jeg ikke.",
    "en": "Sorry, I didn't catch that.",
}
_THANKS = {
    "sv": "Tack för dina svar, de hjälper oss att bli bättre. Hej då!",
    "da": "Tak for dine svar, de hjælper os med at blive bedre. Farvel!",
    "en": "Thank you for your answers, they help us get better. Goodbye!",
}
_GOODBYE = {
    "sv": ("Tack ändå för att du ringde {company}. Hej då!", "Tack ändå för ditt samtal. Hej då!"),
    "da": ("Tak alligevel, fordi du ringede til {company}. Farvel!",
           "Tak for dit opkald alligevel. Farvel!"),
    "en": ("Thank you for calling {company} all the same. Goodbye!",
           "Thank you for your call all the same. Goodbye!"),
}
_OPTED_OUT = {
    "sv": "Vi frågar dig inte igen. Hej då!",
    "da": "Vi spørger dig ikke igen. Farvel!",
    "en": "We won't ask you again. Goodbye!",
}
# When the survey cannot go on (the database is out of reach): thanks, and nothing more to answer.
_FAREWELL = {
    "sv": ("Tack för att du ringde {company}. Hej då!", "Tack för ditt samtal. Hej då!"),
    "da": ("Tak, fordi du ringede til {company}. Farvel!", "Tak for dit opkald. Farvel!"),
    "en": ("Thank you for calling {company}. Goodbye!", "Thank you for your call. Goodbye!"),
}
_CANNOT_CONNECT = {
    "sv": "Vi kan tyvärr inte koppla ditt samtal just nu. Försök gärna igen senare.",
    "da": "Vi kan desværre ikke stille dit opkald igennem lige nu. Prøv gerne igen senere.",
    "en": "Sorry, we can't connect your call right now. Please try again later.",
}

# Words the speech recogniser should expect at each question, beside the catalogue's labels.
_SMILEY_HINTS = {
    "sv": "nöjd, missnöjd, ett, två",
    "da": "tilfreds, utilfreds, en, to",
    "en": "happy, unhappy, one, two",
}
_CES_HINTS = {
    "sv": "mycket svårt, svårt, varken eller, lätt, mycket lätt, ett, två, tre, fyra, fem",
    "da": "meget svært, svært, hverken eller, let, meget let, en, to, tre, fire, fem",
    "en": "very difficult, difficult, neither, easy, very easy, one, two, three, four, five",
}
_NUMBER_HINTS = {
    "sv": "noll, ett, två, tre, fyra, fem, sex, sju, åtta, nio, tio",
    "da": "nul, en, to, tre, fire, fem, seks, syv, otte, ni, ti",
    "en": "zero, one, two, three, four, five, six, seven, eight, nine, ten",
}


def _pick(texts: tuple[str, str], company: str | None) -> str:
    named, unnamed = texts
    return named.format(company=company) if company else unnamed


def welcome(language: str, company: str | None) -> str:
    return _pick(_WELCOME[language], company)


def score_question(kind: SurveyKind, language: str, company: str | None) -> str:
    if kind is SurveyKind.NPS:
        return f"{nps_question(language, company)} {_NPS_KEYING[language]}"
    if kind is SurveyKind.CES:
        return _CES_QUESTION[language]
    return _SMILEY_QUESTION[language]


def reason_question(language: str, catalogue: ReasonCatalogue | None = None) -> str:
    question, choice = _REASON_QUESTION[language]
    choices = [
        choice.format(label=_capitalised(reason.label(language)), digit=reason.digit)
        for reason in (catalogue or load_catalogue()).reasons
    ]
    return " ".join([question, *choices])


def praise_question(language: str, catalogue: PraiseCatalogue | None = None) -> str:
    """What went well, each choice with its key."""
    question, choice = _PRAISE_QUESTION[language]
    choices = [
        choice.format(label=_capitalised(praise.label(language)), digit=praise.digit)
        for praise in (catalogue or load_praise()).choices
    ]
    return " ".join([question, *choices])


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def comment_invitation(language: str) -> str:
    return _COMMENT_INVITATION[language]


def spoken_comment_invitation(language: str) -> str:
    return _SPOKEN_COMMENT_INVITATION[language]


def recorded_comment_again(language: str) -> str:
    """After speech failed: the same comment asked once more, as a recording."""
    return f"{_NOT_UNDERSTOOD[language]} {_RECORDED_COMMENT_AGAIN[language]}"


def not_understood(language: str) -> str:
    return _NOT_UNDERSTOOD[language]


def thanks(language: str) -> str:
    return _THANKS[language]


def goodbye(language: str, company: str | None) -> str:
    """After the questions went unanswered: a polite end, with no further question."""
    return _pick(_GOODBYE[language], company)


def opted_out(language: str) -> str:
    return _OPTED_OUT[language]


def farewell(language: str, company: str | None) -> str:
    return _pick(_FAREWELL[language], company)


def cannot_connect(language: str) -> str:
    return _CANNOT_CONNECT[language]


def speech_hints(step: Step, kind: SurveyKind, language: str,
                 catalogue: ReasonCatalogue | None = None) -> str:
    """Hints for Twilio's speech recogniser: the words a caller is likely to answer with."""
    if step in (Step.REASON, Step.PRAISE):
        choices = ((catalogue or load_catalogue()).reasons if step is Step.REASON
                   else load_praise().choices)
        numbers = _NUMBER_HINTS[language].split(", ")
        return ", ".join([*(c.label(language) for c in choices),
                          *(numbers[c.digit] for c in choices)])
    if kind is SurveyKind.SMILEY:
        return _SMILEY_HINTS[language]
    if kind is SurveyKind.CES:
        return _CES_HINTS[language]
    return _NUMBER_HINTS[language]
