"""The NPS question in its standard wording, asked the same on the phone and by SMS.

The wording and the 0-10 scale are never altered; only the company's name is filled in.
"""

from __future__ import annotations

from feedback_service.languages import translations


def us(language: str) -> str:
    """The company when it has no name: the question recommends "us"."""
    return translations(language).pgettext("nps.us", "us")


def naming_company(text: str, language: str, company: str | None) -> str:
    """`text` with `{company}` filled in: the company's name, else "us"."""
    return text.format(company=company or us(language))


def nps_question(language: str, company: str | None) -> str:
    question = translations(language).pgettext(
        "nps.question",
        "How likely is it that you would recommend {company} to a friend or colleague?",
    )
    return naming_company(question, language, company)
