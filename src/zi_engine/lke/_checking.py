"""Checking a workbook the field already has against the regulation's arithmetic.

A workbook saved by Excel or LibreOffice carries the values its formulas last
computed. They are compared with the engine's scores for the same answers:
the cells the workbook-level names ``ZI_*`` point at, every row of a values
sheet written by zi_engine, and the computed percentage rows of the answers
sheet. Each disagreement names its cell; where the workbook's number is what a
known field mistake gives (averaging only answered questions, dropping zeros,
rounding per sub-area), it says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zi_engine._errors import Problem, SubmissionError
from zi_engine._i18n import Text, format_number, t
from zi_engine.lke._formulas import COUNTED
from zi_engine.lke._layout import VALUES_SHEET, column_index, find_sheet, label, sheet_layout
from zi_engine.lke._reading import read_answers
from zi_engine.lke._safety import open_workbook
from zi_engine.rubric._rubric import Rubric
from zi_engine.scoring._score import Scores, score
from zi_engine.submission._model import AgencyInfo, Submission, UnitInfo

__all__ = ["Disagreement", "check_lke"]

TOLERANCE = 1e-6  # a spreadsheet shows 2 decimals; anything past this is arithmetic, not noise

MESSAGES: dict[str, Callable[..., Text]] = {
    "disagrees": lambda **k: t(
        "lke.disagrees",
        "{what}: the workbook computes {workbook}, the regulation's arithmetic gives {engine}",
        **k,
    ),
    "no_cache": lambda **k: t(
        "lke.no_computed_values",
        "the workbook carries no computed values to check (it was not saved by Excel or "
        "LibreOffice, or has no score cells zi_engine knows); open it, let it calculate and save "
        "it",
        **k,
    ),
}

HINTS: dict[str, Callable[..., Text]] = {
    "answered_only": lambda **k: t(
        "lke.hint_answered_only",
        "it averages only the answered questions",
        **k,
    ),
    "zeros_dropped": lambda **k: t(
        "lke.hint_zeros_dropped",
        "it leaves answers worth 0 out of the average",
        **k,
    ),
    "rounded": lambda **k: t(
        "lke.hint_rounded",
        "it rounds each sub-area to 2 decimals",
        **k,
    ),
}


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One cell whose cached value is not what the regulation's arithmetic gives."""

    place: str  # FILE.xlsx:Sheet!C12
    what: str  # the node path or question it holds
    workbook: float | str
    engine: float
    hint: str | None = None

    def __str__(self) -> str:
        text = MESSAGES["disagrees"](
            what=self.what, workbook=_shown(self.workbook), engine=_shown(self.engine)
        )
        return f"{self.place}: {text}" + (f" ({self.hint})" if self.hint else "")


def _shown(value: float | str) -> str:
    return format_number(value, ".6g") if isinstance(value, float) else repr(value)


