"""Human-readable renderings of evaluations and rubrics (plain text and Markdown)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from zi_engine._text import printable, printable_lines
from zi_engine.eligibility._criteria import CriterionResult
from zi_engine.eligibility._evaluation import Evaluation
from zi_engine.rubric._rubric import Rubric

__all__ = ["render_evaluation", "render_rubric_tree", "rubric_summary"]

_MARK = {"pass": "ok", "fail": "FAIL", "inconclusive": "?", "not_applicable": "n/a"}
_VERDICT = {"eligible": "ELIGIBLE", "not_eligible": "NOT ELIGIBLE", "inconclusive": "INCONCLUSIVE"}


def _num(x: float | str | bool | list[str] | None, unit: str = "") -> str:
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float | int):
        return f"{x:.2f}{'%' if unit == '%' else ''}"
    if isinstance(x, list):
        return "/".join(x)
    return str(x)


def _score_rows(ev: Evaluation) -> list[tuple[str, float, float]]:
    rows: list[tuple[str, float, float]] = [("TOTAL", ev.total, ev.tree.maximum)]
    for comp in ev.tree.children:
        rows.append((comp.label, comp.score, comp.maximum))
        for child in comp.children:
            rows.append(("  " + child.label, child.score, child.maximum))
    pengungkit_areas = [
        a for a in ev.areas.values() if a.kind == "area" and a.path.startswith("area:")
    ]
    if pengungkit_areas:
        rows.append(("Areas (pemenuhan + reform)", float("nan"), float("nan")))
        for area in pengungkit_areas:
            rows.append(("  " + area.label, area.score, area.maximum))
    return rows


def _criterion_line(c: CriterionResult) -> tuple[str, str, str, str, str]:
    gap = "" if c.gap in (None, 0) or c.outcome == "pass" else f"{c.gap:.2f}"
    return (_MARK[c.outcome], c.label, _num(c.actual, c.unit), _num(c.required, c.unit), gap)


def render_evaluation(ev: Evaluation, *, markdown: bool = False) -> str:
    """The evaluation as a readable report: scores, each predicate's criteria, what is missing."""
    sub = ev.submission
    head = (
        f"{sub.unit.name} ({sub.unit.id}), agency {sub.unit.agency.id}, year {sub.year}, "
        f"target {sub.target}"
    )
    rubric = f"rubric {ev.rubric_id} {ev.rubric_version} ({ev.rubric_hash[:19]}…)"
    layer = f"answers counted up to the {ev.up_to.upper()} layer"
    lines: list[str] = []
    if markdown:
        lines += [
            f"## {head}",
            "",
            f"{rubric}; {layer}",
            "",
            "| | score | max | % |",
            "|---|---:|---:|---:|",
        ]
        for name, score, top in _score_rows(ev):
            if math.isnan(score):  # a heading row
                lines.append(f"| **{_cell(name)}** | | | |")
            else:
                pct = 100 * score / top if top else 0.0
                lines.append(f"| {_cell(name.strip())} | {score:.2f} | {top:.2f} | {pct:.1f} |")
    else:
        lines += [head, rubric + "; " + layer, ""]
        lines.append(f"{'':44}{'score':>8}{'max':>8}{'%':>7}")
        for name, score, top in _score_rows(ev):
            if math.isnan(score):
                lines.append(name)
            else:
                pct = 100 * score / top if top else 0.0
                lines.append(f"{printable(name)[:44]:44}{score:8.2f}{top:8.2f}{pct:7.1f}")
    for pred in ev.eligibility.values():
        lines.append("")
        name = pred.label if pred.predicate in pred.label else f"{pred.label} ({pred.predicate})"
        title = f"{name}: {_VERDICT[pred.outcome]}"
        lines += _criteria_block(title, pred.criteria, markdown)
    lines.append("")
    missing = ev.missing_answers
    lines.append(
        f"Missing answers: {len(missing)}"
        + (f" ({', '.join(missing[:8])}{', …' if len(missing) > 8 else ''})" if missing else "")
        + f"; questions without required evidence: {len(ev.missing_evidence)}"
    )
    lines += [f"Warning: {w}" for w in ev.warnings]
    return printable_lines(lines)


def _criteria_block(title: str, criteria: Iterable[CriterionResult], markdown: bool) -> list[str]:
    rows = [_criterion_line(c) for c in criteria]
    if markdown:
        out = [
            f"### {title}",
            "",
            "| | criterion | actual | required | gap |",
            "|---|---|---:|---:|---:|",
        ]
        out += [
            f"| {m} | {_cell(label)} | {_cell(a)} | {_cell(r)} | {g} |"
            for m, label, a, r, g in rows
        ]
        return out
    out = [title]
    out += [
        f"  {m:5} {_cut(printable(label), 54):54} {printable(a):>10} {printable(r):>10} {g:>8}"
        for m, label, a, r, g in rows
    ]
    return out


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: escaped, and a ``|`` cannot open a new column."""
    return printable(text).replace("|", "\\|")


def rubric_summary(rubric: Rubric) -> str:
    """One paragraph: what the rubric is and what it contains."""
    items = rubric.tree.items
    scored = sum(1 for i in items if i.scored)
    counts = sum(1 for i in items if not i.scored)
    with_soal = sum(1 for i in items if i.spec.soal_id is not None)
    comps = ", ".join(f"{c.label} {c.weight:g}" for c in rubric.manifest.components)
    eff = rubric.manifest.effective
    until = eff.until.isoformat() if eff.until else "open-ended"
    return printable(
        f"{rubric.id} {rubric.version}: {rubric.title}. Implements "
        f"{rubric.manifest.regulation.name}, effective {eff.from_.isoformat()} to {until}. "
        f"{len(rubric.areas)} areas in {len(rubric.files)} files; {len(items)} entries "
        f"({with_soal} with a portal soal_id; {scored} scored, {counts} counts). Components: "
        f"{comps}. Predicates: {', '.join(rubric.predicates)}. Content hash "
        f"{rubric.content_hash}."
    )


def render_rubric_tree(rubric: Rubric, *, questions: bool = False) -> str:
    """The rubric's tree with weights (and optionally its questions)."""
    tree = rubric.tree
    lines: list[str] = []

    def walk(index: int, depth: int) -> None:
        node = tree.nodes[index]
        lines.append(f"{'  ' * depth}{node.label}  [{node.weight:g}]  ({node.path})")
        for child in node.children:
            walk(child, depth + 1)
        for i in node.items:
            item = tree.items[i]
            if not questions:
                continue
            soal = f" soal {item.spec.soal_id}" if item.spec.soal_id else ""
            lines.append(f"{'  ' * (depth + 1)}- {item.spec.id} ({item.spec.answer}{soal})")
        if node.items and not questions:
            n = sum(1 for i in node.items if tree.items[i].scored)
            lines[-1] += f"  {len(node.items)} entries, {n} scored"

    walk(0, 0)
    return printable_lines(lines)
