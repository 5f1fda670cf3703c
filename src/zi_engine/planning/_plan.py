"""What it would take: the smallest set of answer improvements that passes every score criterion.

Greedy on points: each round takes the one-step improvement (next better
option; for a formula, the counts that raise it as far as it goes) that closes
the most of the remaining shortfall, then drops any step the result does not need, then
re-evaluates the improved submission to prove the claim. What answers cannot
fix – a survey index below its floor, a gate – is reported as a requirement.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from zi_engine.eligibility._criteria import EPSILON
from zi_engine.eligibility._evaluation import Evaluation
from zi_engine.rubric._answers import formula_value
from zi_engine.scoring._score import score

if TYPE_CHECKING:
    from zi_engine.rubric._rubric import Rubric
    from zi_engine.rubric._tree import Tree

__all__ = ["ImprovementPlan", "PlanStep", "Requirement", "plan"]

Key = tuple[str, int]  # ("node", index) or ("item", index)


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One answer to change, and what it gains."""

    question_id: str
    soal_id: int | None
    text: str
    from_answer: str | int | float | None
    to_answer: str | int | float
    changes: dict[str, str | int | float]  # question id -> new answer (counts for formulas)
    points: float
    steps: int  # option steps (C→A is 2)
    helps: tuple[str, ...]  # criterion ids it moves


@dataclass(frozen=True, slots=True)
class Requirement:
    """Something answers cannot fix, with the value it needs."""

    criterion_id: str
    label: str
    actual: Any
    required: Any
    reason: str


@dataclass(frozen=True, slots=True)
class ImprovementPlan:
    """The plan for one target predicate, and the proof by re-evaluation."""

    target: str
    outcome_before: str
    outcome_after: str
    total_before: float
    total_after: float
    steps: tuple[PlanStep, ...]
    requirements: tuple[Requirement, ...]
    achievable: bool  # every score criterion passes after the steps (verified)
    unreachable: tuple[str, ...] = field(default=())  # score criteria answers cannot close

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        return asdict(self)


@dataclass(slots=True)
class _Goal:
    key: Key
    criterion: str
    deficit: float  # still missing, in points (shrinks as steps are chosen)
    required: float  # the threshold in points


class _Ancestry:
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


def _goals(ev: Evaluation, target: str) -> tuple[list[_Goal], list[Requirement], list[str]]:
    """Shortfalls in points per score criterion; requirements for gates and the rest."""
    tree = ev.rubric.tree
    goals: list[_Goal] = []
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
            key, required = _criterion_target(ev, spec, r.id)
            if key is None:
                if bound.group == "score":
                    others.append(r.id)
                reqs.append(Requirement(r.id, r.label, r.actual, r.required, r.reason))
                continue
            current = ev.score(_ref(tree, key)).low
            goals.append(_Goal(key, r.id, max(0.0, required - current), required))
    return goals, reqs, others


def _ref(tree: Tree, key: Key) -> str:
    kind, index = key
    if kind == "item":
        return "item:" + tree.items[index].spec.id
    node = tree.nodes[index]
    return node.path


def _criterion_target(ev: Evaluation, spec: Any, result_id: str) -> tuple[Key | None, float]:
    tree = ev.rubric.tree
    if spec.kind == "score_min" and spec.node:
        if spec.node.startswith("item:"):
            item = tree.resolve_item(spec.node)
            return (("item", item) if item is not None else None), spec.min
        node = tree.resolve(spec.node)
        return (("node", node) if node is not None else None), spec.min
    if spec.kind == "area_percent_min":
        area_id, _, part = result_id[len(spec.id) + 1 :].partition(".")
        area = tree.areas.get(area_id)
        if area is None:
            return None, 0.0
        node = area.parts.get(part, area.node) if part else area.node
        return ("node", node), tree.nodes[node].weight * spec.min_percent / 100
    return None, 0.0


@dataclass(slots=True)
class _Candidate:
    item: int
    changes: dict[str, str | int | float]
    to_answer: str | int | float
    new_value: float
    steps: int


def _candidates(ev: Evaluation, values: list[float]) -> list[_Candidate]:
    tree = ev.rubric.tree
    out: list[_Candidate] = []
    for item in tree.items:
        if not item.scored:
            continue
        current = values[item.index]
        atype = item.answer_type
        if atype is None:
            continue
        if atype.input == "choice":
            options = sorted(atype.option_values(item.spec).items(), key=lambda kv: kv[1])
            better = [(k, v) for k, v in options if v > current + EPSILON]
            if better:
                key, value = better[0]
                out.append(_Candidate(item.index, {item.spec.id: key}, key, value, 1))
        elif atype.input == "formula" and current < 1 - EPSILON:
            fix = _formula_fix(ev, tree, item.index)
            if fix is not None and fix[1] > current + EPSILON:
                changes, value = fix
                out.append(_Candidate(item.index, changes, _describe(changes), value, 1))
    return out


