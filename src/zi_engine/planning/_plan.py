"""What it would take: the smallest set of answer improvements that passes every score criterion.

Greedy on points: each round takes the one-step improvement (next better
option; for a formula, the counts that raise it as far as it goes) that closes
the most of the remaining shortfall, then drops any step the result does not need, then
re-evaluates the improved submission to prove the claim. What answers cannot
fix – a survey index below its floor, a gate – is reported as a requirement.

The plan asks, never assumes: a criterion kind says which scores decide a
result (:meth:`~zi_engine.CriterionKind.score_goals`), an answer type what
its next better answer is (:meth:`~zi_engine.AnswerType.next_better`) and,
for a measured number, which number would do (``answer_for_value``) – so a
plugin's kinds and types are planned for exactly as the built-ins are.
"""

from __future__ import annotations

import heapq
import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from zi_engine._constants import TOLERANCE
from zi_engine._errors import UsageError
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.eligibility._evaluation import Evaluation
from zi_engine.planning._goals import (
    Ancestry,
    Goal,
    Key,
    Requirement,
    goals_of,
    measured_requirements,
    ref,
)
from zi_engine.scoring._score import score

if TYPE_CHECKING:
    from zi_engine.rubric._model import QuestionSpec
    from zi_engine.rubric._tree import Item, Tree

__all__ = ["ImprovementPlan", "PlanStep", "Requirement", "plan"]


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
class _Candidate:
    item: int
    changes: dict[str, str | int | float]
    to_answer: str | int | float
    new_value: float
    steps: int


def _candidate(ev: Evaluation, item: Item, current: float) -> _Candidate | None:
    """A scored question's next better answer from ``current``, as its answer type sees it.

    It depends on the question's own value only (a formula's counts are the
    evaluation's), so it changes only when the plan takes this question's step.
    """
    tree = ev.rubric.tree
    atype = item.answer_type
    if not item.scored or atype is None:
        return None
    counts = _NO_COUNTS
    if item.refs:  # a formula: its inputs, every one answered (the plan does not guess)
        known, counted = ev.scores.known, ev.scores.values
        if not all(known[r] for r in item.refs):
            return None
        counts = {tree.items[r].spec.id: counted[r] for r in item.refs}
    better = atype.next_better(item.spec, current, counts, zero_denominator=item.zero_denominator)
    if better is None or better.value <= current + TOLERANCE:
        return None
    changes = dict(better.changes)
    qid = item.spec.id
    own = len(changes) == 1 and qid in changes  # its own answer, not the counts it reads
    to_answer = changes[qid] if own else _describe(changes)
    return _Candidate(item.index, changes, to_answer, better.value, better.steps)


_NO_COUNTS: Mapping[str, float] = MappingProxyType({})


def _answer(ev: Evaluation, qid: str) -> str | int | float:
    layered = ev.submission.answers.get(qid)
    value = layered.pick(ev.up_to)[0] if layered else None
    return "(none)" if value is None else value


def _describe(changes: dict[str, str | int | float]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in changes.items())


def _target(ev: Evaluation, target: object) -> str:
    """The predicate ``target`` names, matched case-insensitively (``wbk`` is ``WBK``)."""
    known = ev.rubric.predicates
    if isinstance(target, str):
        folded = target.strip().casefold()
        for predicate in known:
            if predicate.casefold() == folded:
                return predicate
    raise UsageError(
        t(
            "planning.unknown_target",
            "rubric {rubric} has no predicate {target}; the known ones are {known}",
            rubric=ev.rubric_id,
            target=show(target),
            known=", ".join(known) or t("planning.none", "none"),
        )
    )


