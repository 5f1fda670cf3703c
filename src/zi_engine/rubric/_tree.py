"""The scoring tree a rubric compiles to: flat arrays of items and nodes.

Scoring is a dot product per leaf group followed by sums up the tree, so the
tree is stored flat (indices, coefficients, a bottom-up order) and the hot
loop in ``_scoring`` touches only lists and floats. Explanations are built
from the same arrays, lazily, when someone reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from zi_engine.rubric._messages import closest
from zi_engine.rubric._model import AreaFile, AreaSpec, GroupSpec, Manifest, QuestionSpec

if TYPE_CHECKING:
    from zi_engine.rubric._answers import AnswerType

__all__ = ["AreaRef", "Item", "Node", "NodeKind", "Tree", "build_tree", "iter_questions"]

NodeKind = Literal["total", "component", "part", "area", "area_part", "group"]


@dataclass(slots=True)
class Item:
    """One question of the rubric as the scorer sees it."""

    index: int
    spec: QuestionSpec
    file: str
    path: tuple[str | int, ...]  # location inside its file, for error messages
    node: int = -1  # the leaf group it belongs to
    coef: float = 0.0  # points per unit of value (weight/n for mean, own weight otherwise)
    scored: bool = True
    refs: tuple[int, ...] = ()  # formula inputs (item indices), as its type reads them
    # a formula's ratio form (numerator, denominator), each ((item index, weight), ...),
    # when its type has one (AnswerType.ratio_terms); None: the type computes it
    ratio: tuple[tuple[tuple[int, float], ...], tuple[tuple[int, float], ...]] | None = None
    parse: Callable[[object], float] | None = None
    table: dict[str, float] | None = None  # exact option keys -> value (fast path of parse)
    whole_count: bool = False  # its type takes a whole number as is (AnswerType.counts_as_is)
    zero_denominator: float = 0.0
    best: float = 1.0  # the best value an answer can give (upper bound when unanswered)
    answer_type: AnswerType | None = None  # bound by compile_items (None: unknown type)


@dataclass(slots=True)
class Node:
    """A scored node: total, component, part, area, area part or sub-area."""

    index: int
    path: str
    id: str
    label: str
    kind: NodeKind
    weight: float
    file: str | None = None
    spec_path: tuple[str | int, ...] = ()
    children: list[int] = field(default_factory=list)
    items: list[int] = field(default_factory=list)  # direct items (leaf groups only)
    scoring: str = "mean"


@dataclass(slots=True)
class AreaRef:
    """A whole area (all its parts) as the area-minimum criterion sees it."""

    id: str
    label: str
    component: str
    node: int  # the whole-area node
    parts: dict[str, int]  # part id -> area_part node (empty without parts)


@dataclass(slots=True)
class Tree:
    """Every node and item, plus indices for lookups by path or id."""

    nodes: list[Node] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    by_path: dict[str, int] = field(default_factory=dict)
    item_by_id: dict[str, int] = field(default_factory=dict)
    areas: dict[str, AreaRef] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)  # composite nodes, children before parents
    # attainable() per node, once asked; compile_items() empties it (coefficients change)
    reachable: dict[int, float] = field(default_factory=dict, repr=False)

    def add_node(self, node: Node) -> int:
        node.index = len(self.nodes)
        self.nodes.append(node)
        self.by_path.setdefault(node.path, node.index)
        return node.index

    def resolve(self, ref: str) -> int | None:
        """A node index for a criterion's ``node:`` reference, or ``None``.

        ``total``, ``pengungkit``, ``pengungkit.pemenuhan``, tree paths such
        as ``hasil.bersih_akuntabel``, ``area:<area id>`` for a whole area.
        Items are addressed with :meth:`resolve_item` (``item:<question id>``).
        """
        if ref.startswith("area:"):
            area = self.areas.get(ref[5:])
            return area.node if area else None
        return self.by_path.get(ref)

    def attainable(self, index: int) -> float:
        """The highest score node ``index`` can reach with the best answer everywhere.

        Remembered per node: the criterion checks at load time ask for nested
        nodes (the total, a component, an area), which share their sub-trees.
        """
        known = self.reachable.get(index)
        if known is not None:
            return known
        node = self.nodes[index]
        total = sum(
            self.items[i].coef * self.items[i].best for i in node.items if self.items[i].scored
        )
        value = total + sum(self.attainable(c) for c in node.children)
        self.reachable[index] = value
        return value

    def closest_ref(self, ref: str) -> str | None:
        """The node or item reference ``ref`` was most likely meant to be (for "did you mean").

        Criterion kinds that report an unknown ``node:`` can offer it: a path
        (``pengungkit.pemenuhan``), ``area:<id>`` or ``item:<question id>``.
        """
        if ref.startswith("item:"):
            candidates = [f"item:{name}" for name in self.item_by_id]
        elif ref.startswith("area:"):
            candidates = [f"area:{name}" for name in self.areas]
        else:
            candidates = list(self.by_path)
        return closest(ref, candidates)

    def resolve_item(self, ref: str) -> int | None:
        """An item index for ``item:<question id>``, or ``None``."""
        if not ref.startswith("item:"):
            return None
        return self.item_by_id.get(ref[5:])


def build_tree(manifest: Manifest, files: Sequence[tuple[str, str, list[AreaSpec]]]) -> Tree:
    """Build the tree from a manifest and ``(file name, component, areas)`` triples.

    It assumes nothing about validity: unknown components are skipped, weights
    are taken as written. ``_rubric_checks`` reports what is wrong.
    """
    tree = Tree()
    total = tree.add_node(Node(0, "total", "total", "Total", "total", manifest.total))
    comp_nodes: dict[str, int] = {}
    part_nodes: dict[tuple[str, str], int] = {}
    for comp in manifest.components:
        if comp.id in comp_nodes:
            continue
        c = tree.add_node(Node(0, comp.id, comp.id, comp.label, "component", comp.weight))
        tree.nodes[total].children.append(c)
        comp_nodes[comp.id] = c
        for part in comp.parts:
            p = tree.add_node(
                Node(0, f"{comp.id}.{part.id}", part.id, part.label, "part", part.weight)
            )
            tree.nodes[c].children.append(p)
            part_nodes[(comp.id, part.id)] = p
    for file, component, areas in files:
        if component not in comp_nodes:
            continue
        for a_index, area in enumerate(areas):
            _add_area(tree, file, component, a_index, area, comp_nodes, part_nodes)
    tree.order = _bottom_up(tree)
    return tree


def _add_area(
    tree: Tree,
    file: str,
    component: str,
    a_index: int,
    area: AreaSpec,
    comp_nodes: dict[str, int],
    part_nodes: dict[tuple[str, str], int],
) -> None:
    spec_path: tuple[str | int, ...] = ("areas", a_index)
    if area.parts is not None:
        whole = tree.add_node(
            Node(0, f"area:{area.id}", area.id, area.label, "area", area.weight, file, spec_path)
        )
        ref = AreaRef(area.id, area.label, component, whole, {})
        for part_id, part in area.parts.items():
            parent = part_nodes.get((component, part_id))
            ppath = (*spec_path, "parts", part_id)
            node = tree.add_node(
                Node(
                    0,
                    f"{component}.{part_id}.{area.id}",
                    area.id,
                    area.label,
                    "area_part",
                    part.weight,
                    file,
                    ppath,
                )
            )
            tree.nodes[whole].children.append(node)
            if parent is not None:
                tree.nodes[parent].children.append(node)
            ref.parts[part_id] = node
            for g_index, group in enumerate(part.sub_areas):
                _add_group(tree, file, node, group, (*ppath, "sub_areas", g_index))
        tree.areas.setdefault(area.id, ref)
        return
    node = tree.add_node(
        Node(
            0,
            f"{component}.{area.id}",
            area.id,
            area.label,
            "area",
            area.weight,
            file,
            spec_path,
            scoring=area.scoring,
        )
    )
    tree.nodes[comp_nodes[component]].children.append(node)
    tree.areas.setdefault(area.id, AreaRef(area.id, area.label, component, node, {}))
    _fill_group(tree, file, node, area.sub_areas, area.questions, spec_path)


def _add_group(
    tree: Tree, file: str, parent: int, group: GroupSpec, path: tuple[str | int, ...]
) -> None:
    node = tree.add_node(
        Node(
            0,
            f"{tree.nodes[parent].path}.{group.id}",
            group.id,
            group.label,
            "group",
            group.weight,
            file,
            path,
            scoring=group.scoring,
        )
    )
    tree.nodes[parent].children.append(node)
    _fill_group(tree, file, node, group.sub_areas, group.questions, path)


def _fill_group(
    tree: Tree,
    file: str,
    node: int,
    sub_areas: list[GroupSpec] | None,
    questions: list[QuestionSpec] | None,
    path: tuple[str | int, ...],
) -> None:
    for g_index, sub in enumerate(sub_areas or ()):
        _add_group(tree, file, node, sub, (*path, "sub_areas", g_index))
    for q_index, q in enumerate(questions or ()):
        item = Item(len(tree.items), q, file, (*path, "questions", q_index), node=node)
        tree.items.append(item)
        tree.item_by_id.setdefault(q.id, item.index)
        tree.nodes[node].items.append(item.index)


def _bottom_up(tree: Tree) -> list[int]:
    """Composite nodes ordered so that every child comes before its parent."""
    order: list[int] = []
    seen: set[int] = set()

    def visit(i: int) -> None:
        stack = [(i, False)]
        while stack:
            idx, done = stack.pop()
            if done:
                order.append(idx)
                continue
            if idx in seen:
                continue
            seen.add(idx)
            stack.append((idx, True))
            stack.extend((c, False) for c in tree.nodes[idx].children)

    for n in range(len(tree.nodes)):
        visit(n)
    return [i for i in order if tree.nodes[i].children]


def iter_questions(content: AreaFile) -> Iterator[tuple[tuple[str | int, ...], QuestionSpec]]:
    """``(path inside the file, question)`` for every question of an area file."""

    def groups(
        items: Sequence[GroupSpec] | None, base: tuple[str | int, ...]
    ) -> Iterator[tuple[tuple[str | int, ...], QuestionSpec]]:
        for g_index, group in enumerate(items or ()):
            path = (*base, "sub_areas", g_index)
            yield from groups(group.sub_areas, path)
            for q_index, q in enumerate(group.questions or ()):
                yield (*path, "questions", q_index), q

    for a_index, area in enumerate(content.areas):
        base: tuple[str | int, ...] = ("areas", a_index)
        for part_id, part in (area.parts or {}).items():
            yield from groups(part.sub_areas, (*base, "parts", part_id))
        yield from groups(area.sub_areas, base)
        for q_index, q in enumerate(area.questions or ()):
            yield (*base, "questions", q_index), q
