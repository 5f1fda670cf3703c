"""Cross-file rules of a rubric: weights that add up, ids that are unique,
references that resolve, thresholds that can be reached.

Each finding is ``(file, path inside the file, message)``; ``_rubric_load``
turns the path into a line and column. Every finding is reported, not just
the first.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from zi_engine._constants import TOLERANCE
from zi_engine._errors import ZiError, plugin_failed
from zi_engine.rubric._model import AreaFile, GroupSpec, Manifest, QuestionSpec
from zi_engine.rubric._tree import Tree

__all__ = ["Finding", "check_rubric"]

Path_ = tuple[str | int, ...]
Finding = tuple[str, Path_, str]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=TOLERANCE)


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def check_rubric(
    manifest_file: str,
    manifest: Manifest,
    files: Sequence[tuple[str, AreaFile]],
    tree: Tree,
    answer_types: Mapping[str, Any],
    criterion_kinds: Mapping[str, Any],
) -> list[Finding]:
    """Every cross-file problem of the rubric, in file order."""
    out: list[Finding] = []
    out += _check_components(manifest_file, manifest)
    out += _check_areas(manifest_file, manifest, files)
    out += _check_questions(manifest_file, manifest, files, tree, answer_types)
    out += _check_predicates(manifest_file, manifest, tree, criterion_kinds)
    out += _check_workbook_rows(manifest, tree)
    return out


def _check_workbook_rows(manifest: Manifest, tree: Tree) -> Iterator[Finding]:
    """With a workbook layout, no two questions share a row of the answers sheet.

    A question without ``excel_row`` is allowed (a plugin's rubric may add
    questions the official workbook has no row for); it is not on the sheet.
    """
    if manifest.workbook is None:
        return
    rows: dict[int, str] = {}
    for item in tree.items:
        q = item.spec
        if q.excel_row is None:
            continue
        if q.excel_row in rows:
            yield (
                item.file,
                (*item.path, "excel_row"),
                f"row {q.excel_row} of the workbook is both {rows[q.excel_row]!r} and {q.id!r}",
            )
        rows.setdefault(q.excel_row, q.id)


def _check_components(mf: str, manifest: Manifest) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, comp in enumerate(manifest.components):
        if comp.id in seen:
            yield mf, ("components", i, "id"), f"component id {comp.id!r} is used twice"
        seen.add(comp.id)
        if comp.parts:
            total = sum(p.weight for p in comp.parts)
            if not _close(total, comp.weight):
                yield (
                    mf,
                    ("components", i, "parts"),
                    (
                        f"the parts of {comp.id!r} weigh {_fmt(total)}, but the component weighs "
                        f"{_fmt(comp.weight)}"
                    ),
                )
            ids = [p.id for p in comp.parts]
            if len(set(ids)) != len(ids):
                yield mf, ("components", i, "parts"), f"part ids repeat: {ids}"
    total = sum(c.weight for c in manifest.components)
    if manifest.components and not _close(total, manifest.total):
        yield (
            mf,
            ("components",),
            (
                f"components weigh {_fmt(total)} together; "
                f"they must add up to {_fmt(manifest.total)}"
            ),
        )
    if not manifest.components:
        yield mf, ("components",), "a rubric needs at least one component"
    if len(set(manifest.grades)) != len(manifest.grades):
        yield mf, ("grades",), "grades repeat"


def _check_areas(
    mf: str, manifest: Manifest, files: Sequence[tuple[str, AreaFile]]
) -> Iterator[Finding]:
    comps = {c.id: c for c in manifest.components}
    where: dict[str, str] = {}
    area_sum: dict[str, float] = {}
    part_sum: dict[tuple[str, str], float] = {}
    for file, content in files:
        comp = comps.get(content.component)
        if comp is None:
            yield (
                file,
                ("component",),
                (
                    f"component {content.component!r} is not declared in the manifest "
                    f"(declared: {', '.join(comps) or 'none'})"
                ),
            )
            continue
        for a_index, area in enumerate(content.areas):
            apath: Path_ = ("areas", a_index)
            if area.id in where:
                yield file, (*apath, "id"), f"area id {area.id!r} is also used in {where[area.id]}"
            where.setdefault(area.id, file)
            area_sum[comp.id] = area_sum.get(comp.id, 0.0) + area.weight
            yield from _check_area_parts(file, apath, area, comp, part_sum)
            if area.sub_areas is not None:
                yield from _check_children_sum(file, apath, area.weight, area.sub_areas, area.label)
                for g_index, group in enumerate(area.sub_areas):
                    yield from _check_group(file, (*apath, "sub_areas", g_index), group)
    for c_index, comp in enumerate(manifest.components):
        got = area_sum.get(comp.id, 0.0)
        if not _close(got, comp.weight):
            yield (
                mf,
                ("components", c_index, "weight"),
                (
                    f"the areas of {comp.id!r} weigh {_fmt(got)} together, but the component "
                    f"weighs {_fmt(comp.weight)}"
                ),
            )
        for p_index, part in enumerate(comp.parts):
            got = part_sum.get((comp.id, part.id), 0.0)
            if not _close(got, part.weight):
                yield (
                    mf,
                    ("components", c_index, "parts", p_index, "weight"),
                    (
                        f"the {part.id!r} parts of the areas weigh {_fmt(got)} together, "
                        f"but {comp.id}.{part.id} weighs {_fmt(part.weight)}"
                    ),
                )


def _check_area_parts(
    file: str, apath: Path_, area: Any, comp: Any, part_sum: dict[tuple[str, str], float]
) -> Iterator[Finding]:
    declared = [p.id for p in comp.parts]
    if declared and area.parts is None:
        yield (
            file,
            apath,
            (f"areas of {comp.id!r} are split into parts {declared}; add 'parts:' with them"),
        )
        return
    if not declared:
        if area.parts is not None:
            yield file, (*apath, "parts"), f"component {comp.id!r} has no parts; use 'sub_areas'"
        return
    assert area.parts is not None
    for missing in [p for p in declared if p not in area.parts]:
        yield file, (*apath, "parts"), f"part {missing!r} is missing"
    for extra in [p for p in area.parts if p not in declared]:
        yield (
            file,
            (*apath, "parts", extra),
            (f"part {extra!r} is not a part of {comp.id!r} (parts: {', '.join(declared)})"),
        )
    total = 0.0
    for part_id, part in area.parts.items():
        total += part.weight
        key = (comp.id, part_id)
        part_sum[key] = part_sum.get(key, 0.0) + part.weight
        ppath = (*apath, "parts", part_id)
        yield from _check_children_sum(file, ppath, part.weight, part.sub_areas, part_id)
        for g_index, group in enumerate(part.sub_areas):
            yield from _check_group(file, (*ppath, "sub_areas", g_index), group)
    if not _close(total, area.weight):
        yield (
            file,
            (*apath, "weight"),
            (f"area {area.id!r} weighs {_fmt(area.weight)}, but its parts weigh {_fmt(total)}"),
        )


def _check_children_sum(
    file: str, path: Path_, weight: float, groups: Sequence[GroupSpec], name: str
) -> Iterator[Finding]:
    ids = [g.id for g in groups]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        yield file, (*path, "sub_areas"), f"sub-area id {dup!r} is used twice here"
    total = sum(g.weight for g in groups)
    if not _close(total, weight):
        yield (
            file,
            (*path, "sub_areas"),
            (
                f"the sub-areas of {name!r} weigh {_fmt(total)} together, "
                f"but it weighs {_fmt(weight)}"
            ),
        )


def _check_group(file: str, path: Path_, group: GroupSpec) -> Iterator[Finding]:
    if group.sub_areas is not None:
        yield from _check_children_sum(file, path, group.weight, group.sub_areas, group.label)
        for g_index, sub in enumerate(group.sub_areas):
            yield from _check_group(file, (*path, "sub_areas", g_index), sub)


def _check_questions(
    mf: str,
    manifest: Manifest,
    files: Sequence[tuple[str, AreaFile]],
    tree: Tree,
    answer_types: Mapping[str, Any],
) -> Iterator[Finding]:
    first_id: dict[str, str] = {}
    first_soal: dict[int, str] = {}
    for item in tree.items:
        q = item.spec
        if q.id in first_id and tree.item_by_id[q.id] != item.index:
            yield (
                item.file,
                (*item.path, "id"),
                f"question id {q.id!r} is also used in {first_id[q.id]}",
            )
        first_id.setdefault(q.id, item.file)
        if q.soal_id is not None:
            if q.soal_id in first_soal:
                yield (
                    item.file,
                    (*item.path, "soal_id"),
                    (f"soal_id {q.soal_id} is also used by {first_soal[q.soal_id]}"),
                )
            first_soal.setdefault(q.soal_id, q.id)
        atype = answer_types.get(q.answer)
        if atype is None:
            yield (
                item.file,
                (*item.path, "answer"),
                (f"unknown answer type {q.answer!r} (known: {', '.join(sorted(answer_types))})"),
            )
            continue
        for message in atype.check(q):
            yield item.file, item.path, message
        yield from _check_item_role(manifest, tree, item.file, item.path, q, atype, answer_types)
    yield from _check_leaf_groups(tree, answer_types)


def _check_item_role(
    manifest: Manifest,
    tree: Tree,
    file: str,
    path: Path_,
    q: QuestionSpec,
    atype: Any,
    answer_types: Mapping[str, Any],
) -> Iterator[Finding]:
    if atype.input == "count":
        if q.weight is not None:
            yield file, (*path, "weight"), "a count scores nothing, so it has no weight"
        if q.options:
            yield file, (*path, "options"), "a count has no options"
    if atype.input == "formula":
        for field, ref in _formula_fields(q):
            index = tree.item_by_id.get(ref)
            if index is None:
                message = f"formula refers to {ref!r}, which is not a question id"
                yield file, (*path, *field), message
                continue
            ref_type = answer_types.get(tree.items[index].spec.answer)
            if ref_type is not None and ref_type.input != "count":
                yield file, (*path, *field), f"formula refers to {ref!r}, which is not a count"
        if q.zero_denominator is None and manifest.policies.zero_denominator_default is None:
            yield (
                file,
                path,
                (
                    "state what this formula gives when its denominator is 0: add "
                    "'zero_denominator: <0..1>' "
                    "(or policies.zero_denominator_default in the manifest)"
                ),
            )
    elif q.zero_denominator is not None:
        yield file, (*path, "zero_denominator"), "'zero_denominator' is only for formulas"


def _formula_fields(q: QuestionSpec) -> Iterator[tuple[Path_, str]]:
    """``(field path inside the question, referenced id)`` for every formula input."""
    for name in ("numerator", "denominator"):
        for i, ref in enumerate(getattr(q, name) or ()):
            yield (name, i), ref
    for name in ("previous", "current"):
        ref = getattr(q, name)
        if ref:
            yield (name,), ref


def _check_leaf_groups(tree: Tree, answer_types: Mapping[str, Any]) -> Iterator[Finding]:
    for node in tree.nodes:
        if not node.items or node.file is None:
            continue
        scored = []
        for i in node.items:
            t = answer_types.get(tree.items[i].spec.answer)
            if t is None or t.input != "count":
                scored.append(tree.items[i])
        if not scored:
            yield (
                node.file,
                node.spec_path,
                (f"{node.label!r} has no scored question (counts alone score nothing)"),
            )
            continue
        if node.scoring == "weighted":
            unweighted = [it.spec.id for it in scored if it.spec.weight is None]
            if unweighted:
                yield (
                    node.file,
                    node.spec_path,
                    (
                        "with 'scoring: weighted' every scored question needs a weight: "
                        f"{unweighted}"
                    ),
                )
            total = sum(it.spec.weight or 0.0 for it in scored)
            if not unweighted and not _close(total, node.weight):
                yield (
                    node.file,
                    (*node.spec_path, "weight"),
                    (
                        f"{node.label!r} weighs {_fmt(node.weight)}, but its questions weigh "
                        f"{_fmt(total)}"
                    ),
                )
        else:
            for it in scored:
                if it.spec.weight is not None:
                    yield (
                        it.file,
                        (*it.path, "weight"),
                        (
                            "a question weight counts only in a sub-area with 'scoring: weighted'; "
                            "here every scored question counts equally"
                        ),
                    )


def _check_predicates(
    mf: str, manifest: Manifest, tree: Tree, kinds: Mapping[str, Any]
) -> Iterator[Finding]:
    seen: set[str] = set()
    for p_index, pred in enumerate(manifest.predicates):
        if pred.id in seen:
            yield mf, ("predicates", p_index, "id"), f"predicate {pred.id!r} is declared twice"
        seen.add(pred.id)
        ids: set[str] = set()
        for field in ("criteria", "gates"):
            for c_index, spec in enumerate(getattr(pred, field)):
                cpath: Path_ = ("predicates", p_index, field, c_index)
                if spec.id in ids:
                    yield mf, (*cpath, "id"), f"criterion id {spec.id!r} is used twice in {pred.id}"
                ids.add(spec.id)
                kind = kinds.get(spec.kind)
                if kind is None:
                    yield (
                        mf,
                        (*cpath, "kind"),
                        (
                            f"unknown criterion kind {spec.kind!r} "
                            f"(known: {', '.join(sorted(kinds))})"
                        ),
                    )
                    continue
                for message in checked_by(kind, spec, tree, manifest):
                    yield mf, cpath, message


def checked_by(kind: Any, spec: Any, tree: Tree, manifest: Manifest) -> list[str]:
    """What a criterion kind finds wrong with ``spec``; a plugin kind that raises is its error."""
    if type(kind).__module__.startswith("zi_engine."):  # ours: a failure is our bug
        return list(kind.check(spec, tree, manifest))
    try:
        messages = [str(message) for message in kind.check(spec, tree, manifest)]
    except ZiError:
        raise
    except Exception as exc:
        hook = f"criterion kind {kind.name!r} (checking criterion {spec.id!r})"
        raise plugin_failed(type(kind).__module__, hook, exc) from exc
    return messages
