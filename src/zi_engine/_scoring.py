"""The hot path: answers → item values → node scores (lower and upper bounds).

Only lists and floats here; everything explanatory is built lazily by
:class:`~zi_engine.Evaluation` from these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._answers import AnswerError, formula_value
from ._errors import Problem, SubmissionError
from ._rubric import Rubric
from ._submission import Layer, Submission

__all__ = ["ScorePlan", "Scores", "plan_for", "score"]

_MAX_COUNT = 10**12

_ORDER: dict[Layer, tuple[Layer, ...]] = {
    "tpn": ("tpn", "tpi", "unit"),
    "tpi": ("tpi", "unit"),
    "unit": ("unit",),
}


@dataclass(frozen=True, slots=True)
class ScorePlan:
    """The tree flattened for scoring: who is answered, who is computed, what sums to what."""

    # (item index, question id, option table or None, parser, is a built-in count)
    answered: tuple[tuple[int, str, dict[str, float] | None, object, bool], ...]
    answerable: frozenset[str]
    formulas: tuple[tuple[int, tuple[int, ...], int, bool, float], ...]
    leaves: tuple[tuple[int, tuple[tuple[int, float], ...]], ...]  # node, ((item, coef), ...)
    sums: tuple[tuple[int, tuple[int, ...]], ...]  # node, children (bottom-up)
    best: tuple[float, ...]  # best value per item (upper bound for unanswered)
    n_items: int
    n_nodes: int


def plan_for(rubric: Rubric) -> ScorePlan:
    """The rubric's score plan, built on first use and kept on the rubric."""
    cached = rubric._score_plan
    if isinstance(cached, ScorePlan):
        return cached
    tree = rubric.tree
    answered = tuple(
        (it.index, it.spec.id, it.table, it.parse, it.whole_count)
        for it in tree.items
        if it.parse is not None
    )
    formulas = tuple(
        (it.index, it.refs, it.n_numerator, it.spec.answer == "decline", it.zero_denominator)
        for it in tree.items
        if it.parse is None and it.refs
    )
    leaves = tuple(
        (n.index, tuple((i, tree.items[i].coef) for i in n.items if tree.items[i].scored))
        for n in tree.nodes
        if n.items
    )
    sums = tuple((i, tuple(tree.nodes[i].children)) for i in tree.order)
    plan = ScorePlan(
        answered=answered,
        answerable=frozenset(a[1] for a in answered),
        formulas=formulas,
        leaves=leaves,
        sums=sums,
        best=tuple(it.best for it in tree.items),
        n_items=len(tree.items),
        n_nodes=len(tree.nodes),
    )
    rubric._score_plan = plan
    return plan


@dataclass(slots=True)
class Scores:
    """Raw results of scoring one submission."""

    values: list[float]  # per item: value in [0, 1] (counts: the count), 0 when unknown
    known: list[bool]  # per item: answered or computable
    low: list[float]  # per node: score with unanswered questions at worst
    high: list[float]  # per node: ... at best (same list when nothing is missing)
    missing: list[int]  # unanswered answerable items
    missing_below: list[int]  # per node: how many unanswered scored items feed it


def score(rubric: Rubric, submission: Submission, up_to: Layer = "tpn") -> Scores:
    """Score ``submission``; raise :class:`SubmissionError` naming every bad answer."""
    plan = plan_for(rubric)
    answers = submission.answers
    order = _ORDER[up_to]
    values = [0.0] * plan.n_items
    known = [True] * plan.n_items
    missing: list[int] = []
    bad: list[Problem] = []
    first: Layer = order[0]
    second: Layer | None = order[1] if len(order) > 1 else None
    third: Layer | None = order[2] if len(order) > 2 else None
    for index, qid, table, parse, whole in plan.answered:
        layered = answers.get(qid)
        if layered is None:
            known[index] = False
            missing.append(index)
            continue
        # The hot path: the highest layer present, read straight from the model's
        # __dict__. A layer holding only notes (value None) takes the careful path.
        fields = layered.__dict__
        entry = fields[first] or (second and fields[second]) or (third and fields[third])
        raw = entry.value if entry else None
        if raw is None:
            raw = layered.pick(up_to)[0]
            if raw is None:
                known[index] = False
                missing.append(index)
                continue
        if table is not None:
            value = table.get(raw) if raw.__class__ is str else None
            if value is not None:
                values[index] = value
                continue
        elif whole and raw.__class__ is int and 0 <= raw <= _MAX_COUNT:
            values[index] = float(raw)  # a count given as a whole number: nothing to parse
            continue
        try:
            values[index] = parse(raw)  # type: ignore[operator]
        except AnswerError as exc:
            bad.append(_bad_answer(rubric, qid, layered.pick(up_to)[1], exc))
    if bad or not answers.keys() <= plan.answerable:
        bad += _unknown_answers(rubric, submission)
    if bad:
        raise SubmissionError(bad)
    get = values.__getitem__
    kget = known.__getitem__
    for index, refs, n_num, decline, zero in plan.formulas:
        if missing and not all(map(kget, refs)):
            known[index] = False
            continue
        if decline:
            num = values[refs[0]] - values[refs[1]]
            den = values[refs[0]]
        else:
            num = sum(map(get, refs[:n_num]))
            den = sum(map(get, refs[n_num:]))
        values[index] = formula_value(num, den, zero)
    low = _roll_up(plan, values)
    if not missing and all(known):
        return Scores(values, known, low, low, missing, [0] * plan.n_nodes)
    best = [v if k else b for v, k, b in zip(values, known, plan.best, strict=False)]
    high = _roll_up(plan, best)
    return Scores(values, known, low, high, missing, _missing_below(plan, known))


def _roll_up(plan: ScorePlan, values: list[float]) -> list[float]:
    scores = [0.0] * plan.n_nodes
    for node, terms in plan.leaves:
        total = 0.0
        for item, coef in terms:
            total += coef * values[item]
        scores[node] = total
    for node, children in plan.sums:
        total = 0.0
        for child in children:
            total += scores[child]
        scores[node] = total
    return scores


def _missing_below(plan: ScorePlan, known: list[bool]) -> list[int]:
    counts = [0] * plan.n_nodes
    for node, terms in plan.leaves:
        counts[node] = sum(1 for item, _ in terms if not known[item])
    for node, children in plan.sums:
        counts[node] = sum(counts[c] for c in children)
    return counts


def _bad_answer(rubric: Rubric, qid: str, layer: Layer | None, exc: AnswerError) -> Problem:
    q = rubric.question(qid)
    soal = f" (soal_id {q.soal_id})" if q.soal_id is not None else ""
    return Problem(f"question {qid}{soal}, {layer} answer: {exc}", path=f"answers.{qid}.{layer}")


def _unknown_answers(rubric: Rubric, submission: Submission) -> list[Problem]:
    out = []
    for qid in submission.answers:
        q = rubric.questions.get(qid)
        if q is None:
            out.append(Problem(f"no question {qid!r} in rubric {rubric.id}", path=f"answers.{qid}"))
        elif q.answer in ("ratio", "decline") and submission.answers[qid].pick()[0] is not None:
            out.append(
                Problem(
                    f"question {qid} is computed from counts and cannot be answered",
                    path=f"answers.{qid}",
                )
            )
    return out
