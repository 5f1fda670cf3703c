"""Predicates of a drawn rubric: criteria of every built-in kind at reachable thresholds,
and the facts those criteria read."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from zi_engine.testing._areas import _Build

CRITERION_KINDS: tuple[str, ...] = (
    "score_min",
    "area_percent_min",
    "fact_equals",
    "fact_true",
    "fact_min",
    "fact_grade_min",
    "years_since_min",
)
"""Every built-in criterion kind; :func:`rubric_documents` uses each of them."""

# the grade scale of a rubric that declares none
_DEFAULT_GRADES = ["AA", "A", "BB", "B", "CC", "C", "D"]

# fact path -> what it holds (see zi_engine.Facts)
_FACTS: dict[str, str] = {
    "agency.bpk_opinion": "text",
    "agency.sakip_grade": "grade",
    "agency.indeks_rb_grade": "grade",
    "agency.spip_level": "level",
    "agency.sakip_score": "percent",
    "agency.indeks_rb_score": "percent",
    "unit.core_service": "bool",
    "unit.public_perception_impact": "bool",
    "unit.tlhp_percent": "percent",
    "unit.lhkpn_percent": "percent",
    "unit.lhkasn_percent": "percent",
    "unit.building_since": "date",
    "unit.sakip_grade": "grade",
    "unit.sakip_score": "percent",
    "unit.predicate_held": "predicate",
    "unit.predicate_since": "date",
    "unit.wbbm_building_since": "date",
    "extra.skor_integrasi": "number",
    "extra.bebas_temuan": "bool",
    "extra.status_ombudsman": "text",
    "extra.tanggal_sk": "date",
}


def _facts_of(kind: str) -> list[str]:
    wanted = {
        "fact_equals": ("text", "predicate", "grade", "bool"),
        "fact_true": ("bool",),
        "fact_min": ("level", "percent", "number"),
        "fact_grade_min": ("grade",),
        "years_since_min": ("date",),
    }[kind]
    return [f for f, t in _FACTS.items() if t in wanted and not f.startswith("extra.tanggal")]


def _criterion(
    b: _Build, kind: str, cid: str, components: list[dict[str, Any]], grades: list[str]
) -> dict[str, Any]:
    draw = b.draw
    spec: dict[str, Any] = {"id": cid, "label": b.text(), "kind": kind}
    fraction = st.one_of(st.sampled_from([0.0, 0.5, 0.6, 0.75, 0.9, 1.0]), st.floats(0, 1))
    if kind == "score_min":
        targets = b.nodes + [(f"item:{qid}", top) for qid, top in b.items]
        node, top = draw(st.sampled_from(targets))
        spec["node"] = node
        spec["min"] = top * draw(fraction)
    elif kind == "area_percent_min":
        spec["component"] = draw(st.sampled_from([c["id"] for c in components]))
        spec["min_percent"] = draw(st.sampled_from([0, 50, 60, 75, 100, 62.5]))
        if draw(st.booleans()):
            spec["scope"] = draw(st.sampled_from(["area", "each_part"]))
    else:
        fact = draw(st.sampled_from(_facts_of(kind)))
        spec["fact"] = fact
        what = _FACTS[fact]
        if kind == "fact_equals":
            value: Any = {
                "text": "WTP",
                "predicate": "WBK",
                "grade": draw(st.sampled_from(grades)),
                "bool": True,
            }[what]
            if what != "bool" and draw(st.booleans()):
                spec["one_of"] = [
                    value,
                    *draw(st.lists(st.sampled_from(["WDP", "WBBM", "lain"]), max_size=2)),
                ]
            else:
                spec["equals"] = value
        elif kind == "fact_min":
            top = {"level": 5.0, "percent": 100.0, "number": 10.0}[what]
            spec["min"] = top * draw(fraction)
        elif kind == "fact_grade_min":
            if draw(st.booleans()):
                spec["min_grade"] = draw(st.sampled_from(grades))
            else:
                spec["min_grade_by_agency_type"] = {
                    "regional": draw(st.sampled_from(grades)),
                    "central": draw(st.sampled_from(grades)),
                }
        elif kind == "years_since_min":
            spec["min_years"] = draw(st.sampled_from([1, 2, 1.5, 0, 0.5]))
    if draw(st.integers(0, 3)) == 0:
        spec["source"] = b.text()
    return spec


def _predicates(
    b: _Build, components: list[dict[str, Any]], grades: list[str]
) -> list[dict[str, Any]]:
    draw = b.draw
    ids = draw(
        st.lists(st.sampled_from(["WBK", "WBBM", "KAWASAN-WBK", "P1"]), max_size=2, unique=True)
    )
    out = []
    for pid in ids:
        score_kinds = draw(st.lists(st.sampled_from(CRITERION_KINDS[:2]), max_size=4))
        fact_kinds = draw(st.lists(st.sampled_from(CRITERION_KINDS[2:]), max_size=5))
        criteria = [
            _criterion(b, k, f"c{i}_{k}", components, grades) for i, k in enumerate(score_kinds)
        ]
        gates = [
            _criterion(b, k, f"g{i}_{k}", components, grades) for i, k in enumerate(fact_kinds)
        ]
        if criteria and draw(st.integers(0, 5)) == 0:  # the format allows a score gate
            gates.append(criteria.pop(draw(st.integers(0, len(criteria) - 1))))
        out.append({"id": pid, "label": b.text(), "criteria": criteria, "gates": gates})
    return out
