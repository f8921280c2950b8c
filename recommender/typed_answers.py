"""Numbers, dates and lists as account staff type them, read the way they meant them.

In a meeting people type numbers as they write them: ``15,000,000`` or ``15 000 000`` in
English, ``15.000.000`` and ``4,5`` in Vietnamese, Persian digits (``۱۲۰۰۰``, ``۴٫۵``) in
Persian. A Persian speaker also gives dates in the Solar Hijri calendar (``1405/11/26``),
the calendar goalrec's Persian documents use, and separates a list with ``،``. Only
readings that cannot mean anything else are taken: ``1,250`` stays one thousand two
hundred and fifty, ``1.25`` stays a decimal. The rest is for the intake model to judge.
"""

from __future__ import annotations

import datetime as dt
import re

from recommender.i18n import _, get_language

# Persian and Arabic-Indic digits; the Arabic decimal and thousands separators and percent
_WESTERN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬٪", "01234567890123456789.,%")
# a group separator: a comma, space or underscore before exactly three digits
_GROUP = re.compile(r"(?<=\d)[,_\s](?=\d{3}(?!\d))")
_DOT_GROUPS = r"-?\d{1,3}(?:\.\d{3})"
# A Solar Hijri year is about 621 below the Gregorian one; no plan starts before 1700 AD
_LAST_SOLAR_YEAR = 1699
_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
# what a Persian keyboard types for the list separators
_PERSIAN_SEPARATORS = {",": "،", ";": "؛"}


def western(text: str) -> str:
    """``text`` with Persian and Arabic-Indic digits written as 0-9."""
    return text.translate(_WESTERN)


def split_list(text: str, separator: str) -> list[str]:
    """The items of a list typed on one line, by ``separator`` or its Persian form."""
    marks = re.escape(separator + _PERSIAN_SEPARATORS.get(separator, ""))
    return [item.strip() for item in re.split(f"[{marks}]", text) if item.strip()]


def separator_shown(separator: str) -> str:
    """The separator as the language writes it (both forms are read)."""
    return _PERSIAN_SEPARATORS.get(separator, separator) if get_language() == "fa" else separator


def number_text(text: str, whole: bool) -> str:
    """A typed number as Python reads it: ``15.000.000`` -> ``15000000``, ``4,5`` -> ``4.5``.

    ``whole`` says the answer is a whole number, so ``1.200`` can only be one thousand two
    hundred.
    """
    text = _GROUP.sub("", western(text).strip().removesuffix("%").strip())
    if (
        re.fullmatch(rf"{_DOT_GROUPS}{{2,}}", text)  # 15.000.000: dots group the digits
        or re.fullmatch(rf"{_DOT_GROUPS}+,\d+", text)  # 1.234,5
        or (whole and re.fullmatch(rf"{_DOT_GROUPS}+", text))
    ):
        text = text.replace(".", "")
    if re.fullmatch(r"-?\d+,\d+", text):  # a comma left here is not before three digits
        text = text.replace(",", ".")
    return text


def typed_date(text: str) -> dt.date:
    """A typed ``YYYY-MM-DD`` (or ``YYYY/MM/DD``) date; in Persian, Solar Hijri years too.

    Raises ValueError with the message to show.
    """
    found = _DATE.fullmatch(western(text).strip())
    if found is None:
        raise ValueError(_("'{text}' is not a date; write it as YYYY-MM-DD").format(text=text))
    year, month, day = (int(part) for part in found.groups())
    try:
        if year <= _LAST_SOLAR_YEAR and get_language() == "fa":
            import jdatetime  # only Persian answers need it

            return jdatetime.date(year, month, day).togregorian()  # type: ignore[no-any-return]
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            _("there is no day '{text}' in the calendar (YYYY-MM-DD)").format(text=text)
        ) from None
