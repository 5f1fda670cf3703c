"""One calendar rule: the eligibility gate and the lifecycle's guards count years alike.

The rule (``zi_engine._calendar``): a period of N years is complete on the day with
the same number N years later; from 29 February, in a common year, on 28 February.
The gate ``years_since_min`` (bundled rubric: "building for at least one year",
counted to the evaluation date) and the lifecycle's ``min_building_time`` guard
(a proposal needs a year of building, counted to the moment) used to disagree on
that day: the gate passed on 2025-02-28 for building since 2024-02-29, the guard
refused until 1 March.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zi_engine
from tests.support.lifecycle import UNIT_HEAD, WIB
from zi_engine._calendar import add_years, full_years
from zi_engine.eligibility._kinds import YearsSinceMin
from zi_engine.lifecycle import Actor, GuardContext, Lifecycle
from zi_engine.lifecycle._builtin import min_building_time

BUNDLED = zi_engine.load_rubric("permenpan-rb-90-2021")
GATE = next(
    c for c in BUNDLED.manifest.predicates[0].gates if c.id == "lama_pembangunan"
)  # WBK: "Sudah melakukan pembangunan ZI menuju WBK minimal satu tahun"


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2096, 2, 29), 4, date(2100, 2, 28)),  # 2100 is not a leap year
        (date(2024, 2, 28), 1, date(2025, 2, 28)),
        (date(2024, 3, 1), 1, date(2025, 3, 1)),
        (date(2025, 2, 28), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), -1, date(2023, 2, 28)),
        (date(2023, 12, 31), 1, date(2024, 12, 31)),
    ],
)
def test_add_years(start: date, years: int, end: date) -> None:
    assert add_years(start, years) == end
    moment = datetime.combine(start, datetime.min.time(), WIB).replace(hour=10)
    assert add_years(moment, years) == datetime.combine(end, moment.timetz())


def test_whole_years_from_29_february() -> None:
    since = date(2024, 2, 29)
    assert full_years(since, date(2025, 2, 27)) == 0
    assert full_years(since, date(2025, 2, 28)) == 1
    assert full_years(since, date(2028, 2, 28)) == 3
    assert full_years(since, date(2028, 2, 29)) == 4
    assert full_years(since, date(2023, 1, 1)) == 0  # until before since


def test_moments_are_counted_on_the_calendar_of_the_start() -> None:
    """Building since 1 January 00:30 at UTC+14 (31 December 10:30 UTC): one year is over
    on 1 January 00:30 there, whatever zone the end is written in."""
    plus14 = timezone(timedelta(hours=14))
    since = datetime(2024, 1, 1, 0, 30, tzinfo=plus14)
    end = datetime(2024, 12, 31, 10, 30, tzinfo=timezone.utc)  # = 2025-01-01 00:30 +14
    assert full_years(since, end) == 1
    assert full_years(since, end - timedelta(seconds=1)) == 0


def test_what_the_rule_does_not_count() -> None:
    with pytest.raises(ValueError, match="start must be timezone-aware"):
        add_years(datetime(2024, 2, 29), 1)
    with pytest.raises(TypeError, match="start must be a date or a datetime, got str"):
        add_years("2024-02-29", 1)  # type: ignore[type-var]
    with pytest.raises(TypeError, match="years must be a whole number, got float"):
        add_years(date(2024, 2, 29), 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="both be dates or both be datetimes"):
        full_years(date(2024, 2, 29), datetime(2025, 3, 1, tzinfo=WIB))


@given(
    since=st.dates(date(1996, 1, 1), date(2104, 12, 31)),
    until=st.dates(date(1996, 1, 1), date(2110, 12, 31)),
)
def test_whole_years_are_the_most_periods_that_fit(since: date, until: date) -> None:
    n = full_years(since, until)
    assert n >= 0
    if n > 0:
        assert add_years(since, n) <= until
    assert add_years(since, n + 1) > until or until < since


# -- the gate and the guard agree --------------------------------------------------------------


class _Facts:
    """What ``years_since_min`` reads from an evaluation: the fact and the date."""

    def __init__(self, building_since: date, as_of: date) -> None:
        self.building_since, self.as_of = building_since, as_of

    def fact(self, path: str) -> Any:
        assert path == "unit.building_since"
        return self.building_since


def gate(since: date, on: date) -> tuple[bool, str]:
    (result,) = YearsSinceMin().evaluate(GATE, _Facts(since, on))  # type: ignore[arg-type]
    return result.outcome == "pass", result.reason


def guard(since: date, at: datetime) -> str | None:
    """``min_building_time`` for a unit building since ``since`` 09:00 WIB, asked at ``at``."""
    start = datetime.combine(since, datetime.min.time(), WIB).replace(hour=9)
    lc = Lifecycle.new("dinkes", UNIT_HEAD.agency_id or "")
    lc.fire(
        "declare",
        actor=UNIT_HEAD,
        at=start,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    lc.fire("select_unit", actor=Actor("gubernur", "agency_head", UNIT_HEAD.agency_id), at=start)
    lc.fire("start_building", actor=UNIT_HEAD, at=start)
    return min_building_time(
        GuardContext(lc, UNIT_HEAD, "propose", at, {}, lc.definition.parameters)
    )


def _around_leap_days() -> list[date]:
    out = []
    for year in range(2023, 2030):
        first = date(year, 2, 20)
        out += [first + timedelta(days=i) for i in range(20)]  # 20 Feb to 10/11 March
    return out


@pytest.mark.parametrize("since", _around_leap_days(), ids=str)
def test_the_gate_and_the_guard_agree_on_every_day_around_leap_days(since: date) -> None:
    """On each day from two days before the anniversary to two after: the gate passes on
    that day exactly when the guard passes by the end of it; the guard refuses at the start
    of it unless the day is past the anniversary; and both name the same first day."""
    due = add_years(since, 1)
    for day in (due + timedelta(days=k) for k in range(-2, 3)):
        passes, reason = gate(since, day)
        end_of_day = datetime.combine(day, datetime.max.time(), WIB)
        start_of_day = datetime.combine(day, datetime.min.time(), WIB)
        assert passes == (day >= due), (since, day, reason)
        assert (guard(since, end_of_day) is None) == passes, (since, day)
        assert (guard(since, start_of_day) is None) == (day > due), (since, day)
        if not passes:
            assert f"reached on {due.isoformat()}" in reason
            refusal = guard(since, end_of_day)
            assert refusal is not None
            assert f"possible from {due.isoformat()}T09:00:00+07:00" in refusal


@given(since=st.dates(date(2020, 1, 1), date(2032, 12, 31)), shift=st.integers(-400, 400))
def test_the_gate_and_the_guard_agree_on_any_day(since: date, shift: int) -> None:
    day = add_years(since, 1) + timedelta(days=shift)
    passes, _ = gate(since, day)
    assert (guard(since, datetime.combine(day, datetime.max.time(), WIB)) is None) == passes


def test_a_moment_as_a_gate_fact_counts_by_its_calendar_day() -> None:
    """A plugin fact given as a datetime used to crash the gate (``datetime`` compared with
    ``date``); it now counts from the day it names."""
    leap_day = datetime(2024, 2, 29, 10, tzinfo=WIB)
    assert gate(leap_day, date(2025, 2, 28))[0] is True  # type: ignore[arg-type]
    assert gate(leap_day, date(2025, 2, 27))[0] is False  # type: ignore[arg-type]
