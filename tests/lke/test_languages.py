"""Workbook problems in Bahasa Indonesia: each names its cell and question, keeps its code,
and says how to fix it; the workbook's own sheet texts stay as the portal's master has them."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import openpyxl
import pytest

import zi_engine
from zi_engine import SubmissionError, UsageError
from zi_engine.cli import _main as cli


def _answers_sheet(path: Path, cells: dict[str, object], title: str = "Jawaban") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(path)
    return path


def test_cell_problems_are_indonesian_with_their_cell_question_and_code(tmp_path: Path) -> None:
    path = _answers_sheet(tmp_path / "salah.xlsx", {"K6": '=IF(1,"Ya","Tidak")', "K9": True})
    notices: list[zi_engine.Problem] = []
    with zi_engine.use_language("id"), pytest.raises(SubmissionError) as info:
        zi_engine.load_lke(path, unit="U-1", year=2026, notices=notices)
    (problem,) = info.value.problems
    assert str(problem) == f"{path}:Jawaban!K9: mp.p.rencana.a (soal 3): TRUE/FALSE bukan jawaban"
    assert problem.code == "lke.boolean_cell"
    assert problem.in_language("en").message == "TRUE/FALSE is not an answer"
    (notice,) = notices
    assert str(notice) == (
        f"{path}:Jawaban!K6: mp.p.tim_kerja.a (soal 1): sel ini berisi rumus, yang diabaikan; "
        "ketik jawabannya sendiri"
    )
    assert notice.code == "lke.formula_ignored"


def test_a_missing_sheet_and_long_counts_are_written_the_indonesian_way(tmp_path: Path) -> None:
    path = _answers_sheet(tmp_path / "lain.xlsx", {}, title="Rekap")
    with zi_engine.use_language("id"), pytest.raises(SubmissionError) as info:
        zi_engine.load_lke(path, unit="U", year=2026)
    assert str(info.value) == (
        f"{path}: workbook tidak memiliki lembar 'Jawaban' (lembar yang ada: 'Rekap')"
    )
    with zi_engine.use_language("id"):
        note = "x" * 20_001
        path = _answers_sheet(tmp_path / "panjang.xlsx", {"K6": "Ya", "L6": note})
        with pytest.raises(SubmissionError) as info:
            zi_engine.load_lke(path, unit="U", year=2026)
    (problem,) = info.value.problems
    # thousands with a dot, as Indonesian writes them
    assert problem.message == (
        "catatan ini berisi 20.001 karakter; paling banyak 20.000 yang disimpan dalam usulan"
    )


def test_the_missing_extra_is_one_line_in_either_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lke.xlsx"
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if not installed
    said = {}
    for lang in ("id", "en"):
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["--lang", lang, "--no-plugins", "lke", "template", str(path)], out, err)
        assert (code, out.getvalue()) == (1, "")
        said[lang] = err.getvalue()
        assert said[lang].count("\n") == 1
    assert said["id"] == (
        "zi-engine: zi-engine[lke] diperlukan untuk membaca dan menulis workbook LKE (Excel): "
        "pip install 'zi-engine[lke]'\n"
    )
    assert said["en"].startswith("zi-engine: zi-engine[lke] is needed")
    with pytest.raises(UsageError) as info:
        zi_engine.load_lke(path, unit="U", year=2026)
    assert info.value.code == "lke.extra_missing"


def test_the_written_workbook_is_the_same_in_either_language(tmp_path: Path) -> None:
    """The sheets' own texts follow the portal's master (Indonesian); nothing in a written
    workbook depends on the language messages are shown in."""
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    written = {}
    for lang in ("id", "en"):
        with zi_engine.use_language(lang):
            target = zi_engine.save_lke_template(tmp_path / f"lke-{lang}.xlsx", rubric=rubric)
        book = openpyxl.load_workbook(target)
        written[lang] = [
            [(c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.value is not None]
            for ws in book.worksheets
        ]
    assert written["id"] == written["en"]
    assert any(value == "Pertanyaan" for sheet in written["en"] for _, value in sheet)
