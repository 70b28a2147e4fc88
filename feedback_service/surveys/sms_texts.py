"""What the SMS survey says, in the survey's language (the catalogues in `translations/`).

Every text fits one SMS segment (160 GSM-7 characters) with a `COMPANY_NAME` of up to 40
characters: no emoji or typographic quotes, which would switch the whole message to 70-character
UCS-2 segments. They name the agent's first name and the company, carry the opt-out hint and
nothing else; where a long name would split a text, the agent's name and then the greeting give
way. A language the service does not speak gets the English texts.
"""

from __future__ import annotations

from collections.abc import Iterable

from feedback_service.languages import LANGUAGES, Catalogue, supported, translations
from feedback_service.surveys.nps_question import naming_company, nps_question
from feedback_service.surveys.praise import Praise, PraiseCatalogue, load_praise
from feedback_service.surveys.reasons import Reason, ReasonCatalogue, load_catalogue
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.surveys.sms_segments import sms_segments


def first_name(full_name: str | None) -> str | None:
    """The first word of a name: callers know the agent as "Anna", not "Anna Lindqvist"."""
    words = (full_name or "").split()
    return words[0] if words else None


def _who(t: Catalogue, agent: str | None, company: str | None) -> str:
    """How the language says "<agent> at <company>", or either alone, or "our customer
    service" when both are unknown."""
    if agent and company:
        return t.pgettext("sms.who", "{agent} at {company}").format(agent=agent, company=company)
    return agent or company or t.pgettext("sms.who.nobody", "our customer service")


def _names_giving_way(
    agent: str | None, company: str | None
) -> list[tuple[str | None, str | None]]:
    """The agent and company to name, then what is left as each gives way to fit one segment."""
    return [(agent, company), (None, company), (None, None)]


def _first_that_fits(*candidates: str) -> str:
    """The first text that fits one segment; long names give up the agent's name first."""
    return next((text for text in candidates if sms_segments(text) == 1), candidates[-1])


def _with_opt_out_hint(t: Catalogue, text: str) -> str:
    # Every message that asks for an answer says how to stop, not only the first one.
    hint = t.pgettext("sms.opt_out_hint", "STOP to opt out.")
    return f"{text} {hint}"


def score_question(
    kind: SurveyKind | str, language: str, *, agent: str | None, company: str | None
) -> str:
    """The first question: the smiley, NPS or Net Easy question, naming the agent and company."""
    t = translations(language)
    if SurveyKind(kind) is SurveyKind.CES:
        # Net Easy: "how easy was it to get the help you wanted?", with both ends of the scale.
        question = t.pgettext(
            "sms.ces_question",
            "How easy was it to get the help you wanted from {who}? Reply 1-5: 1 very difficult, "
            "5 very easy.",
        )
        return _first_that_fits(
            *(
                _with_opt_out_hint(t, question.format(who=_who(t, *names)))
                for names in _names_giving_way(agent, company)
            )
        )
    if SurveyKind(kind) is SurveyKind.SMILEY:
        question = t.pgettext(
            "sms.smiley_question",
            "Hi! How was your call with {who}? Reply 1 if it was good, 2 if it was bad.",
        )
        return _first_that_fits(
            *(
                _with_opt_out_hint(t, question.format(who=_who(t, *names)))
                for names in _names_giving_way(agent, company)
            )
        )
    without_agent = t.pgettext("sms.nps_greeting.no_agent", "Thanks for your call!")
    with_agent = (
        t.pgettext("sms.nps_greeting", "Thanks for talking to {agent}!").format(agent=agent)
        if agent
        else without_agent
    )
    # After the standard NPS question (`surveys/nps_question.py`): how to answer it by SMS. The
    # question itself stays whole: a long company name costs the greeting, then its own place.
    reply = t.pgettext("sms.nps_reply", "Reply 0-10.")
    return _first_that_fits(
        *(
            _with_opt_out_hint(
                t, " ".join(filter(None, (greeting, nps_question(language, named), reply)))
            )
            for greeting, named in (
                (with_agent, company),
                (without_agent, company),
                ("", company),
                ("", None),
            )
        )
    )


def _numbered(language: str, choices: Iterable[Reason | Praise]) -> str:
    """A catalogue's choices as a reply expects them: "1 the waiting time, 2 ..."."""
    return ", ".join(f"{choice.digit} {choice.label(language)}" for choice in choices)


def reason_question(language: str, catalogue: ReasonCatalogue | None = None) -> str:
    """Why it went badly, with the catalogue's choices as digits."""
    t = translations(language)
    choices = _numbered(supported(language), (catalogue or load_catalogue()).reasons)
    return _with_opt_out_hint(
        t,
        t.pgettext("sms.reason_question", "What went less well? Reply {choices}.").format(
            choices=choices
        ),
    )


