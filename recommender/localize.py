"""Numbers, money, percentages and dates the way each language writes them (Babel).

Vietnamese uses Vietnamese separators and month names; Persian uses Persian digits and,
by default, Solar Hijri dates (jdatetime), with Gregorian dates as an option. Every
function takes the language explicitly or uses the current one from :mod:`recommender.i18n`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from babel import Locale
from babel.dates import format_date as babel_date
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
)

from recommender.i18n import get_calendar, get_language

Calendar = Literal["solar_hijri", "gregorian"]
DateStyle = Literal["long", "medium", "day_month"]


_LOCALES = {"en": "en_US", "vi": "vi_VN", "fa": "fa_IR"}
# Persian is written with Persian digits; CLDR calls that the locale's "default" system
_NUMBERING = {"fa": "default"}
_PERSIAN_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
_PERSIAN_DIGITS = str.maketrans("0123456789%", "۰۱۲۳۴۵۶۷۸۹٪")


def _locale(language: str | None) -> str:
    return _LOCALES.get(language or get_language(), "en_US")


def _numbering(language: str | None) -> str:
    return _NUMBERING.get(language or get_language(), "latn")


def number(value: float, language: str | None = None, decimals: int | None = None) -> str:
    """``15000000`` -> ``15,000,000`` / ``15.000.000`` / ``۱۵٬۰۰۰٬۰۰۰``."""
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(
        value, format=pattern, locale=_locale(language), numbering_system=_numbering(language)
    )
    return digits(text, language)


def compact(value: float, language: str | None = None) -> str:
    """A short number for chart axes: ``57000`` -> ``57K`` / ``57 N`` / ``۵۷ هزار``."""
    text = format_compact_decimal(
        float(f"{value:.3g}"),
        locale=_locale(language),
        fraction_digits=2,
        numbering_system=_numbering(language),
    )
    return digits(text, language)


def money(value: float, currency: str, language: str | None = None, whole: bool = False) -> str:
    """An amount with its currency, e.g. ``15.000.000 ₫``; ``whole`` drops the minor units."""
    locale = _locale(language)
    pattern = None
    if whole:
        standard = Locale.parse(locale).currency_formats["standard"].pattern
        pattern = re.sub(r"(?<=0)\.0+", "", standard)
    text = format_currency(
        value,
        currency,
        format=pattern,
        locale=locale,
        numbering_system=_numbering(language),
        currency_digits=pattern is None,
    )
    return digits(text, language)


def percent(value: float, language: str | None = None, decimals: int = 1) -> str:
    """``12.5`` (already in percent) -> ``12.5%`` / ``12,5%`` / ``۱۲٫۵٪``."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    text = format_percent(
        value / 100, format=pattern, locale=_locale(language), numbering_system=_numbering(language)
    )
    return digits(text, language)


_BABEL_FORMATS = {"long": "long", "medium": "medium", "day_month": "d MMM"}
# Vietnamese documents write dates in figures: "15/02/2027", not CLDR's "15 thg 2, 2027"
_DATE_FORMATS = {"vi": {"medium": "dd/MM/y", "day_month": "dd/MM"}}


def date(
    value: dt.date,
    language: str | None = None,
    calendar: Calendar | None = None,
    style: DateStyle = "long",
) -> str:
    """A date in words: ``15 February 2027`` / ``15 tháng 2, 2027`` / ``۲۶ بهمن ۱۴۰۵``."""
    lang = language or get_language()
    if lang == "fa" and (calendar or get_calendar()) == "solar_hijri":
        import jdatetime  # only Persian documents need it

        solar = jdatetime.date.fromgregorian(date=value)
        text = f"{solar.day} {_PERSIAN_MONTHS[solar.month - 1]}"
        if style != "day_month":
            text += f" {solar.year}"
        return text.translate(_PERSIAN_DIGITS)
    pattern = _DATE_FORMATS.get(lang, {}).get(style, _BABEL_FORMATS[style])
    text = babel_date(value, format=pattern, locale=_locale(lang))
    return text.translate(_PERSIAN_DIGITS) if lang == "fa" else text


def month(value: dt.date, language: str | None = None, calendar: Calendar | None = None) -> str:
    """The month a date falls in, for calendars and timelines."""
    lang = language or get_language()
    if lang == "fa" and (calendar or get_calendar()) == "solar_hijri":
        import jdatetime

        solar = jdatetime.date.fromgregorian(date=value)
        return f"{_PERSIAN_MONTHS[solar.month - 1]} {solar.year}".translate(_PERSIAN_DIGITS)
    text = babel_date(value, format="LLLL yyyy", locale=_locale(lang))
    return text.translate(_PERSIAN_DIGITS) if lang == "fa" else text


def country(code: str, language: str | None = None) -> str:
    """A country's name from its ISO code: ``VN`` -> ``Vietnam`` / ``Việt Nam`` / ``ویتنام``."""
    return str(Locale.parse(_locale(language)).territories.get(code.upper(), code))


def language_name(code: str, language: str | None = None) -> str:
    """A language's name from its ISO 639-1 code: ``vi`` -> ``Vietnamese`` / ``Tiếng Việt``."""
    return str(Locale.parse(_locale(language)).languages.get(code.lower(), code))


def digits(text: str, language: str | None = None) -> str:
    """Write the Western digits (and %) of ``text`` as the language writes them."""
    return text.translate(_PERSIAN_DIGITS) if (language or get_language()) == "fa" else text
