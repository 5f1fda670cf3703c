"""Reading a filled LKE workbook into a :class:`~zi_engine.Submission`.

The answers sheet is found by name; only the rows and columns the rubric's
layout names are read, so other sheets, header rows, merged cells, question
texts and computed-percentage rows are never looked at. Answers are matched
as the question's answer type says: options case- and space-insensitively,
numbers typed as text and decimal commas as numbers. Every problem names its
cell; all are reported at once and nothing is returned half-read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zi_engine._errors import Problem, SubmissionError
from zi_engine._i18n import Text, t
from zi_engine._text import show
from zi_engine.lke._layout import Placed, SheetLayout, find_sheet, label, place, sheet_layout
from zi_engine.lke._safety import open_workbook
from zi_engine.rubric._answer_type import AnswerError, parse_number
from zi_engine.rubric._model import WorkbookColumns
from zi_engine.rubric._rubric import Rubric
from zi_engine.submission._model import (
    AgencyInfo,
    AnswerEntry,
    Facts,
    Layer,
    LayeredAnswer,
    RawAnswer,
    Submission,
    UnitInfo,
)

__all__ = ["WorkbookAnswers", "read_answers", "read_lke"]

MAX_TEXT = 20_000  # the longest note or evidence reference a submission holds

MESSAGES: dict[str, Callable[..., Text]] = {
    "no_sheet": lambda **k: t(
        "lke.no_sheet",
        "the workbook has no sheet {sheet!r} (it has {names})",
        **k,
    ),
    "no_option": lambda **k: t(
        "lke.no_option",
        "{raw} is not an option; expected {options}",
        **k,
    ),
    "not_number": lambda **k: t(
        "lke.not_number",
        "{raw} is not a number",
        **k,
    ),
    "boolean": lambda **k: t(
        "lke.boolean_cell",
        "TRUE/FALSE is not an answer",
        **k,
    ),
    "date": lambda **k: t(
        "lke.date_cell",
        "a date is not an answer",
        **k,
    ),
    "error_cell": lambda **k: t(
        "lke.error_cell",
        "the cell holds the error {raw}, not an answer",
        **k,
    ),
    "formula": lambda **k: t(
        "lke.formula_ignored",
        "{question}: the cell holds a formula, which was ignored; type the answer itself",
        **k,
    ),
    "long_note": lambda **k: t(
        "lke.long_note",
        "the note has {n:,} characters; at most {limit:,} are kept in a submission",
        **k,
    ),
    "long_evidence": lambda **k: t(
        "lke.long_evidence",
        "an evidence reference has {n:,} characters; at most {limit:,}",
        **k,
    ),
    "no_identity": lambda **k: t(
        "lke.no_identity",
        "the workbook does not say which unit it is or the LKE year; give them (unit= and year=, "
        "or --unit and --year)",
        **k,
    ),
    "cover_year": lambda **k: t(
        "lke.cover_not_a_year",
        "{raw} is not a year",
        **k,
    ),
    "cover_blank": lambda **k: t(
        "lke.cover_blank",
        "the cell is empty; it should hold the {what}",
        **k,
    ),
}


_COVER_CELLS: dict[str, Callable[[], Text]] = {
    "unit_id": lambda: t("lke.cover_unit_id", "unit's id"),
    "year": lambda: t("lke.cover_year", "LKE year"),
}


def said(exc: Exception) -> str:
    """An answer's refusal as its message: the :class:`Text` itself when it is one, so its
    code and language go along."""
    message = exc.args[0] if exc.args else ""
    return message if isinstance(message, Text) else str(exc)


@dataclass(slots=True)
class WorkbookAnswers:
    """What an answers sheet holds: answers by question, the cover's cells, what was noticed."""

    display: str
    answers: dict[str, LayeredAnswer] = field(default_factory=dict)
    cover: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)


def read_answers(path: str | Path, rubric: Rubric) -> WorkbookAnswers:
    """The answers (and cover cells) of the workbook at ``path``, laid out as ``rubric`` says.

    Problems are collected in :attr:`WorkbookAnswers.problems`, not raised.
    """
    layout = sheet_layout(rubric)
    opened = open_workbook(path, formulas=True)
    found = WorkbookAnswers(opened.display, notices=list(opened.notices))
    book = opened.book
    try:
        names = list(book.sheetnames)
        sheet = find_sheet(names, layout.sheet)
        if sheet is None:
            shown = ", ".join(map(repr, names)) or "none"
            found.problems.append(
                Problem(MESSAGES["no_sheet"](sheet=layout.sheet, names=shown), opened.display)
            )
            return found
        _read_rows(found, book[sheet], sheet, layout)
        if layout.spec.cover is not None:
            _read_cover(found, book, names, layout)
    finally:
        book.close()
    return found


