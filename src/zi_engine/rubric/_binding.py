"""Binding a rubric's tree to an engine's answer types: coefficients and parsers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from zi_engine.rubric._answers import (
    AnswerError,
    AnswerType,
    ChoiceAnswerType,
    CountAnswerType,
    OptionsAnswerType,
)
from zi_engine.rubric._model import Manifest, QuestionSpec
from zi_engine.rubric._tree import Tree

__all__ = ["compile_items"]


def compile_items(tree: Tree, answer_types: Mapping[str, AnswerType], manifest: Manifest) -> None:
    """Fill every item's ``scored``, ``coef``, ``parse``, ``refs`` and zero rule in place.

    Tolerates invalid rubrics (unknown types, dangling references) so the
    checks that follow can report them instead of crashing here.
    """
    default_zero = manifest.policies.zero_denominator_default
    for node in tree.nodes:
        if not node.items:
            continue
        scored = []
        for index in node.items:
            item = tree.items[index]
            atype = answer_types.get(item.spec.answer)
            item.answer_type = atype
            item.scored = atype is not None and atype.input != "count"
            if item.scored:
                scored.append(item)
            if atype is not None and atype.input in ("choice", "number", "count"):
                options = atype.option_values(item.spec)
                exact = type(atype) in (ChoiceAnswerType, OptionsAnswerType)
                item.table = dict(options) if exact else None
                item.parse = _parser(atype, item.spec, item.table)
                item.whole_count = type(atype) is CountAnswerType
                item.best = max(options.values()) if options else 1.0
            if atype is not None and atype.input == "formula":
                _bind_formula(tree, item.index, default_zero)
        for item in scored:
            if node.scoring == "weighted":
                item.coef = item.spec.weight or 0.0
            else:
                item.coef = node.weight / len(scored)
    tree.reachable.clear()  # computed from the coefficients and best values just set


def _bind_formula(tree: Tree, index: int, default_zero: float | None) -> None:
    item = tree.items[index]
    q = item.spec
    if q.answer == "decline":
        names = [q.previous or "", q.current or ""]
        n_numerator = 0
    else:
        names = [*(q.numerator or ()), *(q.denominator or ())]
        n_numerator = len(q.numerator or ())
    refs = [tree.item_by_id.get(name, -1) for name in names]
    item.refs = tuple(refs)
    item.n_numerator = n_numerator
    zero = q.zero_denominator if q.zero_denominator is not None else default_zero
    item.zero_denominator = zero if zero is not None else 0.0


def _parser(
    atype: AnswerType, spec: QuestionSpec, table: dict[str, float] | None
) -> Callable[[object], float]:
    """A fast parser: a lookup in ``table`` (built-in option types), else the type's own parse."""
    slow: Callable[[object], float] = partial(atype.parse, question=spec)
    if table is None:
        return slow
    options: dict[Any, float] = table  # the item's own table (any raw answer is looked up)

    def parse(raw: object) -> float:
        try:
            value = options.get(raw)
        except TypeError:  # unhashable input such as a list
            raise AnswerError(
                f"expected one of {', '.join(map(str, options))}, got {raw!r}"
            ) from None
        return slow(raw) if value is None else value

    return parse
