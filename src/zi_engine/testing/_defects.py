"""Defects planted in a rubric's data: a wrong value, a missing field, a broken sum.

Each maker changes a copy of the documents at one spot and finds the line an error
must name from the path to that spot in the written YAML.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from hypothesis import strategies as st

from zi_engine.testing._areas import _FIXED_VALUES
from zi_engine.testing._documents import Documents, documents_to_yaml, line_of, load_documents

PathT = tuple[str | int, ...]
"""Where a value sits inside a file: mapping keys and list indexes from the top,
``("areas", 0, "weight")``; ``()`` is the whole file."""


@dataclass(frozen=True, slots=True)
class Defect:
    """The one thing wrong with a near-valid rubric.

    ``file`` is relative to the rubric directory; ``path`` the location of
    the fault inside the file (``("areas", 0, "weight")``); ``line`` the
    1-based line an error must name (``None`` when the problem has no single
    line, such as a file that does not exist); ``kind`` one of
    :data:`DEFECT_KINDS`.
    """

    file: str
    path: PathT
    kind: str
    description: str
    line: int | None


@dataclass(slots=True)
class _Spot:
    """A place in the documents: which file, the path to a mapping, and the mapping."""

    file: str
    path: PathT
    node: dict[str, Any]


def _walk(value: Any, path: PathT) -> Iterator[tuple[PathT, dict[str, Any]]]:
    if isinstance(value, dict):
        yield path, value
        for key, child in value.items():
            yield from _walk(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, (*path, index))


def _spots(docs: Documents, test: Callable[[PathT, dict[str, Any]], bool]) -> list[_Spot]:
    return [
        _Spot(name, path, node)
        for name, data in docs.items()
        for path, node in _walk(data, ())
        if test(path, node)
    ]


def _questions_in_order(docs: Documents) -> list[_Spot]:
    """Every question in the order the scoring tree holds them (manifest file order)."""
    out = []
    for name in docs["rubric.yaml"]["areas"]:
        out += _spots({name: docs[name]}, lambda p, n: len(p) >= 2 and p[-2] == "questions")
    return out


def _is_group(path: PathT, node: dict[str, Any]) -> bool:
    return len(path) >= 2 and path[-2] == "sub_areas"


# draws where to plant its defect and plants it: (the changed documents, every file as YAML
# text, the defect), or None when the documents have no place for this kind
_DefectMaker = Callable[[st.DrawFn, Documents], tuple[Documents, dict[str, str], Defect] | None]


def _data_defect(
    kind: str,
    pick: Callable[[Documents], list[_Spot]],
    change: Callable[[st.DrawFn, Documents, _Spot], tuple[PathT, str]],
) -> _DefectMaker:
    """A defect made by changing the data at one spot; the line is found from the path."""

    def make(draw: st.DrawFn, docs: Documents) -> tuple[Documents, dict[str, str], Defect] | None:
        docs = copy.deepcopy(docs)
        spots = pick(docs)
        if not spots:
            return None
        spot = draw(st.sampled_from(spots))
        path, description = change(draw, docs, spot)
        yaml_files = documents_to_yaml(docs)
        line = line_of(yaml_files[spot.file], path)
        return docs, yaml_files, Defect(spot.file, path, kind, description, line)

    return make


def _set(
    key: str, value: Any, description: str
) -> Callable[[st.DrawFn, Documents, _Spot], tuple[PathT, str]]:
    def change(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
        spot.node[key] = value
        return (*spot.path, key), description.format(key=key, value=value)

    return change


def _weighted_nodes(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: "weight" in n and "label" in n)


def _leaf_groups(docs: Documents) -> list[_Spot]:
    """Sub-areas holding questions whose weight only their parent's sum depends on."""
    return _spots(
        docs, lambda p, n: _is_group(p, n) and "questions" in n and n.get("scoring") != "weighted"
    )