def check_lke(path: str | Path, rubric: Rubric) -> list[Disagreement]:
    """Every place where the workbook's cached values disagree with the engine's scores.

    Raises :class:`SubmissionError` for answers that cannot be read (as
    reading does) and when the workbook carries no cached values to compare.
    """
    found = read_answers(path, rubric)
    if found.problems:
        raise SubmissionError(found.problems)
    placeholder = Submission(
        unit=UnitInfo(id="lke", name="lke", agency=AgencyInfo(id="lke")),
        year=2000,
        answers=found.answers,
    )
    scores = score(rubric, placeholder)
    hints = _hypotheses(rubric, scores)
    layout = sheet_layout(rubric)
    opened = open_workbook(path, formulas=False)
    book = opened.book
    display = opened.display
    out: list[Disagreement] = []
    compared = 0
    tree = rubric.tree
    try:
        names = list(book.sheetnames)
        # 1. the cells the workbook's ZI_* names point at
        nodes = {"ZI_TOTAL": 0}
        for child in tree.nodes[0].children:
            nodes[f"ZI_{tree.nodes[child].id.upper()}"] = child
        for area in tree.areas.values():
            nodes.setdefault(f"ZI_AREA_{area.id.upper()}", area.node)
        seen: set[str] = set()
        for name, defined in _names(book):
            node = nodes.get(name.upper())
            if node is None:
                continue
            for sheet_name, ref in defined.destinations:
                sheet = find_sheet(names, sheet_name)
                if sheet is None:
                    continue
                coord = ref.replace("$", "")
                raw = book[sheet][coord].value
                where = f"{display}:{sheet}!{coord}"
                seen.add(where)
                compared += _compare(
                    out, where, tree.nodes[node].path, raw, scores.low[node], hints.get(node)
                )
        # 2. the values sheet zi_engine writes: one row per question and node
        values = find_sheet(names, VALUES_SHEET)
        if values is not None:
            by_item = {item.spec.id: item.index for item in tree.items}
            by_node = {node.path: node.index for node in tree.nodes}
            for row in book[values].iter_rows(min_row=2, max_col=column_index(COUNTED)):
                cells = {getattr(c, "column", 0): c for c in row}
                key, cell = cells.get(1), cells.get(column_index(COUNTED))
                if key is None or cell is None or not isinstance(key.value, str):
                    continue
                where = f"{display}:{values}!{COUNTED}{cell.row}"
                if where in seen:
                    continue
                if key.value in by_item:
                    i = by_item[key.value]
                    compared += _compare(out, where, key.value, cell.value, scores.values[i], None)
                elif key.value in by_node:
                    n = by_node[key.value]
                    compared += _compare(
                        out, where, key.value, cell.value, scores.low[n], hints.get(n)
                    )
        # 3. the answers sheet's computed percentage rows: a layer's column shows the
        # percentage of its own counts (the unit's), or of the counts that count
        sheet = find_sheet(names, layout.sheet)
        if sheet is not None and layout.computed:
            worksheet = book[sheet]
            by_layer = {layer: score(rubric, placeholder, layer) for layer, _ in layout.layers}
            for layer, cols in layout.layers:
                for placed in layout.computed:
                    raw = worksheet[f"{cols.answer}{placed.row}"].value
                    where = f"{display}:{sheet}!{cols.answer}{placed.row}"
                    own = by_layer[layer].values[placed.index]
                    if _percentage_of(raw, (own, scores.values[placed.index])):
                        compared += 1
                        continue
                    compared += _compare(out, where, label(placed.spec), raw, own, None)
    finally:
        book.close()
    if not compared:
        raise SubmissionError(Problem(MESSAGES["no_cache"](), display))
    return out


def _percentage_of(raw: object, values: tuple[float, ...]) -> bool:
    """Whether ``raw`` is one of ``values``, as a fraction (0.75) or a percentage (75)."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return False
    return any(
        math.isclose(raw, v, abs_tol=TOLERANCE) or math.isclose(raw / 100, v, abs_tol=TOLERANCE)
        for v in values
    )


def _names(book: Any) -> list[tuple[str, Any]]:
    defined = book.defined_names
    return list(defined.items()) if hasattr(defined, "items") else [(d.name, d) for d in defined]


def _compare(
    out: list[Disagreement], where: str, what: str, raw: object, engine: float, hint: Any
) -> int:
    """Record a disagreement; 1 if the cell held a value to compare, 0 if it held none."""
    if raw is None:
        return 0
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        out.append(Disagreement(where, what, str(raw), engine))
        return 1
    if not math.isclose(float(raw), engine, rel_tol=0, abs_tol=TOLERANCE):
        out.append(
            Disagreement(where, what, float(raw), engine, hint(float(raw)) if hint else None)
        )
    return 1


def _hypotheses(rubric: Rubric, scores: Scores) -> dict[int, Callable[[float], str | None]]:
    """Per node: which known field mistake, if any, gives a number the workbook shows."""
    tree, layout = rubric.tree, rubric.layout
    values, known = scores.values, scores.known
    variants: dict[str, list[float]] = {}

    def leaves(kind: str) -> list[float]:
        out = [0.0] * layout.n_nodes
        for node, terms in layout.leaves:
            spec = tree.nodes[node]
            engine = sum(coef * values[i] for i, coef in terms)
            if kind == "rounded":
                out[node] = round(engine, 2)
                continue
            if spec.scoring != "mean":
                out[node] = engine
                continue
            kept = [
                values[i] for i, _ in terms if known[i] and (kind != "zeros_dropped" or values[i])
            ]
            out[node] = spec.weight * sum(kept) / len(kept) if kept else 0.0
        for node, children in layout.sums:
            out[node] = sum(out[c] for c in children)
        return out

    for kind in HINTS:
        variants[kind] = leaves(kind)

    def hint_for(node: int) -> Callable[[float], str | None]:
        def hint(shown: float) -> str | None:
            for kind, scored in variants.items():
                if not math.isclose(
                    scored[node], scores.low[node], abs_tol=TOLERANCE
                ) and math.isclose(scored[node], shown, abs_tol=1e-4):
                    return HINTS[kind]()
            return None

        return hint

    return {node.index: hint_for(node.index) for node in tree.nodes}
