"""Where each question of a rubric lives in its LKE workbook.

The rubric's manifest states the answers sheet and the columns of each layer
(:class:`~zi_engine.WorkbookLayout`); each question states its row
(``excel_row``). This module turns that into the rows and column numbers the
reader and writer use, and names places the way messages show them
(``FILE.xlsx:Jawaban!K17``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zi_engine._errors import UsageError
from zi_engine._i18n import Text, t
from zi_engine.rubric._answer_type import AnswerType
from zi_engine.rubric._model import QuestionSpec, WorkbookColumns, WorkbookLayout
from zi_engine.rubric._rubric import Rubric
from zi_engine.submission._model import LAYERS, Layer

__all__ = [
    "VALUES_SHEET",
    "Placed",
    "SheetLayout",
    "column_index",
    "column_letter",
    "find_sheet",
    "label",
    "place",
    "sheet_layout",
]

VALUES_SHEET = "Nilai ZI"
"""The sheet a written workbook computes its scores on (one row per question and node)."""

MESSAGES: dict[str, Callable[..., Text]] = {
    "no_layout": lambda **k: t(
        "lke.no_layout",
        "rubric {rubric!r} has no workbook layout (a 'workbook' key in rubric.yaml); it cannot "
        "read or write LKE workbooks",
        **k,
    ),
}


@dataclass(frozen=True, slots=True)
class Placed:
    """A question of the rubric with its row on the answers sheet."""

    index: int  # the item's index in the rubric's tree
    spec: QuestionSpec
    row: int
    answer_type: AnswerType


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """A rubric's workbook layout resolved: the layers on the sheet and every placed row."""

    spec: WorkbookLayout
    layers: tuple[tuple[Layer, WorkbookColumns], ...]  # the layers the sheet has columns for
    answered: tuple[Placed, ...]  # answerable questions with a row, in rubric order
    computed: tuple[Placed, ...]  # formula questions with a row
    unplaced: tuple[str, ...]  # answerable questions without a row (not on the sheet)

    @property
    def sheet(self) -> str:
        """The answers sheet's name."""
        return self.spec.sheet

    def columns(self) -> list[int]:
        """Every column number the layers use."""
        return [
            column_index(letter)
            for _, cols in self.layers
            for letter in (cols.answer, cols.note, cols.evidence)
            if letter is not None
        ]


def sheet_layout(rubric: Rubric) -> SheetLayout:
    """The workbook layout of ``rubric``; a :class:`UsageError` if it has none."""
    spec = rubric.manifest.workbook
    if spec is None:
        raise UsageError(MESSAGES["no_layout"](rubric=rubric.id))
    layers: list[tuple[Layer, WorkbookColumns]] = []
    for layer in LAYERS:  # lowest authority first: each later one replaces it
        cols: WorkbookColumns | None = getattr(spec, layer)
        if cols is not None:
            layers.append((layer, cols))
    answered: list[Placed] = []
    computed: list[Placed] = []
    unplaced: list[str] = []
    for item in rubric.tree.items:
        atype = item.answer_type
        if atype is None:
            continue
        is_formula = atype.input == "formula"
        if item.spec.excel_row is None:
            if not is_formula:
                unplaced.append(item.spec.id)
            continue
        placed = Placed(item.index, item.spec, item.spec.excel_row, atype)
        (computed if is_formula else answered).append(placed)
    return SheetLayout(spec, tuple(layers), tuple(answered), tuple(computed), tuple(unplaced))


def column_index(letter: str) -> int:
    """``A`` → 1, ``K`` → 11, ``AA`` → 27."""
    number = 0
    for char in letter:
        number = number * 26 + ord(char) - 64
    return number


def column_letter(index: int) -> str:
    """``1`` → ``A``, ``27`` → ``AA``."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def find_sheet(names: list[str], wanted: str) -> str | None:
    """The sheet called ``wanted``, matched case- and space-insensitively, or ``None``."""
    if wanted in names:
        return wanted
    folded = _folded(wanted)
    return next((name for name in names if _folded(name) == folded), None)


def place(display: str, sheet: str, column: str, row: int) -> str:
    """``FILE.xlsx:Jawaban!K17``: a cell as messages name it."""
    return f"{display}:{sheet}!{column}{row}"


def label(question: QuestionSpec) -> str:
    """``mp.p.tim_kerja.b (soal 2)``: a question as messages name it."""
    return f"{question.id} (soal {question.soal_id})" if question.soal_id else question.id