def _bump_leaf_weight(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    spot.node["weight"] = spot.node["weight"] + 1.0
    return (*spot.path[:-1],), "a sub-area weight no longer adds up with its siblings"


def _remove(key: str) -> Callable[[st.DrawFn, Documents, _Spot], tuple[PathT, str]]:
    def change(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
        del spot.node[key]
        return spot.path, f"required field {key!r} removed"

    return change


def _duplicate_id(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    order = _questions_in_order(docs)
    first = order[0].node["id"]
    spot.node["id"] = first
    return (*spot.path, "id"), f"question id {first!r} used twice"


def _choice_questions_after_first(docs: Documents) -> list[_Spot]:
    order = _questions_in_order(docs)
    return [
        s for s in order[1:] if s.node["answer"] in _FIXED_VALUES or s.node["answer"] == "options"
    ]


def _dangling_ref(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    description = "a formula refers to a question that does not exist"
    if spot.node["answer"] == "ratio":
        spot.node["numerator"][0] = "tidak_ada.jumlah"
        return (*spot.path, "numerator", 0), description
    spot.node["previous"] = "tidak_ada.jumlah"
    return (*spot.path, "previous"), description


def _formulas(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: n.get("answer") in ("ratio", "decline"))


def _criteria(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: len(p) == 4 and p[0] == "predicates" and "kind" in n)


def _score_mins(docs: Documents) -> list[_Spot]:
    return [s for s in _criteria(docs) if s.node["kind"] == "score_min"]


def _unreachable(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    rubric = load_documents(docs)
    tree = rubric.tree
    node = spot.node["node"]
    if node.startswith("item:"):
        top = tree.items[cast(int, tree.resolve_item(node))].coef
    else:
        top = tree.nodes[cast(int, tree.resolve(node))].weight
    spot.node["min"] = top + 1
    return spot.path, f"threshold above the most {node} can score"


def _missing_zero(docs: Documents) -> list[_Spot]:
    manifest = docs["rubric.yaml"]
    if "zero_denominator_default" in manifest.get("policies", {}):
        return []
    return _formulas(docs)


def _until_before_from(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    start = date.fromisoformat(spot.node["effective"]["from"])
    spot.node["effective"]["until"] = (start - timedelta(days=1)).isoformat()
    return ("effective",), "the effective period ends before it starts"


def _missing_file(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    spot.node["areas"].append("areas/tidak-ada.yaml")
    return ("areas", len(spot.node["areas"]) - 1), "the manifest lists a file that does not exist"


def _counts(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: n.get("answer") == "count")


def _weighted_leaf(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: n.get("scoring") == "weighted" and "questions" in n)


def _break_weighted(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    scored = [q for q in spot.node["questions"] if "weight" in q]
    scored[0]["weight"] += 1.0
    return (*spot.path, "weight"), "the question weights of a weighted sub-area do not add up"


def _bad_grade(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    # criterion kinds report their problems at the criterion, not at one of its fields
    if "min_grade" in spot.node:
        spot.node["min_grade"] = "ZZ"
    else:
        spot.node["min_grade_by_agency_type"]["central"] = "ZZ"
    return spot.path, "a grade not on the rubric's scale"


def _grade_criteria(docs: Documents) -> list[_Spot]:
    return [s for s in _criteria(docs) if s.node["kind"] == "fact_grade_min"]


def _manifest(docs: Documents) -> list[_Spot]:
    return [_Spot("rubric.yaml", (), docs["rubric.yaml"])]


def _area_files(docs: Documents) -> list[_Spot]:
    return [_Spot(name, (), data) for name, data in docs.items() if name != "rubric.yaml"]


def _soal_after_first(docs: Documents) -> list[_Spot]:
    order = [s for s in _questions_in_order(docs) if "soal_id" in s.node]
    return order[1:]


def _duplicate_soal(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    first = next(s for s in _questions_in_order(docs) if "soal_id" in s.node)
    spot.node["soal_id"] = first.node["soal_id"]
    return (*spot.path, "soal_id"), "two questions carry the same soal_id"


def _option_out_of_range(draw: st.DrawFn, docs: Documents, spot: _Spot) -> tuple[PathT, str]:
    key = next(iter(spot.node["options"]))
    spot.node["options"][key]["value"] = 1.5
    return (*spot.path, "options", key, "value"), "an option is worth more than 1"


def _options_questions(docs: Documents) -> list[_Spot]:
    return _spots(docs, lambda p, n: n.get("answer") == "options")


# DEFECT_KINDS lists these first, in this order
_DATA_DEFECTS: dict[str, _DefectMaker] = {
    "negative_weight": _data_defect(
        "negative_weight", _weighted_nodes, _set("weight", -1.0, "a negative weight")
    ),
    "weight_not_a_number": _data_defect(
        "weight_not_a_number", _weighted_nodes, _set("weight", "berat", "a weight written as text")
    ),
    "label_is_a_number": _data_defect(
        "label_is_a_number", _weighted_nodes, _set("label", 12, "a label written as a number")
    ),
    "unknown_field": _data_defect(
        "unknown_field", _weighted_nodes, _set("wieght", 1.0, "a misspelt field '{key}'")
    ),
    "missing_label": _data_defect("missing_label", _weighted_nodes, _remove("label")),
    "missing_question_text": _data_defect(
        "missing_question_text",
        lambda d: _spots(d, lambda p, n: "answer" in n),
        _remove("text"),
    ),
    "sub_area_weights": _data_defect("sub_area_weights", _leaf_groups, _bump_leaf_weight),
    "weighted_sum": _data_defect("weighted_sum", _weighted_leaf, _break_weighted),
    "duplicate_question_id": _data_defect(
        "duplicate_question_id", _choice_questions_after_first, _duplicate_id
    ),
    "duplicate_soal_id": _data_defect("duplicate_soal_id", _soal_after_first, _duplicate_soal),
    "unknown_answer_type": _data_defect(
        "unknown_answer_type",
        lambda d: _spots(d, lambda p, n: n.get("answer") in _FIXED_VALUES),
        _set("answer", "ya_tidak_mungkin", "an answer type that does not exist"),
    ),
    "dangling_formula_ref": _data_defect("dangling_formula_ref", _formulas, _dangling_ref),
    "missing_zero_denominator": _data_defect(
        "missing_zero_denominator", _missing_zero, _remove("zero_denominator")
    ),
    "count_with_weight": _data_defect(
        "count_with_weight", _counts, _set("weight", 1.0, "a count with a weight")
    ),
    "option_value_out_of_range": _data_defect(
        "option_value_out_of_range", _options_questions, _option_out_of_range
    ),
    "unknown_criterion_kind": _data_defect(
        "unknown_criterion_kind",
        _criteria,
        _set("kind", "skor_minimal", "an unknown criterion kind"),
    ),
    "unreachable_threshold": _data_defect("unreachable_threshold", _score_mins, _unreachable),
    "grade_not_on_scale": _data_defect("grade_not_on_scale", _grade_criteria, _bad_grade),
    "undeclared_component": _data_defect(
        "undeclared_component",
        _area_files,
        _set("component", "tidak_ada", "an area file names an undeclared component"),
    ),
    "until_before_from": _data_defect("until_before_from", _manifest, _until_before_from),
    "missing_area_file": _data_defect("missing_area_file", _manifest, _missing_file),
}
