"""What the SMS survey says, in Swedish, Danish and English.

Texts are kept to one SMS segment (160 GSM-7 characters) where the language allows, and never
more than two (the Net Easy question names both ends of its scale): no emoji
or typographic quotes, which would switch the whole message to 70-character UCS-2 segments.
They name the agent's first name and the company, carry the opt-out hint and nothing else.
"""

from __future__ import annotations

from feedback_service.surveys.nps_question import US, nps_question
from feedback_service.surveys.praise import PraiseCatalogue, load_praise
from feedback_service.surveys.reasons import ReasonCatalogue, load_catalogue
from feedback_service.surveys.scoring import SurveyKind

SEGMENT = 160  # GSM-7 characters in one SMS
SEGMENT_IN_TWO = 153  # each part of a two-part SMS gives 7 characters to joining them

# How each language says "<agent> at <company>" and the fallbacks when one is unknown.
_WHO = {
    "sv": ("{agent} på {company}", "{agent}", "{company}", "vår kundservice"),
    "da": ("{agent} fra {company}", "{agent}", "{company}", "vores kundeservice"),
    "en": ("{agent} at {company}", "{agent}", "{company}", "our customer service"),
}

_SMILEY_QUESTION = {
    "sv": "Hej! Hur var samtalet med {who}? Svara 1 om det var bra, 2 om det var dåligt. "
          "Svara STOPP om du inte vill få fler frågor.",
    "da": "Hej! Hvordan var samtalen med {who}? Svar 1 hvis den var god, 2 hvis den var "
          "dårlig. Svar STOP, hvis du ikke vil have flere spørgsmål.",
    "en": "Hi! How was your call with {who}? Reply 1 if it was good, 2 if it was bad. "
          "Reply STOP to opt out.",
}
_NPS_GREETING = {
    "sv": ("Tack för samtalet med {agent}!", "Tack för ditt samtal!"),
    "da": ("Tak for samtalen med {agent}!", "Tak for dit opkald!"),
    "en": ("Thanks for talking to {agent}!", "Thanks for your call!"),
}
# Net Easy: "how easy was it to get the help you wanted?", with both ends of the scale named.
_CES_QUESTION = {
    "sv": "Hej! Hur lätt var det att få den hjälp du ville ha av {who}? Svara 1-5, där 1 är "
          "mycket svårt och 5 mycket lätt.",
    "da": "Hej! Hvor let var det at få den hjælp, du ønskede, hos {who}? Svar 1-5, hvor 1 er "
          "meget svært og 5 meget let.",
    "en": "Hi! How easy was it to get the help you wanted from {who}? Reply 1-5, where 1 is "
          "very difficult and 5 very easy.",
}
_PRAISE_QUESTION = {
    "sv": "Tack! Vad gick bra? Svara {choices}.",
    "da": "Tak! Hvad gik godt? Svar {choices}.",
    "en": "Thank you! What went well? Reply {choices}.",
}
_CLARIFY_CES = {
    "sv": "Svara med en siffra från 1 till 5, där 1 är mycket svårt och 5 mycket lätt.",
    "da": "Svar med et tal fra 1 til 5, hvor 1 er meget svært og 5 meget let.",
    "en": "Reply with a number from 1 to 5, where 1 is very difficult and 5 very easy.",
}
# After the standard NPS question (`surveys/nps_question.py`): how to answer it by SMS.
_NPS_REPLY = {"sv": "Svara 0-10.", "da": "Svar 0-10.", "en": "Reply 0-10."}
# Every message that asks for an answer says how to stop, not only the first one.
_OPT_OUT_HINT = {
    "sv": "STOPP = inga fler frågor.",
    "da": "STOP = ingen flere spørgsmål.",
    "en": "STOP to opt out.",
}
_REASON_QUESTION = {
    "sv": "Vad gick mindre bra? Svara {choices}.",
    "da": "Hvad gik mindre godt? Svar {choices}.",
    "en": "What went less well? Reply {choices}.",
}
_COMMENT_INVITATION = {
    "sv": "Tack! Vill du berätta mer? Skriv gärna en kort kommentar, annars behöver du inte svara.",
    "da": "Tak! Vil du fortælle mere? Skriv gerne en kort kommentar, ellers behøver du ikke svare.",
    "en": "Thank you! Anything to add? Write a short comment, or simply don't reply.",
}
_THANKS = {
    "sv": "Tack för din feedback! Den hjälper oss att bli bättre.",
    "da": "Tak for din feedback! Den hjælper os med at blive bedre.",
    "en": "Thank you for your feedback! It helps us get better.",
}
_LATE_COMMENT_THANKS = {
    "sv": "Tack! Vi har sparat det tillsammans med ditt svar.",
    "da": "Tak! Vi har gemt det sammen med dit svar.",
    "en": "Thank you! We have saved it with your answer.",
}
_SORRY = {
    "sv": "Förlåt, det förstod jag inte.",
    "da": "Undskyld, det forstod jeg ikke.",
    "en": "Sorry, I didn't understand that.",
}
_CLARIFY_SMILEY = {
    "sv": "Svara 1 om samtalet var bra eller 2 om det var dåligt.",
    "da": "Svar 1 hvis samtalen var god eller 2 hvis den var dårlig.",
    "en": "Reply 1 if the call was good or 2 if it was bad.",
}
_CLARIFY_NPS = {
    "sv": "Svara med ett tal från 0 till 10, där 0 är inte alls troligt och 10 är mycket "
          "troligt.",
    "da": "Svar med et tal fra 0 til 10, hvor 0 er slet ikke sandsynligt og 10 er meget "
          "sandsynligt.",
    "en": "Reply with a number from 0 to 10, where 0 is not at all likely and 10 is extremely "
          "likely.",
}
_CLARIFY_REASON = {
    "sv": "Svara med en siffra: {choices}.",
    "da": "Svar med et tal: {choices}.",
    "en": "Reply with a number: {choices}.",
}
_EXPIRED = {
    "sv": "Tack för ditt meddelande! Enkäten är tyvärr stängd. Har du frågor är du välkommen "
          "att kontakta {company}.",
    "da": "Tak for din besked! Undersøgelsen er desværre lukket. Har du spørgsmål, er du "
          "velkommen til at kontakte {company}.",
    "en": "Thank you for your message! This survey has closed. If you have questions, you are "
          "welcome to contact {company}.",
}
_NO_SURVEY = {
    "sv": "Hej! Vi hittar ingen öppen enkät för ditt nummer. Har du frågor är du välkommen att "
          "kontakta {company}.",
    "da": "Hej! Vi kan ikke finde en åben undersøgelse for dit nummer. Har du spørgsmål, er du "
          "velkommen til at kontakte {company}.",
    "en": "Hi! We found no open survey for your number. If you have questions, you are welcome "
          "to contact {company}.",
}
_OPTED_OUT = {
    "sv": "Du får inga fler enkäter från {company}. Svara START om du ångrar dig.",
    "da": "Du får ikke flere undersøgelser fra {company}. Svar START hvis du fortryder.",
    "en": "You will get no more surveys from {company}. Reply START to undo.",
}
_OPTED_IN = {
    "sv": "Välkommen tillbaka! Du kan få enkäter från {company} igen. Svara STOPP för att avsluta.",
    "da": "Velkommen tilbage! Du kan få undersøgelser fra {company} igen. Svar STOP for at "
          "afmelde.",
    "en": "Welcome back! You may get surveys from {company} again. Reply STOP to opt out.",
}
_HELP = {
    "sv": "{company}: en kort enkät om ditt samtal med kundservice. Svara med en siffra. "
          "STOPP: inga fler enkäter. START: börja igen.",
    "da": "{company}: en kort undersøgelse om dit opkald til kundeservice. Svar med et tal. "
          "STOP: ingen flere undersøgelser. START: begynd igen.",
    "en": "{company}: a short survey about your call to customer service. Reply with a number. "
          "STOP: no more surveys. START: start again.",
}


