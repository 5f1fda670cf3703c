"""Cross-file rules of a rubric: weights that add up, ids that are unique,
references that resolve, thresholds that can be reached.

Each finding is ``(file, path inside the file, message)``; ``_rubric_load``
turns the path into a line and column. Every finding is reported, not just
the first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from zi_engine._constants import TOLERANCE
from zi_engine._errors import ZiError, plugin_failed
from zi_engine._i18n import t
from zi_engine.rubric._messages import closest, did_you_mean
from zi_engine.rubric._model import AreaFile, GroupSpec, Manifest
from zi_engine.rubric._question_checks import check_questions
from zi_engine.rubric._tree import Tree

__all__ = ["Finding", "check_rubric"]

Path_ = tuple[str | int, ...]
Finding = tuple[str, Path_, str]
Where = Callable[[str, Path_], str]
"""How a message names another place: ``(file, path) -> "file:line"``."""


def _file_only(file: str, path: Path_) -> str:
    return file


def _hint(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a known name is close to ``name``, else nothing."""
    close = closest(name, known)
    return did_you_mean(close) if close else ""


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=TOLERANCE)


def _fmt(x: float) -> float:
    """A weight as messages show it: rounded to 6 significant digits (then in each language)."""
    return float(f"{x:.6g}")


def check_rubric(
    manifest_file: str,
    manifest: Manifest,
    files: Sequence[tuple[str, AreaFile]],
    tree: Tree,
    answer_types: Mapping[str, Any],
    criterion_kinds: Mapping[str, Any],
    where_is: Where = _file_only,
) -> list[Finding]:
    """Every cross-file problem of the rubric, in file order.

    ``where_is`` names the first of two places that clash (a repeated id), as
    ``file:line`` when the caller can find the line.
    """
    out: list[Finding] = []
    out += _check_components(manifest_file, manifest)
    out += _check_areas(manifest_file, manifest, files, where_is)
    out += check_questions(manifest, tree, answer_types, where_is)
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
                t(
                    "rubric.excel_row_twice",
                    "row {row} of the workbook is both {first} and {second}",
                    row=q.excel_row,
                    first=repr(rows[q.excel_row]),
                    second=repr(q.id),
                ),
            )
        rows.setdefault(q.excel_row, q.id)


def _check_components(mf: str, manifest: Manifest) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, comp in enumerate(manifest.components):
        if comp.id in seen:
            yield (
                mf,
                ("components", i, "id"),
                t("rubric.component_twice", "component id {id} is used twice", id=repr(comp.id)),
            )
        seen.add(comp.id)
        if comp.parts:
            total = sum(p.weight for p in comp.parts)
            if not _close(total, comp.weight):
                yield (
                    mf,
                    ("components", i, "parts"),
                    t(
                        "rubric.parts_weight",
                        "the parts of {id} weigh {total:g}, but the component weighs {weight:g}",
                        id=repr(comp.id),
                        total=_fmt(total),
                        weight=_fmt(comp.weight),
                    ),
                )
            ids = [p.id for p in comp.parts]
            if len(set(ids)) != len(ids):
                yield (
                    mf,
                    ("components", i, "parts"),
                    t("rubric.part_ids_repeat", "part ids repeat: {ids}", ids=str(ids)),
                )
    total = sum(c.weight for c in manifest.components)
    if manifest.components and not _close(total, manifest.total):
        yield (
            mf,
            ("components",),
            t(
                "rubric.components_weight",
                "components weigh {total:g} together; they must add up to {expected:g}",
                total=_fmt(total),
                expected=_fmt(manifest.total),
            ),
        )
    if not manifest.components:
        yield mf, ("components",), t("rubric.no_component", "a rubric needs at least one component")
    if len(set(manifest.grades)) != len(manifest.grades):
        yield mf, ("grades",), t("rubric.grades_repeat", "grades repeat")


