"""The one translation point for interface text and knowledge-base wording.

Interface strings go through :func:`_` (gettext catalogs under ``recommender/locale``);
knowledge-base text is stored per language in the YAML (``{en: ..., vi: ..., fa: ...}``)
and picked with :func:`pick`. The current language lives in a context variable so a batch
of documents in different languages can be rendered without global state leaking.
"""

from __future__ import annotations

import gettext
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "vi", "fa")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "goalrec"

_language: ContextVar[str] = ContextVar("goalrec_language", default=DEFAULT_LANGUAGE)
_calendar: ContextVar[str] = ContextVar("goalrec_calendar", default="solar_hijri")


def set_calendar(calendar: str) -> None:
    """Choose the calendar Persian dates are written in: ``solar_hijri`` or ``gregorian``."""
    _calendar.set("gregorian" if calendar == "gregorian" else "solar_hijri")


def get_calendar() -> str:
    """The calendar Persian dates are written in."""
    return _calendar.get()


def get_language() -> str:
    """The language interface text is currently rendered in."""
    return _language.get()


def resolve_language(chosen: str | None, intake_language: str | None = None) -> str:
    """The language to write in: the one chosen, else the intake's if goalrec speaks it.

    English when neither says: what ``goalrec recommend`` and ``goalrec batch`` both do.
    """
    if chosen:
        return chosen
    return intake_language if intake_language in LANGUAGES else DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Switch the interface language for the current context."""
    _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def language(language: str) -> Iterator[None]:
    """Render in ``language`` inside the ``with`` block."""
    token = _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


class _PersianNumbers(string.Formatter):
    """Formats like ``str.format``, then writes plain numbers in Persian digits."""

    def format_field(self, value: object, format_spec: str) -> str:
        text = str(super().format_field(value, format_spec))
        if isinstance(value, int | float) and not isinstance(value, bool):
            return text.translate(_PERSIAN_DIGITS)
        return text


_PERSIAN_FORMATTER = _PersianNumbers()


class Message(str):
    """A translated string whose ``format`` writes plain numbers in the language's digits.

    Sentences such as "falls in month {month}" get numbers passed in as ints; in Persian
    those must read ۲, not 2. Text values (already formatted amounts, names) pass as they are.
    """

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:  # noqa: D102 - str.format
        if _language.get() != "fa":
            return str(str.format(self, *args, **kwargs))
        return str(_PERSIAN_FORMATTER.format(self, *args, **kwargs))


def _(message: str) -> str:
    """Translate an interface string into the current language (English if missing)."""
    return Message(_translations(_language.get()).gettext(message))


def N_(message: str) -> str:  # the gettext convention extractors look for
    """Mark a string for translation without translating it yet (translate it with ``_``)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a string that depends on a count."""
    return Message(_translations(_language.get()).ngettext(singular, plural, n))


def translate(message: str, language: str) -> str:
    """An interface string in a given language."""
    return _translations(language).gettext(message)


def in_every_language(message: str, **values: str | Mapping[str, str]) -> dict[str, str]:
    """An interface string in every language, as knowledge-base text.

    Used for text goalrec writes into the knowledge base itself (rules it derives from
    the catalogue), so it shows in whatever language a document uses. A value may itself
    be knowledge-base text (a platform's name), picked per language.
    """
    return {
        lang: translate(message, lang).format(
            **{k: pick(v, lang) if isinstance(v, Mapping) else v for k, v in values.items()}
        )
        for lang in LANGUAGES
    }


def pick(text: Mapping[str, str], language: str | None = None) -> str:
    """Pick one language from knowledge-base text, falling back to English."""
    lang = language or _language.get()
    return text.get(lang) or text.get(DEFAULT_LANGUAGE) or next(iter(text.values()), "")
