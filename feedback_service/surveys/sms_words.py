"""The words callers text back, per language, from `translations/<language>/sms_words.toml`.

A translator adds a word to a language's file without touching Python. The parser reads a
reply with the words of every language at once, since a caller may answer in any of them; the
files are read once, and one that is missing or malformed stops the service at start with its
name and what is wrong.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from feedback_service.languages import LANGUAGES, TRANSLATIONS_DIR

FILE_NAME = "sms_words.toml"


class SmsWordsError(ValueError):
    """A words file that is missing, malformed or says one number two ways."""


def fold(word: str) -> str:
    """Case-folds and drops accents, so "NÖJD" and a hurried "nojd" look the same."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class SmsWords:
    """Every language's words, merged, each list in the order its files give it."""

    keywords: dict[str, list[str]]  # opt_out, opt_in, help: the words as written
    numbers: dict[str, int]  # folded number word to its value
    scores: dict[str, list[str]]  # ten, five, out_of, connectors, lead_ins, articles
    smiley: dict[str, list[str]]  # happy, sad, intensifier_prefixes, negators, fillers
    ease: dict[str, list[str]]  # easy, difficult, very, middle, fillers
    reasons: dict[str, list[str]]  # a reason's code to the stems callers use for it
    reason_words: dict[str, list[str]]  # label_stopwords, fillers
    praise: dict[str, list[str]]  # a praise code to its stems

    @classmethod
    def merged(cls, tables: Iterable[tuple[str, Mapping[str, Any]]]) -> SmsWords:
        """The words of each (source name, parsed table), in order."""
        words = cls({}, {}, {}, {}, {}, {}, {}, {})
        for source, table in tables:
            for section, lists in table.items():
                if section == "numbers":
                    words._add_numbers(source, lists)
                elif section in cls.__dataclass_fields__:
                    target = getattr(words, section)
                    for name, values in lists.items():
                        if not isinstance(values, list) or not all(
                                isinstance(value, str) for value in values):
                            raise SmsWordsError(f"{source}: [{section}] {name} must be a list "
                                                "of words")
                        target.setdefault(name, []).extend(values)
                else:
                    raise SmsWordsError(f"{source}: no section [{section}] is read")
        return words

    def _add_numbers(self, source: str, numbers: Mapping[str, Any]) -> None:
        for word, value in numbers.items():
            if not isinstance(value, int) or isinstance(value, bool):
                raise SmsWordsError(f"{source}: [numbers] {word} must be a whole number")
            known = self.numbers.setdefault(fold(word), value)
            if known != value:
                raise SmsWordsError(f"{source}: [numbers] {word} is {value} here and {known} "
                                    "in another language")

    def words(self, section: str, name: str) -> list[str]:
        """A list of a section, empty when no language has it."""
        return list(getattr(self, section).get(name, []))


@cache
def load_sms_words(directory: Path = TRANSLATIONS_DIR) -> SmsWords:
    """Every language's words file under `directory`, merged."""
    tables = []
    for language in LANGUAGES:
        path = directory / language / FILE_NAME
        try:
            with path.open("rb") as file:
                tables.append((str(path), tomllib.load(file)))
        except OSError as error:
            raise SmsWordsError(f"{path}: cannot be read ({error.strerror})") from None
        except tomllib.TOMLDecodeError as error:
            raise SmsWordsError(f"{path}: {error}") from None
    return SmsWords.merged(tables)
