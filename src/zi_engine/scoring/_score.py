"""The hot path: answers → item values → node scores (lower and upper bounds).

Only lists and floats here; everything explanatory is built lazily by
:class:`~zi_engine.Evaluation` from these arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zi_engine._errors import Problem, SubmissionError
from zi_engine.rubric._answers import AnswerError, formula_value
from zi_engine.rubric._layout import DECLINE, ONE_TO_ONE, ScoreLayout
from zi_engine.rubric._rubric import Rubric
from zi_engine.submission._model import Layer, LayeredAnswer, RawAnswer, Submission

__all__ = ["Scores", "roll_up", "score"]

_MAX_COUNT = 10**12

# The layers read for each ``up_to``, highest authority first. Always three keys: a
# shorter order repeats its last layer, which reads the same entry again and so picks
# the same answer as :meth:`LayeredAnswer.pick`, without a branch per question.
_ORDER: dict[Layer, tuple[Layer, Layer, Layer]] = {
    "tpn": ("tpn", "tpi", "unit"),
    "tpi": ("tpi", "unit", "unit"),
    "unit": ("unit", "unit", "unit"),
}


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
    plan = rubric.layout
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
    low = roll_up(plan, values)
    if not missing:  # then every item is known: only missing answers make anything unknown
        return Scores(values, known, low, low, missing, [0] * plan.n_nodes)
    best = [v if k else b for v, k, b in zip(values, known, plan.best, strict=False)]
    high = roll_up(plan, best)
    return Scores(values, known, low, high, missing, _missing_below(plan, known))


def _counted(layered: LayeredAnswer, order: tuple[Layer, Layer, Layer], up_to: Layer) -> RawAnswer:
    """The answer that counts, as :meth:`LayeredAnswer.pick` finds it, the common case read fast."""
    fields = layered.__dict__
    entry = fields[order[0]] or fields[order[1]] or fields[order[2]]
    raw: RawAnswer = entry.value if entry is not None else None
    return raw if raw is not None else layered.pick(up_to)[0]


def _read_fast(
    plan: ScoreLayout,
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


def _compute_formulas(
    plan: ScoreLayout, values: list[float], known: list[bool], missing: list[int]
) -> None:
    """Values of formula items; unknown when an input is (only if any is missing).

    The shapes the answer types state as ratios are computed inline: a ratio
    of one count to one count (most of them) adds each to 0 directly – what
    ``sum()`` of one number does, without building an iterator for it – and a
    decline is (a - b) / a. Any other formula asks its type's ``compute``.
    """
    get = values.__getitem__
    kget = known.__getitem__
    for index, refs, numerator, denominator, kind, zero, compute in plan.formulas:
        if missing and not all(map(kget, refs)):
            known[index] = False
            continue
        if kind == ONE_TO_ONE:
            num = 0 + values[numerator[0]]
            den = 0 + values[denominator[0]]
        elif kind == DECLINE:
            num = values[numerator[0]] - values[numerator[1]]
            den = values[numerator[0]]
        elif compute is None:  # RATIO: a sum over a sum
            num = sum(map(get, numerator))
            den = sum(map(get, denominator))
        else:
            values[index] = compute(values)
            continue
        values[index] = formula_value(num, den, zero)


def roll_up(layout: ScoreLayout, values: list[float]) -> list[float]:
    """Node scores from item values: a dot product per leaf group, then sums bottom-up."""
    scores = [0.0] * layout.n_nodes
    for node, terms in layout.leaves:
        total = 0.0
        for item, coef in terms:
            total += coef * values[item]
        scores[node] = total
    for node, children in layout.sums:
        total = 0.0
        for child in children:
            total += scores[child]
        scores[node] = total
    return scores


def _missing_below(plan: ScoreLayout, known: list[bool]) -> list[int]:
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
    computed = rubric.layout.computed
    for qid in submission.answers:
        q = rubric.questions.get(qid)
        if q is None:
            out.append(Problem(f"no question {qid!r} in rubric {rubric.id}", path=f"answers.{qid}"))
        elif qid in computed and submission.answers[qid].pick()[0] is not None:
            out.append(
                Problem(
                    f"question {qid} is computed from counts and cannot be answered",
                    path=f"answers.{qid}",
                )
            )
    return out