def _cells(worksheet: Any, layout: SheetLayout) -> dict[tuple[int, int], Any]:
    """``(row, column) -> cell`` for every non-empty cell of the rows and columns read."""
    rows = [p.row for p in layout.answered]
    columns = layout.columns()
    if not rows:
        return {}
    wanted_rows, wanted_columns = set(rows), set(columns)
    out: dict[tuple[int, int], Any] = {}
    for line in worksheet.iter_rows(
        min_row=min(rows), max_row=max(rows), min_col=min(columns), max_col=max(columns)
    ):
        for cell in line:
            row = getattr(cell, "row", None)  # empty cells carry no place
            if row in wanted_rows and cell.column in wanted_columns and cell.value is not None:
                out[row, cell.column] = cell
    return out


def _read_rows(found: WorkbookAnswers, worksheet: Any, sheet: str, layout: SheetLayout) -> None:
    from zi_engine.lke._layout import column_index

    cells = _cells(worksheet, layout)
    for placed in layout.answered:
        entries: dict[str, Any] = {}
        for layer, cols in layout.layers:
            entry = _entry(found, cells, sheet, placed, layer, cols, column_index)
            if entry is not None:
                entries[layer] = entry
        if entries:
            found.answers[placed.spec.id] = LayeredAnswer(**entries)


def _entry(
    found: WorkbookAnswers,
    cells: Mapping[tuple[int, int], Any],
    sheet: str,
    placed: Placed,
    layer: Layer,
    cols: WorkbookColumns,
    column_index: Any,
) -> AnswerEntry | None:
    row = placed.row
    value: RawAnswer = None
    notes: str | None = None
    evidence: list[str] = []

    def where(letter: str) -> str:
        return place(found.display, sheet, letter, row)

    cell = cells.get((row, column_index(cols.answer)))
    if cell is not None:
        if cell.data_type == "f":
            message = MESSAGES["formula"](question=label(placed.spec))
            found.notices.append(Problem(message, where(cols.answer)))
        else:
            try:
                value = answer_value(cell.value, placed, cell.data_type)
            except AnswerError as exc:
                found.problems.append(
                    Problem(said(exc), where(cols.answer), path=label(placed.spec))
                )
    if cols.note is not None:
        notes = _text(found, cells.get((row, column_index(cols.note))), where(cols.note), placed)
    if cols.evidence is not None:
        text = _text(found, cells.get((row, column_index(cols.evidence))), None, placed)
        evidence = [line.strip() for line in (text or "").splitlines() if line.strip()]
        for line in evidence:
            if len(line) > MAX_TEXT:
                message = MESSAGES["long_evidence"](n=len(line), limit=MAX_TEXT)
                found.problems.append(
                    Problem(message, where(cols.evidence), path=label(placed.spec))
                )
    if value is None and notes is None and not evidence:
        return None
    given: dict[str, Any] = {"value": value, "notes": notes, "evidence": evidence}
    # only what the cells hold, as a submission file states it
    return AnswerEntry(**{key: v for key, v in given.items() if v not in (None, [])})


def _text(found: WorkbookAnswers, cell: Any, where: str | None, placed: Placed) -> str | None:
    """A note or evidence cell as text (``None`` when empty); formulas are not text."""
    if cell is None or cell.data_type == "f":
        return None
    raw = cell.value
    text = raw.isoformat() if isinstance(raw, (dt.date, dt.datetime)) else str(raw)
    if not text.strip():
        return None
    if where is not None and len(text) > MAX_TEXT:
        message = MESSAGES["long_note"](n=len(text), limit=MAX_TEXT)
        found.problems.append(Problem(message, where, path=label(placed.spec)))
        return None
    return text


