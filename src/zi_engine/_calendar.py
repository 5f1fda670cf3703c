"""Whole calendar years, counted one way for every rule that counts them.

The eligibility gate ``years_since_min`` ("at least one year of building") and
the lifecycle's guards (a proposal needs a year of building; a revocation
locks the unit for two years) all ask the same question – *when is a period
of N years over?* – and answer it here.

**The rule.** A period of ``N`` years that starts on a day ends on the day
with the same number, in the same month, ``N`` years later; the period is
complete *on* that day. When that month has no such day – only 29 February in
a common year – the period ends on the month's last day, **28 February**.

Why 28 February and not 1 March: it is how civil-law systems count periods
in months and years (a period ending in a month without the corresponding day
ends on that month's last day, as EU Regulation 1182/71 art. 3(2)(c) and the
German BGB § 188(3) write down), and it is what the tools an evaluator or a
portal developer checks a date with compute: the spreadsheet's ``EDATE``,
Java's ``LocalDate.plusYears``, PostgreSQL's ``date + interval '1 year'``.
A period never spills into the next month, so a year that starts in February
ends in February.

Dates and timezone-aware datetimes follow the same rule; a datetime keeps its
wall-clock time and its time zone (the caller picks the zone whose calendar
counts – the lifecycle uses its definition's ``calendar_utc_offset``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

__all__ = ["add_years", "full_years"]

Day = TypeVar("Day", bound=date)  # a date, or a timezone-aware datetime


def add_years(start: Day, years: int) -> Day:
    """The day (or moment) a period of ``years`` whole years from ``start`` is complete.

    29 February plus a number of years that lands in a common year is
    28 February. ``years`` may be negative (the start of a period that ends
    on ``start``'s day, counted the same way).
    """
    _require_day(start, "start")
    if type(years) is not int:
        raise TypeError(f"years must be a whole number, got {type(years).__name__}")
    year = start.year + years
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February in a common year: the month's last day
        return start.replace(year=year, day=28)


def full_years(since: Day, until: Day) -> int:
    """Whole calendar years from ``since`` to ``until`` (0 when ``until`` is earlier).

    The largest ``n`` with ``add_years(since, n) <= until``: one year has passed
    on the first anniversary, and building since 29 February has one year on
    28 February of the next year. Both arguments are dates, or both aware
    datetimes (counted on ``since``'s calendar, compared as moments).
    """
    _require_day(since, "since")
    _require_day(until, "until")
    if isinstance(since, datetime) is not isinstance(until, datetime):
        raise TypeError("since and until must both be dates or both be datetimes")
    end: date = until
    if isinstance(since, datetime) and isinstance(until, datetime):
        end = until.astimezone(since.tzinfo)  # count on since's calendar
    years = end.year - since.year
    # add_years(since, years - 1) lies in an earlier year than end, so at most one step back
    if years > 0 and add_years(since, years) > end:
        years -= 1
    return max(0, years)


def _require_day(value: object, what: str) -> None:
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError(f"{what} must be timezone-aware, got the naive {value.isoformat()}")
    elif not isinstance(value, date):
        raise TypeError(f"{what} must be a date or a datetime, got {type(value).__name__}")
