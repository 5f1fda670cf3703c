"""Built-in criterion kinds (Table 6 score thresholds, Table 5 gates), as a plugin."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from zi_engine._i18n import t
from zi_engine.eligibility._counted import LkePercentMin
from zi_engine.eligibility._criteria import (
    CriterionContext,
    CriterionJudge,
    CriterionKind,
    CriterionResult,
    ScoreGoal,
    judge_bounds,
    meets,
)
from zi_engine.eligibility._gates import FactEquals, FactGradeMin, FactMin, FactTrue, YearsSinceMin
from zi_engine.eligibility._judges import (
    area_percent_judge,
    judges_itself,
    score_min_judge,
)
from zi_engine.eligibility._values import need_fields
from zi_engine.hookspecs import hookimpl

if TYPE_CHECKING:
    from zi_engine.rubric._model import CriterionSpec, Manifest
    from zi_engine.rubric._tree import Tree


class ScoreMin(CriterionKind):
    """``node`` (or ``item:<id>``) score ≥ ``min`` points."""

    name = "score_min"
    group = "score"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        problems = need_fields(spec, "node", "min")
        if problems or spec.node is None or spec.min is None:
            return problems
        if spec.node.startswith("item:"):
            item = tree.resolve_item(spec.node)
            if item is None:
                return [
                    t(
                        "eligibility.no_such_question",
                        "node {node}: no question with that id",
                        node=repr(spec.node),
                    )
                ]
            top = tree.items[item].coef * tree.items[item].best
        else:
            index = tree.resolve(spec.node)
            if index is None:
                known = ", ".join(sorted(tree.by_path)[:8])
                return [
                    t(
                        "eligibility.no_such_node",
                        "node {node} does not exist (e.g. {known}, area:<id>, item:<id>)",
                        node=repr(spec.node),
                        known=known,
                    )
                ]
            top = tree.attainable(index)
        if not meets(top, spec.min):
            return [
                t(
                    "eligibility.threshold_unreachable",
                    "threshold {min:g} cannot be reached: the best answers give {node}"
                    " at most {top:g}",
                    min=spec.min,
                    node=spec.node,
                    top=top,
                )
            ]
        return []

    def prepare(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> CriterionJudge | None:
        return None if judges_itself(self, ScoreMin) else score_min_judge(spec, tree)

    def score_goals(
        self, spec: CriterionSpec, result: CriterionResult, tree: Tree
    ) -> Sequence[ScoreGoal]:
        return [ScoreGoal(spec.node, spec.min)] if spec.node and spec.min is not None else []

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.node is not None
        assert spec.min is not None
        bounds = ctx.score(spec.node)
        outcome, reason = judge_bounds(bounds, spec.min)
        return [
            self.result(
                spec,
                outcome,
                actual=round(bounds.low, 10),
                required=spec.min,
                gap=round(max(0.0, spec.min - bounds.low), 10),
                unit="points",
                reason=reason,
            )
        ]


class AreaPercentMin(CriterionKind):
    """Every area of ``component`` scores ≥ ``min_percent`` of its weight.

    One result per area (or per area part when the scope is ``each_part``,
    from the spec or the rubric's ``policies.area_minimum_scope``).
    """

    name = "area_percent_min"
    group = "score"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        problems = need_fields(spec, "component", "min_percent")
        if spec.component and not any(a.component == spec.component for a in tree.areas.values()):
            problems.append(
                t(
                    "eligibility.component_without_areas",
                    "component {component} has no areas",
                    component=repr(spec.component),
                )
            )
        return problems

    def prepare(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> CriterionJudge | None:
        return (
            None
            if judges_itself(self, AreaPercentMin)
            else area_percent_judge(spec, tree, manifest)
        )

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.min_percent is not None
        scope = spec.scope or ctx.manifest.policies.area_minimum_scope
        out: list[CriterionResult] = []
        for area in ctx.tree.areas.values():
            if area.component != spec.component:
                continue
            targets = [("", area.node, area.label)]
            if scope == "each_part" and area.parts:
                targets = [
                    (f".{part}", node, f"{area.label} ({part})")
                    for part, node in area.parts.items()
                ]
            for suffix, node, name in targets:
                out.append(self._one(spec, ctx, area.id + suffix, node, name))
        return out

    def score_goals(
        self, spec: CriterionSpec, result: CriterionResult, tree: Tree
    ) -> Sequence[ScoreGoal]:
        # result ids are <spec id>.<area id>[.<part id>] (see evaluate)
        area_id, _, part = result.id[len(spec.id) + 1 :].partition(".")
        area = tree.areas.get(area_id)
        if area is None or spec.min_percent is None:
            return []
        node = area.parts.get(part, area.node) if part else area.node
        ref = f"area:{area.id}" if node == area.node else tree.nodes[node].path
        return [ScoreGoal(ref, tree.nodes[node].weight * spec.min_percent / 100)]

    def _one(
        self, spec: CriterionSpec, ctx: CriterionContext, key: str, node: int, name: str
    ) -> CriterionResult:
        assert spec.min_percent is not None
        bounds = ctx.node_score(node)
        weight = bounds.maximum
        if weight <= 0:
            return self.result(
                spec,
                "not_applicable",
                actual=None,
                required=spec.min_percent,
                gap=None,
                unit="%",
                reason=t(
                    "eligibility.area_weighs_nothing",
                    "{area} weighs nothing, so no minimum applies",
                    area=name,
                ),
                suffix=f".{key}",
                label=f"{name} ≥ {spec.min_percent:g}%",
            )
        required = weight * spec.min_percent / 100
        outcome, reason = judge_bounds(bounds, required)
        pct = 100 * bounds.low / weight if weight else 0.0
        return self.result(
            spec,
            outcome,
            actual=round(pct, 10),
            required=spec.min_percent,
            gap=round(max(0.0, spec.min_percent - pct), 10),
            unit="%",
            reason=t(
                "eligibility.area_percent",
                "{area}: {percent:.2f}% of {weight:g} ({reason})",
                area=name,
                percent=pct,
                weight=weight,
                reason=reason,
            ),
            suffix=f".{key}",
            label=f"{name} ≥ {spec.min_percent:g}%",
        )


BUILTIN_CRITERION_KINDS: tuple[CriterionKind, ...] = (
    ScoreMin(),
    AreaPercentMin(),
    FactEquals(),
    FactTrue(),
    FactMin(),
    FactGradeMin(),
    YearsSinceMin(),
)


@hookimpl
def zi_criterion_kinds() -> Sequence[CriterionKind]:
    """The built-in criterion kinds (``lke_percent_min`` lives in ``_counted``, built on these)."""

    return (*BUILTIN_CRITERION_KINDS, LkePercentMin())