def _answer(ev: Evaluation, qid: str) -> str | int | float:
    layered = ev.submission.answers.get(qid)
    value = layered.pick(ev.up_to)[0] if layered else None
    return "(none)" if value is None else value


def _describe(changes: dict[str, str | int | float]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in changes.items())


def _formula_fix(
    ev: Evaluation, tree: Tree, index: int
) -> tuple[dict[str, str | int | float], float] | None:
    """The counts that raise a formula as far as the plan may, and the value it then has.

    A decline, (previous - current) / previous, rises as ``current`` falls: at 0 it
    is 100%, or – with no violations last year either – the rubric's 0/0 value (a
    current count above a previous 0 scores 0, so cutting it still gains that value).
    A ratio's first numerator is raised to fill its denominator.
    """
    item = tree.items[index]
    if not all(ev.scores.known[r] for r in item.refs):
        return None  # an unanswered count: answer it first; the plan does not guess it
    counts = [ev.scores.values[r] if ev.scores.known[r] else 0.0 for r in item.refs]
    ids = [tree.items[r].spec.id for r in item.refs]
    if item.spec.answer == "decline":
        previous, current = counts
        if current == 0:
            return None  # none left to cut: already 100%, or the rubric's 0/0 value
        return {ids[1]: 0}, formula_value(previous, previous, item.zero_denominator)
    numerator, denominator = counts[: item.n_numerator], counts[item.n_numerator :]
    if sum(denominator) == 0:
        return None  # 0/0 is the rubric's stated value; raising a numerator cannot change it
    need = math.ceil(sum(denominator) - sum(numerator[1:]))
    raised = max(int(counts[0]), need)
    value = formula_value(raised + sum(numerator[1:]), sum(denominator), item.zero_denominator)
    return {ids[0]: raised}, value


def plan(evaluation: Evaluation, target: str, *, engine: object = None) -> ImprovementPlan:
    """The smallest set of answer improvements that makes every score criterion of ``target`` pass.

    Steps are ordered by points gained per option step; the claim is checked
    by re-evaluating the improved submission. Gates and survey floors that
    answers cannot change come back as :class:`Requirement` s.
    """
    if engine is not None:
        warnings.warn(
            "plan(..., engine=) is deprecated and ignored: the rubric's items carry their "
            "answer types",
            DeprecationWarning,
            stacklevel=2,
        )
    ev = evaluation
    if target not in ev.eligibility:
        raise KeyError(f"rubric {ev.rubric_id} has no predicate {target!r}")
    tree = ev.rubric.tree
    goals, requirements, unreachable = _goals(ev, target)
    ancestry = _Ancestry(tree)
    values = list(ev.scores.values)
    chosen: list[tuple[_Candidate, float, set[str]]] = []
    while any(g.deficit > EPSILON for g in goals):
        best = _best_step(tree, _candidates(ev, values), values, goals, ancestry)
        if best is None:
            break
        cand, points, helps = best
        chosen.append((cand, points, helps))
        values[cand.item] = cand.new_value
    chosen = _prune(tree, chosen, goals, ancestry, ev)
    unreachable += [g.criterion for g in goals if g.deficit > EPSILON]
    return _finish(ev, target, chosen, requirements, unreachable, goals)


def _best_step(
    tree: Tree,
    cands: list[_Candidate],
    values: list[float],
    goals: list[_Goal],
    ancestry: _Ancestry,
) -> tuple[_Candidate, float, set[str]] | None:
    best: tuple[float, float, int, _Candidate, set[str]] | None = None
    for cand in cands:
        item = tree.items[cand.item]
        delta = item.coef * (cand.new_value - values[cand.item])
        anc = ancestry(cand.item)
        gain = 0.0
        helps: set[str] = set()
        for g in goals:
            if g.deficit > EPSILON and g.key in anc:
                gain += min(delta, g.deficit)
                helps.add(g.criterion)
        if gain <= EPSILON:
            continue
        rank = (gain, delta, -cand.item)
        if best is None or rank > best[:3]:
            best = (gain, delta, -cand.item, cand, helps)
    if best is None:
        return None
    gain, delta, _, cand, helps = best
    for g in goals:
        if g.deficit > EPSILON and g.key in ancestry(cand.item):
            g.deficit = max(0.0, g.deficit - delta)
    return cand, delta, helps


def _prune(
    tree: Tree,
    chosen: list[tuple[_Candidate, float, set[str]]],
    goals: list[_Goal],
    ancestry: _Ancestry,
    ev: Evaluation,
) -> list[tuple[_Candidate, float, set[str]]]:
    """Drop steps the goals do not need (smallest-first), keeping every goal met."""
    if any(g.deficit > EPSILON for g in goals):
        return chosen
    needed: dict[Key, float] = {}
    for g in goals:
        needed[g.key] = max(needed.get(g.key, 0.0), g.required)
    kept = list(chosen)
    for step in sorted(chosen, key=lambda s: s[1]):
        trial = [s for s in kept if s is not step]
        if _meets(tree, trial, needed, ancestry, ev):
            kept = trial
    return kept