def _check_areas(
    mf: str, manifest: Manifest, files: Sequence[tuple[str, AreaFile]], where_is: Where
) -> Iterator[Finding]:
    comps = {c.id: c for c in manifest.components}
    where: dict[str, tuple[str, Path_]] = {}
    area_sum: dict[str, float] = {}
    part_sum: dict[tuple[str, str], float] = {}
    for file, content in files:
        comp = comps.get(content.component)
        if comp is None:
            yield (
                file,
                ("component",),
                t(
                    "rubric.component_undeclared",
                    "component {id}{hint} is not declared in the manifest (declared: {declared})",
                    id=repr(content.component),
                    hint=_hint(content.component, comps),
                    declared=", ".join(comps) or t("rubric.none", "none"),
                ),
            )
            continue
        for a_index, area in enumerate(content.areas):
            apath: Path_ = ("areas", a_index)
            if area.id in where:
                yield (
                    file,
                    (*apath, "id"),
                    t(
                        "rubric.area_id_twice",
                        "area id {id} is also used in {where}; give each area its own id",
                        id=repr(area.id),
                        where=where_is(*where[area.id]),
                    ),
                )
            where.setdefault(area.id, (file, (*apath, "id")))
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
                t(
                    "rubric.areas_weight",
                    "the areas of {id} weigh {total:g} together, but the component weighs "
                    "{weight:g}",
                    id=repr(comp.id),
                    total=_fmt(got),
                    weight=_fmt(comp.weight),
                ),
            )
        for p_index, part in enumerate(comp.parts):
            got = part_sum.get((comp.id, part.id), 0.0)
            if not _close(got, part.weight):
                yield (
                    mf,
                    ("components", c_index, "parts", p_index, "weight"),
                    t(
                        "rubric.area_parts_weight",
                        "the {part} parts of the areas weigh {total:g} together, but "
                        "{component}.{part_id} weighs {weight:g}",
                        part=repr(part.id),
                        total=_fmt(got),
                        component=comp.id,
                        part_id=part.id,
                        weight=_fmt(part.weight),
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
            t(
                "rubric.area_needs_parts",
                "areas of {id} are split into parts {parts}; add 'parts:' with them",
                id=repr(comp.id),
                parts=str(declared),
            ),
        )
        return
    if not declared:
        if area.parts is not None:
            yield (
                file,
                (*apath, "parts"),
                t(
                    "rubric.component_has_no_parts",
                    "component {id} has no parts; use 'sub_areas'",
                    id=repr(comp.id),
                ),
            )
        return
    assert area.parts is not None
    for missing in [p for p in declared if p not in area.parts]:
        yield (
            file,
            (*apath, "parts"),
            t("rubric.part_missing", "part {id} is missing", id=repr(missing)),
        )
    for extra in [p for p in area.parts if p not in declared]:
        yield (
            file,
            (*apath, "parts", extra),
            t(
                "rubric.part_unknown",
                "part {id} is not a part of {component} (parts: {parts}){hint}",
                id=repr(extra),
                hint=_hint(extra, declared),
                component=repr(comp.id),
                parts=", ".join(declared),
            ),
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
            t(
                "rubric.area_weight_parts",
                "area {id} weighs {weight:g}, but its parts weigh {total:g}",
                id=repr(area.id),
                weight=_fmt(area.weight),
                total=_fmt(total),
            ),
        )


def _check_children_sum(
    file: str, path: Path_, weight: float, groups: Sequence[GroupSpec], name: str
) -> Iterator[Finding]:
    ids = [g.id for g in groups]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        yield (
            file,
            (*path, "sub_areas"),
            t("rubric.sub_area_twice", "sub-area id {id} is used twice here", id=repr(dup)),
        )
    total = sum(g.weight for g in groups)
    if not _close(total, weight):
        yield (
            file,
            (*path, "sub_areas"),
            t(
                "rubric.sub_areas_weight",
                "the sub-areas of {name} weigh {total:g} together, but it weighs {weight:g}",
                name=repr(name),
                total=_fmt(total),
                weight=_fmt(weight),
            ),
        )


def _check_group(file: str, path: Path_, group: GroupSpec) -> Iterator[Finding]:
    if group.sub_areas is not None:
        yield from _check_children_sum(file, path, group.weight, group.sub_areas, group.label)
        for g_index, sub in enumerate(group.sub_areas):
            yield from _check_group(file, (*path, "sub_areas", g_index), sub)


def _check_predicates(
    mf: str, manifest: Manifest, tree: Tree, kinds: Mapping[str, Any]
) -> Iterator[Finding]:
    seen: set[str] = set()
    for p_index, pred in enumerate(manifest.predicates):
        if pred.id in seen:
            yield (
                mf,
                ("predicates", p_index, "id"),
                t("rubric.predicate_twice", "predicate {id} is declared twice", id=repr(pred.id)),
            )
        seen.add(pred.id)
        ids: set[str] = set()
        for field in ("criteria", "gates"):
            for c_index, spec in enumerate(getattr(pred, field)):
                cpath: Path_ = ("predicates", p_index, field, c_index)
                if spec.id in ids:
                    yield (
                        mf,
                        (*cpath, "id"),
                        t(
                            "rubric.criterion_twice",
                            "criterion id {id} is used twice in {predicate}",
                            id=repr(spec.id),
                            predicate=pred.id,
                        ),
                    )
                ids.add(spec.id)
                kind = kinds.get(spec.kind)
                if kind is None:
                    yield (
                        mf,
                        (*cpath, "kind"),
                        t(
                            "rubric.unknown_criterion_kind",
                            "unknown criterion kind {kind}{hint} (known: {known})",
                            kind=repr(spec.kind),
                            hint=_hint(spec.kind, kinds),
                            known=", ".join(sorted(kinds)),
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
        hook = t(
            "rubric.criterion_kind_hook",
            "criterion kind {kind} (checking criterion {id})",
            kind=repr(kind.name),
            id=repr(spec.id),
        )
        raise plugin_failed(type(kind).__module__, hook, exc) from exc
    return messages
