"""The NPS question in its standard wording, asked the same on the phone and by SMS.

The wording and the 0-10 scale are never altered; only the company's name is filled in.
"""

from __future__ import annotations

_NPS_QUESTION = {
    "sv": "Hur troligt är det att du skulle rekommendera {company} till en vän eller kollega?",
    "da": "Hvor sandsynligt er det, at du vil anbefale {company} til en ven eller kollega?",
    "en": "How likely is it that you would recommend {company} to a friend or colleague?",
}
# Without a company name the question recommends "us".
US = {"sv": "oss", "da": "os", "en": "us"}


def nps_question(language: str, company: str | None) -> str:
    return _NPS_QUESTION[language].format(company=company or US[language])