def plan(evaluation: Evaluation, target: str, *, engine: object = None) -> ImprovementPlan:
    """The smallest set of answer improvements that makes every score criterion of ``target`` pass.

    ``target`` is a predicate of the rubric (``"WBK"``; case does not
    matter). Steps are ordered by points gained per option step; the claim is
    checked by re-evaluating the improved submission. Gates and survey floors
    that answers cannot change come back as :class:`Requirement` s. An unknown
    target is a :class:`~zi_engine.UsageError` listing the rubric's predicates.
    """
    if engine is not None:
        warnings.warn(
            "plan(..., engine=) is deprecated and ignored: the rubric's items carry their "
            "answer types",
            DeprecationWarning,
            stacklevel=2,
        )
    if not isinstance(evaluation, Evaluation):
        raise UsageError(
            t(
                "planning.not_an_evaluation",
                "plan() takes an Evaluation (from evaluate()), not {type}",
                type=type(evaluation).__name__,
            )
        )
    ev = evaluation
    target = _target(ev, target)
    tree = ev.rubric.tree
    goals, requirements, unreachable = goals_of(ev, target)
    ancestry = Ancestry(tree)
    values = list(ev.scores.values)
    chosen = _greedy(ev, goals, ancestry, values)
    chosen = _prune(tree, chosen, goals, ancestry, ev)
    unreachable += [g.criterion for g in goals if g.deficit > TOLERANCE]
    return _finish(ev, target, chosen, requirements, unreachable, goals)


def _greedy(
    ev: Evaluation, goals: list[Goal], ancestry: Ancestry, values: list[float]
) -> list[tuple[_Candidate, float, set[str]]]:
    """Take, round by round, the step that closes the most of the remaining shortfall.

    A step's gain only shrinks as goals fill up, and a question's candidate only
    changes when its own step is taken, so the candidates wait in a heap ranked
    by the gain they had when last looked at: the top one is re-ranked, and taken
    when its rank still holds (nothing else can beat it then). Ties go as they
    always have: larger gain, then larger step, then the earlier question.
    """
    tree = ev.rubric.tree
    goals_of_item: dict[int, list[Goal]] = {}

    def relevant(item: int) -> list[Goal]:
        found = goals_of_item.get(item)
        if found is None:
            anc = ancestry(item)
            found = goals_of_item[item] = [g for g in goals if g.key in anc]
        return found

    def rank(cand: _Candidate) -> tuple[float, float, set[str]]:
        delta = tree.items[cand.item].coef * (cand.new_value - values[cand.item])
        gain = 0.0
        helps: set[str] = set()
        for g in relevant(cand.item):
            if g.deficit > TOLERANCE:
                gain += min(delta, g.deficit)
                helps.add(g.criterion)
        return gain, delta, helps

    heap: list[tuple[float, float, int, _Candidate]] = []

    def push(cand: _Candidate | None) -> None:
        if cand is None:
            return
        gain, delta, _ = rank(cand)
        if gain > TOLERANCE:
            heapq.heappush(heap, (-gain, -delta, cand.item, cand))

    if not any(g.deficit > TOLERANCE for g in goals):
        return []
    for item in tree.items:
        push(_candidate(ev, item, values[item.index]))
    chosen: list[tuple[_Candidate, float, set[str]]] = []
    while heap and any(g.deficit > TOLERANCE for g in goals):
        old_gain, _, index, cand = heapq.heappop(heap)
        gain, delta, helps = rank(cand)
        if gain <= TOLERANCE:
            continue  # it helps no goal any more, and never will again
        if -gain != old_gain:
            heapq.heappush(heap, (-gain, -delta, index, cand))
            continue
        for g in relevant(index):
            if g.deficit > TOLERANCE:
                g.deficit = max(0.0, g.deficit - delta)
        chosen.append((cand, delta, helps))
        values[index] = cand.new_value
        push(_candidate(ev, tree.items[index], values[index]))
    return chosen


