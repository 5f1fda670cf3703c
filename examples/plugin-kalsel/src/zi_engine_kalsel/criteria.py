"""The Inspektorat's own rule: no audit finding may stay open for more than six months.

Kalimantan Selatan's provincial inspectorate (in this example) does not put a
unit forward for WBK/WBBM while it still has findings (*temuan*) from the
Inspektorat's audits that have not been followed up for more than six months.
The national rubric has no such gate, so the plugin adds it through
``zi_extra_criteria`` for the provincial rubric; it then shows up in
``evaluation.eligibility[...].criteria`` with group ``"extra"``, beside the
national gates, and a failing result makes the predicate ``not_eligible``.

The fact is ``extra.temuan_lama`` in the submission's ``facts``, either

* a whole number: how many findings are open for more than six months (as the
  Inspektorat's follow-up register counts them), or
* a list of the dates (``YYYY-MM-DD``) of the audit reports (LHP) whose
  findings are still open; the kind counts those older than six months on the
  evaluation date (``as_of``).

A missing fact, or one that is neither, is ``inconclusive``: the rule never
passes a unit on missing data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from zi_engine import (
    MISSING,
    CriterionContext,
    CriterionKind,
    CriterionResult,
    CriterionSpec,
    Rubric,
)

__all__ = ["KALSEL_RUBRICS", "TEMUAN_LAMA", "TemuanLamaKind", "add_months", "extra_criteria"]

KALSEL_RUBRICS: frozenset[str] = frozenset({"kalsel-2026"})
"""Rubrics the rule is added to: units evaluated with the provincial rubric."""

TEMUAN_LAMA = CriterionSpec(
    id="kalsel_temuan_lama",
    label=(
        "Tidak ada temuan Inspektorat Provinsi Kalimantan Selatan yang belum "
        "ditindaklanjuti lebih dari 6 bulan"
    ),
    kind="kalsel_temuan_lama",
    fact="extra.temuan_lama",
    source="Inspektorat Provinsi Kalimantan Selatan, ketentuan internal (contoh)",
    params={"max": 0, "months": 6},
)
"""The extra criterion, as the plugin adds it to each predicate."""


def add_months(start: date, months: int) -> date:
    """``start`` plus whole calendar months (31 August + 6 months → 28/29 February)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


class TemuanLamaKind(CriterionKind):
    """At most ``params.max`` findings open longer than ``params.months`` months.

    ``fact`` names the fact to read (``extra.temuan_lama``); ``params.max``
    defaults to 0 and ``params.months`` to 6.
    """

    name = "kalsel_temuan_lama"
    group = "extra"

    # ``tree`` and ``manifest`` are typed ``object``: zi_engine does not export the
    # Tree and Manifest classes, and this kind does not need them.
    def check(self, spec: CriterionSpec, tree: object, manifest: object) -> list[str]:
        """A fact to read, and whole-number ``max`` ≥ 0 and ``months`` ≥ 1."""
        problems: list[str] = []
        if spec.fact is None:
            problems.append(f"kind {self.name!r} needs 'fact'")
        maximum = spec.params.get("max", 0)
        months = spec.params.get("months", 6)
        if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 0:
            problems.append(f"params.max must be a whole number ≥ 0, got {maximum!r}")
        if isinstance(months, bool) or not isinstance(months, int) or months < 1:
            problems.append(f"params.months must be a whole number ≥ 1, got {months!r}")
        return problems

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        """One result: pass, fail, or inconclusive when the fact is missing or unreadable."""
        assert spec.fact is not None
        maximum: int = spec.params.get("max", 0)
        months: int = spec.params.get("months", 6)
        value = ctx.fact(spec.fact)
        if value is MISSING:
            return [self._unknown(spec, maximum, f"the submission does not give {spec.fact}")]
        counted = self._count(value, months, ctx.as_of)
        if isinstance(counted, str):
            return [self._unknown(spec, maximum, counted)]
        ok = counted <= maximum
        reason = f"{counted} temuan open for more than {months} months"
        if not ok:
            reason += f"; at most {maximum} allowed"
        return [
            self.result(
                spec,
                "pass" if ok else "fail",
                actual=float(counted),
                required=float(maximum),
                gap=float(max(0, counted - maximum)),
                unit="temuan",
                reason=reason,
            )
        ]

    def _count(self, value: object, months: int, as_of: date | None) -> int | str:
        """The number of old findings, or why it cannot be told."""
        if isinstance(value, int) and not isinstance(value, bool):
            return value if value >= 0 else f"a count cannot be negative, got {value}"
        if isinstance(value, list):
            dates = [_as_date(v) for v in value]
            bad = [v for v, d in zip(value, dates, strict=True) if d is None]
            if bad:
                return f"not dates (YYYY-MM-DD): {bad!r}"
            if as_of is None:
                return f"no evaluation date was given (as_of) to measure {months} months to"
            return sum(1 for d in dates if d is not None and add_months(d, months) < as_of)
        return f"expected a count or a list of LHP dates, got {value!r}"

    def _unknown(self, spec: CriterionSpec, maximum: int, reason: str) -> CriterionResult:
        return self.result(
            spec,
            "inconclusive",
            actual=None,
            required=float(maximum),
            gap=None,
            unit="temuan",
            reason=reason,
        )


def extra_criteria(rubric: Rubric, predicate: str) -> list[CriterionSpec]:
    """The rule for every predicate of the provincial rubrics, nothing for the others.

    Scoped to the provincial rubric so that installing the plugin does not
    change evaluations against the national rubric.
    """
    return [TEMUAN_LAMA] if rubric.id in KALSEL_RUBRICS else []
