"""The scoring layout a compiled rubric carries: its tree flattened into index tables.

Built once when the rubric is made, so scoring (``zi_engine.scoring``) reads
lists and floats only and no layer ever writes a cache onto a rubric.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zi_engine._errors import PluginError
from zi_engine._i18n import t
from zi_engine.rubric._answer_type import AnswerType
from zi_engine.rubric._tree import Item, Tree

__all__ = [
    "COMPUTED",
    "DECLINE",
    "ONE_TO_ONE",
    "RATIO",
    "Formula",
    "ScoreLayout",
    "build_layout",
    "formula_kind",
]

DECLINE, RATIO, ONE_TO_ONE, COMPUTED = range(4)
"""How scoring reads a formula's inputs: (a - b) / a, a sum over a sum, one count over one
count (most ratios, read without building a sum), or through its type's ``compute``."""

Ratio = tuple[tuple[tuple[int, float], ...], tuple[tuple[int, float], ...]]


def formula_kind(ratio: Ratio | None) -> int:
    """:data:`DECLINE`, :data:`RATIO`, :data:`ONE_TO_ONE` or :data:`COMPUTED` for a ratio form.

    The three fast shapes are read off the terms the answer type states
    (:meth:`~zi_engine.AnswerType.ratio_terms`); anything else – other weights,
    or no ratio form at all – is computed by the type.
    """
    if ratio is None:
        return COMPUTED
    numerator, denominator = ratio
    if len(denominator) == 1 and denominator[0][1] == 1.0 and len(numerator) == 2:
        (first, w1), (_, w2) = numerator
        if first == denominator[0][0] and w1 == 1.0 and w2 == -1.0:
            return DECLINE
    if any(weight != 1.0 for _, weight in (*numerator, *denominator)):
        return COMPUTED
    return ONE_TO_ONE if len(numerator) == 1 and len(denominator) == 1 else RATIO


Formula = tuple[
    int,
    tuple[int, ...],
    tuple[int, ...],
    tuple[int, ...],
    int,
    float,
    Callable[[list[float]], float] | None,
]
"""One formula as :attr:`ScoreLayout.formulas` holds it."""


@dataclass(frozen=True, slots=True)
class ScoreLayout:
    """The tree flattened for scoring: who is answered, who is computed, what sums to what.

    Answered items are split by how their answer is read, so the hot loops in
    :func:`score` carry no per-question branches: ``choices`` (an option table
    lookup), ``counts`` (a whole number taken as is) and ``parsed`` (everything
    else, always through the answer type's parser). Anything the fast loops
    cannot settle goes through the careful path, which knows every answered item
    by index in ``parsers``.
    """

    choices: tuple[tuple[int, str, dict[str, float]], ...]  # (item, question id, option table)
    counts: tuple[tuple[int, str], ...]  # counts taken as they are: (item, question id)
    parsed: tuple[int, ...]  # other answered items (survey indices, plugin types)
    parsers: dict[int, tuple[str, Callable[[object], float]]]  # every answered item
    answerable: frozenset[str]
    computed: frozenset[str]  # ids of formula questions, which cannot be answered
    n_answered: int
    # (item, inputs, numerator items, denominator items, kind, zero value, compute or None)
    formulas: tuple[
        tuple[
            int,
            tuple[int, ...],
            tuple[int, ...],
            tuple[int, ...],
            int,
            float,
            Callable[[list[float]], float] | None,
        ],
        ...,
    ]
    leaves: tuple[tuple[int, tuple[tuple[int, float], ...]], ...]  # node, ((item, coef), ...)
    sums: tuple[tuple[int, tuple[int, ...]], ...]  # node, children (bottom-up)
    best: tuple[float, ...]  # best value per item (upper bound for unanswered)
    n_items: int
    n_nodes: int


def build_layout(tree: Tree) -> ScoreLayout:
    """The layout of a compiled tree (after :func:`~zi_engine.rubric._binding.compile_items`)."""
    answered = [it for it in tree.items if it.parse is not None]
    choices = tuple((it.index, it.spec.id, it.table) for it in answered if it.table is not None)
    counts = tuple((it.index, it.spec.id) for it in answered if it.table is None and it.whole_count)
    parsed = tuple(it.index for it in answered if it.table is None and not it.whole_count)
    formulas = tuple(_formula(tree, it) for it in tree.items if _is_formula(it))
    leaves = tuple(
        (n.index, tuple((i, tree.items[i].coef) for i in n.items if tree.items[i].scored))
        for n in tree.nodes
        if n.items
    )
    sums = tuple((i, tuple(tree.nodes[i].children)) for i in tree.order)
    return ScoreLayout(
        choices=choices,
        counts=counts,
        parsed=parsed,
        parsers={it.index: (it.spec.id, it.parse) for it in answered if it.parse is not None},
        answerable=frozenset(it.spec.id for it in answered),
        computed=frozenset(it.spec.id for it in tree.items if _is_formula(it)),
        n_answered=len(answered),
        formulas=formulas,
        leaves=leaves,
        sums=sums,
        best=tuple(it.best for it in tree.items),
        n_items=len(tree.items),
        n_nodes=len(tree.nodes),
    )


def _is_formula(item: Item) -> bool:
    return (
        item.parse is None and item.answer_type is not None and item.answer_type.input == "formula"
    )


def _formula(tree: Tree, item: Item) -> Formula:
    _check_formula_type(tree, item)
    kind = formula_kind(item.ratio)
    numerator = tuple(i for i, _ in item.ratio[0]) if item.ratio is not None else ()
    denominator = tuple(i for i, _ in item.ratio[1]) if item.ratio is not None else ()
    compute = _computer(tree, item) if kind == COMPUTED else None
    inputs = tuple(dict.fromkeys((*item.refs, *numerator, *denominator)))  # all must be known
    return (item.index, inputs, numerator, denominator, kind, item.zero_denominator, compute)


def _check_formula_type(tree: Tree, item: Item) -> None:
    """A plugin's formula type that cannot be scored is the plugin's error, found at load time.

    The rubric checks have passed by now, so the question's own fields name
    counts; what is left is a type that reads other names, or computes nothing.
    """
    atype = item.answer_type
    assert atype is not None
    terms = atype.ratio_terms(item.spec) or ((), ())
    named = [*atype.formula_inputs(item.spec), *(n for side in terms for n, _ in side)]
    unknown = [n for n in dict.fromkeys(named) if n not in tree.item_by_id]
    if unknown:
        raise PluginError(
            t(
                "rubric.plugin_reads_unknown",
                "answer type {name} reads {names} for question {id}, which is no question of "
                "the rubric",
                name=repr(atype.name),
                names=", ".join(map(repr, unknown)),
                id=repr(item.spec.id),
            )
        )
    if item.ratio is None and type(atype).compute is AnswerType.compute:
        raise PluginError(
            t(
                "rubric.plugin_formula_computes_nothing",
                "answer type {name} is a formula (question {id}) but implements neither "
                "compute() nor ratio_terms()",
                name=repr(atype.name),
                id=repr(item.spec.id),
            )
        )


def _computer(tree: Tree, item: Item) -> Callable[[list[float]], float]:
    """``values -> the formula's value``, through its answer type's ``compute``."""
    atype = item.answer_type
    assert atype is not None
    spec, zero = item.spec, item.zero_denominator
    inputs = tuple((tree.items[r].spec.id, r) for r in item.refs)

    def compute(values: list[float]) -> float:
        counts = {name: values[r] for name, r in inputs}
        return atype.compute(counts, spec, zero_denominator=zero)

    return compute
