"""The plan's calendar: its months, their first and last days, and where a date falls."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the end of shorter months (31 Jan + 1 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Timeframe:
    """``months`` plan months from ``start``; month 1 is the first."""

    start: dt.date
    months: int

    def month_start(self, month: int) -> dt.date:
        """The first day of plan month ``month`` (1-based)."""
        return add_months(self.start, month - 1)

    def month_end(self, month: int) -> dt.date:
        """The last day of plan month ``month``."""
        return add_months(self.start, month) - dt.timedelta(days=1)

    @property
    def end(self) -> dt.date:
        """The plan's last day."""
        return self.month_end(self.months)

    def month_of(self, day: dt.date) -> int | None:
        """The plan month ``day`` falls in (counting on past the plan's end); None before it."""
        if day < self.start:
            return None
        month = (day.year - self.start.year) * 12 + day.month - self.start.month + 1
        while self.month_start(month) > day:
            month -= 1
        return month