def praise_question(language: str, catalogue: PraiseCatalogue | None = None) -> str:
    """What went well, with the praise catalogue's choices as digits."""
    t = translations(language)
    choices = _numbered(supported(language), (catalogue or load_praise()).choices)
    return _with_opt_out_hint(
        t,
        t.pgettext("sms.praise_question", "Thank you! What went well? Reply {choices}.").format(
            choices=choices
        ),
    )


def comment_invitation(language: str) -> str:
    t = translations(language)
    return _with_opt_out_hint(
        t,
        t.pgettext(
            "sms.comment_invitation",
            "Thank you! Anything to add? Write a short comment, or simply don't reply.",
        ),
    )


def thanks(language: str) -> str:
    return translations(language).pgettext(
        "sms.thanks", "Thank you for your feedback! It helps us get better."
    )


def late_comment_thanks(language: str) -> str:
    return translations(language).pgettext(
        "sms.late_comment_thanks", "Thank you! We have saved it with your answer."
    )


def clarification(
    step: str, kind: SurveyKind | str, language: str, catalogue: ReasonCatalogue | None = None
) -> str:
    """A short "sorry" and how to answer the question that is waiting."""
    t = translations(language)
    if step in ("reason", "praise"):
        choices = (
            (catalogue or load_catalogue()).reasons if step == "reason" else load_praise().choices
        )
        how = t.pgettext("sms.clarify_choice", "Reply with a number: {choices}.").format(
            choices=", ".join(str(choice.digit) for choice in choices)
        )
    elif SurveyKind(kind) is SurveyKind.NPS:
        how = t.pgettext(
            "sms.clarify_nps",
            "Reply with a number from 0 to 10, where 0 is not at all likely and 10 is "
            "extremely likely.",
        )
    elif SurveyKind(kind) is SurveyKind.CES:
        how = t.pgettext(
            "sms.clarify_ces",
            "Reply with a number from 1 to 5, where 1 is very difficult and 5 very easy.",
        )
    else:
        how = t.pgettext("sms.clarify_smiley", "Reply 1 if the call was good or 2 if it was bad.")
    sorry = t.pgettext("sms.sorry", "Sorry, I didn't understand that.")
    return _with_opt_out_hint(t, f"{sorry} {how}")


def survey_closed(language: str, company: str | None) -> str:
    text = translations(language).pgettext(
        "sms.survey_closed",
        "Thank you for your message! This survey has closed. If you have questions, you are "
        "welcome to contact {company}.",
    )
    return naming_company(text, language, company)


def no_open_survey(language: str, company: str | None) -> str:
    text = translations(language).pgettext(
        "sms.no_open_survey",
        "Hi! We found no open survey for your number. If you have questions, you are welcome "
        "to contact {company}.",
    )
    return naming_company(text, language, company)


def opted_out(language: str, company: str | None) -> str:
    text = translations(language).pgettext(
        "sms.opted_out",
        "You will get no more surveys from {company}. Reply START to undo.",
    )
    return naming_company(text, language, company)


def opted_in(language: str, company: str | None) -> str:
    text = translations(language).pgettext(
        "sms.opted_in",
        "Welcome back! You may get surveys from {company} again. Reply STOP to opt out.",
    )
    return naming_company(text, language, company)


def help_text(language: str, company: str | None) -> str:
    t = translations(language)
    return t.pgettext(
        "sms.help",
        "{company}: a short survey about your call. Reply with a number. STOP: no more surveys. "
        "START: start again.",
    ).format(company=_who(t, None, company))


def every_text(language: str, company: str | None) -> dict[str, str]:
    """Every SMS the survey can send in `language`, by name, with no agent named (what a long
    company name leaves of each)."""
    texts = {
        f"{kind} question": score_question(kind, language, agent=None, company=company)
        for kind in SurveyKind
    }
    texts |= {
        "reason": reason_question(language),
        "praise": praise_question(language),
        "comment": comment_invitation(language),
        "thanks": thanks(language),
        "late comment": late_comment_thanks(language),
        "closed": survey_closed(language, company),
        "no survey": no_open_survey(language, company),
        "opted out": opted_out(language, company),
        "opted in": opted_in(language, company),
        "help": help_text(language, company),
    }
    for step in ("score", "reason", "praise"):
        for kind in SurveyKind:
            texts[f"clarify {step} {kind}"] = clarification(step, kind, language)
    return texts


def texts_split_by(company: str | None) -> dict[str, list[str]]:
    """The texts, per language, that this company name makes longer than one SMS segment."""
    split = {
        language: [
            name for name, text in every_text(language, company).items() if sms_segments(text) > 1
        ]
        for language in LANGUAGES
    }
    return {language: names for language, names in split.items() if names}
