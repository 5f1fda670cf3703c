"""Writing the official LKE workbook: a unit's answers, or a blank one to fill.

The answers sheet is laid out as the rubric says (each question on its
``excel_row``, each layer in its columns), with the question texts, a
drop-down of the options in every answer cell and the answers, notes and
evidence of every layer the layout has columns for. A second sheet computes
the scores with live formulas (see ``_formulas``), and workbook-level names
(``ZI_TOTAL``, ``ZI_PENGUNGKIT``, ``ZI_HASIL``, ``ZI_AREA_<AREA>``) point at
them. Text is always written as text: a note ``=HYPERLINK(...)`` stays a note.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zi_engine._errors import Problem, SubmissionError
from zi_engine._i18n import Text, t
from zi_engine.lke._formulas import COUNTED, defined_names, free_columns
from zi_engine.lke._formulas import value_rows as build_value_rows
from zi_engine.lke._layout import VALUES_SHEET, Placed, SheetLayout, label, sheet_layout
from zi_engine.lke._reading import answer_value
from zi_engine.lke._safety import openpyxl_module
from zi_engine.rubric._answers import CountAnswerType, SurveyIndexAnswerType
from zi_engine.rubric._rubric import Rubric
from zi_engine.scoring._check import answer_problems
from zi_engine.submission._model import AnswerEntry, Submission, layer_name

__all__ = ["workbook_number", "write_lke"]

MESSAGES: dict[str, Callable[..., Text]] = {
    "tpn": lambda **k: t(
        "lke.no_tpn_columns",
        "{question}: the workbook has no columns for the TPN layer; its answer would be lost and "
        "the score change (pass drop_tpn=True, or --drop-tpn, to leave it out)",
        **k,
    ),
    "induk": lambda **k: t(
        "lke.no_induk_columns",
        "{question}: the workbook has no columns for the parent unit's preliminary review (induk);"
        " its answer would be lost (pass drop_induk=True, or --drop-induk, to leave it out)",
        **k,
    ),
    "unplaced": lambda **k: t(
        "lke.no_row",
        "{question}: the rubric gives this question no row in the workbook (excel_row), so its "
        "answer cannot be written",
        **k,
    ),
    "dropped": lambda **k: t(
        "lke.column_missing",
        "{question}: the workbook has no {what} column for the {layer} layer; left out",
        **k,
    ),
    "rounded": lambda **k: t(
        "lke.number_rounded",
        "{question}: the {layer} answer {value} is written as {written}: a workbook cell keeps"
        " 16 significant digits",
        **k,
    ),
    "illegal": lambda **k: t(
        "lke.control_character",
        "{question}: the {what} holds a control character that a workbook cannot hold",
        **k,
    ),
    "sheet_clash": lambda **k: t(
        "lke.sheet_clash",
        "the rubric's answers sheet is called {sheet!r}, which the workbook needs for its scores",
        **k,
    ),
    "cannot_write": lambda **k: t(
        "lke.cannot_write",
        "cannot write the file: {error}",
        **k,
    ),
}

_PARTS: dict[str, Callable[[], Text]] = {
    "note": lambda: t("lke.part_note", "note"),
    "evidence": lambda: t("lke.part_evidence", "evidence"),
    "note_or_evidence": lambda: t("lke.part_note_or_evidence", "note or evidence"),
}

# the workbook's own texts follow the portal's master: Indonesian in every language
HEADERS = {
    "answer": "Jawaban {layer}",
    "note": "Catatan {layer}",
    "evidence": "Bukti dukung {layer}",
    "id": "Kode",
    "soal": "Soal",
    "text": "Pertanyaan",
    "guidance": "Kriteria / pilihan jawaban",
}
LAYER_NAMES = {"unit": "Unit", "induk": "Induk", "tpi": "TPI", "tpn": "TPN"}
# the parent unit's column comes last, so that every other column keeps its letter
VALUE_HEADERS = ("id", "uraian", "nilai", "diketahui", "unit", "tpi", "tpn", "bobot", "induk")


def _set_text(cell: Any, text: str) -> None:
    """Write ``text`` as text, never as a formula (openpyxl reads '=...' as one)."""
    cell.value = text
    cell.data_type = "s"


def _checked(
    rubric: Rubric, submission: Submission, layout: SheetLayout, drop_tpn: bool, drop_induk: bool
) -> None:
    problems = answer_problems(rubric, submission)
    if problems:
        raise SubmissionError(problems)
    found: list[Problem] = []
    has_tpn = any(layer == "tpn" for layer, _ in layout.layers)
    keeps_induk = drop_induk or any(layer == "induk" for layer, _ in layout.layers)
    unplaced = set(layout.unplaced)
    for qid, layered in submission.answers.items():
        question = rubric.questions[qid]
        if (
            not has_tpn
            and not drop_tpn
            and layered.tpn is not None
            and layered.tpn.value is not None
        ):
            found.append(Problem(MESSAGES["tpn"](question=label(question))))
        if not keeps_induk and layered.induk is not None and layered.induk.value is not None:
            found.append(Problem(MESSAGES["induk"](question=label(question))))
        if qid in unplaced and layered.pick()[0] is not None:
            found.append(Problem(MESSAGES["unplaced"](question=label(question))))
    if found:
        raise SubmissionError(found)


def write_lke(
    rubric: Rubric,
    submission: Submission | None,
    path: str | Path,
    *,
    drop_tpn: bool = False,
    notices: list[Problem] | None = None,
    drop_induk: bool = False,
) -> Path:
    """Write the workbook of ``submission`` (``None``: a blank template) to ``path``."""
    openpyxl = openpyxl_module()
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils.exceptions import IllegalCharacterError
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    layout = sheet_layout(rubric)
    if layout.sheet == VALUES_SHEET:
        raise SubmissionError(Problem(MESSAGES["sheet_clash"](sheet=layout.sheet)))
    if submission is not None:
        _checked(rubric, submission, layout, drop_tpn, drop_induk)
    rows = build_value_rows(rubric, layout)  # refuses answer types without a formula first
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = layout.sheet
    problems: list[Problem] = []
    said: list[Problem] = []
    id_col, soal_col, text_col, guide_col = free_columns(layout, 4)
    first = min((p.row for p in (*layout.answered, *layout.computed)), default=2)
    taken = {p.row for p in (*layout.answered, *layout.computed)}
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    if first > 1 and first - 1 not in taken:
        header = HEADERS
        for col, key in (
            (id_col, "id"),
            (soal_col, "soal"),
            (text_col, "text"),
            (guide_col, "guidance"),
        ):
            _set_text(sheet[f"{col}{first - 1}"], header[key])
            sheet[f"{col}{first - 1}"].font = bold
        for layer, cols in layout.layers:
            name = LAYER_NAMES[layer]
            for role in ("answer", "note", "evidence"):
                letter = getattr(cols, role)
                if letter is not None:
                    _set_text(sheet[f"{letter}{first - 1}"], header[role].format(layer=name))
                    sheet[f"{letter}{first - 1}"].font = bold
    if first > 2 and 1 not in taken:
        _set_text(sheet["A1"], rubric.title)
        sheet["A1"].font = bold
        if submission is not None and 2 not in taken:
            unit = submission.unit
            _set_text(sheet["A2"], f"{unit.name} ({unit.id}), {submission.year}")
    sheet.column_dimensions[text_col].width = 60
    sheet.column_dimensions[guide_col].width = 40
    validations: dict[tuple[str, ...], Any] = {}
    for placed in (*layout.answered, *layout.computed):
        q = placed.spec
        _set_text(sheet[f"{id_col}{placed.row}"], q.id)
        if q.soal_id is not None:
            sheet[f"{soal_col}{placed.row}"] = q.soal_id
        _set_text(sheet[f"{text_col}{placed.row}"], q.text)
        sheet[f"{text_col}{placed.row}"].alignment = wrap
        if q.guidance:
            _set_text(sheet[f"{guide_col}{placed.row}"], q.guidance)
            sheet[f"{guide_col}{placed.row}"].alignment = wrap
    for placed in layout.answered:
        dv = _validation(placed, validations, DataValidation)
        for _, cols in layout.layers:
            if dv is not None:
                dv.add(f"{cols.answer}{placed.row}")
    for dv in validations.values():
        sheet.add_data_validation(dv)
    unit_answer = dict(layout.layers)["unit"].answer if layout.layers else None
    for placed in layout.computed:
        if unit_answer is not None:
            cell = sheet[f"{unit_answer}{placed.row}"]
            cell.value = f"='{VALUES_SHEET}'!${COUNTED}${rows.item_row[placed.index]}"
            cell.number_format = "0.00%"
    if submission is not None:
        for placed in layout.answered:
            layered = submission.answers.get(placed.spec.id)
            if layered is None:
                continue
            for layer, cols in layout.layers:
                entry: AnswerEntry | None = getattr(layered, layer)
                if entry is None:
                    continue
                try:
                    _write_entry(sheet, placed, entry, layer, cols, said, _set_text)
                except IllegalCharacterError:
                    what = _PARTS["note_or_evidence"]()
                    message = MESSAGES["illegal"](question=label(placed.spec), what=what)
                    problems.append(Problem(message))
        if problems:
            raise SubmissionError(problems)
        if layout.spec.cover is not None:
            _write_cover(book, layout, submission, _set_text)
    values = book.create_sheet(VALUES_SHEET)
    for i, title in enumerate(VALUE_HEADERS):
        _set_text(values.cell(row=1, column=i + 1), title)
        values.cell(row=1, column=i + 1).font = bold
    for ref, content in rows.cells.items():
        if isinstance(content, str) and not content.startswith("="):
            _set_text(values[ref], content)
        else:
            values[ref] = content
    values.column_dimensions["A"].width = 40
    values.column_dimensions["B"].width = 50
    for name, cell in defined_names(rubric, rows).items():
        book.defined_names[name] = DefinedName(name, attr_text=cell)
    book.calculation.fullCalcOnLoad = True  # Excel recomputes when it opens the file
    if notices is not None:
        notices.extend(said)
    target = Path(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book.save(target)
    except OSError as exc:
        raise SubmissionError(
            Problem(MESSAGES["cannot_write"](error=exc.strerror or exc), str(target))
        ) from None
    return target


def _validation(placed: Placed, made: dict[tuple[str, ...], Any], maker: Any) -> Any:
    """One drop-down (or number check) per kind of answer, shared by every cell of that kind."""
    atype, q = placed.answer_type, placed.spec
    if atype.input == "choice":
        keys = tuple(atype.option_values(q))
        listed = ",".join(keys)
        if any("," in k or '"' in k for k in keys) or len(listed) > 250:
            return None
        key: tuple[str, ...] = ("choice", *keys)
        if key not in made:
            made[key] = maker(type="list", formula1=f'"{listed}"', allow_blank=True)
    elif isinstance(atype, CountAnswerType):
        key = ("count",)
        if key not in made:
            made[key] = maker(
                type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
            )
    elif isinstance(atype, SurveyIndexAnswerType):
        key = ("survey", repr(q.scale_max))
        if key not in made:
            made[key] = maker(
                type="decimal",
                operator="between",
                formula1="0",
                formula2=repr(q.scale_max),
                allow_blank=True,
            )
    else:
        return None
    return made[key]


def _write_entry(
    sheet: Any,
    placed: Placed,
    entry: AnswerEntry,
    layer: str,
    cols: Any,
    said: list[Problem],
    set_text: Any,
) -> None:
    row = placed.row
    if entry.value is not None:
        value = answer_value(entry.value, placed)  # the canonical form: option key or number
        if isinstance(value, str):
            set_text(sheet[f"{cols.answer}{row}"], value)
        else:
            sheet[f"{cols.answer}{row}"] = value
            written = value if value is None else workbook_number(value)
            if written != value:  # said, not silent: it reads back as the number written
                said.append(
                    Problem(
                        MESSAGES["rounded"](
                            question=label(placed.spec), layer=layer_name(layer),
                            value=repr(value), written=repr(written),
                        )
                    )
                )  # fmt: skip
    if entry.notes is not None:
        if cols.note is None:
            said.append(_dropped(placed, _PARTS["note"](), layer))
        else:
            set_text(sheet[f"{cols.note}{row}"], entry.notes)
    if entry.evidence:
        if cols.evidence is None:
            said.append(_dropped(placed, _PARTS["evidence"](), layer))
        else:
            set_text(sheet[f"{cols.evidence}{row}"], "\n".join(entry.evidence))


def workbook_number(value: float) -> float:
    """``value`` as a workbook cell holds it: the 16 significant digits the file is written with."""
    return float(f"{value:.16g}")


def _dropped(placed: Placed, what: str, layer: str) -> Problem:
    return Problem(MESSAGES["dropped"](question=label(placed.spec), what=what, layer=layer))


def _write_cover(book: Any, layout: SheetLayout, submission: Submission, set_text: Any) -> None:
    cover = layout.spec.cover
    assert cover is not None
    sheet = book[cover.sheet] if cover.sheet in book.sheetnames else book.create_sheet(cover.sheet)
    unit = submission.unit
    values = {
        "unit_id": unit.id,
        "unit_name": unit.name,
        "agency_id": unit.agency.id,
        "agency_name": unit.agency.name,
        "year": submission.year,
    }
    for what, value in values.items():
        ref = getattr(cover, what)
        if ref is None or value is None:
            continue
        if isinstance(value, str):
            set_text(sheet[ref], value)
        else:
            sheet[ref] = value
