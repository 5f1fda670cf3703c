"""The hot path: answers → item values → node scores (lower and upper bounds).

Only lists and floats here; everything explanatory is built lazily by
:class:`~zi_engine.Evaluation` from these arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from zi_engine._errors import SubmissionError
from zi_engine.rubric._answers import AnswerError, formula_value
from zi_engine.rubric._layout import DECLINE, ONE_TO_ONE, ScoreLayout
from zi_engine.rubric._rubric import Rubric
from zi_engine.scoring._check import answer_problems
from zi_engine.submission._model import (
    LAYERS,
    AnswerEntry,
    Layer,
    LayeredAnswer,
    RawAnswer,
    Submission,
)

__all__ = ["Scores", "roll_up", "score"]

_MAX_COUNT = 10**12

# The layers read for each ``up_to``, highest authority first. Always four keys: a
# shorter order repeats its last layer, which reads the same entry again and so picks
# the same answer as :meth:`LayeredAnswer.pick`, without a branch per question.
_ORDER: dict[Layer, tuple[Layer, Layer, Layer, Layer]] = {
    "tpn": ("tpn", "tpi", "induk", "unit"),
    "tpi": ("tpi", "induk", "unit", "unit"),
    "induk": ("induk", "unit", "unit", "unit"),
    "unit": ("unit", "unit", "unit", "unit"),
}
# the fast path's rank of the highest layer that counts among unit, TPI and TPN (it leaves
# every answer with a parent unit's layer to the careful path)
_TOP = {"unit": 0, "induk": 0, "tpi": 1, "tpn": 2}


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
    """Score ``submission``; raise :class:`SubmissionError` naming every bad answer.

    Every layer's answer is checked, not only the one that counts: a unit
    answer ``Z`` under a TPI answer is as wrong as a TPI answer ``Z``.
    """
    plan = rubric.layout
    answers = submission.answers
    order = _ORDER[up_to]
    values = [0.0] * plan.n_items
    slow = _read_fast(plan, answers, order, values)
    known = [True] * plan.n_items
    missing: list[int] = []
    invalid = False
    absent = 0  # answerable items with no entry at all in ``answers``
    for index in sorted(slow):  # in rubric order, as missing answers are listed
        qid, parse = plan.parsers[index]
        layered = answers.get(qid)
        if layered is None:
            absent += 1
            known[index] = False
            missing.append(index)
            continue
        raw = _counted(layered, order, up_to)
        if raw is None:
            known[index] = False
            missing.append(index)
        else:
            try:
                values[index] = parse(raw)
            except AnswerError:
                invalid = True
        fields = layered.__dict__
        if (
            fields["tpi"] is not None or fields["tpn"] is not None or fields["induk"] is not None
        ) and not _layers_parse(layered, parse):
            invalid = True
    # every answerable item found once, and nothing else: no answer can be unknown
    only_answerable = len(answers) == plan.n_answered - absent
    if invalid or not (only_answerable or answers.keys() <= plan.answerable):
        problems = answer_problems(rubric, submission)
        if problems:
            raise SubmissionError(problems)
    _compute_formulas(plan, values, known, missing)
    low = roll_up(plan, values)
    if not missing:  # then every item is known: only missing answers make anything unknown
        return Scores(values, known, low, low, missing, [0] * plan.n_nodes)
    best = [v if k else b for v, k, b in zip(values, known, plan.best, strict=False)]
    high = roll_up(plan, best)
    return Scores(values, known, low, high, missing, _missing_below(plan, known))


def _counted(
    layered: LayeredAnswer, order: tuple[Layer, Layer, Layer, Layer], up_to: Layer
) -> RawAnswer:
    """The answer that counts, as :meth:`LayeredAnswer.pick` finds it, the common case read fast."""
    fields = layered.__dict__
    entry = fields[order[0]] or fields[order[1]] or fields[order[2]] or fields[order[3]]
    raw: RawAnswer = entry.value if entry is not None else None
    return raw if raw is not None else layered.pick(up_to)[0]


def _layers_parse(layered: LayeredAnswer, parse: Callable[[object], float]) -> bool:
    """Whether every layer's value, counted or not, is one its question accepts."""
    for layer in LAYERS:
        entry: AnswerEntry | None = getattr(layered, layer)
        if entry is not None and entry.value is not None:
            try:
                parse(entry.value)
            except AnswerError:
                return False
    return True


