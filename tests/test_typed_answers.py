"""Numbers, dates and lists typed the way each language writes them."""

import datetime as dt

import pytest

from recommender.i18n import language
from recommender.typed_answers import number_text, separator_shown, split_list, typed_date


@pytest.mark.parametrize(
    ("typed", "whole", "read"),
    [
        ("15,000,000", False, "15000000"),
        ("15 000 000", False, "15000000"),
        ("15.000.000", False, "15000000"),  # Vietnamese grouping: two dot groups
        ("1.200", True, "1200"),  # a whole number cannot be 1.2
        ("1.200", False, "1.200"),  # a decimal may be: left to mean 1.2
        ("4,5", False, "4.5"),  # Vietnamese decimal comma
        ("1.234,5", False, "1234.5"),
        ("2,400", True, "2400"),
        ("1,250", False, "1250"),  # a comma before three digits groups them, in any language
        ("3.5%", False, "3.5"),
        ("۱۲٬۵۰۰", True, "12500"),  # Persian digits and thousands separator
        ("۴٫۵٪", False, "4.5"),  # Persian decimal separator and percent sign
        ("٤٢", True, "42"),  # Arabic-Indic digits
        ("-5", True, "-5"),  # left for the model to refuse with its range
        ("a lot", False, "a lot"),
    ],
)
def test_numbers_are_read_as_meant(typed: str, whole: bool, read: str) -> None:
    assert number_text(typed, whole) == read


def test_dates_in_iso_form_with_dashes_or_slashes() -> None:
    assert typed_date("2027-02-15") == dt.date(2027, 2, 15)
    assert typed_date("2027/2/15") == dt.date(2027, 2, 15)
    with pytest.raises(ValueError, match="is not a date; write it as YYYY-MM-DD"):
        typed_date("15/02/2027")
    with pytest.raises(ValueError, match="there is no day '2027-02-30' in the calendar"):
        typed_date("2027-02-30")


def test_persian_dates_may_be_solar_hijri() -> None:
    with language("fa"):
        assert typed_date("1405/11/26") == dt.date(2027, 2, 15)
        assert typed_date("۱۴۰۵-۱۱-۲۶") == dt.date(2027, 2, 15)
        assert typed_date("2027-02-15") == dt.date(2027, 2, 15)  # Gregorian still works
        with pytest.raises(ValueError, match="1405/12/31"):  # 1405 is not a leap year
            typed_date("1405/12/31")
    # only Persian answers are read as Solar Hijri
    assert typed_date("1405-11-26") == dt.date(1405, 11, 26)


def test_lists_split_on_the_persian_separators_too() -> None:
    assert split_list("Snapp، Tapsi ,Digikala", ",") == ["Snapp", "Tapsi", "Digikala"]
    assert split_list("بیماران؛ همراهان; ", ";") == ["بیماران", "همراهان"]
    assert separator_shown(",") == ","
    with language("fa"):
        assert separator_shown(",") == "،" and separator_shown(";") == "؛"
