"""Human-readable renderings of evaluations and rubrics (plain text and Markdown)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from zi_engine._i18n import Text, format_number, t
from zi_engine._text import printable, printable_lines
from zi_engine.eligibility._criteria import CriterionResult
from zi_engine.eligibility._evaluation import Evaluation
from zi_engine.rubric._rubric import Rubric
from zi_engine.submission._model import layer_name

__all__ = ["render_evaluation", "render_rubric_tree", "rubric_summary"]


def mark(outcome: str) -> Text:
    """A criterion's outcome as the short mark of a table row (``ok``, ``FAIL``, ``?``)."""
    if outcome == "pass":
        return t("render.mark_pass", "ok")
    if outcome == "fail":
        return t("render.mark_fail", "FAIL")
    if outcome == "inconclusive":
        return t("render.mark_inconclusive", "?")
    return t("render.mark_not_applicable", "n/a")


def verdict(outcome: str) -> Text:
    """A predicate's outcome in words (``ELIGIBLE``; in Indonesian ``MEMENUHI``)."""
    if outcome == "eligible":
        return t("render.eligible", "ELIGIBLE")
    if outcome == "not_eligible":
        return t("render.not_eligible", "NOT ELIGIBLE")
    return t("render.inconclusive", "INCONCLUSIVE")


def _num(x: float | str | bool | list[str] | None, unit: str = "") -> str:
    if x is None:
        return "-"
    if isinstance(x, bool):
        return t("render.yes", "yes") if x else t("render.no", "no")
    if isinstance(x, float | int):
        return format_number(x, ".2f") + ("%" if unit == "%" else "")
    if isinstance(x, list):
        return "/".join(x)
    return str(x)


def _score_rows(ev: Evaluation) -> list[tuple[str, float, float]]:
    rows: list[tuple[str, float, float]] = [(t("render.total", "TOTAL"), ev.total, ev.tree.maximum)]
    for comp in ev.tree.children:
        rows.append((comp.label, comp.score, comp.maximum))
        for child in comp.children:
            rows.append(("  " + child.label, child.score, child.maximum))
    pengungkit_areas = [
        a for a in ev.areas.values() if a.kind == "area" and a.path.startswith("area:")
    ]
    if pengungkit_areas:
        heading = t("render.areas_heading", "Areas (pemenuhan + reform)")
        rows.append((heading, float("nan"), float("nan")))
        for area in pengungkit_areas:
            rows.append(("  " + area.label, area.score, area.maximum))
    return rows


def _criterion_line(c: CriterionResult) -> tuple[str, str, str, str, str]:
    gap = "" if c.gap in (None, 0) or c.outcome == "pass" else format_number(c.gap or 0, ".2f")
    return (mark(c.outcome), c.label, _num(c.actual, c.unit), _num(c.required, c.unit), gap)


def render_evaluation(ev: Evaluation, *, markdown: bool = False) -> str:
    """The evaluation as a readable report: scores, each predicate's criteria, what is missing."""
    sub = ev.submission
    head = t(
        "render.evaluation_head",
        "{unit} ({unit_id}), agency {agency}, year {year}, target {target}",
        unit=sub.unit.name,
        unit_id=sub.unit.id,
        agency=sub.unit.agency.id,
        year=str(sub.year),
        target=sub.target,
    )
    rubric = t(
        "render.evaluation_rubric",
        "rubric {rubric} {version} ({hash}…)",
        rubric=ev.rubric_id,
        version=ev.rubric_version,
        hash=ev.rubric_hash[:19],
    )
    layer = t(
        "render.layer_counted",
        "answers counted up to the {layer} layer",
        layer=layer_name(ev.up_to),
    )
    score_h, max_h = t("render.score", "score"), t("render.max", "max")
    lines: list[str] = []
    if markdown:
        lines += [
            f"## {head}",
            "",
            f"{rubric}; {layer}",
            "",
            f"| | {score_h} | {max_h} | % |",
            "|---|---:|---:|---:|",
        ]
        for name, score, top in _score_rows(ev):
            if math.isnan(score):  # a heading row
                lines.append(f"| **{_cell(name)}** | | | |")
            else:
                pct = 100 * score / top if top else 0.0
                lines.append(
                    f"| {_cell(name.strip())} | {format_number(score, '.2f')} |"
                    f" {format_number(top, '.2f')} | {format_number(pct, '.1f')} |"
                )
    else:
        lines += [head, rubric + "; " + layer, ""]
        lines.append(f"{'':44}{score_h:>8}{max_h:>8}{'%':>7}")
        for name, score, top in _score_rows(ev):
            if math.isnan(score):
                lines.append(name)
            else:
                pct = 100 * score / top if top else 0.0
                lines.append(
                    f"{printable(name)[:44]:44}{format_number(score, '8.2f')}"
                    f"{format_number(top, '8.2f')}{format_number(pct, '7.1f')}"
                )
    for pred in ev.eligibility.values():
        lines.append("")
        name = pred.label if pred.predicate in pred.label else f"{pred.label} ({pred.predicate})"
        title = f"{name}: {verdict(pred.outcome)}"
        lines += _criteria_block(title, pred.criteria, markdown)
    lines.append("")
    missing = ev.missing_answers
    listed = f" ({', '.join(missing[:8])}{', …' if len(missing) > 8 else ''})" if missing else ""
    lines.append(
        t(
            "render.missing_summary",
            "Missing answers: {missing}{listed}; questions without required evidence: {evidence}",
            missing=len(missing),
            listed=listed,
            evidence=len(ev.missing_evidence),
        )
    )
    lines += [t("render.warning", "Warning: {warning}", warning=w) for w in ev.warnings]
    return printable_lines(lines)


def _criteria_block(title: str, criteria: Iterable[CriterionResult], markdown: bool) -> list[str]:
    rows = [_criterion_line(c) for c in criteria]
    if markdown:
        out = [
            f"### {title}",
            "",
            t("render.criteria_header", "| | criterion | actual | required | gap |"),
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
    comps = ", ".join(
        f"{c.label} {format_number(c.weight, 'g')}" for c in rubric.manifest.components
    )
    eff = rubric.manifest.effective
    until = eff.until.isoformat() if eff.until else t("render.open_ended", "open-ended")
    return printable(
        t(
            "render.rubric_summary",
            "{rubric} {version}: {title}. Implements {regulation}, effective {start} to {until}."
            " {areas} areas in {files} files; {entries} entries ({with_soal} with a portal"
            " soal_id; {scored} scored, {counts} counts). Components: {components}."
            " Predicates: {predicates}. Content hash {hash}.",
            rubric=rubric.id,
            version=rubric.version,
            title=rubric.title,
            regulation=rubric.manifest.regulation.name,
            start=eff.from_.isoformat(),
            until=until,
            areas=len(rubric.areas),
            files=len(rubric.files),
            entries=len(items),
            with_soal=with_soal,
            scored=scored,
            counts=counts,
            components=comps,
            predicates=", ".join(rubric.predicates),
            hash=rubric.content_hash,
        )
    )


def render_rubric_tree(rubric: Rubric, *, questions: bool = False) -> str:
    """The rubric's tree with weights (and optionally its questions)."""
    tree = rubric.tree
    lines: list[str] = []

    def walk(index: int, depth: int) -> None:
        node = tree.nodes[index]
        lines.append(
            f"{'  ' * depth}{node.label}  [{format_number(node.weight, 'g')}]  ({node.path})"
        )
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
            lines[-1] += t(
                "render.tree_entries",
                "  {entries} entries, {scored} scored",
                entries=len(node.items),
                scored=n,
            )

    walk(0, 0)
    return printable_lines(lines)
