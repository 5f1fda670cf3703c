"""Kawasan test material: member evaluations of known outcome, integration answers of known
score, and Kawasan definitions built from them.

Member evaluations are the example units' real evaluations under other ids, so
their outcomes are the ones tests/test_examples.py pins: ``kpp-banjarbaru-wbbm``
meets Menuju WBK and WBBM, ``dinkes-banjarbaru-wbk`` only WBK,
``rsud-idaman-area-minimum`` neither. Integration scores are worked out by hand
on the bundled rubric (five aspects of weight 2, each the mean of its answers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine import Evaluation, Kawasan, Submission

WBK_AND_WBBM = "kpp-banjarbaru-wbbm"
WBK_ONLY = "dinkes-banjarbaru-wbk"
NEITHER = "rsud-idaman-area-minimum"
UNDECIDED = "undecided"  # dinkes without its TLHP fact: every WBK criterion passes but that gate

# five units of four agencies, as the port example (Tabel 2, hlm. 33)
PORT_MEMBERS: tuple[tuple[str, str], ...] = (
    ("OP", "KEMENHUB"),
    ("KSU", "KEMENHUB"),
    ("KPUBC", "KEMENKEU"),
    ("KANIM", "KEMENKUMHAM"),
    ("KKP", "KEMENKES"),
)

_NEGATIVE = {
    "kw.peta.a": "Tidak",
    "kw.peta.b": "C",
    "kw.peta.c": "C",
    "kw.sop.a": "C",
    "kw.sop.b": "Tidak",
    "kw.penerapan.a": "C",
    "kw.evaluasi.a": "C",
    "kw.evaluasi.b": "Tidak",
    "kw.sistem.a": "Tidak",
    "kw.sistem.b": "C",
}
_FULL_THREE = {"kw.peta.a": "Ya", "kw.peta.b": "A", "kw.peta.c": "A", "kw.sop.a": "A"}
_FULL_THREE |= {"kw.sop.b": "Ya", "kw.penerapan.a": "A"}
# aspect scores: peta, sop, penerapan, evaluasi, sistem
INTEGRATION: dict[str, dict[str, str]] = {
    # "Tidak ada integrasi": 0 + 0 + 0 + 0 + 0
    "none": dict(_NEGATIVE),
    # 2 + 2 + 2 + 2 x (0.5 + 0)/2 + 0 = 6.5: "Nilai Integrasi Kawasan 6,5"
    "6.5": _NEGATIVE | _FULL_THREE | {"kw.evaluasi.a": "B"},
    # 2 x (1 + 1 + 0.5)/3 + 2 + 2 + 0.5 + 0 = 6.1667: just short of 6,5
    "6.17": _NEGATIVE | _FULL_THREE | {"kw.peta.c": "B", "kw.evaluasi.a": "B"},
    # 2 + 2 + 2 + 0.5 + 2 x (1 + 0)/2 = 7.5: "Nilai Integrasi Kawasan 7,5"
    "7.5": _NEGATIVE | _FULL_THREE | {"kw.evaluasi.a": "B", "kw.sistem.a": "Ya"},
    # 1.6667 + 2 + 2 + 0.5 + 1 = 7.1667: meets 6,5, short of 7,5
    "7.17": _NEGATIVE | _FULL_THREE | {"kw.peta.c": "B", "kw.evaluasi.a": "B", "kw.sistem.a": "Ya"},
    # every answer the best: 10
    "10": _NEGATIVE
    | _FULL_THREE
    | {"kw.evaluasi.a": "A", "kw.evaluasi.b": "Ya", "kw.sistem.a": "Ya", "kw.sistem.b": "A"},
}


@cache
def _example(name: str) -> Submission:
    if name == UNDECIDED:
        sub = zi_engine.load_submission(EXAMPLES_DIR / f"{WBK_ONLY}.yaml")
        facts = sub.facts.model_copy(
            update={"unit": sub.facts.unit.model_copy(update={"tlhp_percent": None})}
        )
        return sub.model_copy(update={"facts": facts})
    return zi_engine.load_submission(EXAMPLES_DIR / f"{name}.yaml")


@cache
def member_evaluation(kind: str, unit_id: str, agency_id: str) -> Evaluation:
    """The evaluation of example ``kind`` as unit ``unit_id`` of agency ``agency_id``."""
    sub = _example(kind)
    agency = sub.unit.agency.model_copy(update={"id": agency_id})
    unit = sub.unit.model_copy(update={"id": unit_id, "agency": agency})
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    return zi_engine.evaluate(rubric, sub.model_copy(update={"unit": unit}))


def kawasan(
    members: Sequence[tuple[str, str]] = PORT_MEMBERS,
    *,
    integration: Mapping[str, Any] | str = "none",
    layer: str = "tpi",
    predicate_held: str | None = "none",
    target: str = "WBK",
) -> Kawasan:
    """A Kawasan of ``members`` ((unit, agency) pairs) with integration answers in ``layer``."""
    answers = INTEGRATION[integration] if isinstance(integration, str) else integration
    data: dict[str, Any] = {
        "kawasan": {"id": "KAWASAN-UJI", "name": "Kawasan Pelabuhan Uji", "kind": "pelabuhan"},
        "year": 2026,
        "target": target,
        "as_of": "2026-05-20",
        "members": [{"unit": u, "agency": a} for u, a in members],
        "integration": {"answers": {q: {layer: {"value": v}} for q, v in answers.items()}},
    }
    if predicate_held is not None:
        data["predicate_held"] = predicate_held
    return Kawasan.model_validate(data)


def evaluations(
    kinds: Sequence[str], members: Sequence[tuple[str, str]] = PORT_MEMBERS
) -> list[Evaluation]:
    """One evaluation per member, of the example kind given for it (in order)."""
    return [member_evaluation(k, u, a) for k, (u, a) in zip(kinds, members, strict=True)]
