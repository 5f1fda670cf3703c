"""The live formulas of a written workbook: the engine's roll-up, cell by cell.

The sheet :data:`~zi_engine.lke._layout.VALUES_SHEET` has one row per question
and one per scored node of the rubric's tree, in that order. A question's row
holds its value in each layer (read from the answers sheet as its answer type
reads it), the value that counts (TPN over TPI over the parent unit's over the
unit's) and whether it is known; a percentage row computes its ratio with the
rubric's zero-denominator rule and the [0, 1] cap, and is 0 while a count it
reads is missing, as in scoring. A node's row is its leaf sum Σ coefficient × value or
the sum of its children, exactly :func:`~zi_engine.scoring.roll_up`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zi_engine._errors import UsageError
from zi_engine._i18n import Text, t
from zi_engine.lke._layout import VALUES_SHEET, SheetLayout, column_letter
from zi_engine.rubric._answers import (
    AnswerType,
    ChoiceAnswerType,
    CountAnswerType,
    OptionsAnswerType,
    SurveyIndexAnswerType,
)
from zi_engine.rubric._model import QuestionSpec
from zi_engine.rubric._rubric import Rubric

__all__ = [
    "COUNTED",
    "KNOWN",
    "LAYER_COLUMNS",
    "ValueRows",
    "answer_formula",
    "defined_names",
    "free_columns",
    "value_rows",
]

COUNTED, KNOWN = "C", "D"  # the value that counts; 1 when known, else 0
# each layer's value; the parent unit's (induk) after the weight in H, so that a workbook of a
# layout without it has the columns it always had
LAYER_COLUMNS = {"unit": "E", "induk": "I", "tpi": "F", "tpn": "G"}
FIRST_ROW = 2  # below the header

MESSAGES: dict[str, Callable[..., Text]] = {
    "answer_type": lambda **k: t(
        "lke.no_formula_for_answer_type",
        "answer type {name!r} (question {qid!r}) has no spreadsheet formula; a workbook with live "
        "scores can hold choices, counts, survey indexes and ratios",
        **k,
    ),
}


@dataclass(frozen=True, slots=True)
class ValueRows:
    """Where each item and node is on the values sheet, and what each cell there holds."""

    item_row: dict[int, int]  # item index -> row
    node_row: dict[int, int]  # node index -> row
    cells: dict[str, str | int | float]  # "C5" -> formula (text starting with "=") or value


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def answer_formula(atype: AnswerType, question: QuestionSpec, cell: str) -> str:
    """The value (0–1, or a count) of the answer in ``cell``: ``""`` if empty, #N/A if invalid."""
    blank = f'TRIM({cell})=""'
    if atype.input == "choice" and isinstance(atype, (ChoiceAnswerType, OptionsAnswerType)):
        chain = "NA()"
        for key, value in reversed(list(atype.option_values(question).items())):
            folded = " ".join(key.split()).upper()
            chain = f"IF(UPPER(TRIM({cell}))={_string(folded)},{_number(value)},{chain})"
        return f'IF({blank},"",{chain})'
    if isinstance(atype, CountAnswerType) and atype.counts_as_is(question):
        check = f"AND(ISNUMBER({cell}),{cell}>=0,{cell}=INT({cell}))"
        return f'IF({blank},"",IF({check},{cell},NA()))'
    if (
        isinstance(atype, SurveyIndexAnswerType)
        and type(atype).parse is SurveyIndexAnswerType.parse
    ):
        top = _number(question.scale_max)
        check = f"AND(ISNUMBER({cell}),{cell}>=0,{cell}<={top})"
        return f'IF({blank},"",IF({check},{cell}/{top},NA()))'
    raise UsageError(MESSAGES["answer_type"](name=atype.name, qid=question.id))


def _terms(terms: tuple[tuple[int, float], ...], row: dict[int, int]) -> str:
    out = ""
    for index, weight in terms:
        ref = f"{COUNTED}{row[index]}"
        part = ref if weight == 1 else f"-{ref}" if weight == -1 else f"{_number(weight)}*{ref}"
        out += part if not out or part.startswith("-") else f"+{part}"
    return out or "0"


