"""Strategies the property tests share: a rubric with a submission, generated or bundled."""

from __future__ import annotations

import copy
import functools
from typing import Any

from hypothesis import strategies as st

import zi_engine
from zi_engine import Rubric, Submission
from zi_engine import testing as zt
from zi_engine.submission._model import LAYERS

BUNDLED: Rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
SOURCES = ("generated", "bundled")

DOCUMENTS = zt.rubric_documents(text=zt.plain_texts())
"""Valid rubric files. Texts are plain words: awkward texts are the subject of their own
tests (they currently break ``Rubric.dump``), not of the scoring properties."""


class Case:
    """A rubric (and, when generated, its files) with one submission for it."""

    def __init__(
        self, rubric: Rubric, submission: Submission, documents: dict[str, Any] | None
    ) -> None:
        self.rubric = rubric
        self.submission = submission
        self.documents = documents

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # Hypothesis' printer
        printer.text(repr(self))

    def __repr__(self) -> str:  # shown by Hypothesis on failure: what reproduces it, briefly
        sub = self.submission
        answers = {
            qid: {layer: e.value for layer in LAYERS if (e := getattr(a, layer)) is not None}
            for qid, a in sub.answers.items()
        }
        facts = sub.facts.model_dump(mode="json", exclude_none=True)
        files = (
            "".join(
                f"--- {name}\n{text}" for name, text in zt.documents_to_yaml(self.documents).items()
            )
            if self.documents
            else self.rubric.id
        )
        return (
            f"Case(as_of={sub.as_of}, agency_type={sub.unit.agency.type}, facts={facts},\n"
            f" answers={answers},\n files:\n{files})"
        )


@st.composite
def cases(
    draw: st.DrawFn,
    source: str = "generated",
    *,
    complete: bool | None = None,
    layers: tuple[str, ...] = ("unit", "induk", "tpi", "tpn"),
    facts: bool | None = None,
    gated: bool = False,
) -> Case:
    """A rubric (generated, or the bundled one) and a submission for it, sometimes with
    values clustered around the thresholds.

    ``gated``: every predicate of a generated rubric reads at least one fact (a
    ``unit.core_service`` gate is added where none does, and a predicate where there is
    none), so tests about gates need not filter most rubrics out."""
    docs = None
    if source == "bundled":
        rubric = BUNDLED
    else:
        docs = draw(DOCUMENTS)
        if gated:
            docs = _gated(docs)
        rubric = zt.load_documents(docs)
    near = draw(st.booleans())
    if source == "bundled":
        strategy = _bundled_submissions(complete, layers, near, facts)
    else:
        strategy = _submissions(rubric, complete, layers, near, facts)
    return Case(rubric, draw(strategy), docs)


def _submissions(
    rubric: Rubric, complete: bool | None, layers: tuple[str, ...], near: bool, facts: bool | None
) -> st.SearchStrategy[Submission]:
    return zt.submissions(
        rubric,
        complete=complete,
        layers=layers,  # type: ignore[arg-type]
        near_thresholds=near,
        facts=facts,
        notes=False,
    )


@functools.cache
def _bundled_submissions(
    complete: bool | None, layers: tuple[str, ...], near: bool, facts: bool | None
) -> st.SearchStrategy[Submission]:
    """Built once: the bundled rubric has 135 entries, so building is not free."""
    return _submissions(BUNDLED, complete, layers, near, facts)


_CORE_SERVICE_GATE = {
    "id": "g_core_service",
    "label": "Core service",
    "kind": "fact_true",
    "fact": "unit.core_service",
}


def _gated(docs: dict[str, Any]) -> dict[str, Any]:
    """``docs`` with a fact read by every predicate (see :func:`cases`)."""
    docs = copy.deepcopy(docs)
    predicates = docs["rubric.yaml"].setdefault("predicates", [])
    if not predicates:
        predicates.append({"id": "WBK", "label": "WBK", "criteria": [], "gates": []})
    for pred in predicates:
        specs = [*pred.get("criteria", ()), *pred.get("gates", ())]
        if not any(spec.get("fact") for spec in specs):
            pred.setdefault("gates", []).append(dict(_CORE_SERVICE_GATE))
    return docs
