"""What the IVR survey says on the line, in the survey's language, naming the company.

The words are messages in the catalogues under `translations/`; a language the service does not
speak gets the English prompts and voice.
"""

from __future__ import annotations

from feedback_service.languages import Catalogue, supported, translations
from feedback_service.surveys.flow import Step
from feedback_service.surveys.nps_question import nps_question
from feedback_service.surveys.praise import PraiseCatalogue, load_praise
from feedback_service.surveys.reasons import ReasonCatalogue, load_catalogue
from feedback_service.surveys.scoring import SurveyKind

# Twilio's speech and text-to-speech language codes, and a voice that speaks each one.
SPEECH_LANGUAGE = {"sv": "sv-SE", "da": "da-DK", "en": "en-GB"}
VOICE = {"sv": "Polly.Astrid", "da": "Polly.Naja", "en": "Polly.Amy"}


def _pick(named: str, unnamed: str, company: str | None) -> str:
    return named.format(company=company) if company else unnamed


def welcome(language: str, company: str | None) -> str:
    t = translations(language)
    return _pick(
        t.pgettext(
            "voice.welcome", "Thank you for calling {company}. We'd like to hear how the call went."
        ),
        t.pgettext(
            "voice.welcome.no_company", "Thank you for your call. We'd like to hear how it went."
        ),
        company,
    )


def score_question(kind: SurveyKind, language: str, company: str | None) -> str:
    t = translations(language)
    if kind is SurveyKind.NPS:
        # After the standard NPS question (`surveys/nps_question.py`): how to answer it here.
        keying = t.pgettext(
            "voice.nps_keying", "Key or say a number from 0 to 10, then press hash."
        )
        return f"{nps_question(language, company)} {keying}"
    if kind is SurveyKind.CES:
        # Net Easy, with both ends of the scale named so that a caller knows which way it runs.
        return t.pgettext(
            "voice.ces_question",
            "How easy was it to get the help you wanted? Press 1 for very difficult up to 5 for "
            "very easy.",
        )
    return t.pgettext(
        "voice.smiley_question",
        "If you are happy with the call, press 1 or say happy. "
        "If you are not, press 2 or say unhappy.",
    )


def _choice(t: Catalogue, label: str, digit: int) -> str:
    return t.pgettext("voice.choice", "{label}, press {digit}.").format(
        label=_capitalised(label), digit=digit
    )


def reason_question(language: str, catalogue: ReasonCatalogue | None = None) -> str:
    t, language = translations(language), supported(language)
    choices = [
        _choice(t, reason.label(language), reason.digit)
        for reason in (catalogue or load_catalogue()).reasons
    ]
    return " ".join([t.pgettext("voice.reason_question", "What could have gone better?"), *choices])


def praise_question(language: str, catalogue: PraiseCatalogue | None = None) -> str:
    """What went well, each choice with its key."""
    t, language = translations(language), supported(language)
    choices = [
        _choice(t, praise.label(language), praise.digit)
        for praise in (catalogue or load_praise()).choices
    ]
    return " ".join([t.pgettext("voice.praise_question", "What went well?"), *choices])


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def comment_invitation(language: str) -> str:
    return translations(language).pgettext(
        "voice.comment_invitation",
        "Would you like to leave a short comment? Speak after the tone and press hash when "
        "you are done, or simply hang up.",
    )


def spoken_comment_invitation(language: str) -> str:
    """The comment taken as speech: no tone and no key, the caller just speaks and pauses."""
    return translations(language).pgettext(
        "voice.spoken_comment_invitation",
        "Would you like to leave a short comment? Say it now, or simply hang up.",
    )


def recorded_comment_again(language: str) -> str:
    """After speech failed: the same comment asked once more, as a recording."""
    again = translations(language).pgettext(
        "voice.recorded_comment_again",
        "Please leave your comment after the tone and press hash when you are done, "
        "or simply hang up.",
    )
    return f"{not_understood(language)} {again}"


def not_understood(language: str) -> str:
    return translations(language).pgettext("voice.not_understood", "Sorry, I didn't catch that.")


def thanks(language: str) -> str:
    return translations(language).pgettext(
        "voice.thanks", "Thank you for your answers, they help us get better. Goodbye!"
    )


def goodbye(language: str, company: str | None) -> str:
    """After the questions went unanswered: a polite end, with no further question."""
    t = translations(language)
    return _pick(
        t.pgettext("voice.goodbye", "Thank you for calling {company} all the same. Goodbye!"),
        t.pgettext("voice.goodbye.no_company", "Thank you for your call all the same. Goodbye!"),
        company,
    )


def opted_out(language: str) -> str:
    return translations(language).pgettext("voice.opted_out", "We won't ask you again. Goodbye!")


def farewell(language: str, company: str | None) -> str:
    """When the survey cannot go on (the database is out of reach): thanks, and nothing more to
    answer."""
    t = translations(language)
    return _pick(
        t.pgettext("voice.farewell", "Thank you for calling {company}. Goodbye!"),
        t.pgettext("voice.farewell.no_company", "Thank you for your call. Goodbye!"),
        company,
    )


def cannot_connect(language: str) -> str:
    return translations(language).pgettext(
        "voice.cannot_connect",
        "Sorry, we can't connect your call right now. Please try again later.",
    )


def speech_hints(
    step: Step, kind: SurveyKind, language: str, catalogue: ReasonCatalogue | None = None
) -> str:
    """Hints for Twilio's speech recogniser: the words a caller is likely to answer with."""
    t, language = translations(language), supported(language)
    numbers = t.pgettext(
        "voice.hints.numbers", "zero, one, two, three, four, five, six, seven, eight, nine, ten"
    )
    if step in (Step.REASON, Step.PRAISE):
        choices = (
            (catalogue or load_catalogue()).reasons
            if step is Step.REASON
            else load_praise().choices
        )
        spoken = numbers.split(", ")
        return ", ".join(
            [*(c.label(language) for c in choices), *(spoken[c.digit] for c in choices)]
        )
    if kind is SurveyKind.SMILEY:
        return t.pgettext("voice.hints.smiley", "happy, unhappy, one, two")
    if kind is SurveyKind.CES:
        return t.pgettext(
            "voice.hints.ces",
            "very difficult, difficult, neither, easy, very easy, one, two, three, four, five",
        )
    return numbers