def _lang(language: str) -> str:
    return language if language in _WHO else "en"


def first_name(full_name: str | None) -> str | None:
    """The first word of a name: callers know the agent as "Anna", not "Anna Lindqvist"."""
    words = (full_name or "").split()
    return words[0] if words else None


def _who(language: str, agent: str | None, company: str | None) -> str:
    both, agent_only, company_only, neither = _WHO[language]
    if agent and company:
        return both.format(agent=agent, company=company)
    if agent:
        return agent_only.format(agent=agent)
    if company:
        return company_only.format(company=company)
    return neither


def _company(language: str, company: str | None) -> str:
    return company or US[language]


def _first_that_fits(*candidates: str) -> str:
    """The first text that fits one segment; long names give up the agent's name first."""
    return next((text for text in candidates if len(text) <= SEGMENT), candidates[-1])


def score_question(kind: SurveyKind | str, language: str, *, agent: str | None,
                   company: str | None) -> str:
    """The first question: the smiley, NPS or Net Easy question, naming the agent and company."""
    language = _lang(language)
    if SurveyKind(kind) is SurveyKind.CES:
        # Two segments at most: the question, the scale's two ends and how to stop.
        candidates = [_with_opt_out_hint(language, _CES_QUESTION[language].format(
            who=_who(language, named, company))) for named in (agent, None)]
        return next((text for text in candidates if len(text) <= 2 * SEGMENT_IN_TWO),
                    candidates[-1])
    if SurveyKind(kind) is SurveyKind.SMILEY:
        return _first_that_fits(*(
            _SMILEY_QUESTION[language].format(who=_who(language, named, company))
            for named in (agent, None)))
    with_agent, without_agent = _NPS_GREETING[language]
    return _first_that_fits(*(
        _with_opt_out_hint(language, " ".join(
            (greeting, nps_question(language, company), _NPS_REPLY[language])))
        for greeting in (with_agent.format(agent=agent) if agent else without_agent,
                         without_agent)))


