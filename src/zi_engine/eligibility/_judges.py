"""The built-in kinds' prepared judges: outcomes decided from raw scores and facts, no words.

Each function here works out once, from a spec and the rubric's tree, what
deciding the spec's results needs (resolved node and item indices, result
ids, thresholds), and returns the :data:`~zi_engine.eligibility._criteria.CriterionJudge`
its kind's :meth:`~zi_engine.CriterionKind.prepare` hands to the rubric. A
judge decides exactly the ids and outcomes its kind's ``evaluate()`` states
(tests/eligibility/test_prepared_judges.py compares the two on generated
submissions); ``evaluate()`` builds the results, texts and all, when a
predicate's criteria are read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from zi_engine._calendar import full_years
from zi_engine.eligibility._criteria import (
    MISSING,
    CriterionContext,
    CriterionJudge,
    CriterionKind,
    CriterionVerdict,
    Outcome,
    meets,
    outcome_of,
)
from zi_engine.eligibility._grades import graded_fact
from zi_engine.eligibility._values import as_date, as_number

if TYPE_CHECKING:
    from zi_engine.rubric._model import CriterionSpec, Manifest
    from zi_engine.rubric._tree import Item, Tree
    from zi_engine.scoring._score import Scores

__all__ = [
    "area_percent_judge",
    "fact_equals_judge",
    "fact_min_judge",
    "fact_true_judge",
    "grade_min_judge",
    "item_bounds",
    "judges_itself",
    "lke_percent_judge",
    "score_min_judge",
    "years_since_judge",
]


def judges_itself(kind: CriterionKind, owner: type[CriterionKind]) -> bool:
    """Whether ``kind`` (an ``owner`` or a subclass of it) overrides ``owner.evaluate``.

    A plugin's subclass of a built-in kind that judges differently is decided
    by its own ``evaluate()``, not by the judge prepared for ``owner``.
    """
    return type(kind).evaluate is not owner.evaluate


def item_bounds(item: Item, s: Scores) -> tuple[float, float]:
    """An item's score with itself unanswered at worst and best, as ``CriterionContext.score``."""
    index = item.index
    low = item.coef * s.values[index] if item.scored else 0.0
    return (low, low) if s.known[index] else (low, item.coef * item.best)


def score_min_judge(spec: CriterionSpec, tree: Tree) -> CriterionJudge | None:
    """``score_min``: the node's (or item's) score against ``min``."""
    rid, minimum, ref = spec.id, spec.min, spec.node
    if ref is None or minimum is None:
        return None
    if ref.startswith("item:"):
        index = tree.resolve_item(ref)
        if index is None:
            return None
        item = tree.items[index]

        def item_verdicts(ctx: CriterionContext) -> Sequence[CriterionVerdict]:
            low, high = item_bounds(item, ctx.scores)
            return [(rid, outcome_of(low, high, minimum))]

        return item_verdicts
    node = tree.resolve(ref)
    if node is None:
        return None

    def verdicts(ctx: CriterionContext) -> Sequence[CriterionVerdict]:
        s = ctx.scores
        return [(rid, outcome_of(s.low[node], s.high[node], minimum))]

    return verdicts


def area_percent_judge(
    spec: CriterionSpec, tree: Tree, manifest: Manifest
) -> CriterionJudge | None:
    """``area_percent_min``: every area (or area part) of ``component`` against its minimum."""
    percent = spec.min_percent
    if percent is None:
        return None
    scope = spec.scope or manifest.policies.area_minimum_scope
    targets: list[tuple[str, int]] = []  # result id, node index (ids as evaluate() gives them)
    for area in tree.areas.values():
        if area.component != spec.component:
            continue
        if scope == "each_part" and area.parts:
            targets += [(f"{spec.id}.{area.id}.{p}", node) for p, node in area.parts.items()]
        else:
            targets.append((f"{spec.id}.{area.id}", area.node))
    nodes = tree.nodes

    def verdicts(ctx: CriterionContext) -> Sequence[CriterionVerdict]:
        s = ctx.scores
        out: list[CriterionVerdict] = []
        for rid, node in targets:
            weight = nodes[node].weight
            if weight <= 0:
                out.append((rid, "not_applicable"))
            else:
                out.append((rid, outcome_of(s.low[node], s.high[node], weight * percent / 100)))
        return out

    return verdicts


def _fact_judge(spec: CriterionSpec, decide: Callable[[Any], Outcome]) -> CriterionJudge | None:
    """A gate on one fact: inconclusive when it is missing, else what ``decide`` says."""
    rid, path = spec.id, spec.fact
    if path is None:
        return None

    def verdicts(ctx: CriterionContext) -> Sequence[CriterionVerdict]:
        value = ctx.fact(path)
        return [(rid, "inconclusive" if value is MISSING else decide(value))]

    return verdicts


