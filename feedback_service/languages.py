"""The languages the service speaks, its translation catalogues, and numbers, percentages and
dates as each language writes them (Babel).

Every text a caller, agent or supervisor reads or hears is a message in the gettext catalogues
under `translations/` (`<language>/LC_MESSAGES/messages.po`, compiled to `.mo` at install; see
"Translations" in docs/development.md). Each message has its key as context (`msgctxt`) and its
English wording as `msgid`, so a translator changes a word in the `.po` file without touching
Python.

Texts are looked up with Babel's `Translations` for an explicit language rather than with
Flask-Babel's request locale: SMS, voice prompts and mails are written in the survey's or the
reader's language, in jobs and in tests as well as in requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal, get_args

from babel import Locale
from babel.dates import format_interval, format_skeleton
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

Language = Literal["sv", "da", "en"]
# The one list of languages: pages, surveys, mails, settings and the API accept these.
LANGUAGES: tuple[str, ...] = get_args(Language)
# Any other language (an unknown code, a missing setting) is spoken as English.
FALLBACK: Language = "en"

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
DOMAIN = "messages"


class CataloguesNotCompiled(RuntimeError):
    """A `.mo` file is missing: the catalogues are compiled at install (`scripts/install.sh`)."""


def supported(language: str | None) -> str:
    """`language` when the service speaks it, else English (never an error)."""
    return language if language in LANGUAGES else FALLBACK


def preferred_language(accepted: Iterable[tuple[str, float]]) -> str | None:
    """The service's language the reader weights highest among `(tag, weight)` pairs from
    `Accept-Language` (`da-DK` counts as `da`); the first named wins a tie, None when none fits.

    Werkzeug's own `best_match` prefers any exact match to a regional tag, so `da-DK, en;q=0.5`
    would come out English.
    """
    best, best_weight = None, 0.0
    for tag, weight in accepted:
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES and weight > best_weight:
            best, best_weight = primary, weight
    return best


class Catalogue:
    """One language's compiled messages."""

    def __init__(self, compiled: NullTranslations) -> None:
        self._compiled = compiled

    def pgettext(self, context: str, message: str) -> str:
        """The translation of `message` (the English wording) under the key `context`."""
        return str(self._compiled.pgettext(context, message))


@cache
def translations(language: str | None) -> Catalogue:
    """The compiled catalogue for `language` (English for one the service does not speak)."""
    language = supported(language)
    compiled = TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    # Babel would fall back to the English msgids in silence; a missing file is an install fault.
    if not compiled.is_file():
        raise CataloguesNotCompiled(
            f"{compiled} is missing: compile the catalogues with `scripts/translations compile`"
        )
    return Catalogue(Translations.load(str(TRANSLATIONS_DIR), [language], DOMAIN))


def pgettext_noop(context: str, message: str) -> tuple[str, str]:
    """Marks `message` for extraction under the key `context`; looked up later with
    `translations(language).pgettext(context, message)`."""
    return context, message


def message_in(language: str, key: str, english: str, **values: object) -> str:
    """The message `key` (`english` in the code) in `language`, its `{name}` placeholders
    filled in: English for a language the service does not speak."""
    template = translations(language).pgettext(key, english)
    return template.format(**values) if values else template


def messages_in(language: str, messages: Mapping[str, str]) -> Mapping[str, str]:
    """Every message of `messages` (key: English) in `language`, placeholders left as they are:
    read-only, as callers that keep it (`texts_in`) share one for every reader."""
    catalogue = translations(language)
    return MappingProxyType({key: catalogue.pgettext(key, english)
                             for key, english in messages.items()})


@cache
def _locale(language: str) -> Locale:
    """Babel's locale for `language`, parsed once: given a code, Babel parses it on every call,
    and a week's digests format a hundred thousand numbers."""
    return Locale.parse(supported(language))


# Memoised: the same few hundred counts and shares recur in every mail and page, and each
# formatting walks Babel's pattern anew.
@lru_cache(maxsize=8192, typed=True)
def percent(share: float, language: str) -> str:
    """A share (0..1) as a whole percent, as the language writes it: 82 % in Swedish and Danish
    (a non-breaking space), 82% in English."""
    return format_percent(share, locale=_locale(language))


@lru_cache(maxsize=8192, typed=True)
def number(value: float, language: str, pattern: str | None = None) -> str:
    """A count or figure as the language writes it: 1 234 in Swedish, 1.234 in Danish, 1,234 in
    English (`pattern` in Babel's notation, e.g. "#,##0.#" for at most one decimal)."""
    return format_decimal(value, format=pattern, locale=_locale(language))


def days(first: date, last: date, language: str) -> str:
    """A span of days as the language writes it: 16–22 nov. 2026, Nov 16 – 22, 2026."""
    return format_interval(first, last, "yMMMd", locale=_locale(language))


def day_in_year(day: date, language: str, *, with_year: bool = False) -> str:
    """A day as the language writes it in a sentence: 3 november, 3. november, 3 November
    (with the year when it is not the reader's current one: 3 november 2025)."""
    return format_skeleton("yMMMMd" if with_year else "MMMMd", day, locale=_locale(language))
