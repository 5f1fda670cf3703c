"""The hot path: answers → item values → node scores (lower and upper bounds).

Only lists and floats here; everything explanatory is built lazily by
:class:`~zi_engine.Evaluation` from these arrays.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from ._answers import AnswerError, formula_value
from ._errors import Problem, SubmissionError
from ._rubric import Rubric
from ._submission import Layer, LayeredAnswer, RawAnswer, Submission

__all__ = ["ScorePlan", "Scores", "plan_for", "score"]

_MAX_COUNT = 10**12

# The layers read for each ``up_to``, highest authority first. Always three keys: a
# shorter order repeats its last layer, which reads the same entry again and so picks
# the same answer as :meth:`LayeredAnswer.pick`, without a branch per question.
_ORDER: dict[Layer, tuple[Layer, Layer, Layer]] = {
    "tpn": ("tpn", "tpi", "unit"),
    "tpi": ("tpi", "unit", "unit"),
    "unit": ("unit", "unit", "unit"),
}


Leaves = tuple[tuple[int, tuple[tuple[int, float], ...]], ...]
Sums = tuple[tuple[int, tuple[int, ...]], ...]


@dataclass(frozen=True, slots=True)
class ScorePlan:
    """The tree flattened for scoring: who is answered, who is computed, what sums to what.

    Answered items are split by how their answer is read, so the hot loops in
    :func:`score` carry no per-question branches: ``choices`` (an option table
    lookup), ``counts`` (a whole number taken as is) and ``parsed`` (everything
    else, always through the answer type's parser). Anything the fast loops
    cannot settle goes through the careful path, which knows every answered item
    by index in ``parsers``.
    """

    choices: tuple[tuple[int, str, dict[str, float]], ...]  # (item, question id, option table)
    counts: tuple[tuple[int, str], ...]  # built-in counts: (item, question id)
    parsed: tuple[int, ...]  # other answered items (survey indices, plugin types)
    parsers: dict[int, tuple[str, Callable[[object], float]]]  # every answered item
    answerable: frozenset[str]
    n_answered: int
    # (item, refs, numerator refs, denominator refs, _DECLINE/_RATIO/_ONE_TO_ONE, zero value)
    formulas: tuple[tuple[int, tuple[int, ...], tuple[int, ...], tuple[int, ...], int, float], ...]
    leaves: Leaves  # node, ((item, coef), ...)
    sums: Sums  # node, children (bottom-up)
    best: tuple[float, ...]  # best value per item (upper bound for unanswered)
    n_items: int
    n_nodes: int
    roll_up: Callable[[list[float]], list[float]]  # item values -> node scores


def plan_for(rubric: Rubric) -> ScorePlan:
    """The rubric's score plan, built on first use and kept on the rubric."""
    cached = rubric._score_plan
    if isinstance(cached, ScorePlan):
        return cached
    tree = rubric.tree
    answered = [it for it in tree.items if it.parse is not None]
    choices = tuple((it.index, it.spec.id, it.table) for it in answered if it.table is not None)
    counts = tuple((it.index, it.spec.id) for it in answered if it.table is None and it.whole_count)
    parsed = tuple(it.index for it in answered if it.table is None and not it.whole_count)
    formulas = tuple(
        (
            it.index,
            it.refs,
            it.refs[: it.n_numerator],
            it.refs[it.n_numerator :],
            _formula_kind(it.spec.answer, it.n_numerator, len(it.refs)),
            it.zero_denominator,
        )
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
        choices=choices,
        counts=counts,
        parsed=parsed,
        parsers={it.index: (it.spec.id, it.parse) for it in answered if it.parse is not None},
        answerable=frozenset(it.spec.id for it in answered),
        n_answered=len(answered),
        formulas=formulas,
        leaves=leaves,
        sums=sums,
        best=tuple(it.best for it in tree.items),
        n_items=len(tree.items),
        n_nodes=len(tree.nodes),
        roll_up=_compile_roll_up(leaves, sums, len(tree.nodes)),
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
    slow = _read_fast(plan, answers, order, values)
    known = [True] * plan.n_items
    missing: list[int] = []
    bad: list[Problem] = []
    absent = 0  # answerable items with no entry at all in ``answers``
    for index in sorted(slow):  # in rubric order, as missing answers and problems are listed
        qid, parse = plan.parsers[index]
        layered = answers.get(qid)
        raw = _counted(layered, order, up_to) if layered is not None else None
        if raw is None:
            if layered is None:
                absent += 1
            known[index] = False
            missing.append(index)
            continue
        try:
            values[index] = parse(raw)
        except AnswerError as exc:
            assert layered is not None
            bad.append(_bad_answer(rubric, qid, layered.pick(up_to)[1], exc))
    # every answerable item found once, and nothing else: no answer can be unknown
    only_answerable = len(answers) == plan.n_answered - absent
    if bad or not (only_answerable or answers.keys() <= plan.answerable):
        bad += _unknown_answers(rubric, submission)
    if bad:
        raise SubmissionError(bad)
    _compute_formulas(plan, values, known, missing)
    low = plan.roll_up(values)
    if not missing:  # then every item is known: only missing answers make anything unknown
        return Scores(values, known, low, low, missing, [0] * plan.n_nodes)
    best = [v if k else b for v, k, b in zip(values, known, plan.best, strict=False)]
    high = plan.roll_up(best)
    return Scores(values, known, low, high, missing, _missing_below(plan, known))


def _counted(layered: LayeredAnswer, order: tuple[Layer, Layer, Layer], up_to: Layer) -> RawAnswer:
    """The answer that counts, as :meth:`LayeredAnswer.pick` finds it, the common case read fast."""
    fields = layered.__dict__
    entry = fields[order[0]] or fields[order[1]] or fields[order[2]]
    raw: RawAnswer = entry.value if entry is not None else None
    return raw if raw is not None else layered.pick(up_to)[0]


def _read_fast(
    plan: ScorePlan,
    answers: Mapping[str, LayeredAnswer],
    order: tuple[Layer, Layer, Layer],
    values: list[float],
) -> list[int]:
    """Fill ``values`` for the answers that need no parsing; return every other answered item.

    The hot path: an option found in its table, or a count given as a whole
    number. It reads the highest layer present straight from each model's
    ``__dict__``; a question without an answer, a layer holding only notes
    (value ``None``), an answer that is not an exact option key and anything
    to parse are left to the careful path in :func:`score`, which produces
    the same values and the problems, in rubric order.
    """
    first, second, third = order
    get = answers.get
    slow: list[int] = list(plan.parsed)
    for index, qid, table in plan.choices:
        layered = get(qid)
        if layered is not None:
            fields = layered.__dict__
            entry = fields[first] or fields[second] or fields[third]
            if entry is not None:
                try:
                    values[index] = table[entry.value]
                    continue
                # not an exact option key (or None), or unhashable (a value set through
                # with_answers unvalidated): the careful path decides
                except (KeyError, TypeError):
                    pass
        slow.append(index)
    for index, qid in plan.counts:
        layered = get(qid)
        if layered is not None:
            fields = layered.__dict__
            entry = fields[first] or fields[second] or fields[third]
            if entry is not None:
                raw = entry.value
                if raw.__class__ is int and 0 <= raw <= _MAX_COUNT:
                    values[index] = float(raw)
                    continue
        slow.append(index)
    return slow


_DECLINE, _RATIO, _ONE_TO_ONE = range(3)


def _formula_kind(answer: str, n_numerator: int, n_refs: int) -> int:
    """How :func:`_compute_formulas` reads a formula's inputs."""
    if answer == "decline":
        return _DECLINE
    return _ONE_TO_ONE if n_numerator == 1 and n_refs == 2 else _RATIO


def _compute_formulas(
    plan: ScorePlan, values: list[float], known: list[bool], missing: list[int]
) -> None:
    """Values of ratio and decline items; unknown when an input is (only if any is missing).

    A ratio of one count to one count (most of them) adds each to 0 directly:
    what ``sum()`` of one number does, without building an iterator for it.
    """
    get = values.__getitem__
    kget = known.__getitem__
    for index, refs, numerator, denominator, kind, zero in plan.formulas:
        if missing and not all(map(kget, refs)):
            known[index] = False
            continue
        if kind == _ONE_TO_ONE:
            num = 0 + values[refs[0]]
            den = 0 + values[refs[1]]
        elif kind == _DECLINE:
            num = values[refs[0]] - values[refs[1]]
            den = values[refs[0]]
        else:
            num = sum(map(get, numerator))
            den = sum(map(get, denominator))
        values[index] = formula_value(num, den, zero)


# Beyond this many terms the roll-up stays a loop: the generated function grows with
# the rubric, and compiling it would cost more than it saves for a few evaluations.
_MAX_UNROLLED_TERMS = 20_000


def _roll_up(leaves: Leaves, sums: Sums, n_nodes: int, values: list[float]) -> list[float]:
    """Node scores from item values: a dot product per leaf group, then sums bottom-up."""
    scores = [0.0] * n_nodes
    for node, terms in leaves:
        total = 0.0
        for item, coef in terms:
            total += coef * values[item]
        scores[node] = total
    for node, children in sums:
        total = 0.0
        for child in children:
            total += scores[child]
        scores[node] = total
    return scores


def _compile_roll_up(
    leaves: Leaves, sums: Sums, n_nodes: int
) -> Callable[[list[float]], list[float]]:
    """:func:`_roll_up` for one rubric's tree, unrolled into straight-line code.

    Why: as a loop over ``(item, coefficient)`` pairs the roll-up is a fifth of
    a whole evaluation; unrolled, with the coefficients written as literals, it
    takes half as long. The generated function (``t += 0.25 * v[12]`` ...) does
    the same additions in the same order from the same 0.0, so every score is
    the same to the last bit (``repr`` writes a finite float back exactly).
    Only indices and coefficients go into the source, never text from the
    rubric. Very large trees, and coefficients that are not finite numbers
    (never in a validated rubric), keep the loop.
    """
    coefs = [coef for _, terms in leaves for _, coef in terms]
    indices = [n for n, terms in leaves for n in (n, *(item for item, _ in terms))]
    indices += [n for n, children in sums for n in (n, *children)]
    size = len(coefs) + sum(len(children) for _, children in sums)
    if (
        size > _MAX_UNROLLED_TERMS
        or type(n_nodes) is not int
        or not all(type(c) is float and math.isfinite(c) for c in coefs)
        or not all(type(i) is int for i in indices)
    ):  # only plain floats and ints are ever written into the source
        return partial(_roll_up, leaves, sums, n_nodes)
    lines = ["def roll_up(v):", f"    s = [0.0] * {n_nodes}"]
    for node, terms in leaves:
        lines.append("    t = 0.0")
        lines += [f"    t += {coef!r} * v[{item}]" for item, coef in terms]
        lines.append(f"    s[{node}] = t")
    for node, children in sums:
        lines.append("    t = 0.0")
        lines += [f"    t += s[{child}]" for child in children]
        lines.append(f"    s[{node}] = t")
    lines.append("    return s")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<zi_engine roll-up>", "exec"), namespace)
    function: Callable[[list[float]], list[float]] = namespace["roll_up"]
    return function


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
