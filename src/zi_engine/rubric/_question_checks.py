"""The rules about questions: unique ids, answer types, counts and formulas, scored groups.

Part of the rubric checks (``_checks``); each finding is ``(file, path inside
the file, message)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from zi_engine._constants import TOLERANCE
from zi_engine._i18n import t
from zi_engine.rubric._messages import closest, did_you_mean, unknown_answer_type
from zi_engine.rubric._model import Manifest, QuestionSpec
from zi_engine.rubric._tree import Tree

__all__ = ["check_questions"]

Path_ = tuple[str | int, ...]
Finding = tuple[str, Path_, str]
Where = Callable[[str, Path_], str]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=TOLERANCE)


def _fmt(x: float) -> float:
    """A weight as messages show it: rounded to 6 significant digits (then in each language)."""
    return float(f"{x:.6g}")


def _hint(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a known name is close to ``name``, else nothing."""
    close = closest(name, known)
    return did_you_mean(close) if close else ""


def check_questions(
    manifest: Manifest,
    tree: Tree,
    answer_types: Mapping[str, Any],
    where_is: Where,
) -> Iterator[Finding]:
    """Every problem of the rubric's questions; ``where_is`` names a repeated id's first place."""
    first_soal: dict[int, tuple[str, str, Path_]] = {}
    for item in tree.items:
        q = item.spec
        if tree.item_by_id[q.id] != item.index:
            first = tree.items[tree.item_by_id[q.id]]
            yield (
                item.file,
                (*item.path, "id"),
                t(
                    "rubric.question_id_twice",
                    "question id {id} is also used in {where}; give each question its own id",
                    id=repr(q.id),
                    where=where_is(first.file, (*first.path, "id")),
                ),
            )
        if q.soal_id is not None:
            if q.soal_id in first_soal:
                other, file, path = first_soal[q.soal_id]
                yield (
                    item.file,
                    (*item.path, "soal_id"),
                    t(
                        "rubric.soal_id_twice",
                        "soal_id {soal} is also used by {id} ({where})",
                        soal=str(q.soal_id),
                        id=other,
                        where=where_is(file, path),
                    ),
                )
            first_soal.setdefault(q.soal_id, (q.id, item.file, (*item.path, "soal_id")))
        atype = answer_types.get(q.answer)
        if atype is None:
            yield (
                item.file,
                (*item.path, "answer"),
                unknown_answer_type(q.answer, answer_types),
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
            yield (
                file,
                (*path, "weight"),
                t("rubric.count_weight", "a count scores nothing, so it has no weight"),
            )
        if q.options:
            yield file, (*path, "options"), t("rubric.count_options", "a count has no options")
    if atype.input == "formula":
        for field, ref in _formula_fields(q):
            index = tree.item_by_id.get(ref)
            if index is None:
                message = t(
                    "rubric.formula_unknown_ref",
                    "formula refers to {ref}, which is not a question id{hint}",
                    ref=repr(ref),
                    hint=_hint(ref, tree.item_by_id),
                )
                yield file, (*path, *field), message
                continue
            ref_type = answer_types.get(tree.items[index].spec.answer)
            if ref_type is not None and ref_type.input != "count":
                yield (
                    file,
                    (*path, *field),
                    t(
                        "rubric.formula_not_count",
                        "formula refers to {ref}, which is not a count",
                        ref=repr(ref),
                    ),
                )
        if q.zero_denominator is None and manifest.policies.zero_denominator_default is None:
            yield (
                file,
                path,
                t(
                    "rubric.zero_denominator_needed",
                    "state what this formula gives when its denominator is 0: add "
                    "'zero_denominator: <0..1>' "
                    "(or policies.zero_denominator_default in the manifest)",
                ),
            )
    elif q.zero_denominator is not None:
        yield (
            file,
            (*path, "zero_denominator"),
            t("rubric.zero_denominator_only_formulas", "'zero_denominator' is only for formulas"),
        )


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
            atype = answer_types.get(tree.items[i].spec.answer)
            if atype is None or atype.input != "count":
                scored.append(tree.items[i])
        if not scored:
            yield (
                node.file,
                node.spec_path,
                t(
                    "rubric.no_scored_question",
                    "{label} has no scored question (counts alone score nothing)",
                    label=repr(node.label),
                ),
            )
            continue
        if node.scoring == "weighted":
            unweighted = [it.spec.id for it in scored if it.spec.weight is None]
            if unweighted:
                yield (
                    node.file,
                    node.spec_path,
                    t(
                        "rubric.weighted_needs_weights",
                        "with 'scoring: weighted' every scored question needs a weight: {ids}",
                        ids=str(unweighted),
                    ),
                )
            total = sum(it.spec.weight or 0.0 for it in scored)
            if not unweighted and not _close(total, node.weight):
                yield (
                    node.file,
                    (*node.spec_path, "weight"),
                    t(
                        "rubric.questions_weight",
                        "{label} weighs {weight:g}, but its questions weigh {total:g}",
                        label=repr(node.label),
                        weight=_fmt(node.weight),
                        total=_fmt(total),
                    ),
                )
        else:
            for it in scored:
                if it.spec.weight is not None:
                    yield (
                        it.file,
                        (*it.path, "weight"),
                        t(
                            "rubric.weight_unused",
                            "a question weight counts only in a sub-area with 'scoring: "
                            "weighted'; here every scored question counts equally",
                        ),
                    )