def _read_fast(
    plan: ScoreLayout,
    answers: Mapping[str, LayeredAnswer],
    order: tuple[Layer, Layer, Layer, Layer],
    values: list[float],
) -> list[int]:
    """Fill ``values`` for the answers that need no parsing; return every other answered item.

    An option found in its table, or a count given as a whole number, in
    every layer present, read from the models' ``__dict__``. The unit's
    answer alone (the common case) counts whatever ``up_to`` is; with a TPI
    or TPN layer, every layer's value must be an exact option key (a whole
    number) or None, and the highest layer in ``order`` with a value counts,
    as :meth:`LayeredAnswer.pick` finds it. A question without an answer, an
    answer that is not an exact option key and anything to parse are left to
    the careful path in :func:`score`, which produces the same
    values and finds the problems; so is every answer with a parent unit's
    (``induk``) layer, which only units with a preliminary review have.
    """
    top = _TOP[order[0]]  # 0 unit, 1 tpi, 2 tpn: the highest layer that counts
    get = answers.get
    low: Any  # the unit's, the TPI's and the TPN's values (None: no value)
    mid: Any
    high: Any
    slow: list[int] = list(plan.parsed)
    for index, qid, table in plan.choices:
        layered = get(qid)
        if layered is not None and layered.__dict__["induk"] is None:
            fields = layered.__dict__
            tpi = fields["tpi"]
            tpn = fields["tpn"]
            unit = fields["unit"]
            try:
                if tpi is None and tpn is None:
                    if unit is not None:
                        values[index] = table[unit.value]
                        continue
                elif tpn is None:  # unit and TPI (a TPI's evaluation): the usual pair
                    mid = tpi.value
                    low = unit.value if unit is not None else None
                    if top and mid is not None:  # the TPI's counts; the unit's must be valid
                        if low is None or low in table:
                            values[index] = table[mid]
                            continue
                    elif mid is None or mid in table:
                        values[index] = table[low]  # None (no answer): KeyError
                        continue
                else:
                    low = unit.value if unit is not None else None
                    mid = tpi.value if tpi is not None else None
                    high = tpn.value if tpn is not None else None
                    if (
                        (low is None or low in table)
                        and (mid is None or mid in table)
                        and (high is None or high in table)
                    ):
                        # the highest layer up to ``top`` with a value (None: missing)
                        if top == 2 and high is not None:
                            values[index] = table[high]
                        elif top >= 1 and mid is not None:
                            values[index] = table[mid]
                        else:
                            values[index] = table[low]
                        continue
            # not an exact option key (or None), or unhashable (a value set through
            # with_answers unvalidated): the careful path decides
            except (KeyError, TypeError):
                pass
        slow.append(index)
    for index, qid in plan.counts:
        layered = get(qid)
        if layered is not None and layered.__dict__["induk"] is None:
            fields = layered.__dict__
            tpi = fields["tpi"]
            tpn = fields["tpn"]
            unit = fields["unit"]
            if tpi is None and tpn is None:
                if unit is not None:
                    raw = unit.value
                    if raw.__class__ is int and 0 <= raw <= _MAX_COUNT:
                        values[index] = float(raw)
                        continue
            else:
                low = unit.value if unit is not None else None
                mid = tpi.value if tpi is not None else None
                high = tpn.value if tpn is not None else None
                if _whole(low) and _whole(mid) and _whole(high):
                    raw = high if top == 2 and high is not None else None
                    if raw is None:
                        raw = mid if top >= 1 and mid is not None else low
                    if raw is not None:
                        values[index] = float(raw)
                        continue
        slow.append(index)
    return slow


def _whole(raw: RawAnswer) -> bool:
    """No value, or a count the fast path takes as it is."""
    return raw is None or (raw.__class__ is int and 0 <= raw <= _MAX_COUNT)


def _compute_formulas(
    plan: ScoreLayout, values: list[float], known: list[bool], missing: list[int]
) -> None:
    """Values of formula items; unknown when an input is (only if any is missing).

    The shapes the answer types state as ratios are computed inline: a ratio
    of one count to one count (most of them) is ``0 + count`` over ``0 +
    count``, the value ``sum()`` of one number gives, and a decline is
    (a - b) / a. Any other formula asks its type's ``compute``.
    """
    get = values.__getitem__
    kget = known.__getitem__
    for index, refs, numerator, denominator, kind, zero, compute in plan.formulas:
        if missing and not all(map(kget, refs)):
            known[index] = False
            continue
        if kind == ONE_TO_ONE:
            # not values[...] alone: the general path's sum() starts from 0, and 0 + x is
            # its value to the last bit (-0.0 becomes 0.0)
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
