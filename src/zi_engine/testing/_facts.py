"""Gate facts: the agency's and unit's facts, and the ``extra`` facts a rubric's criteria read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from zi_engine._calendar import add_years
from zi_engine.rubric._rubric import Rubric
from zi_engine.submission._model import AgencyFacts, Facts, UnitFacts
from zi_engine.testing._predicates import _DEFAULT_GRADES, _FACTS


def _criterion_specs(rubric: Rubric) -> list[Any]:
    """Every criterion of every predicate, plugins' extra criteria included."""
    specs: list[Any] = []
    for pred in rubric.manifest.predicates:
        try:
            specs += [bound.spec for bound in rubric.criteria(pred.id)]
        except KeyError:  # a rubric not bound to an engine's criteria
            specs += [*pred.criteria, *pred.gates]
    return specs


_FACT_TEXT = ("WTP", "WDP", "TW", "TMP", "wtp", " WTP ", "WBK", "lain")


def _fact_requirements(rubric: Rubric) -> dict[str, list[Any]]:
    """Fact path → the criteria (plugins' included) that read it."""
    out: dict[str, list[Any]] = {}
    for spec in _criterion_specs(rubric):
        if spec.fact is not None:
            out.setdefault(spec.fact, []).append(spec)
    return out


def _kind_of_fact(path: str, specs: Sequence[Any]) -> str:
    if path in _FACTS:
        return _FACTS[path]
    kinds = {s.kind for s in specs}
    if "years_since_min" in kinds:
        return "date"
    if "fact_min" in kinds:
        return "number"
    if "fact_true" in kinds:
        return "bool"
    if "fact_grade_min" in kinds:
        return "grade"
    if "fact_equals" in kinds:
        return "text"
    return "any"  # read by a plugin's criterion kind: anything a file could hold


def _fact_value(
    draw: st.DrawFn,
    what: str,
    specs: Sequence[Any],
    grades: list[str],
    as_of: date | None,
    near: bool,
) -> Any:
    if what == "bool":
        return draw(st.booleans())
    if what == "predicate":
        return draw(st.sampled_from(["none", "WBK", "WBBM"]))
    if what == "grade":
        return draw(st.sampled_from([*grades, *(g.lower() for g in grades), "Z"]))
    if what == "text":
        wanted = [s.equals for s in specs if isinstance(s.equals, str)]
        wanted += [v for s in specs for v in (s.one_of or ())]
        return draw(st.sampled_from([*_FACT_TEXT, *wanted]))
    if what == "any":
        return draw(_any_fact(as_of or date(2026, 1, 1)))
    if what == "date":
        anchor = as_of or date(2026, 1, 1)
        years = [s.min_years for s in specs if s.min_years is not None]
        if near and bool(years) and draw(st.booleans()):
            whole = int(draw(st.sampled_from(years)))
            return add_years(anchor, -whole) + timedelta(days=draw(st.sampled_from([-1, 0, 1])))
        if draw(st.integers(0, 9)) == 0:  # a leap day
            return date(draw(st.sampled_from([2016, 2020, 2024])), 2, 29)
        return anchor - timedelta(days=draw(st.integers(-30, 4000)))
    top = {"level": 5.0, "percent": 100.0}.get(what, 1000.0)
    bottom = 0.0 if what in ("level", "percent") else -1000.0
    mins = [s.min for s in specs if s.min is not None]
    if near and bool(mins) and draw(st.booleans()):
        m = draw(st.sampled_from(mins))
        value = m + draw(st.sampled_from([0.0, -0.01, 0.01, -1e-10, 1e-10]))
        return min(top, max(bottom, value))
    return draw(st.one_of(st.floats(bottom, top), st.sampled_from([bottom, top, 3.0, 100.0][:3])))


def _any_fact(anchor: date) -> st.SearchStrategy[Any]:
    """A fact only a plugin knows the meaning of: counts, yes/no, text, dates, lists of dates."""
    days = st.integers(-30, 1500).map(lambda n: anchor - timedelta(days=n))
    return st.one_of(
        st.integers(0, 3),
        st.booleans(),
        st.sampled_from(["ya", "tidak", "ada", ""]),
        days,
        days.map(date.isoformat),
        st.lists(days.map(date.isoformat), max_size=3),
    )


@st.composite
def _facts(
    draw: st.DrawFn,
    rubric: Rubric | None,
    as_of: date | None,
    complete: bool | None,
    near: bool,
    extra: Mapping[str, st.SearchStrategy[Any]],
) -> Facts:
    specs = _fact_requirements(rubric) if rubric is not None else {}
    grades = list(rubric.manifest.grades) if rubric is not None else _DEFAULT_GRADES
    paths = [p for p in _FACTS if not p.startswith("extra.")] + [
        p for p in specs if p.startswith("extra.")
    ]
    paths += [f"extra.{name}" for name in extra if f"extra.{name}" not in paths]
    referenced = [p for p in paths if p in specs]
    if complete is None:
        complete = draw(st.booleans())
    leave_out: set[str] = set()
    if not complete:
        pool = referenced or paths
        leave_out = set(draw(st.lists(st.sampled_from(pool), min_size=1, unique=True)))
    values: dict[str, dict[str, Any]] = {"agency": {}, "unit": {}, "extra": {}}
    for path in paths:
        if path in leave_out:
            continue
        head, _, name = path.partition(".")
        if head == "extra" and name in extra:
            values[head][name] = draw(extra[name])
            continue
        what = _kind_of_fact(path, specs.get(path, ()))
        values[head][name] = _fact_value(draw, what, specs.get(path, ()), grades, as_of, near)
    return Facts(
        agency=AgencyFacts(**values["agency"]),
        unit=UnitFacts(**values["unit"]),
        extra=values["extra"],
    )


def facts_for(
    rubric: Rubric | None = None,
    *,
    as_of: date | None = None,
    complete: bool | None = None,
    near_thresholds: bool = False,
    extra_facts: Mapping[str, st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[Facts]:
    """Gate facts (:class:`~zi_engine.Facts`), including the ``extra`` facts ``rubric`` reads.

    Every standard fact is drawn, plus each ``extra.<name>`` fact that a
    criterion of ``rubric`` reads – the rubric's own and those plugins add
    through ``zi_extra_criteria``. ``extra_facts`` (``{name: strategy}``)
    draws given extra facts your own way (a plugin knows what its facts
    hold); others read by a plugin's criterion kind get counts, yes/no, text,
    dates and lists of ISO dates. ``complete=True`` gives every fact,
    ``False`` leaves out at least one that the rubric reads, ``None`` either.
    With ``near_thresholds``, numbers sit at and just around the criteria's
    minimums and dates at and one day around the anniversaries
    ``years_since_min`` counts to ``as_of``.
    """
    return _facts(rubric, as_of, complete, near_thresholds, dict(extra_facts or {}))
