"""Numbers, money, dates and KPI values as a reader expects them (through the i18n layer).

These are also the templates' filters (registered in :mod:`recommender.render`). English
keeps goalrec's own compact style; Vietnamese and Persian follow their locales through
:mod:`recommender.localize` (Babel: separators, Persian digits, Solar Hijri dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from recommender import localize
from recommender.i18n import N_, _, get_language, ngettext

_MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def _english() -> bool:
    return get_language() == "en"


def number(value: float, decimals: int | None = None) -> str:
    """``40000`` -> ``40,000``; ``1.4`` -> ``1.4``; whole numbers without ``.0``."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 1
    if not _english():
        return localize.number(0 if round(value, decimals) == 0 else value, decimals=decimals)
    text = f"{value:,.{decimals}f}"
    return "0" if text in ("-0", "-0.0") else text


def exact(value: float) -> str:
    """A number as given (up to three decimals), in the language's separators and digits."""
    if not _english():
        return localize.number(value)
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def percent(value: float, decimals: int | None = None) -> str:
    """``20`` -> ``20 %`` (``20%`` in Vietnamese, ``۲۰٪`` in Persian)."""
    if not _english():
        if decimals is None:
            decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 1
        return localize.percent(value, decimals=decimals)
    return f"{number(value, decimals)} %"


def _sign_kept(text: str) -> str:
    # in right-to-left text a leading sign would jump to the far end of the number
    return f"\u2066{text}\u2069" if get_language() == "fa" else text


def signed_percent(value: float) -> str:
    """``6`` -> ``+6 %``, ``-20`` -> ``-20 %``."""
    text = ("+" if value > 0 else "") + percent(value, 1 if not float(value).is_integer() else 0)
    return _sign_kept(text)


def signed(value: float) -> str:
    """A weight with its sign: ``+40``, ``-10`` (``+۴۰`` in Persian)."""
    return _sign_kept(localize.digits(f"{value:+g}"))


def money(amount: float, currency: str | None) -> str:
    """``15000000, "VND"`` -> ``15,000,000 VND`` (``15.000.000 ₫`` in Vietnamese)."""
    # budgets of 100 or more in whole units: a monthly share has no use for its cents
    if currency and not _english():
        return localize.money(amount, currency, whole=abs(amount) >= 100)
    shown = number(round(amount)) if abs(amount) >= 100 else number(amount, 2)
    return f"{shown} {currency}" if currency else shown


def date(day: dt.date) -> str:
    """``2027-02-15`` -> ``15 Feb 2027`` (Persian: ``۲۶ بهمن ۱۴۰۵``, Solar Hijri by default)."""
    if not _english():
        return localize.date(day, style="medium")
    return f"{day.day} {_(_MONTHS[day.month - 1])} {day.year}"


def day_month(day: dt.date) -> str:
    """A day and month without the year, for chart axes: ``15 Feb``."""
    if not _english():
        return localize.date(day, style="day_month")
    return f"{day.day} {_(_MONTHS[day.month - 1])}"


def date_range(start: dt.date, end: dt.date) -> str:
    """``4 Jan - 3 Feb 2027``, the year once when both days share it."""
    if get_language() == "vi" and start.year == end.year:
        return f"{day_month(start)} – {date(end)}"  # 04/01 – 10/01/2027
    if not _english():
        return f"{date(start)} – {date(end)}"
    if start.year == end.year:
        return f"{start.day} {_(_MONTHS[start.month - 1])} – {date(end)}"
    return f"{date(start)} – {date(end)}"


def kpi_value(value: float, unit: str, currency: str | None = None) -> str:
    """A KPI value in its unit: ``1.4 %``, ``45 min``, ``40,000``."""
    if unit == "percent":
        return percent(value, 1 if not float(value).is_integer() else 0)
    if unit == "minutes":
        return _("{n} min").format(n=number(value))
    if unit == "currency":
        return money(value, currency)
    return number(value)


def months(n: int) -> str:
    """``1 month``, ``6 months``."""
    return ngettext("{n} month", "{n} months", n).format(n=localize.digits(str(n)))


def month_span(first: int, last: int) -> str:
    """A plan month or a run of them: ``2``, ``3-18``."""
    return localize.digits(str(first) if first == last else f"{first}–{last}")


def comma() -> str:
    """The list separator of the current language (Persian writes ``،``)."""
    return "، " if get_language() == "fa" else ", "


def semicolon() -> str:
    """The separator between clauses (Persian writes ``؛``)."""
    return "؛ " if get_language() == "fa" else "; "


def listing(items: Iterable[str]) -> str:
    """``a, b, c`` with the language's separator."""
    return comma().join(items)


def clauses(items: Iterable[str]) -> str:
    """``a; b; c`` with the language's separator."""
    return semicolon().join(items)


def join_and(items: list[str]) -> str:
    """``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return _("{first} and {last}").format(first=listing(items[:-1]), last=items[-1])


def as_typed(text: str) -> str:
    """Intake text (a client's name, a competitor) shown in its own direction.

    In a right-to-left document a Latin name that opens or ends with punctuation would have
    it moved to the other end ("<Co>" shown as "Co><"); a first-strong isolate lets the
    text keep the direction of its own first letter, so it reads exactly as typed.
    """
    return f"\u2068{text}\u2069" if text and get_language() == "fa" else text


def localized_digits(value: object) -> str:
    """A number or a text with numbers, in the language's digits (``1`` -> ``۱``)."""
    return localize.digits(str(value))
