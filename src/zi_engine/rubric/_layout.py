"""The scoring layout a compiled rubric carries: its tree flattened into index tables.

Built once when the rubric is made, so scoring (``zi_engine.scoring``) reads
lists and floats only and no layer ever writes a cache onto a rubric.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zi_engine.rubric._tree import Tree

__all__ = ["DECLINE", "ONE_TO_ONE", "RATIO", "ScoreLayout", "build_layout", "formula_kind"]

DECLINE, RATIO, ONE_TO_ONE = range(3)
"""How scoring reads a formula's inputs: (previous - current) / previous, a sum over a sum,
or one count over one count (most ratios, read without building a sum)."""


def formula_kind(answer: str, n_numerator: int, n_refs: int) -> int:
    """:data:`DECLINE`, :data:`RATIO` or :data:`ONE_TO_ONE` for a formula item."""
    if answer == "decline":
        return DECLINE
    return ONE_TO_ONE if n_numerator == 1 and n_refs == 2 else RATIO


Leaves = tuple[tuple[int, tuple[tuple[int, float], ...]], ...]
Sums = tuple[tuple[int, tuple[int, ...]], ...]


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
    counts: tuple[tuple[int, str], ...]  # built-in counts: (item, question id)
    parsed: tuple[int, ...]  # other answered items (survey indices, plugin types)
    parsers: dict[int, tuple[str, Callable[[object], float]]]  # every answered item
    answerable: frozenset[str]
    n_answered: int
    # (item, refs, numerator refs, denominator refs, DECLINE/RATIO/ONE_TO_ONE, zero value)
    formulas: tuple[tuple[int, tuple[int, ...], tuple[int, ...], tuple[int, ...], int, float], ...]
    leaves: Leaves  # node, ((item, coef), ...)
    sums: Sums  # node, children (bottom-up)
    best: tuple[float, ...]  # best value per item (upper bound for unanswered)
    n_items: int
    n_nodes: int


def build_layout(tree: Tree) -> ScoreLayout:
    """The layout of a compiled tree (after :func:`~zi_engine.rubric._binding.compile_items`)."""
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
            formula_kind(it.spec.answer, it.n_numerator, len(it.refs)),
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
    return ScoreLayout(
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
    )
