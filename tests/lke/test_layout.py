"""The workbook layout belongs to the rubric: validated, located, and as the master maps it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import zi_engine
from tests.rubric.test_bundled_content import MASTER_PATH
from tests.support import REPO
from zi_engine import AnswerEntry, LayeredAnswer, RubricError, UsageError

MINI = REPO / "tests" / "rubric" / "mini"
ROWS = {
    "a.p.satu.a": 5,
    "a.p.satu.b": 6,
    "a.r.dua.jumlah": 8,
    "a.r.dua.selesai": 9,
    "a.r.dua.persen": 7,
    "hasil.ipak": 11,
}
LAYOUT = """
workbook:
  sheet: LKE {year}
  unit: {{answer: D, note: E, evidence: F}}
  tpi: {{answer: G}}
  tpn: {{answer: H, note: I}}
  cover: {{sheet: Sampul, unit_id: B2, unit_name: B3, agency_id: B4, year: B5}}
"""


def _mini(
    tmp_path: Path, layout: str = LAYOUT.format(year=2026), rows: dict[str, int] = ROWS
) -> Path:
    """The mini rubric with a workbook layout and a row for each question."""
    directory = tmp_path / "mini"
    shutil.copytree(MINI, directory)
    manifest = directory / "rubric.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + layout, encoding="utf-8")
    for area in (directory / "areas" / "a.yaml", directory / "hasil.yaml"):
        lines = []
        for line in area.read_text(encoding="utf-8").splitlines():
            lines.append(line)
            qid = line.strip().removeprefix("- id: ")
            if line.strip().startswith("- id: ") and qid in rows:
                lines.append(" " * (len(line) - len(line.lstrip()) + 2) + f"excel_row: {rows[qid]}")
        area.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def test_a_column_used_twice_is_a_located_rubric_error(tmp_path: Path) -> None:
    layout = "\nworkbook:\n  unit: {answer: K, note: L}\n  tpi: {answer: L}\n"
    directory = _mini(tmp_path, layout)
    with pytest.raises(RubricError) as info:
        zi_engine.load_rubric(directory)
    (problem,) = info.value.problems
    assert problem.file is not None
    assert problem.file.endswith("rubric.yaml")
    assert problem.line is not None
    assert problem.line > 40
    assert "column L is both the unit note and the tpi answer" in problem.message


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ("\nworkbook:\n  unit: {answer: k}\n", "workbook.unit.answer"),
        ("\nworkbook:\n  unit: {answer: K}\n  sheet: 'a:b'\n", "workbook.sheet"),
        ("\nworkbook:\n  unit: {answer: K}\n  cover: {sheet: S, year: B0}\n", "cover.year"),
        ("\nworkbook:\n  tpi: {answer: K}\n", "workbook.unit"),
    ],
)
def test_bad_layout_keys_are_located(tmp_path: Path, layout: str, message: str) -> None:
    with pytest.raises(RubricError) as info:
        zi_engine.load_rubric(_mini(tmp_path, layout))
    assert any(message in str(p) for p in info.value.problems), info.value


def test_two_questions_on_one_row_is_a_located_rubric_error(tmp_path: Path) -> None:
    directory = _mini(tmp_path, rows={**ROWS, "a.p.satu.b": 5})
    with pytest.raises(RubricError) as info:
        zi_engine.load_rubric(directory)
    (problem,) = info.value.problems
    assert problem.file is not None
    assert problem.file.endswith("a.yaml")
    assert problem.message == "row 5 of the workbook is both 'a.p.satu.a' and 'a.p.satu.b'"


def test_a_rubric_without_a_layout_says_so(tmp_path: Path) -> None:
    rubric = zi_engine.load_rubric(MINI)
    with pytest.raises(UsageError, match="rubric 'mini' has no workbook layout"):
        zi_engine.save_lke_template(tmp_path / "x.xlsx", rubric=rubric)


def test_a_layout_with_a_cover_and_a_tpn_layer_round_trips(tmp_path: Path) -> None:
    rubric = zi_engine.load_rubric(_mini(tmp_path))
    unit = zi_engine.UnitInfo(id="U-7", name="Unit Tujuh", agency=zi_engine.AgencyInfo(id="AG"))
    submission = zi_engine.Submission(
        unit=unit,
        year=2026,
        answers={
            "a.p.satu.a": LayeredAnswer(
                unit=AnswerEntry(value="A", notes="ok", evidence=["x.pdf"]),
                tpi=AnswerEntry(value="B"),
                tpn=AnswerEntry(value="C", notes="TPN: turun"),
            ),
            "a.r.dua.jumlah": LayeredAnswer(unit=AnswerEntry(value=4)),
            "a.r.dua.selesai": LayeredAnswer(unit=AnswerEntry(value=3)),
            "hasil.ipak": LayeredAnswer(unit=AnswerEntry(value=3.5)),
        },
    )
    path = zi_engine.save_lke(submission, tmp_path / "mini.xlsx", rubric=rubric)
    back = zi_engine.load_lke(path, rubric=rubric)  # who and when: from the cover
    assert back == submission
    sheets = openpyxl.load_workbook(path).sheetnames
    assert sheets[:1] == ["LKE 2026"]
    assert "Sampul" in sheets


def test_the_bundled_layout_is_the_masters() -> None:
    """Sheet, columns and rows of every soal as the portal's 2026 master maps them."""
    if not MASTER_PATH.exists():
        pytest.skip(
            f"portal question master not found at {MASTER_PATH} (it lives beside the "
            "repository, not in it)"
        )
    data: dict[str, Any] = json.loads(MASTER_PATH.read_text(encoding="utf-8"))
    soals: list[dict[str, Any]] = []

    def walk(node: dict[str, Any]) -> None:
        soals.extend(node.get("soals", []))
        for child in node.get("children", []):
            walk(child)

    for top in data["data"]:
        walk(top)
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    layout = rubric.manifest.workbook
    assert layout is not None
    assert layout.tpi is not None
    assert len(soals) == 127
    for s in soals:
        question = rubric.question_by_soal_id(s["id"])
        assert question is not None, s["id"]
        where = f"soal {s['id']} ({question.id})"
        assert s["excel_sheet"] == layout.sheet, where
        assert question.excel_row == s["excel_baris"], where
        assert s["excel_kolom_jawaban_unit"] == layout.unit.answer, where
        assert s["excel_kolom_catatan_unit"] == layout.unit.note, where
        assert s["excel_kolom_bukti_dukung_unit"] == layout.unit.evidence, where
        assert s["excel_kolom_jawaban_tpi"] == layout.tpi.answer, where
        assert s["excel_kolom_catatan_tpi"] == layout.tpi.note, where


def test_a_layout_with_induk_columns_round_trips_the_parent_unit_s_answers(
    tmp_path: Path,
) -> None:
    layout = LAYOUT.format(year=2026).replace(
        "  tpi: {answer: G}", "  induk: {answer: J, note: K}\n  tpi: {answer: G}"
    )
    rubric = zi_engine.load_rubric(_mini(tmp_path, layout))
    unit = zi_engine.UnitInfo(id="U-7", name="Unit Tujuh", agency=zi_engine.AgencyInfo(id="AG"))
    submission = zi_engine.Submission(
        unit=unit,
        year=2026,
        answers={
            "a.p.satu.a": LayeredAnswer(
                unit=AnswerEntry(value="A"), induk=AnswerEntry(value="B", notes="induk: turun")
            ),
            "hasil.ipak": LayeredAnswer(unit=AnswerEntry(value=3.5)),
        },
    )
    path = zi_engine.save_lke(submission, tmp_path / "mini.xlsx", rubric=rubric)
    back = zi_engine.load_lke(path, rubric=rubric)
    assert back == submission
    values = openpyxl.load_workbook(path)["Nilai ZI"]
    assert values["I1"].value == "induk"  # after the weight: the other columns keep their letters
    assert values["H1"].value == "bobot"
