"""A gate measured by the LKE's own count rows, with a stated fact as fallback and cross-check.

Tabel 5's "LHKASN dan LHKPN 100%" (hlm. 46) is the same measure as the
LKE's percentage rows computed from counts (Lampiran III, hlm. 85–86): the
gate reads the row where its counts are answered, falls back to the stated
fact where they are not, and reports a stated fact that contradicts the
counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from zi_engine._constants import TOLERANCE
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.eligibility._criteria import (
    MISSING,
    CriterionContext,
    CriterionJudge,
    CriterionKind,
    CriterionResult,
    ScoreBounds,
    ScoreGoal,
    judge_bounds,
    meets,
)
from zi_engine.eligibility._judges import judges_itself, lke_percent_judge
from zi_engine.eligibility._values import as_number, fact_choices, need_fields
from zi_engine.submission._model import Facts

if TYPE_CHECKING:
    from zi_engine.rubric._model import CriterionSpec, Manifest
    from zi_engine.rubric._tree import Tree

__all__ = ["LkePercentMin"]

# A stated percentage agrees with the counts when it is their value rounded to two decimals,
# as the LKE shows it (5 of 9 reported is 55.56%).
_STATED_ROUNDING = 0.005


class LkePercentMin(CriterionKind):
    """The LKE item ``node`` (``item:<id>``) as a percentage ≥ ``min``; else the ``fact``.

    The item's value (0..1, a ratio of counts) times 100 is the measure when
    every count it reads is answered. When some are not, the stated ``fact``
    (a percentage) decides; without it, the best and worst answers decide
    whether the result is a fail or inconclusive. A ``fact`` that differs
    from the counted percentage is reported in the result's ``warnings``
    (the counts decide: they are the measure).
    """

    name = "lke_percent_min"
    group = "gate"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        problems = need_fields(spec, "node", "min")
        if spec.min is not None and spec.min > 100:
            problems.append(
                t(
                    "eligibility.percent_above_100",
                    "min {min:g} is a percentage and cannot be above 100",
                    min=spec.min,
                )
            )
        if spec.node is not None:
            index = tree.resolve_item(spec.node) if spec.node.startswith("item:") else None
            if index is None:
                problems.append(
                    t(
                        "eligibility.node_not_question",
                        "node {node} must name a question: item:<question id>",
                        node=repr(spec.node),
                    )
                )
            elif not tree.items[index].scored or tree.items[index].coef <= 0:
                problems.append(
                    t(
                        "eligibility.node_scores_nothing",
                        "node {node} scores nothing, so it has no percentage to read",
                        node=repr(spec.node),
                    )
                )
        if spec.fact is not None and not Facts.known_path(spec.fact):
            problems.append(
                t(
                    "eligibility.unknown_fact",
                    "fact {fact} does not exist: use {choices}",
                    fact=repr(spec.fact),
                    choices=fact_choices(),
                )
            )
        return problems

    def prepare(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> CriterionJudge | None:
        if judges_itself(self, LkePercentMin):
            return None
        return lke_percent_judge(spec, tree, _stated_percent)

    def score_goals(
        self, spec: CriterionSpec, result: CriterionResult, tree: Tree
    ) -> Sequence[ScoreGoal]:
        # the counts decide: the plan can answer them (everyone obliged has reported)
        index = tree.resolve_item(spec.node) if spec.node and spec.min is not None else None
        if index is None or spec.min is None:
            return ()
        return [
            ScoreGoal(f"item:{tree.items[index].spec.id}", tree.items[index].coef * spec.min / 100)
        ]

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.node is not None
        assert spec.min is not None
        bounds = ctx.score(spec.node)
        stated = _stated_percent(spec, ctx)
        if bounds.exact:
            return [self._counted(spec, bounds, stated)]
        if isinstance(stated, float):
            return [self._from_fact(spec, stated, bounds)]
        return [self._unanswered(spec, bounds, stated)]

    def _counted(
        self, spec: CriterionSpec, bounds: ScoreBounds, stated: float | str | None
    ) -> CriterionResult:
        assert spec.min is not None
        pct = 100.0 * bounds.low / bounds.maximum
        ok = meets(pct, spec.min)
        reason: str = (
            t(
                "eligibility.counts_give",
                "the LKE's counts give {percent:.2f}% ({node})",
                percent=pct,
                node=spec.node,
            )
            if ok
            else t(
                "eligibility.counts_give_below",
                "the LKE's counts give {percent:.2f}% ({node}), below {min:g}%",
                percent=pct,
                node=spec.node,
                min=spec.min,
            )
        )
        warnings: tuple[str, ...] = ()
        if isinstance(stated, float) and abs(stated - pct) > _STATED_ROUNDING + TOLERANCE:
            warning = t(
                "eligibility.stated_contradicts_counts",
                "{fact} states {stated:g}%, but the LKE's counts ({node}) give {percent:.2f}%:"
                " the counts decide {criterion}; correct the one that is wrong",
                fact=spec.fact,
                stated=stated,
                node=spec.node,
                percent=pct,
                criterion=repr(spec.id),
            )
            reason = t(
                "eligibility.counts_contradicted",
                "{reason}; {fact} states {stated:g}%, which the counts contradict",
                reason=reason,
                fact=spec.fact,
                stated=stated,
            )
            warnings = (warning,)
        elif isinstance(stated, str):
            warnings = (
                t(
                    "eligibility.stated_unreadable",
                    "{fact} {stated}; the LKE's counts ({node}) decide",
                    fact=spec.fact,
                    stated=stated,
                    node=spec.node,
                ),
            )
        result = self.result(
            spec,
            "pass" if ok else "fail",
            actual=round(pct, 10),
            required=spec.min,
            gap=round(max(0.0, spec.min - pct), 10),
            unit="%",
            reason=reason,
        )
        return _with_warnings(result, warnings)

    def _from_fact(
        self, spec: CriterionSpec, stated: float, bounds: ScoreBounds
    ) -> CriterionResult:
        assert spec.min is not None
        ok = meets(stated, spec.min)
        reason = (
            t(
                "eligibility.stated_read",
                "{fact} is {stated:g}% ({missing} count(s) of {node} unanswered,"
                " so the stated figure is read)",
                fact=spec.fact,
                stated=stated,
                missing=bounds.missing,
                node=spec.node,
            )
            if ok
            else t(
                "eligibility.stated_read_below",
                "{fact} is {stated:g}% ({missing} count(s) of {node} unanswered,"
                " so the stated figure is read), below {min:g}%",
                fact=spec.fact,
                stated=stated,
                missing=bounds.missing,
                node=spec.node,
                min=spec.min,
            )
        )
        return self.result(
            spec,
            "pass" if ok else "fail",
            actual=stated,
            required=spec.min,
            gap=round(max(0.0, spec.min - stated), 10),
            unit="%",
            reason=reason,
        )

    def _unanswered(
        self, spec: CriterionSpec, bounds: ScoreBounds, stated: float | str | None
    ) -> CriterionResult:
        assert spec.min is not None
        outcome, why = judge_bounds(bounds, bounds.maximum * spec.min / 100)
        reason: str
        if spec.fact is None:
            reason = t(
                "eligibility.not_counted",
                "{node} is not counted yet ({why})",
                node=spec.node,
                why=why,
            )
        elif isinstance(stated, str):
            reason = t(
                "eligibility.not_counted_stated_unusable",
                "{node} is not counted yet ({why}), and {fact} {stated}",
                node=spec.node,
                why=why,
                fact=spec.fact,
                stated=stated,
            )
        else:
            reason = t(
                "eligibility.not_counted_no_fact",
                "{node} is not counted yet ({why}), and no {fact}",
                node=spec.node,
                why=why,
                fact=spec.fact,
            )
        return self.result(
            spec,
            outcome,
            actual=None
            if outcome == "inconclusive"
            else round(100 * bounds.low / bounds.maximum, 10),
            required=spec.min,
            gap=None,
            unit="%",
            reason=reason,
        )


def _stated_percent(spec: CriterionSpec, ctx: CriterionContext) -> float | str | None:
    """The stated fact as a number, ``None`` when not given, or why it cannot be read."""
    if spec.fact is None:
        return None
    value = ctx.fact(spec.fact)
    if value is MISSING:
        return None
    number = as_number(value)
    if number is not None:
        return number
    return t(
        "eligibility.stated_not_number", "is {value}, which is not a number", value=show(value)
    )


def _with_warnings(result: CriterionResult, warnings: tuple[str, ...]) -> CriterionResult:
    return replace(result, warnings=warnings) if warnings else result
