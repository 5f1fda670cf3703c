"""Binding a rubric's tree to an engine's answer types: coefficients, parsers and formulas.

Everything here is asked of the answer types – their input kind, the option
table a question may be read from fast, whether counts are taken as they are,
what a formula reads – so a plugin's type is bound exactly as a built-in is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from zi_engine._errors import PluginError
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.rubric._answer_type import AnswerError, AnswerType
from zi_engine.rubric._answers import BUILTIN_ANSWER_TYPES
from zi_engine.rubric._model import Manifest, QuestionSpec
from zi_engine.rubric._tree import Item, Tree

__all__ = ["compile_items"]

_BUILT_IN = frozenset(type(t) for t in BUILTIN_ANSWER_TYPES)


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
                table = atype.option_table(item.spec)
                item.table = dict(table) if table is not None else None
                trusted = type(atype) in _BUILT_IN
                if (
                    not trusted
                    and item.table is not None
                    and not all(_in_range(v, atype) for v in item.table.values())
                ):
                    item.table = None  # read through the checked parse, which names the fault
                item.parse = _parser(atype, item.spec, item.table, checked=not trusted)
                item.whole_count = atype.counts_as_is(item.spec)
                item.best = max(options.values()) if options else 1.0
            if atype is not None and atype.input == "formula" and not atype.check(item.spec):
                _bind_formula(tree, item, atype, default_zero)
        for item in scored:
            if node.scoring == "weighted":
                item.coef = item.spec.weight or 0.0
            else:
                item.coef = node.weight / len(scored)
    tree.reachable.clear()  # computed from the coefficients and best values just set


def _bind_formula(tree: Tree, item: Item, atype: AnswerType, default_zero: float | None) -> None:
    """The formula's inputs (and its ratio form, if it has one) as item indices.

    Only for a question its type accepts (the checks report the others), so
    a type is never asked to read a question it would refuse.
    """
    q = item.spec
    index_of = tree.item_by_id.get
    item.refs = tuple(index_of(name, -1) for name in atype.formula_inputs(q))
    terms = atype.ratio_terms(q)
    if terms is not None:
        numerator, denominator = terms
        item.ratio = (
            tuple((index_of(name, -1), weight) for name, weight in numerator),
            tuple((index_of(name, -1), weight) for name, weight in denominator),
        )
    zero = q.zero_denominator if q.zero_denominator is not None else default_zero
    item.zero_denominator = zero if zero is not None else 0.0


def _in_range(value: object, atype: AnswerType) -> bool:
    """A value an answer type may give: a finite number in [0, 1] (a count: at least 0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return False
    return value >= 0 if atype.input == "count" else 0 <= value <= 1


def _checked_parse(atype: AnswerType, spec: QuestionSpec) -> Callable[[object], float]:
    """A plugin type's parse, its value checked: 2.0 would score double, NaN spoil the total."""

    def parse(raw: object) -> float:
        value: object = atype.parse(raw, question=spec)
        if not _in_range(value, atype):
            wanted = (
                t("rubric.at_least_zero", "a number of at least 0")
                if atype.input == "count"
                else t("rubric.zero_to_one", "a number from 0 to 1")
            )
            raise PluginError(
                t(
                    "rubric.plugin_value_out_of_range",
                    "answer type {name} ({cls}) read the answer {answer} to question {id} as "
                    "{value}; its value must be {wanted}",
                    name=repr(atype.name),
                    cls=f"{type(atype).__module__}.{type(atype).__qualname__}",
                    answer=show(raw),
                    id=spec.id,
                    value=show(value),
                    wanted=wanted,
                )
            )
        return float(value)  # type: ignore[arg-type]  # (checked just above)

    return parse


def _parser(
    atype: AnswerType,
    spec: QuestionSpec,
    table: dict[str, float] | None,
    *,
    checked: bool = False,
) -> Callable[[object], float]:
    """A fast parser: a lookup in ``table`` (the type's option table), else the type's parse.

    ``checked`` (a plugin's type) checks every value the type gives; the built-in
    types are trusted, so their answers are read as fast as ever.
    """
    slow: Callable[[object], float] = (
        _checked_parse(atype, spec) if checked else partial(atype.parse, question=spec)
    )
    if table is None:
        return slow
    options: dict[Any, float] = table  # the item's own table (any raw answer is looked up)

    def parse(raw: object) -> float:
        try:
            value = options.get(raw)
        except TypeError:  # unhashable input such as a list
            raise AnswerError(
                t(
                    "rubric.expected_option",
                    "expected one of {options}, got {value}",
                    options=", ".join(map(str, options)),
                    value=show(raw),
                )
            ) from None
        return slow(raw) if value is None else value

    return parse