def fact_true_judge(spec: CriterionSpec) -> CriterionJudge | None:
    """``fact_true``: passes only on ``True``."""
    return _fact_judge(spec, lambda value: "pass" if value is True else "fail")


def fact_min_judge(spec: CriterionSpec) -> CriterionJudge | None:
    """``fact_min``: a number at least ``min``; a value that is not a number is inconclusive."""
    minimum = spec.min
    if minimum is None:
        return None

    def decide(value: Any) -> Outcome:
        number = as_number(value)
        if number is None:
            return "inconclusive"
        return "pass" if meets(number, minimum) else "fail"

    return _fact_judge(spec, decide)


def fact_equals_judge(
    spec: CriterionSpec, norm: Callable[[object], object]
) -> CriterionJudge | None:
    """``fact_equals``: the fact, normalised by ``norm``, among the allowed values."""
    allowed: list[Any] = list(spec.one_of) if spec.one_of is not None else [spec.equals]
    normed = {norm(a) for a in allowed}
    return _fact_judge(spec, lambda value: "pass" if norm(value) in normed else "fail")


def grade_min_judge(spec: CriterionSpec, manifest: Manifest) -> CriterionJudge | None:
    """``fact_grade_min``: the grade (stated, or from a score on the bands) against the minimum."""
    rid, path, params = spec.id, spec.fact, spec.params
    if path is None:
        return None
    rank: dict[str, int] = {}
    for i, grade in enumerate(manifest.grades):
        rank.setdefault(grade.casefold(), i)  # the first of equal grades, as list.index finds
    fixed = spec.min_grade
    by_agency = spec.min_grade_by_agency_type
    reads_score = params.get("score_fact") is not None

    def verdicts(ctx: CriterionContext) -> Sequence[CriterionVerdict]:
        minimum = fixed
        if by_agency is not None:
            kind = ctx.agency_type
            if kind is None or kind not in by_agency:
                return [(rid, "inconclusive")]
            minimum = by_agency[kind]
        assert minimum is not None
        value = graded_fact(params, path, ctx)[0] if reads_score else ctx.fact(path)
        if value is MISSING:
            return [(rid, "inconclusive")]
        step = rank.get(str(value).strip().casefold())
        if step is None:
            return [(rid, "inconclusive")]
        return [(rid, "pass" if step - rank[minimum.casefold()] <= 0 else "fail")]

    return verdicts


def lke_percent_judge(
    spec: CriterionSpec, tree: Tree, stated: Callable[[CriterionSpec, CriterionContext], object]
) -> CriterionJudge | None:
    """``lke_percent_min``: the counted percentage, else the ``stated`` fact, else the bounds."""
    rid, minimum, ref = spec.id, spec.min, spec.node
    index = tree.resolve_item(ref) if ref is not None else None
    if index is None or minimum is None:
        return None
    item = tree.items[index]

    def verdicts(ctx: CriterionContext) -> Sequence[CriterionVerdict]:
        low, high = item_bounds(item, ctx.scores)
        coef = item.coef
        if ctx.scores.known[index] or low == high:  # the counts are the measure
            return [(rid, "pass" if meets(100.0 * low / coef, minimum) else "fail")]
        given = stated(spec, ctx)
        if isinstance(given, float):
            return [(rid, "pass" if meets(given, minimum) else "fail")]
        return [(rid, outcome_of(low, high, coef * minimum / 100))]

    return verdicts


def years_since_judge(spec: CriterionSpec) -> CriterionJudge | None:
    """``years_since_min``: calendar years from the date fact to the evaluation date."""
    rid, path, minimum = spec.id, spec.fact, spec.min_years
    if path is None or minimum is None:
        return None
    floor_path = spec.params.get("not_before")
    whole = float(minimum).is_integer()

    def verdicts(ctx: CriterionContext) -> Sequence[CriterionVerdict]:
        value = ctx.fact(path)
        as_of = ctx.as_of
        since = None if value is MISSING or as_of is None else as_date(value)
        if since is None or as_of is None:
            return [(rid, "inconclusive")]
        if floor_path is not None:
            floor = as_date(ctx.fact(floor_path))
            if floor is not None and since < floor:  # a mistake in the facts, never counted
                return [(rid, "inconclusive")]
        if whole:
            actual = float(full_years(since, as_of))
        else:
            actual = round((as_of - since).days / 365.2425, 4)
        return [(rid, "pass" if meets(actual, minimum) else "fail")]

    return verdicts