def answer_value(raw: object, placed: Placed, data_type: str = "") -> RawAnswer:
    """A cell's content as the answer its question's type reads, or an :class:`AnswerError`.

    Choice answers become the option key as the rubric spells it; counts
    become whole numbers and other numbers floats (``"3,62"``, ``"1.234"``
    read as the type reads text). ``None`` for an empty cell.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if data_type == "e":
        raise AnswerError(MESSAGES["error_cell"](raw=show(raw)))
    if isinstance(raw, bool):
        raise AnswerError(MESSAGES["boolean"]())
    if isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        raise AnswerError(MESSAGES["date"]())
    atype, question = placed.answer_type, placed.spec
    kind = atype.input
    if kind == "choice":
        text = _number_text(raw) if isinstance(raw, (int, float)) else str(raw)
        options = list(atype.option_values(question))
        wanted = " ".join(text.split()).casefold()
        for key in options:
            if " ".join(key.split()).casefold() == wanted:
                atype.parse(key, question)  # a plugin's choice type may refuse its own key
                return key
        raise AnswerError(MESSAGES["no_option"](raw=show(text), options=", ".join(options)))
    if kind in ("count", "number"):
        number: float
        if isinstance(raw, (int, float)):
            number = float(raw)
        elif isinstance(raw, str):
            atype.parse(raw, question)  # the type's own message for text it refuses
            number = parse_number(raw, thousands="dot" if kind == "count" else "none")
        else:
            raise AnswerError(MESSAGES["not_number"](raw=show(raw)))
        atype.parse(number, question)
        if kind == "count" or (isinstance(raw, int) and number.is_integer()):
            return int(number)
        return number
    if isinstance(raw, str):  # a plugin's kind of input: its type reads the text
        atype.parse(raw.strip(), question)
        return raw.strip()
    atype.parse(raw, question)
    return raw if isinstance(raw, (int, float)) else str(raw)


def _number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(number)


def _read_cover(found: WorkbookAnswers, book: Any, names: list[str], layout: SheetLayout) -> None:
    cover = layout.spec.cover
    assert cover is not None
    sheet = find_sheet(names, cover.sheet)
    if sheet is None:
        shown = ", ".join(map(repr, names))
        found.problems.append(
            Problem(MESSAGES["no_sheet"](sheet=cover.sheet, names=shown), found.display)
        )
        return
    worksheet = book[sheet]
    for what in ("unit_id", "unit_name", "agency_id", "agency_name", "year"):
        ref: str | None = getattr(cover, what)
        if ref is None:
            continue
        raw = worksheet[ref].value
        where = f"{found.display}:{sheet}!{ref}"
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if what in ("unit_id", "year"):
                message = MESSAGES["cover_blank"](what=_COVER_CELLS[what]())
                found.problems.append(Problem(message, where))
            continue
        if what == "year":
            year = _year(raw)
            if year is None:
                found.problems.append(Problem(MESSAGES["cover_year"](raw=show(raw)), where))
                continue
            found.cover[what] = year
        else:
            found.cover[what] = _number_text(raw) if isinstance(raw, (int, float)) else str(raw)


def _year(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)) and float(raw).is_integer() and 2000 <= raw <= 2200:
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit() and 2000 <= int(raw.strip()) <= 2200:
        return int(raw.strip())
    return None


def read_lke(
    path: str | Path,
    rubric: Rubric,
    *,
    unit: UnitInfo | str | None = None,
    unit_name: str | None = None,
    agency: AgencyInfo | str | None = None,
    year: int | None = None,
    target: str = "WBK",
    category: str | None = None,
    as_of: dt.date | None = None,
    facts: Facts | None = None,
    notices: list[Problem] | None = None,
) -> Submission:
    """A submission from the workbook at ``path`` (see :meth:`Engine.load_lke`)."""
    found = read_answers(path, rubric)
    if notices is not None:
        notices.extend(found.notices)
    if found.problems:
        raise SubmissionError(found.problems)
    cover = found.cover
    if isinstance(agency, str):
        agency = AgencyInfo(id=agency)
    if agency is None:
        agency = AgencyInfo(id=cover.get("agency_id", "unknown"), name=cover.get("agency_name"))
    if isinstance(unit, str) or unit is None:
        unit_id = unit if unit is not None else cover.get("unit_id")
        if unit_id is None:
            raise SubmissionError(Problem(MESSAGES["no_identity"](), found.display))
        name = unit_name or cover.get("unit_name") or unit_id
        unit = UnitInfo(id=unit_id, name=name, agency=agency)
    year = year if year is not None else cover.get("year")
    if year is None:
        raise SubmissionError(Problem(MESSAGES["no_identity"](), found.display))
    return Submission(
        unit=unit,
        year=year,
        target=target,
        category=category,
        as_of=as_of,
        facts=facts or Facts(),
        answers=found.answers,
    )
