"""Numbers, money, dates and KPI values as a reader expects them (through the i18n layer).

These are also the templates' filters (registered in :mod:`recommender.render`).
"""

from __future__ import annotations

import datetime as dt

from recommender.i18n import N_, _, ngettext

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


def number(value: float, decimals: int | None = None) -> str:
    """``40000`` -> ``40,000``; ``1.4`` -> ``1.4``; whole numbers without ``.0``."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 1
    text = f"{value:,.{decimals}f}"
    return "0" if text in ("-0", "-0.0") else text


def percent(value: float, decimals: int | None = None) -> str:
    """``20`` -> ``20 %``."""
    return f"{number(value, decimals)} %"


def signed_percent(value: float) -> str:
    """``6`` -> ``+6 %``, ``-20`` -> ``-20 %``."""
    return ("+" if value > 0 else "") + percent(value, 1 if not float(value).is_integer() else 0)


def money(amount: float, currency: str | None) -> str:
    """``15000000, "VND"`` -> ``15,000,000 VND``."""
    shown = number(round(amount)) if abs(amount) >= 100 else number(amount, 2)
    return f"{shown} {currency}" if currency else shown


def date(day: dt.date) -> str:
    """``2027-02-15`` -> ``15 Feb 2027``."""
    return f"{day.day} {_(_MONTHS[day.month - 1])} {day.year}"


def date_range(start: dt.date, end: dt.date) -> str:
    """``4 Jan - 3 Feb 2027``, the year once when both days share it."""
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
    return ngettext("{n} month", "{n} months", n).format(n=n)


def month_span(first: int, last: int) -> str:
    """A plan month or a run of them: ``2``, ``3-18``."""
    return str(first) if first == last else f"{first}–{last}"


def join_and(items: list[str]) -> str:
    """``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return _("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])
