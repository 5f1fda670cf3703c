"""Raw answers to one question, the way submission files carry them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import cast

from hypothesis import strategies as st

from zi_engine.engine._engine import Engine, default_engine
from zi_engine.rubric._model import QuestionSpec
from zi_engine.rubric._rubric import Rubric

RawAnswer = str | int | float | None
"""One answer as a submission file carries it: an option key, a number, a number written as
text (``"3,60"``), or ``None`` for no answer."""


def _number_forms(value: float) -> st.SearchStrategy[RawAnswer]:
    """``value`` as a float, and as text the way Indonesian forms write it (``3,60``)."""
    forms: list[RawAnswer] = [value, f"{value:.2f}".replace(".", ","), f"{value:.2f}"]
    if float(value).is_integer():
        forms.append(int(value))
    return st.sampled_from(forms)


def answers_for(
    question: QuestionSpec,
    *,
    engine: Engine | None = None,
    near: Sequence[float] = (),
    variants: bool = True,
    small_counts: bool = False,
) -> st.SearchStrategy[RawAnswer]:
    """Raw answers that ``question`` accepts, as they appear in submission files.

    What is drawn follows the type's ``input`` kind, so a plugin's type gets
    answers as a built-in of its kind does. Choice types give option keys
    (with ``variants``, also in other case or with spaces, which the parser
    accepts); number types (survey indexes) give numbers between the answers
    worth 0 and 1 (``answer_for_value``; 0 to the scale maximum for a survey),
    as numbers or text with a decimal comma, and values in ``near`` (and just
    around them) more often; counts give whole numbers (with ``small_counts``,
    0–3, so ratios hit 0/0, equality and off-by-one often). Formulas are
    computed, not answered: asking for one is a ``ValueError``, as is a number
    type that cannot say which answers its values come from.
    """
    atype = (engine or default_engine()).answer_types.get(question.answer)
    if atype is None or atype.input == "formula":
        raise ValueError(f"question {question.id!r} ({question.answer}) is not answered directly")
    if atype.input == "choice":
        keys = list(atype.option_values(question))
        base: st.SearchStrategy[RawAnswer] = st.sampled_from(keys)
        if not variants:
            return base
        odd = [k.lower() for k in keys if k.lower() not in keys] + [f" {k} " for k in keys]
        return st.one_of(base, st.sampled_from(odd)) if odd else base
    if atype.input == "number":
        low, top = atype.answer_for_value(0.0, question), atype.answer_for_value(1.0, question)
        if low != 0 or top is None or not top > 0:
            raise ValueError(f"no answers known for answer type {question.answer!r}")
        close = [
            v for t in near for v in (t, t - 0.01, t + 0.01, t - 1e-9, round(t, 2)) if 0 <= v <= top
        ]
        whole = st.integers(0, math.floor(top))
        plain: st.SearchStrategy[RawAnswer] = st.one_of(
            st.floats(0, top), whole, st.sampled_from([0.0, top, top * 0.8, top * 0.9])
        )
        strategies = [plain.flatmap(lambda v: _number_forms(float(cast(float, v))))]
        if close:
            strategies.insert(0, st.sampled_from(close).flatmap(_number_forms))
        return st.one_of(*strategies)
    if atype.input == "count":
        numbers = st.integers(0, 3) if small_counts else st.integers(0, 60)
        return st.one_of(numbers, numbers.map(str), st.sampled_from([0, 1, 10**6]))
    raise ValueError(f"no answers known for answer type {question.answer!r}")


def _is_formula(rubric: Rubric, q: QuestionSpec) -> bool:
    """Whether ``q`` is computed from counts (a formula answer type) rather than answered."""
    return q.id in rubric.layout.computed