def _reason_choices(language: str, catalogue: ReasonCatalogue) -> str:
    return ", ".join(f"{r.digit} {r.label(language)}" for r in catalogue.reasons)


def reason_question(language: str, catalogue: ReasonCatalogue | None = None) -> str:
    """Why it went badly, with the catalogue's choices as digits."""
    language = _lang(language)
    return _with_opt_out_hint(language, _REASON_QUESTION[language].format(
        choices=_reason_choices(language, catalogue or load_catalogue())))


def _praise_choices(language: str, catalogue: PraiseCatalogue) -> str:
    return ", ".join(f"{p.digit} {p.label(language)}" for p in catalogue.choices)


def praise_question(language: str, catalogue: PraiseCatalogue | None = None) -> str:
    """What went well, with the praise catalogue's choices as digits."""
    language = _lang(language)
    return _with_opt_out_hint(language, _PRAISE_QUESTION[language].format(
        choices=_praise_choices(language, catalogue or load_praise())))


def comment_invitation(language: str) -> str:
    language = _lang(language)
    return _with_opt_out_hint(language, _COMMENT_INVITATION[language])


def _with_opt_out_hint(language: str, text: str) -> str:
    return f"{text} {_OPT_OUT_HINT[language]}"


def thanks(language: str) -> str:
    return _THANKS[_lang(language)]


def late_comment_thanks(language: str) -> str:
    return _LATE_COMMENT_THANKS[_lang(language)]


def clarification(step: str, kind: SurveyKind | str, language: str,
                  catalogue: ReasonCatalogue | None = None) -> str:
    """A short "sorry" and how to answer the question that is waiting."""
    language = _lang(language)
    if step == "reason":
        digits = ", ".join(str(r.digit) for r in (catalogue or load_catalogue()).reasons)
        how = _CLARIFY_REASON[language].format(choices=digits)
    elif step == "praise":
        digits = ", ".join(str(p.digit) for p in load_praise().choices)
        how = _CLARIFY_REASON[language].format(choices=digits)
    elif SurveyKind(kind) is SurveyKind.NPS:
        how = _CLARIFY_NPS[language]
    elif SurveyKind(kind) is SurveyKind.CES:
        how = _CLARIFY_CES[language]
    else:
        how = _CLARIFY_SMILEY[language]
    return _with_opt_out_hint(language, f"{_SORRY[language]} {how}")


def _naming_company(texts: dict[str, str], language: str, company: str | None) -> str:
    language = _lang(language)
    return texts[language].format(company=_company(language, company))


def survey_closed(language: str, company: str | None) -> str:
    return _naming_company(_EXPIRED, language, company)


def no_open_survey(language: str, company: str | None) -> str:
    return _naming_company(_NO_SURVEY, language, company)


def opted_out(language: str, company: str | None) -> str:
    return _naming_company(_OPTED_OUT, language, company)


def opted_in(language: str, company: str | None) -> str:
    return _naming_company(_OPTED_IN, language, company)


def help_text(language: str, company: str | None) -> str:
    language = _lang(language)
    return _HELP[language].format(company=company or _who(language, None, None))