def _prune(
    tree: Tree,
    chosen: list[tuple[_Candidate, float, set[str]]],
    goals: list[Goal],
    ancestry: Ancestry,
    ev: Evaluation,
) -> list[tuple[_Candidate, float, set[str]]]:
    """Drop steps the goals do not need (smallest-first), keeping every goal met.

    The points each goal gets from the kept steps are kept as running sums, so
    trying to drop a step looks at the goals that step counts toward only.
    """
    if any(g.deficit > TOLERANCE for g in goals):
        return chosen
    needed: dict[Key, float] = {}
    for g in goals:
        needed[g.key] = max(needed.get(g.key, 0.0), g.required)
    base = {key: ev.score(ref(tree, key)).low for key in needed}
    gains: dict[Key, float] = dict.fromkeys(needed, 0.0)
    for cand, points, _ in chosen:
        for key in ancestry(cand.item):
            if key in gains:
                gains[key] += points
    if any(base[k] + gains[k] < v - TOLERANCE for k, v in needed.items()):
        return chosen  # dropping a step only lowers sums: nothing can go
    dropped: set[int] = set()
    for position, (cand, points, _) in sorted(enumerate(chosen), key=lambda s: s[1][1]):
        touched = [key for key in ancestry(cand.item) if key in gains]
        if all(base[k] + gains[k] - points >= needed[k] - TOLERANCE for k in touched):
            for k in touched:
                gains[k] -= points
            dropped.add(position)
    return [step for position, step in enumerate(chosen) if position not in dropped]


def _step(
    ev: Evaluation, q: QuestionSpec, cand: _Candidate, points: float, helps: set[str]
) -> PlanStep:
    """The step ``cand`` is, on its own."""
    layered = ev.submission.answers.get(q.id)
    before = layered.pick(ev.up_to)[0] if layered else None
    if set(cand.changes) != {q.id}:  # a formula: show the counts it changes
        before = _describe({k: _answer(ev, k) for k in cand.changes})
    return PlanStep(
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


def _joined(ev: Evaluation, earlier: PlanStep, later: PlanStep) -> PlanStep:
    """One step that makes both: ``later``'s values where both change a question."""
    changes = {**earlier.changes, **later.changes}
    own = set(changes) == {earlier.question_id}
    return replace(
        earlier,
        from_answer=earlier.from_answer if own else _describe({k: _answer(ev, k) for k in changes}),
        to_answer=changes[earlier.question_id] if own else _describe(changes),
        changes=changes,
        points=round(earlier.points + later.points, 10),
        steps=earlier.steps + later.steps,
        helps=tuple(sorted({*earlier.helps, *later.helps})),
    )


def _finish(
    ev: Evaluation,
    target: str,
    chosen: list[tuple[_Candidate, float, set[str]]],
    requirements: list[Requirement],
    unreachable: list[str],
    goals: list[Goal],
) -> ImprovementPlan:
    tree = ev.rubric.tree
    merged: dict[str, str | int | float] = {}
    by_question: dict[str, PlanStep] = {}
    owner: dict[str, str] = {}  # a question (or count) changed -> the step that changes it
    for cand, points, helps in chosen:
        merged.update(cand.changes)
        q = tree.items[cand.item].spec
        # C -> B then B -> A is one change, C -> A, of two steps; and two formulas that raise
        # one shared count are one step that changes it once, to the value the plan uses
        overlapping = list(dict.fromkeys(owner[c] for c in (q.id, *cand.changes) if c in owner))
        if overlapping:
            key = overlapping[0]
            step = by_question[key]
            for other in overlapping[1:]:
                step = _joined(ev, step, by_question.pop(other))
            step = _joined(ev, step, _step(ev, q, cand, points, helps))
            by_question[key] = step
            owner.update(dict.fromkeys((q.id, *step.changes, *overlapping), key))
            continue
        by_question[q.id] = _step(ev, q, cand, points, helps)
        owner.update(dict.fromkeys((q.id, *cand.changes), q.id))
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
    survey = measured_requirements(ev.rubric, after, target, goals)
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
