"""The scoring tree of a drawn rubric: areas, sub-areas and questions of every answer type.

Built bottom up, so every weight is the sum of the weights below it. :class:`_Build`
carries what one rubric draw has made so far; the manifest and the predicates
(``_rubrics``, ``_predicates``) read it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from hypothesis import strategies as st

ANSWER_TYPES: tuple[str, ...] = (
    "ya_tidak",
    "abc",
    "abcd",
    "abcde",
    "options",
    "survey_index",
    "count",
    "ratio",
    "decline",
)
"""Every built-in answer type; :func:`rubric_documents` uses each of them."""

# the option keys and values of the choice types whose options are fixed
_FIXED_VALUES: dict[str, dict[str, float]] = {
    "ya_tidak": {"Ya": 1.0, "Tidak": 0.0},
    "abc": {"A": 1.0, "B": 0.5, "C": 0.0},
    "abcd": {"A": 1.0, "B": 0.67, "C": 0.33, "D": 0.0},
    "abcde": {"A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.0},
}


@dataclass(frozen=True, slots=True)
class _Config:
    """The limits and texts :func:`rubric_documents` was called with."""

    max_components: int
    max_areas: int
    max_depth: int
    max_questions: int
    predicates: bool
    texts: st.SearchStrategy[str]
    zero_weights: bool


@dataclass(slots=True)
class _Build:
    """What one rubric draw has produced so far (for unique ids and criterion targets)."""

    draw: st.DrawFn
    config: _Config
    budget: int
    next_id: int = 0
    next_soal: int = 1
    zero_default: float | None = None
    nodes: list[tuple[str, float]] = field(default_factory=list)  # (criterion ref, maximum)
    items: list[tuple[str, float]] = field(default_factory=list)  # (scored question, maximum)
    counts: list[str] = field(default_factory=list)

    def name(self, prefix: str) -> str:
        self.next_id += 1
        return f"{prefix}{self.next_id}"

    def text(self) -> str:
        return self.draw(self.config.texts)

    def weight(self) -> float:
        """A weight: mostly quarters (exact in binary), sometimes tenths, rarely zero."""
        kind = self.draw(st.integers(0, 9))
        if kind == 9 and self.config.zero_weights:
            return 0.0
        if kind >= 6:
            return self.draw(st.integers(1, 60)) / 10
        return self.draw(st.integers(1, 40)) / 4


def _base_question(b: _Build, answer: str, *, soal: bool = True) -> dict[str, Any]:
    q: dict[str, Any] = {"id": b.name("q"), "text": b.text(), "answer": answer}
    draw = b.draw
    if soal and draw(st.integers(0, 4)) > 0:
        q["soal_id"] = b.next_soal
        b.next_soal += draw(st.integers(1, 3))
    if draw(st.booleans()):
        q["guidance"] = b.text()
    if draw(st.integers(0, 2)) == 0:
        q["evidence"] = draw(st.lists(b.config.texts, min_size=1, max_size=2))
        q["evidence_required"] = draw(st.booleans())
    return q


def _choice_question(b: _Build, answer: str) -> dict[str, Any]:
    q = _base_question(b, answer)
    style = b.draw(st.integers(0, 2))
    values = _FIXED_VALUES[answer]
    if style == 1:
        q["options"] = {key: b.text() for key in values}
    elif style == 2:
        q["options"] = {key: {"text": b.text(), "value": v} for key, v in values.items()}
    return q


def _options_question(b: _Build) -> dict[str, Any]:
    q = _base_question(b, "options")
    draw = b.draw
    keys = draw(
        st.one_of(
            st.lists(
                st.sampled_from(["A", "B", "C", "D", "E"]), min_size=2, max_size=4, unique=True
            ),
            st.lists(
                st.sampled_from(["Ada", "Tidak ada", "Sebagian", "Lengkap", "Belum", "x y"]),
                min_size=2,
                max_size=4,
                unique=True,
            ),
        )
    )
    value = st.one_of(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), st.floats(0, 1))
    values = [draw(value) for _ in keys]
    values[draw(st.integers(0, len(keys) - 1))] = 1.0  # full marks are always possible
    q["options"] = {k: {"text": b.text(), "value": v} for k, v in zip(keys, values, strict=True)}
    return q


def _survey_question(b: _Build) -> dict[str, Any]:
    q = _base_question(b, "survey_index")
    scale = b.draw(st.sampled_from([None, 4.0, 4, 5, 10, 100, 4.5]))
    if scale is not None:
        q["scale_max"] = scale
    return q


def _count(b: _Build) -> dict[str, Any]:
    q = _base_question(b, "count")
    b.counts.append(q["id"])
    return q


def _zero_rule(b: _Build, q: dict[str, Any]) -> None:
    if b.zero_default is None or b.draw(st.booleans()):
        q["zero_denominator"] = b.draw(st.sampled_from([0.0, 1.0, 0.5, 0, 1]))


def _formula(b: _Build, answer: str) -> list[dict[str, Any]]:
    """A ratio or decline and the counts it reads (new ones, or rarely one made earlier)."""
    draw = b.draw
    q = _base_question(b, answer, soal=False)
    made: list[dict[str, Any]] = []
    earlier = list(b.counts)

    def ref() -> str:
        if earlier and draw(st.integers(0, 5)) == 0:  # a count another formula reads too
            return draw(st.sampled_from(earlier))
        made.append(_count(b))
        return cast(str, made[-1]["id"])

    if answer == "ratio":
        q["numerator"] = [ref() for _ in range(draw(st.integers(1, 2)))]
        q["denominator"] = [ref() for _ in range(draw(st.integers(1, 3)))]
    else:
        q["previous"] = ref()
        q["current"] = ref()
    _zero_rule(b, q)
    if draw(st.booleans()):
        return [q, *made]
    return [*made, q]


def _leaf(b: _Build, scoring: str) -> tuple[list[dict[str, Any]], float, list[tuple[str, float]]]:
    """Questions of a leaf sub-area, its weight, and ``(id, weight)`` of its scored ones."""
    draw = b.draw
    n = draw(st.integers(1, 3 if b.budget > 3 else 1))
    questions: list[dict[str, Any]] = []
    scored: list[dict[str, Any]] = []
    for _ in range(n):
        answer = draw(st.sampled_from(ANSWER_TYPES))
        if answer == "count":  # a count alone scores nothing: pair it with a formula
            answer = "ratio"
        if answer in _FIXED_VALUES:
            made = [_choice_question(b, answer)]
        elif answer == "options":
            made = [_options_question(b)]
        elif answer == "survey_index":
            made = [_survey_question(b)]
        else:
            made = _formula(b, answer)
        questions += made
        scored += [q for q in made if q["answer"] != "count"]
    b.budget -= len(questions)
    if scoring == "weighted":
        for q in scored:
            q["weight"] = b.weight()
        weight = math.fsum(q["weight"] for q in scored)
        shares = [(q["id"], q["weight"]) for q in scored]
    else:
        weight = b.weight()
        shares = [(q["id"], weight / len(scored)) for q in scored]
    order = draw(st.permutations(range(len(questions))))
    return [questions[i] for i in order], weight, shares


def _children(
    b: _Build, holder: dict[str, Any], path: str, depth: int, *, allow_questions: bool
) -> float:
    """Fill ``holder`` with ``sub_areas`` or (if allowed) ``questions``; return its weight."""
    draw = b.draw
    nest = depth < b.config.max_depth and b.budget > 2 and draw(st.booleans())
    if nest or not allow_questions:
        groups = []
        total = 0.0
        for _ in range(draw(st.integers(1, 2 if b.budget > 4 else 1))):
            group, weight = _group(b, path, depth + 1)
            groups.append(group)
            total += weight
        holder["sub_areas"] = groups
        return total
    scoring = draw(st.sampled_from(["mean", "weighted", None]))
    questions, weight, shares = _leaf(b, scoring or "mean")
    if scoring is not None:
        holder["scoring"] = scoring
    holder["questions"] = questions
    b.items += shares
    return weight


def _group(b: _Build, parent: str, depth: int) -> tuple[dict[str, Any], float]:
    gid = b.name("g")
    group: dict[str, Any] = {"id": gid, "label": b.text(), "weight": 0.0}
    path = f"{parent}.{gid}"
    weight = _children(b, group, path, depth, allow_questions=True)
    group["weight"] = weight
    if "sub_areas" in group:
        group["sub_areas"] = group.pop("sub_areas")  # keep 'weight' before the children
    else:
        group["questions"] = group.pop("questions")
    b.nodes.append((path, weight))
    return group, weight


def _area(b: _Build, component: str, parts: Sequence[str]) -> tuple[dict[str, Any], list[float]]:
    """An area of ``component``; returns it and its weight per part (or ``[weight]``)."""
    aid = b.name("a")
    area: dict[str, Any] = {"id": aid, "label": b.text(), "weight": 0.0}
    if parts:
        made: dict[str, dict[str, Any]] = {}
        for part in b.draw(st.permutations(parts)):  # drawn in any order, written in order
            holder: dict[str, Any] = {"weight": 0.0}
            path = f"{component}.{part}.{aid}"
            holder["weight"] = _children(b, holder, path, 0, allow_questions=False)
            made[part] = holder
            b.nodes.append((path, holder["weight"]))
        area["parts"] = {p: made[p] for p in parts}
        weights = [made[p]["weight"] for p in parts]
        total = math.fsum(weights)
    else:
        path = f"{component}.{aid}"
        total = _children(b, area, path, 0, allow_questions=True)
        weights = [total]
        b.nodes.append((path, total))
    area["weight"] = total
    children: dict[str, Any] = {
        k: area.pop(k) for k in ("parts", "sub_areas", "scoring", "questions") if k in area
    }
    area.update(children)
    b.nodes.append((f"area:{aid}", total))
    return area, weights
