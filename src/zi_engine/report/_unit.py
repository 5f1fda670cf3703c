"""A unit's evaluation report (LHE) as one self-contained HTML file.

Reads an :class:`~zi_engine.Evaluation` and the improvement plans made from it;
computes nothing the evaluation does not already say. The caller (the command line,
an app) evaluates and plans, so this module never reaches for the engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from zi_engine.eligibility._criteria import CriterionResult
from zi_engine.eligibility._evaluation import Evaluation, ItemResult, NodeResult
from zi_engine.planning._plan import ImprovementPlan
from zi_engine.report._format import number, percent, whole
from zi_engine.report._svg import Bar, Line, Mark, bar_chart
from zi_engine.report._templates import in_language, render
from zi_engine.report._texts import GROUP, LAYER, OUTCOME, VERDICT, text, word
from zi_engine.submission._model import LAYERS, AnswerEntry

__all__ = ["render_unit_report"]

# failures first, then what is not yet sure, then what passes
_ORDER = {"fail": 0, "inconclusive": 1, "pass": 2, "not_applicable": 3}


def render_unit_report(
    evaluation: Evaluation, *, plans: Sequence[ImprovementPlan] = (), lang: str | None = None
) -> str:
    """The evaluation report as HTML: scores, charts, eligibility, plans, gaps, differences.

    ``plans`` are the improvement plans to show (one per predicate worth working toward,
    as :func:`zi_engine.plan` makes them from ``evaluation``). The file needs no network
    and no script; charts are inline SVG; it prints on A4 with page numbers. ``lang``
    (``"id"`` or ``"en"``) writes it in that language; by default in the current one
    (:func:`zi_engine.use_language`; the command line's default is Bahasa Indonesia).
    Numbers have the decimal comma in Indonesian only.
    """
    with in_language(lang):
        return render("unit.html.j2", **_context(evaluation, plans))


def _context(ev: Evaluation, plans: Sequence[ImprovementPlan]) -> dict[str, Any]:
    sub = ev.submission
    return {
        "unit": sub.unit,
        "year": sub.year,
        "target": sub.target,
        "rubric": {"id": ev.rubric_id, "version": ev.rubric_version, "hash": ev.rubric_hash},
        "up_to": word(LAYER, ev.up_to),
        "layer_used": word(LAYER, ev.layer) if ev.layer else None,
        "as_of": ev.as_of.isoformat() if ev.as_of else None,
        "scores": _score_rows(ev),
        "areas_chart": _areas_chart(ev),
        "hasil_chart": _hasil_chart(ev),
        "predicates": [
            {
                "id": p.predicate,
                "label": p.label,
                "outcome": p.outcome,
                "verdict": word(VERDICT, p.outcome),
                "criteria": [
                    _criterion(c)
                    for c in sorted(p.criteria, key=lambda c: _ORDER.get(c.outcome, 9))
                ],
            }
            for p in ev.eligibility.values()
        ],
        "plans": [_plan(p) for p in plans],
        "evidence_gaps": [_item(ev.items[q]) for q in ev.missing_evidence],
        "differences": (differences := _differences(ev)),
        # the parent unit's column only for units whose parent answered (a preliminary review)
        "induk_column": any(d["induk"] for d in differences),
        "missing_answers": len(ev.missing_answers),
        "warnings": list(ev.warnings),
    }


def _score_rows(ev: Evaluation) -> list[dict[str, Any]]:
    def row(label: str, node: NodeResult, level: int) -> dict[str, Any]:
        return {
            "label": label,
            "level": level,
            "score": number(node.score),
            "maximum": number(node.maximum),
            "percent": percent(node.percent),
        }

    rows = [row(text("total"), ev.tree, 0)]
    for component in ev.tree.children:
        rows.append(row(component.label, component, 1))
        rows += [row(child.label, child, 2) for child in component.children]
    return rows


def _pengungkit_areas(ev: Evaluation) -> list[tuple[str, NodeResult]]:
    """``(component, whole-area result)`` of every area (the caller keeps those of the
    components an area-minimum criterion names)."""
    refs = ev.rubric.tree.areas.values()
    return [(ref.component, ev.areas[ref.id]) for ref in refs]


def _areas_chart(ev: Evaluation) -> Any:
    lines: list[Line] = []
    components: set[str] = set()
    for predicate in ev.rubric.manifest.predicates:
        for spec in predicate.criteria:
            if spec.kind == "area_percent_min" and spec.min_percent is not None:
                lines.append(
                    Line(spec.min_percent, f"{predicate.id} {percent(spec.min_percent, 0)}")
                )
                components.add(spec.component or "")
    areas = [node for component, node in _pengungkit_areas(ev) if component in components]
    if not areas:
        return None
    lowest = min((line.value for line in lines), default=0.0)
    bars = [
        Bar(a.label, a.percent, percent(a.percent), "low" if a.percent < lowest - 1e-9 else "ok")
        for a in areas
    ]
    return bar_chart(
        bars,
        scale_max=100,
        lines=lines,
        ticks=(0, 25, 50, 75, 100),
        tick_text=lambda v: percent(v, 0),
        title=text("areas_chart"),
    )


def _hasil_chart(ev: Evaluation) -> Any:
    hasil = ev.components.get("hasil")
    if hasil is None:
        return None
    # score thresholds by the node they name: "item:<question id>" or a node's path
    marks: dict[str, list[Mark]] = {}
    for k, predicate in enumerate(ev.rubric.manifest.predicates):
        for spec in predicate.criteria:
            if spec.kind == "score_min" and spec.node and spec.min is not None:
                label = f"{predicate.id} {number(spec.min)}"
                marks.setdefault(spec.node, []).append(Mark(spec.min, label, k))
    bars: list[Bar] = []
    for area in hasil.children:
        bars.append(_hasil_bar(area.label, area.score, area.maximum, marks.get(area.path, [])))
        for item in _scored_items(area):
            found = marks.get(f"item:{item.id}", [])
            bars.append(_hasil_bar("– " + item.text, item.score, item.maximum, found))
    if not bars:
        return None
    return bar_chart(
        bars,
        scale_max=100,
        ticks=(0, 25, 50, 75, 100),
        tick_text=lambda v: percent(v, 0),
        title=text("hasil_chart"),
    )


def _hasil_bar(label: str, score: float, maximum: float, marks: list[Mark]) -> Bar:
    def pct(points: float) -> float:
        return 100.0 * points / maximum if maximum else 0.0

    low = any(score < m.value - 1e-9 for m in marks[:1])  # the first predicate's (WBK) floor
    return Bar(
        label,
        pct(score),
        f"{number(score)} / {number(maximum)}",
        "low" if low else "ok",
        tuple(Mark(pct(m.value), m.label, m.tone) for m in marks),
    )


def _scored_items(node: NodeResult) -> Iterator[ItemResult]:
    for item in node.items:
        if item.maximum > 0:
            yield item
    for child in node.children:
        yield from _scored_items(child)


def _value(value: object, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return text("yes") if value else text("no")
    if isinstance(value, int | float):
        return percent(value, 2) if unit == "%" else number(value)
    if isinstance(value, list | tuple):
        return " / ".join(str(v) for v in value)
    return str(value)


def _criterion(c: CriterionResult) -> dict[str, Any]:
    shows_gap = c.outcome != "pass" and c.gap not in (None, 0)
    return {
        "id": c.id,
        "label": c.label,
        "group": word(GROUP, c.group),
        "outcome": c.outcome,
        "outcome_text": word(OUTCOME, c.outcome),
        # the criterion's own explanation, as the eligibility stage wrote it (escaped)
        "reason": c.reason,
        "actual": _value(c.actual, c.unit),
        "required": _value(c.required, c.unit),
        "gap": _value(c.gap, c.unit) if shows_gap else "",
        "source": c.source or "",
    }


def _answer(value: object) -> str:
    if value is None:
        return text("no_answer")
    if isinstance(value, int) and not isinstance(value, bool):
        return whole(value)
    if isinstance(value, float):
        return number(value)
    return str(value)


def _plan(p: ImprovementPlan) -> dict[str, Any]:
    return {
        "target": p.target,
        "eligible": p.outcome_before == "eligible",
        "intro": text(
            "plan_intro" if p.steps else "plan_intro_stuck",
            target=p.target,
            before=word(VERDICT, p.outcome_before).lower(),
            after=word(VERDICT, p.outcome_after).lower(),
            total_before=number(p.total_before),
            total_after=number(p.total_after),
        ),
        "steps": [
            {
                "question": s.text,
                "id": s.question_id,
                "soal_id": s.soal_id,
                "current": _answer(s.from_answer),
                "needed": _answer(s.to_answer),
                "points": "+" + number(s.points),
            }
            for s in p.steps
        ],
        "requirements": [
            {"id": r.criterion_id, "label": r.label, "actual": _value(r.actual)}
            | {"required": _value(r.required)}
            for r in p.requirements
        ],
        "unreachable": ", ".join(p.unreachable),
    }


def _item(item: ItemResult) -> dict[str, Any]:
    return {
        "id": item.id,
        "soal_id": item.soal_id,
        "text": item.text,
        "answer": _answer(item.answer),
    }


def _differences(ev: Evaluation) -> list[dict[str, Any]]:
    """Questions where a parent unit's (induk), TPI or TPN answer (counted up to ``ev.up_to``)
    differs from the unit's."""
    counted = LAYERS[: LAYERS.index(ev.up_to) + 1]
    out: list[dict[str, Any]] = []
    for qid, item in ev.items.items():
        layered = ev.submission.answers.get(qid)
        if layered is None:
            continue
        unit = layered.unit.value if layered.unit is not None else None
        reviews: dict[str, AnswerEntry | None] = {
            layer: getattr(layered, layer) for layer in LAYERS[1:] if layer in counted
        }
        if not any(e is not None and e.value != unit for e in reviews.values()):
            continue
        out.append(
            _item(item)
            | {
                "unit": _answer(unit),
                "induk": _shown(reviews.get("induk")),
                "tpi": _shown(reviews.get("tpi")),
                "tpn": _shown(reviews.get("tpn")),
                "notes": [e.notes for e in reviews.values() if e is not None and e.notes],
                "evidence": list(layered.unit.evidence) if layered.unit is not None else [],
            }
        )
    return out


def _shown(entry: AnswerEntry | None) -> str:
    return "" if entry is None else _answer(entry.value)