def _meets(
    tree: Tree,
    steps: list[tuple[_Candidate, float, set[str]]],
    needed: dict[Key, float],
    ancestry: _Ancestry,
    ev: Evaluation,
) -> bool:
    gains: dict[Key, float] = {}
    for cand, points, _ in steps:
        for key in ancestry(cand.item):
            gains[key] = gains.get(key, 0.0) + points
    base = {key: ev.score(_ref(tree, key)).low for key in needed}
    return all(base[k] + gains.get(k, 0.0) >= v - EPSILON for k, v in needed.items())


def _finish(
    ev: Evaluation,
    target: str,
    chosen: list[tuple[_Candidate, float, set[str]]],
    requirements: list[Requirement],
    unreachable: list[str],
    goals: list[_Goal],
) -> ImprovementPlan:
    tree = ev.rubric.tree
    merged: dict[str, str | int | float] = {}
    by_question: dict[str, PlanStep] = {}
    for cand, points, helps in chosen:
        merged.update(cand.changes)
        q = tree.items[cand.item].spec
        earlier = by_question.get(q.id)
        if earlier is not None:  # C -> B then B -> A is one change, C -> A, of two steps
            by_question[q.id] = replace(
                earlier,
                to_answer=cand.to_answer,
                changes={**earlier.changes, **cand.changes},
                points=round(earlier.points + points, 10),
                steps=earlier.steps + cand.steps,
                helps=tuple(sorted({*earlier.helps, *helps})),
            )
            continue
        layered = ev.submission.answers.get(q.id)
        before = layered.pick(ev.up_to)[0] if layered else None
        if q.answer in ("ratio", "decline"):  # a formula: show the counts it changes
            before = _describe({k: _answer(ev, k) for k in cand.changes})
        by_question[q.id] = PlanStep(
            question_id=q.id,
            soal_id=q.soal_id,
            text=q.text,
            from_answer=before,
            to_answer=cand.to_answer,
            changes=dict(cand.changes),
            points=round(points, 10),
            steps=cand.steps,
            helps=tuple(sorted(helps)),
        )
    steps = sorted(by_question.values(), key=lambda s: (-s.points / s.steps, s.question_id))
    improved = ev.submission.with_answers(merged, layer=ev.up_to)
    # a hypothetical evaluation: built directly so evaluation listeners never record it
    after = Evaluation(
        ev.rubric, improved, score(ev.rubric, improved, ev.up_to), as_of=ev.as_of, up_to=ev.up_to
    )
    goal_ids = {g.criterion for g in goals}
    score_ok = all(
        r.outcome in ("pass", "not_applicable")
        for r in after.eligibility[target].criteria
        if r.group == "score" or r.id in goal_ids
    )
    survey = _survey_requirements(ev.rubric, after, target, goals)
    return ImprovementPlan(
        target=target,
        outcome_before=ev.eligibility[target].outcome,
        outcome_after=after.eligibility[target].outcome,
        total_before=ev.total,
        total_after=after.total,
        steps=tuple(steps),
        requirements=tuple(requirements + survey),
        achievable=score_ok,
        unreachable=tuple(dict.fromkeys(unreachable)),
    )


def _survey_requirements(
    rubric: Rubric, after: Evaluation, target: str, goals: list[_Goal]
) -> list[Requirement]:
    """For score criteria still failing after the steps: the survey index that would pass them.

    Survey results are measured, not answered, so the plan cannot change
    them; it can say what index the node needs given everything else.
    """
    out: list[Requirement] = []
    tree = rubric.tree
    ancestry = _Ancestry(tree)
    for goal in goals:
        current = after.score(_ref(tree, goal.key)).low
        if current >= goal.required - EPSILON:
            continue
        surveys = [
            it
            for it in tree.items
            if it.spec.answer == "survey_index" and goal.key in ancestry(it.index)
        ]
        if len(surveys) != 1 or surveys[0].coef <= 0:
            continue  # no single survey decides it, or the survey is worth nothing
        item = surveys[0]
        value = after.scores.values[item.index]
        others = current - item.coef * value
        needed = (goal.required - others) / item.coef * item.spec.scale_max
        scale = item.spec.scale_max
        reason = (
            f"the survey {item.spec.id} needs an index of at least "
            f"{needed:.2f} (now {value * scale:.2f})"
            if needed <= scale + EPSILON
            else f"even a perfect {item.spec.id} survey cannot reach it"
        )
        out.append(
            Requirement(
                goal.criterion, item.spec.text, round(value * scale, 4), round(needed, 2), reason
            )
        )
    return out
