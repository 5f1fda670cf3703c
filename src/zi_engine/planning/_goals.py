"""What the improvement plan aims at: score goals, and the requirements answers cannot meet.

Each criterion result that does not pass is either decided by scores – its
kind says which (:meth:`~zi_engine.CriterionKind.score_goals`) and the plan
works toward them – or it is a :class:`Requirement` (a gate on a fact). For
a goal still short once every answer is improved, a single measured number
(a survey index) that decides it is reported with the value it would need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zi_engine._constants import TOLERANCE
from zi_engine._errors import PluginError
from zi_engine._i18n import t

if TYPE_CHECKING:
    from zi_engine.eligibility._criteria import CriterionResult, ScoreGoal
    from zi_engine.eligibility._evaluation import Evaluation
    from zi_engine.rubric._rubric import BoundCriterion, Rubric
    from zi_engine.rubric._tree import Tree

__all__ = ["Ancestry", "Goal", "Key", "Requirement", "goals_of", "measured_requirements", "ref"]

Key = tuple[str, int]  # ("node", index) or ("item", index)


@dataclass(frozen=True, slots=True)
class Requirement:
    """Something answers cannot fix, with the value it needs."""

    criterion_id: str
    label: str
    actual: Any
    required: Any
    reason: str


@dataclass(slots=True)
class Goal:
    """A node or item score the plan works toward, for one criterion result."""

    key: Key
    criterion: str
    deficit: float  # still missing, in points (shrinks as steps are chosen)
    required: float  # the threshold in points


class Ancestry:
    """The nodes (and the item itself) each item's score counts toward, walked once per item.

    Whole-area nodes sit beside the part nodes, so a node can have two parents.
    """

    def __init__(self, tree: Tree) -> None:
        self._tree = tree
        self._parents: dict[int, list[int]] = {}
        for node in tree.nodes:
            for child in node.children:
                self._parents.setdefault(child, []).append(node.index)
        self._seen: dict[int, frozenset[Key]] = {}

    def __call__(self, item: int) -> frozenset[Key]:
        found = self._seen.get(item)
        if found is None:
            out: set[Key] = {("item", item)}
            todo = [self._tree.items[item].node]
            while todo:
                n = todo.pop()
                if ("node", n) not in out:
                    out.add(("node", n))
                    todo.extend(self._parents.get(n, ()))
            found = self._seen[item] = frozenset(out)
        return found


def goals_of(ev: Evaluation, target: str) -> tuple[list[Goal], list[Requirement], list[str]]:
    """Shortfalls in points per score goal; requirements for gates and the rest."""
    tree = ev.rubric.tree
    goals: list[Goal] = []
    reqs: list[Requirement] = []
    others: list[str] = []
    results = {r.id: r for r in ev.eligibility[target].criteria}
    for bound in ev.rubric.criteria(target):
        spec = bound.spec
        mine = [r for rid, r in results.items() if rid == spec.id or rid.startswith(spec.id + ".")]
        for r in mine:
            if r.outcome in {"pass", "not_applicable"}:
                continue
            # a score threshold is a goal wherever the rubric lists it (even among gates)
            wanted = bound.kind.score_goals(spec, r, tree)
            if not wanted:
                if bound.group == "score":
                    others.append(r.id)
                reqs.append(Requirement(r.id, r.label, r.actual, r.required, r.reason))
                continue
            for goal in wanted:
                key = _goal_key(ev, bound, r, goal)
                current = ev.score(ref(tree, key)).low
                goals.append(Goal(key, r.id, max(0.0, goal.points - current), goal.points))
    return goals, reqs, others


def _goal_key(
    ev: Evaluation, bound: BoundCriterion, result: CriterionResult, goal: ScoreGoal
) -> Key:
    """The node or item a criterion kind's score goal names (a bad name is the kind's bug)."""
    tree = ev.rubric.tree
    if goal.ref.startswith("item:"):
        item = tree.resolve_item(goal.ref)
        if item is not None:
            return ("item", item)
    else:
        node = tree.resolve(goal.ref)
        if node is not None:
            return ("node", node)
    kind = repr(bound.spec.kind)
    if bound.plugin:
        kind = t(
            "planning.kind_from_plugin",
            "{kind} (from plugin {plugin})",
            kind=kind,
            plugin=repr(bound.plugin),
        )
    raise PluginError(
        t(
            "planning.plugin_bad_goal",
            "criterion kind {kind} gave the improvement plan a score goal {goal} for"
            " {criterion}, which is no node or item of rubric {rubric}",
            kind=kind,
            goal=repr(goal.ref),
            criterion=result.id,
            rubric=ev.rubric_id,
        )
    )


def ref(tree: Tree, key: Key) -> str:
    kind, index = key
    if kind == "item":
        return "item:" + tree.items[index].spec.id
    node = tree.nodes[index]
    return node.path


def measured_requirements(
    rubric: Rubric, after: Evaluation, target: str, goals: list[Goal]
) -> list[Requirement]:
    """For score goals still short after the steps: the measured number that would reach them.

    Survey results are measured, not answered, so the plan cannot change
    them; when one such number (a ``number`` answer type) decides a goal, it
    says which number the goal needs given everything else.
    """
    out: list[Requirement] = []
    tree = rubric.tree
    ancestry = Ancestry(tree)
    for goal in goals:
        current = after.score(ref(tree, goal.key)).low
        if current >= goal.required - TOLERANCE:
            continue
        measured = [
            it
            for it in tree.items
            if it.answer_type is not None
            and it.answer_type.input == "number"
            and goal.key in ancestry(it.index)
        ]
        if len(measured) != 1 or measured[0].coef <= 0 or measured[0].answer_type is None:
            continue  # no single measured number decides it, or it is worth nothing
        item, atype = measured[0], measured[0].answer_type
        value = after.scores.values[item.index]
        wanted = (goal.required - (current - item.coef * value)) / item.coef
        needed, now = (
            atype.answer_for_value(wanted, item.spec),
            atype.answer_for_value(value, item.spec),
        )
        if needed is None or now is None:
            continue  # the type cannot say which number gives a value
        reason = (
            t(
                "planning.measured_needs",
                "{question} needs at least {needed:.2f} (now {now:.2f})",
                question=item.spec.id,
                needed=needed,
                now=now,
            )
            if wanted <= 1 + TOLERANCE
            else t(
                "planning.measured_out_of_reach",
                "even the best answer to {question} cannot reach it",
                question=item.spec.id,
            )
        )
        out.append(
            Requirement(goal.criterion, item.spec.text, round(now, 4), round(needed, 2), reason)
        )
    return out
