"""Built-in gate kinds on the submission's facts (Table 5: BPK opinion, SAKIP, Indeks RB,
SPIP, TLHP, years of building), one class per kind; registered by ``_kinds``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from zi_engine._calendar import add_years, full_years
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.eligibility._criteria import (
    MISSING,
    CriterionContext,
    CriterionJudge,
    CriterionKind,
    CriterionResult,
    meets,
)
from zi_engine.eligibility._grades import graded_fact, score_spec_problems
from zi_engine.eligibility._judges import (
    fact_equals_judge,
    fact_min_judge,
    fact_true_judge,
    grade_min_judge,
    judges_itself,
    years_since_judge,
)
from zi_engine.eligibility._values import as_date, as_number, fact_choices, need_fields
from zi_engine.submission._model import Facts

if TYPE_CHECKING:
    from zi_engine.rubric._model import CriterionSpec, Manifest
    from zi_engine.rubric._tree import Tree


class _FactKind(CriterionKind):
    group = "gate"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        problems = need_fields(spec, "fact")
        if spec.fact and not Facts.known_path(spec.fact):
            problems.append(
                t(
                    "eligibility.unknown_fact",
                    "fact {fact} does not exist: use {choices}",
                    fact=repr(spec.fact),
                    choices=fact_choices(),
                )
            )
        return problems

    def _inconclusive(
        self, spec: CriterionSpec, required: Any, reason: str, unit: str = ""
    ) -> CriterionResult:
        """A result whose facts are missing or unusable: never a pass, never a fail."""
        return self.result(
            spec, "inconclusive", actual=None, required=required, gap=None, unit=unit, reason=reason
        )

    def _missing(self, spec: CriterionSpec, required: Any) -> CriterionResult:
        return self._inconclusive(
            spec,
            required,
            t("eligibility.fact_missing", "the submission does not give {fact}", fact=spec.fact),
        )

    def _unusable(
        self, spec: CriterionSpec, required: Any, value: Any, wanted: str
    ) -> CriterionResult:
        reason = t(
            "eligibility.fact_unusable",
            "{fact} is {value}, which is not {wanted}",
            fact=spec.fact,
            value=show(value),
            wanted=wanted,
        )
        return self._inconclusive(spec, required, reason)


def _norm(value: object) -> object:
    return value.strip().casefold() if isinstance(value, str) else value


class FactEquals(_FactKind):
    """``fact`` equals ``equals`` (or is one of ``one_of``); text compares case-insensitively."""

    name = "fact_equals"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        problems = super().check(spec, tree, manifest)
        if (spec.equals is None) == (spec.one_of is None):
            problems.append(
                t(
                    "eligibility.equals_or_one_of",
                    "kind {kind} needs exactly one of 'equals' or 'one_of'",
                    kind=repr(spec.kind),
                )
            )
        return problems

    def prepare(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> CriterionJudge | None:
        return None if judges_itself(self, FactEquals) else fact_equals_judge(spec, _norm)

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.fact is not None
        allowed: list[Any] = list(spec.one_of) if spec.one_of is not None else [spec.equals]
        required: Any = spec.one_of if spec.one_of is not None else spec.equals
        value = ctx.fact(spec.fact)
        if value is MISSING:
            return [self._missing(spec, required)]
        ok = _norm(value) in {_norm(a) for a in allowed}
        shown = t("eligibility.or", " or ").join(str(a) for a in allowed)
        reason = (
            t("eligibility.fact_is", "{fact} is {value}", fact=spec.fact, value=str(value))
            if ok
            else t(
                "eligibility.fact_is_not",
                "{fact} is {value}; required {required}",
                fact=spec.fact,
                value=str(value),
                required=shown,
            )
        )
        return [
            self.result(
                spec,
                "pass" if ok else "fail",
                actual=value if isinstance(value, (str, bool, int, float)) else str(value),
                required=required,
                gap=None,
                unit="",
                reason=reason,
            )
        ]


class FactTrue(_FactKind):
    """``fact`` is true (a yes/no fact such as ``unit.core_service``)."""

    name = "fact_true"

    def prepare(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> CriterionJudge | None:
        return None if judges_itself(self, FactTrue) else fact_true_judge(spec)

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.fact is not None
        value = ctx.fact(spec.fact)
        if value is MISSING:
            return [self._missing(spec, True)]
        ok = value is True
        return [
            self.result(
                spec,
                "pass" if ok else "fail",
                actual=bool(value),
                required=True,
                gap=None,
                unit="",
                reason=(
                    t("eligibility.fact_yes", "{fact} is yes", fact=spec.fact)
                    if ok
                    else t("eligibility.fact_no", "{fact} is no", fact=spec.fact)
                ),
            )
        ]


class FactMin(_FactKind):
    """Numeric ``fact`` ≥ ``min`` (TLHP %, LHKPN %, SPIP level)."""

    name = "fact_min"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        return super().check(spec, tree, manifest) + need_fields(spec, "min")

    def prepare(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> CriterionJudge | None:
        return None if judges_itself(self, FactMin) else fact_min_judge(spec)

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.fact is not None
        assert spec.min is not None
        value = ctx.fact(spec.fact)
        if value is MISSING:
            return [self._missing(spec, spec.min)]
        number = as_number(value)
        if number is None:
            return [self._unusable(spec, spec.min, value, t("eligibility.a_number", "a number"))]
        ok = meets(number, spec.min)
        return [
            self.result(
                spec,
                "pass" if ok else "fail",
                actual=number,
                required=spec.min,
                gap=round(max(0.0, spec.min - number), 10),
                unit="",
                reason=(
                    t(
                        "eligibility.number_is",
                        "{fact} is {number:g}",
                        fact=spec.fact,
                        number=number,
                    )
                    if ok
                    else t(
                        "eligibility.number_below",
                        "{fact} is {number:g}, below {min:g}",
                        fact=spec.fact,
                        number=number,
                        min=spec.min,
                    )
                ),
            )
        ]


class FactGradeMin(_FactKind):
    """A grade ``fact`` at least ``min_grade`` on the rubric's ``grades`` scale (best first).

    ``min_grade_by_agency_type`` gives different minimums for regional and
    central agencies (Indeks RB: CC regional, B central).
    """

    name = "fact_grade_min"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        problems = super().check(spec, tree, manifest)
        if (spec.min_grade is None) == (spec.min_grade_by_agency_type is None):
            problems.append(
                t(
                    "eligibility.min_grade_or_by_type",
                    "kind {kind} needs exactly one of 'min_grade' or 'min_grade_by_agency_type'",
                    kind=repr(spec.kind),
                )
            )
        wanted = [spec.min_grade] if spec.min_grade else []
        wanted += list((spec.min_grade_by_agency_type or {}).values())
        for grade in wanted:
            if grade not in manifest.grades:
                problems.append(
                    t(
                        "eligibility.unknown_grade",
                        "grade {grade} is not in the rubric's grades {grades}",
                        grade=repr(grade),
                        grades=str(manifest.grades),
                    )
                )
        return problems + score_spec_problems(spec.params, list(manifest.grades))

    def prepare(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> CriterionJudge | None:
        return None if judges_itself(self, FactGradeMin) else grade_min_judge(spec, manifest)

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.fact is not None
        grades = [g.casefold() for g in ctx.manifest.grades]
        minimum = spec.min_grade
        if spec.min_grade_by_agency_type is not None:
            kind = ctx.agency_type
            if kind is None or kind not in spec.min_grade_by_agency_type:
                return [
                    self._inconclusive(
                        spec,
                        None,
                        t(
                            "eligibility.agency_type_missing",
                            "the agency type (regional/central) is not given",
                        ),
                        unit="grade",
                    )
                ]
            minimum = spec.min_grade_by_agency_type[kind]
        assert minimum is not None
        # a score (params.score_fact) stands in for a grade not stated, on the rubric's bands
        value, from_score, warnings = graded_fact(spec.params, spec.fact, ctx)
        if value is MISSING:
            return [self._missing(spec, minimum)]
        text = str(value).strip()
        if text.casefold() not in grades:
            return [
                self.result(
                    spec,
                    "inconclusive",
                    actual=text,
                    required=minimum,
                    gap=None,
                    unit="grade",
                    reason=t(
                        "eligibility.grade_off_scale",
                        "{fact} {grade} is not on the grade scale {grades}",
                        fact=spec.fact,
                        grade=repr(text),
                        grades=str(ctx.manifest.grades),
                    ),
                )
            ]
        steps = grades.index(text.casefold()) - grades.index(minimum.casefold())
        ok = steps <= 0
        result = self.result(
            spec,
            "pass" if ok else "fail",
            actual=text,
            required=minimum,
            gap=float(max(0, steps)),
            unit="grade steps",
            reason=(
                t(
                    "eligibility.grade_is",
                    "{fact} is {grade}{from_score}",
                    fact=spec.fact,
                    grade=text,
                    from_score=from_score,
                )
                if ok
                else t(
                    "eligibility.grade_below",
                    "{fact} is {grade}{from_score}; at least {minimum} is required",
                    fact=spec.fact,
                    grade=text,
                    from_score=from_score,
                    minimum=minimum,
                )
            ),
        )
        return [replace(result, warnings=warnings) if warnings else result]


class YearsSinceMin(_FactKind):
    """At least ``min_years`` between the date ``fact`` and the evaluation date.

    Whole years are calendar years, counted as :mod:`zi_engine._calendar` counts
    them for every rule (building since 2025-03-01 has one year on 2026-03-01;
    since 2024-02-29, on 2025-02-28); fractional minimums count 365.2425-day years.
    """

    name = "years_since_min"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        problems = super().check(spec, tree, manifest) + need_fields(spec, "min_years")
        floor = spec.params.get("not_before")
        if floor is not None and not (isinstance(floor, str) and Facts.known_path(floor)):
            problems.append(
                t(
                    "eligibility.not_before_fact",
                    "params.not_before {floor} must name a date fact: use {choices}",
                    floor=show(floor),
                    choices=fact_choices(),
                )
            )
        return problems

    def prepare(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> CriterionJudge | None:
        return None if judges_itself(self, YearsSinceMin) else years_since_judge(spec)

    def _before_floor(
        self, spec: CriterionSpec, ctx: CriterionContext, since: date
    ) -> CriterionResult | None:
        """An inconclusive result when ``since`` is before the date fact ``params.not_before``.

        Building toward WBBM cannot begin before the unit was designated
        Menuju WBK (Tabel 5, hlm. 46): such a date is a mistake in the facts,
        reported, never counted from.
        """
        floor_path = spec.params.get("not_before")
        if floor_path is None:
            return None
        floor = as_date(ctx.fact(floor_path))
        if floor is None or since >= floor:
            return None
        assert spec.min_years is not None
        reason = t(
            "eligibility.date_before_floor",
            "{fact} {since} is before {floor_fact} {floor}, and cannot be:"
            " correct one of the two dates",
            fact=spec.fact,
            since=since.isoformat(),
            floor_fact=str(floor_path),
            floor=floor.isoformat(),
        )
        return self._inconclusive(spec, spec.min_years, reason, unit="years")

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.fact is not None
        assert spec.min_years is not None
        value = ctx.fact(spec.fact)
        if value is MISSING:
            return [self._missing(spec, spec.min_years)]
        if ctx.as_of is None:
            return [
                self._inconclusive(
                    spec,
                    spec.min_years,
                    t("eligibility.no_as_of", "no evaluation date was given (as_of)"),
                    unit="years",
                )
            ]
        since = as_date(value)
        if since is None:
            wanted = t("eligibility.a_date", "a date (YYYY-MM-DD)")
            return [self._unusable(spec, spec.min_years, value, wanted)]
        impossible = self._before_floor(spec, ctx, since)
        if impossible is not None:
            return [impossible]

        whole = float(spec.min_years).is_integer()
        if whole:
            # whole calendar years: building since 2025-03-01 has 1 year on 2026-03-01
            actual = float(full_years(since, ctx.as_of))
        else:
            actual = round((ctx.as_of - since).days / 365.2425, 4)
        ok = meets(actual, spec.min_years)
        reason = t(
            "eligibility.years_by",
            "{fact} {since}: {years:g} years by {as_of}",
            fact=spec.fact,
            since=since.isoformat(),
            years=actual,
            as_of=ctx.as_of.isoformat(),
        )
        if not ok and whole:
            reason = t(
                "eligibility.years_reached_on",
                "{fact} {since}: {years:g} years by {as_of}; reached on {reached}",
                fact=spec.fact,
                since=since.isoformat(),
                years=actual,
                as_of=ctx.as_of.isoformat(),
                reached=add_years(since, int(spec.min_years)).isoformat(),
            )
        return [
            self.result(
                spec,
                "pass" if ok else "fail",
                actual=actual,
                required=spec.min_years,
                gap=round(max(0.0, spec.min_years - actual), 4),
                unit="years",
                reason=reason,
            )
        ]
