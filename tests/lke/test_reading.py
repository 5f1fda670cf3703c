"""Reading the official LKE workbook: messy field workbooks, located problems, identity."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine import Submission, SubmissionError, UsageError
from zi_engine.cli import _main as cli
from zi_engine.lke import sheet_layout

RUBRIC = zi_engine.load_rubric("permenpan-rb-90-2021")
LAYOUT = sheet_layout(RUBRIC)
PORTAL_FILES = sorted(EXAMPLES_DIR.glob("*.portalrb.json"))


def _messy(value: Any, kind: str, turn: int) -> Any:
    """An answer as units type it: other case, stray spaces, numbers as text, decimal commas."""
    if kind == "choice":
        return [value.lower(), f"  {value} ", value.upper(), value][turn % 4]
    if kind == "count":
        if value >= 1000:
            return f"{value:,}".replace(",", ".")  # 1.234: Indonesian thousands
        return [str(value), f" {value} ", value][turn % 3]
    return str(value).replace(".", ",")  # a survey index with a decimal comma: "3,62"


def messy_workbook(path: Path, submission: Submission) -> Path:
    """``submission`` laid out as the master maps it, in a workbook as the field fills it."""
    book = openpyxl.Workbook()
    book.active.title = "Petunjuk"  # the answers sheet is not the first one
    book.active["A1"] = "Petunjuk pengisian: isi kolom K, L dan M."
    sheet = book.create_sheet(" JAWABAN ")  # found by name, case and spaces aside
    sheet["A1"] = "LEMBAR KERJA EVALUASI ZONA INTEGRITAS"
    sheet.merge_cells("A1:Q1")
    for col, title in zip(
        "ABCKLMNQ",
        ["No", "Kode", "Pertanyaan", "Jawaban", "Catatan", "Bukti", "Jawaban TPI", "Catatan TPI"],
        strict=True,
    ):
        sheet[f"{col}5"] = title
    for turn, placed in enumerate(LAYOUT.answered):
        row = placed.row
        sheet[f"C{row}"] = placed.spec.text
        sheet.merge_cells(f"C{row}:J{row}")  # question texts span merged cells
        layered = submission.answers.get(placed.spec.id)
        if layered is None:
            continue
        for layer, cols in LAYOUT.layers:
            entry = getattr(layered, layer)
            if entry is None:
                continue
            if entry.value is not None:
                sheet[f"{cols.answer}{row}"] = _messy(entry.value, placed.answer_type.input, turn)
            if entry.notes and cols.note:
                sheet[f"{cols.note}{row}"] = entry.notes
            if entry.evidence and cols.evidence:
                sheet[f"{cols.evidence}{row}"] = "\n".join(entry.evidence)
    for placed in LAYOUT.computed:  # computed-percentage rows hold the field's own formulas
        sheet[f"K{placed.row}"] = f"=K{placed.row + 2}/K{placed.row + 1}"
        sheet[f"N{placed.row}"] = f"=N{placed.row + 2}/N{placed.row + 1}"
    book.create_sheet("Rekap")["B2"] = "=SUM(Jawaban!K6:K300)"
    book.save(path)
    return path


@pytest.mark.parametrize("portal", PORTAL_FILES, ids=lambda p: p.stem)
def test_a_messy_workbook_scores_exactly_as_its_portal_json(portal: Path, tmp_path: Path) -> None:
    from_portal = zi_engine.from_portalrb(portal, rubric=RUBRIC)
    path = messy_workbook(tmp_path / "lke.xlsx", from_portal)
    read = zi_engine.load_lke(path, unit=from_portal.unit, year=from_portal.year)
    expected = zi_engine.evaluate(RUBRIC, from_portal)
    got = zi_engine.evaluate(RUBRIC, read)
    assert got.total == expected.total
    assert got.to_dict()["components"] == expected.to_dict()["components"]
    answered = {q for q, a in from_portal.answers.items() if a.pick()[0] is not None}
    assert answered <= set(read.answers)
    for qid, layered in read.answers.items():
        original = from_portal.answers[qid]
        for layer in ("unit", "tpi"):
            mine, theirs = getattr(layered, layer), getattr(original, layer)
            if theirs is None or mine is None:
                assert (mine is None) == (theirs is None or theirs == type(theirs)()), qid
                continue
            assert mine.notes == theirs.notes, qid
            if layer == "unit":
                assert mine.evidence == theirs.evidence, qid


def _answers_sheet(path: Path, cells: dict[str, Any]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Jawaban"
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(path)
    return path


def test_every_problem_names_its_cell_and_question(tmp_path: Path) -> None:
    path = _answers_sheet(
        tmp_path / "salah.xlsx",
        {
            "K6": "Ya",
            "K7": "Z",  # mp.p.tim_kerja.b (soal 2): abc
            "N7": "Mungkin",  # the TPI's answer is read too
            "K126": "-3",  # a count
            "K127": "1,000",  # ambiguous
            "K199": "tinggi",  # IPAK
            "K9": True,
        },
    )
    with pytest.raises(SubmissionError) as info:
        zi_engine.load_lke(path, unit="U-1", year=2026)
    shown = [str(p) for p in info.value.problems]
    assert shown[0] == (
        f"{path}:Jawaban!K7: mp.p.tim_kerja.b (soal 2): 'Z' is not an option; expected A, B, C"
    )
    assert shown[1] == (
        f"{path}:Jawaban!N7: mp.p.tim_kerja.b (soal 2): 'Mungkin' is not an option; "
        "expected A, B, C"
    )
    assert any(
        s.startswith(f"{path}:Jawaban!K9: mp.p.rencana.a (soal 3): TRUE/FALSE") for s in shown
    )
    assert any(s.startswith(f"{path}:Jawaban!K126: ") and "cannot be negative" in s for s in shown)
    assert any(s.startswith(f"{path}:Jawaban!K127: ") and "ambiguous" in s for s in shown)
    assert any(
        s.startswith(f"{path}:Jawaban!K199: hasil.bersih_akuntabel.ipak (soal 125)") for s in shown
    )
    assert len(shown) == 6


def test_the_command_line_reads_a_workbook_by_its_suffix(tmp_path: Path) -> None:
    portal = EXAMPLES_DIR / "dinkes-banjarbaru-wbk.portalrb.json"
    submission = zi_engine.from_portalrb(portal, rubric=RUBRIC)
    path = messy_workbook(tmp_path / "lke.xlsx", submission)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        [
            "--no-plugins",
            "score",
            str(path),
            "--unit",
            "DINKES",
            "--year",
            "2026",
            "--format",
            "json",
        ],
        out=out,
        err=err,
    )
    assert code == 0, err.getvalue()
    assert json.loads(out.getvalue())["total"] == zi_engine.evaluate(RUBRIC, submission).total
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["--no-plugins", "plan", str(path), "--unit", "D", "--year", "2026", "--target", "WBBM"],
        out=out,
        err=err,
    )
    assert code == 0, err.getvalue()
    bad = _answers_sheet(tmp_path / "bad.xlsx", {"K7": "Z", "K9": "Q"})
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["--no-plugins", "score", str(bad), "--unit", "D", "--year", "2026"], out=out, err=err
    )
    assert code == 1
    lines = err.getvalue().splitlines()
    assert lines[0].startswith(f"{bad}:Jawaban!K7: mp.p.tim_kerja.b (soal 2): 'Z'")
    assert lines[-1] == "zi-engine: 2 problems"
    assert "Traceback" not in err.getvalue()


def test_unit_and_year_come_from_the_caller_or_the_cover(tmp_path: Path) -> None:
    path = _answers_sheet(tmp_path / "lke.xlsx", {"K6": "Ya"})
    with pytest.raises(SubmissionError, match="does not say which unit it is"):
        zi_engine.load_lke(path)
    read = zi_engine.load_lke(
        path, unit="U-1", unit_name="Unit Satu", agency="KEMENKEU", year=2026, target="WBBM"
    )
    assert (read.unit.id, read.unit.name, read.unit.agency.id) == ("U-1", "Unit Satu", "KEMENKEU")
    assert (read.year, read.target) == (2026, "WBBM")
    assert read.answers["mp.p.tim_kerja.a"].unit.value == "Ya"  # type: ignore[union-attr]


def test_the_answers_sheet_must_be_there(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Rekap"
    path = tmp_path / "lain.xlsx"
    book.save(path)
    with pytest.raises(SubmissionError) as info:
        zi_engine.load_lke(path, unit="U", year=2026)
    assert str(info.value) == f"{path}: the workbook has no sheet 'Jawaban' (it has 'Rekap')"


def test_a_formula_in_an_answer_cell_is_ignored_and_said(tmp_path: Path) -> None:
    path = _answers_sheet(tmp_path / "rumus.xlsx", {"K6": '=IF(1,"Ya","Tidak")', "K7": "A"})
    notices: list[zi_engine.Problem] = []
    read = zi_engine.load_lke(path, unit="U", year=2026, notices=notices)
    assert "mp.p.tim_kerja.a" not in read.answers
    assert [str(n) for n in notices] == [
        f"{path}:Jawaban!K6: mp.p.tim_kerja.a (soal 1): the cell holds a formula, which was "
        "ignored; type the answer itself"
    ]


def test_macros_are_never_run_and_said_to_be_ignored(tmp_path: Path) -> None:
    plain = _answers_sheet(tmp_path / "plain.xlsx", {"K6": "Ya"})
    path = tmp_path / "makro.xlsm"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        # a macro project that would run os.system if anything ran it
        dst.writestr("xl/vbaProject.bin", b'Sub Auto_Open()\nShell "rm -rf /"\nEnd Sub\n')
    notices: list[zi_engine.Problem] = []
    read = zi_engine.load_lke(path, unit="U", year=2026, notices=notices)
    assert read.answers["mp.p.tim_kerja.a"].unit.value == "Ya"  # type: ignore[union-attr]
    assert [str(n) for n in notices] == [
        f"{path}: the workbook's macros (xl/vbaProject.bin) were ignored: nothing in it is run"
    ]


def test_without_the_extra_the_message_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lke.xlsx"
    path.write_bytes(b"")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if not installed
    with pytest.raises(UsageError, match=r"zi-engine\[lke\] is needed"):
        zi_engine.load_lke(path, unit="U", year=2026)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--no-plugins", "lke", "template", str(path)], out=out, err=err)
    assert code == 1
    assert err.getvalue() == (
        "zi-engine: zi-engine[lke] is needed to read and write LKE workbooks (Excel): "
        "pip install 'zi-engine[lke]'\n"
    )
