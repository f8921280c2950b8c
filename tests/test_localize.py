import datetime as dt
import re

import pytest

from recommender import localize
from recommender.i18n import language

LAUNCH = dt.date(2027, 2, 15)


@pytest.mark.parametrize(
    ("lang", "number", "money", "percent", "date"),
    [
        ("en", "15,000,000", "$1,234.50", "12.5%", "February 15, 2027"),
        ("vi", "15.000.000", "1.234,50\xa0US$", "12,5%", "15 tháng 2, 2027"),
        ("fa", "۱۵٬۰۰۰٬۰۰۰", "\u200e$\xa0۱٬۲۳۴٫۵۰", "۱۲٫۵٪", "۲۶ بهمن ۱۴۰۵"),
    ],
)
def test_each_language_writes_numbers_and_dates_its_own_way(
    lang: str, number: str, money: str, percent: str, date: str
) -> None:
    assert localize.number(15_000_000, lang) == number
    assert localize.money(1234.5, "USD", lang) == money
    assert localize.percent(12.5, lang) == percent
    assert localize.date(LAUNCH, lang) == date


def test_persian_gregorian_option_and_current_language() -> None:
    # CLDR 47 wrote the month with its ezafe (فوریهٔ), CLDR 48 without: both are right
    assert re.fullmatch("۱۵ فوریهٔ? ۲۰۲۷", localize.date(LAUNCH, "fa", "gregorian"))
    assert localize.date(dt.date(2026, 3, 21), "fa") == "۱ فروردین ۱۴۰۵"  # Nowruz
    with language("vi"):
        assert localize.money(15_000_000, "VND") == "15.000.000\xa0₫"
        assert localize.month(LAUNCH) == "Tháng 2 2027"