def value_rows(rubric: Rubric, layout: SheetLayout) -> ValueRows:
    """Every formula of the values sheet for ``rubric`` laid out as ``layout``."""
    tree = rubric.tree
    answers = f"{_quoted(layout.sheet)}!"
    item_row = {item.index: FIRST_ROW + item.index for item in tree.items}
    node_row = {node.index: FIRST_ROW + len(tree.items) + node.index for node in tree.nodes}
    cells: dict[str, str | int | float] = {}
    placed = {p.index: p for p in layout.answered}
    for item in tree.items:
        r = item_row[item.index]
        cells[f"A{r}"] = item.spec.id
        cells[f"B{r}"] = item.spec.text[:200]
        cells[f"H{r}"] = item.coef if item.scored else 0
        if item.index in placed:
            p = placed[item.index]
            shown = []
            for layer, cols in layout.layers:
                letter = LAYER_COLUMNS[layer]
                ref = f"{answers}${cols.answer}${p.row}"
                cells[f"{letter}{r}"] = "=" + answer_formula(p.answer_type, p.spec, ref)
                shown.append(f"{letter}{r}")
            errors = ",".join(f"ISERROR({c})" for c in shown)
            counted = "0"
            for c in shown:  # lowest layer first: each higher one replaces it
                counted = f"IF(ISNUMBER({c}),{c},{counted})"
            cells[f"{COUNTED}{r}"] = f"=IF(OR({errors}),NA(),{counted})"
            cells[f"{KNOWN}{r}"] = "=IF(OR(" + ",".join(f"ISNUMBER({c})" for c in shown) + "),1,0)"
        elif item.answer_type is not None and item.answer_type.input == "formula":
            if item.ratio is None:
                raise UsageError(
                    MESSAGES["answer_type"](name=item.answer_type.name, qid=item.spec.id)
                )
            numerator, denominator = (_terms(side, item_row) for side in item.ratio)
            inputs = dict.fromkeys([*item.refs, *(i for side in item.ratio for i, _ in side)])
            known = ",".join(f"{KNOWN}{item_row[i]}=1" for i in inputs) or "TRUE"
            zero = _number(item.zero_denominator)
            ratio = (
                f"IF(({denominator})=0,IF(({numerator})=0,{zero},IF(({numerator})>0,1,0)),"
                f"MAX(0,MIN(1,({numerator})/({denominator}))))"
            )
            cells[f"{KNOWN}{r}"] = f"=IF(AND({known}),1,0)"
            cells[f"{COUNTED}{r}"] = f"=IF({KNOWN}{r}=1,{ratio},0)"
        else:  # answerable but not on the sheet: never answered in the workbook
            cells[f"{COUNTED}{r}"] = 0
            cells[f"{KNOWN}{r}"] = 0
    sums = dict(rubric.layout.sums)
    leaves = dict(rubric.layout.leaves)
    for node in tree.nodes:
        r = node_row[node.index]
        cells[f"A{r}"] = node.path
        cells[f"B{r}"] = node.label[:200]
        cells[f"H{r}"] = node.weight
        if node.index in sums:
            parts = [f"{COUNTED}{node_row[c]}" for c in sums[node.index]]
        else:
            parts = [
                f"{_number(coef)}*{COUNTED}{item_row[i]}" for i, coef in leaves.get(node.index, ())
            ]
        cells[f"{COUNTED}{r}"] = "=" + ("+".join(parts) or "0")
    return ValueRows(item_row, node_row, cells)


def defined_names(rubric: Rubric, rows: ValueRows) -> dict[str, str]:
    """``ZI_TOTAL``, ``ZI_<COMPONENT>`` and ``ZI_AREA_<AREA>`` → the cell that holds them."""
    tree = rubric.tree
    sheet = _quoted(VALUES_SHEET)

    def at(node: int) -> str:
        return f"{sheet}!${COUNTED}${rows.node_row[node]}"

    names = {"ZI_TOTAL": at(0)}
    for child in tree.nodes[0].children:
        names[f"ZI_{tree.nodes[child].id.upper()}"] = at(child)
    for area in tree.areas.values():
        names.setdefault(f"ZI_AREA_{area.id.upper()}", at(area.node))
    return names


def free_columns(layout: SheetLayout, count: int) -> list[str]:
    """The first ``count`` column letters the layout leaves free (for ids and texts)."""
    used = set(layout.columns())
    out: list[str] = []
    index = 1
    while len(out) < count:
        if index not in used:
            out.append(column_letter(index))
        index += 1
    return out
