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

import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from zi_engine._constants import TOLERANCE
from zi_engine._errors import UsageError
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
    from zi_engine.rubric._tree import Tree

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


def _candidates(ev: Evaluation, values: list[float]) -> list[_Candidate]:
    """Each scored question's next better answer, as its answer type sees it."""
    tree = ev.rubric.tree
    known, counted = ev.scores.known, ev.scores.values
    out: list[_Candidate] = []
    for item in tree.items:
        atype = item.answer_type
        if not item.scored or atype is None:
            continue
        counts = _NO_COUNTS
        if item.refs:  # a formula: its inputs, every one answered (the plan does not guess)
            if not all(known[r] for r in item.refs):
                continue
            counts = {tree.items[r].spec.id: counted[r] for r in item.refs}
        current = values[item.index]
        better = atype.next_better(
            item.spec, current, counts, zero_denominator=item.zero_denominator
        )
        if better is None or better.value <= current + TOLERANCE:
            continue
        changes = dict(better.changes)
        qid = item.spec.id
        own = len(changes) == 1 and qid in changes  # its own answer, not the counts it reads
        to_answer = changes[qid] if own else _describe(changes)
        out.append(_Candidate(item.index, changes, to_answer, better.value, better.steps))
    return out


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
        f"rubric {ev.rubric_id} has no predicate {target!r}; "
        f"the known ones are {', '.join(known) or 'none'}"
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
            f"plan() takes an Evaluation (from evaluate()), not {type(evaluation).__name__}"
        )
    ev = evaluation
    target = _target(ev, target)
    tree = ev.rubric.tree
    goals, requirements, unreachable = goals_of(ev, target)
    ancestry = Ancestry(tree)
    values = list(ev.scores.values)
    chosen: list[tuple[_Candidate, float, set[str]]] = []
    while any(g.deficit > TOLERANCE for g in goals):
        best = _best_step(tree, _candidates(ev, values), values, goals, ancestry)
        if best is None:
            break
        cand, points, helps = best
        chosen.append((cand, points, helps))
        values[cand.item] = cand.new_value
    chosen = _prune(tree, chosen, goals, ancestry, ev)
    unreachable += [g.criterion for g in goals if g.deficit > TOLERANCE]
    return _finish(ev, target, chosen, requirements, unreachable, goals)


def _best_step(
    tree: Tree,
    cands: list[_Candidate],
    values: list[float],
    goals: list[Goal],
    ancestry: Ancestry,
) -> tuple[_Candidate, float, set[str]] | None:
    best: tuple[float, float, int, _Candidate, set[str]] | None = None
    for cand in cands:
        item = tree.items[cand.item]
        delta = item.coef * (cand.new_value - values[cand.item])
        anc = ancestry(cand.item)
        gain = 0.0
        helps: set[str] = set()
        for g in goals:
            if g.deficit > TOLERANCE and g.key in anc:
                gain += min(delta, g.deficit)
                helps.add(g.criterion)
        if gain <= TOLERANCE:
            continue
        rank = (gain, delta, -cand.item)
        if best is None or rank > best[:3]:
            best = (gain, delta, -cand.item, cand, helps)
    if best is None:
        return None
    gain, delta, _, cand, helps = best
    for g in goals:
        if g.deficit > TOLERANCE and g.key in ancestry(cand.item):
            g.deficit = max(0.0, g.deficit - delta)
    return cand, delta, helps


def _prune(
    tree: Tree,
    chosen: list[tuple[_Candidate, float, set[str]]],
    goals: list[Goal],
    ancestry: Ancestry,
    ev: Evaluation,
) -> list[tuple[_Candidate, float, set[str]]]:
    """Drop steps the goals do not need (smallest-first), keeping every goal met."""
    if any(g.deficit > TOLERANCE for g in goals):
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
    ancestry: Ancestry,
    ev: Evaluation,
) -> bool:
    gains: dict[Key, float] = {}
    for cand, points, _ in steps:
        for key in ancestry(cand.item):
            gains[key] = gains.get(key, 0.0) + points
    base = {key: ev.score(ref(tree, key)).low for key in needed}
    return all(base[k] + gains.get(k, 0.0) >= v - TOLERANCE for k, v in needed.items())


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
        if set(cand.changes) != {q.id}:  # a formula: show the counts it changes
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
