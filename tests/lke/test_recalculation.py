"""A written workbook, recalculated by LibreOffice, carries the engine's scores.

LibreOffice starts once per test (it is slow to start) and converts every
workbook of the test in that one call.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings

import zi_engine
from tests.lke.conftest import identity
from tests.support import REPO
from tests.support.workbooks import LibreOffice, cached_names, libreoffice
from zi_engine import Evaluation, Rubric, Submission, lke
from zi_engine.testing import submissions

pytestmark = pytest.mark.xdist_group("lke_libreoffice")

RUBRIC = zi_engine.load_rubric("permenpan-rb-90-2021")


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    return libreoffice(tmp_path_factory.mktemp("libreoffice-profile"))


def _engine_names(evaluation: Evaluation, rubric: Rubric) -> dict[str, float]:
    names = {
        "ZI_TOTAL": evaluation.total,
        "ZI_PENGUNGKIT": evaluation.components["pengungkit"].score,
        "ZI_HASIL": evaluation.components["hasil"].score,
    }
    for area_id, result in evaluation.areas.items():
        names[f"ZI_AREA_{area_id.upper()}"] = result.score
    assert len(names) == 3 + len(rubric.tree.areas)
    return names


def _assert_same_scores(recalculated: Path, submission: Submission) -> None:
    cached = cached_names(recalculated)
    expected = _engine_names(zi_engine.evaluate(RUBRIC, submission), RUBRIC)
    assert set(cached) == set(expected)
    for name, value in expected.items():
        assert isinstance(cached[name], (int, float)), (name, cached[name])
        assert cached[name] == pytest.approx(value, abs=1e-9, rel=0), name


def test_the_example_units_recalculate_to_the_engine_scores(
    examples: dict[str, Submission], office: LibreOffice, tmp_path: Path
) -> None:
    written = {
        name: zi_engine.save_lke(submission, tmp_path / f"{name}.xlsx")
        for name, submission in examples.items()
    }
    # a unit changes answers in the written workbook, as it would in a spreadsheet
    base = examples["dinkes-banjarbaru-wbk"]
    book = openpyxl.load_workbook(written["dinkes-banjarbaru-wbk"])
    sheet = book["Jawaban"]
    sheet["K6"] = "Tidak"  # mp.p.tim_kerja.a
    sheet["K126"] = 0  # mp.r.komitmen_perubahan.a_agen: its ratio becomes 0/0
    sheet["K199"] = 2.5  # IPAK
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    changed = zi_engine.load_lke(edited, **identity(base))  # type: ignore[arg-type]
    assert changed != base
    template = zi_engine.save_lke_template(tmp_path / "template.xlsx")
    out = office.recalculate([*written.values(), edited, template], tmp_path / "recalculated")
    for path, submission in zip(out, [*examples.values()], strict=False):
        _assert_same_scores(path, submission)
    _assert_same_scores(out[-2], changed)
    assert cached_names(out[-1])["ZI_TOTAL"] == 0
    # and what the spreadsheet cached agrees with the engine, cell by cell
    for path in out:
        assert zi_engine.check_lke(path) == [], path.name


def _drawn(count: int, **kwargs: object) -> list[Submission]:
    """``count`` submissions as Hypothesis draws them (one per example)."""
    found: list[Submission] = []

    @settings(
        max_examples=count,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(submissions(RUBRIC, layers=("unit", "tpi"), **kwargs))  # type: ignore[arg-type]
    def collect(submission: Submission) -> None:
        found.append(submission)

    collect()
    return found


def test_generated_submissions_recalculate_to_the_engine_scores(
    office: LibreOffice, tmp_path: Path
) -> None:
    # Hypothesis draws the submissions; LibreOffice then starts once for all ten. Half have
    # counts of 0-3 (ratios at 0/0, equality, one off) and indexes at the thresholds.
    drawn = _drawn(5) + _drawn(5, near_thresholds=True)
    assert len(drawn) == 10
    written = [zi_engine.save_lke(s, tmp_path / f"s{i}.xlsx") for i, s in enumerate(drawn)]
    out = office.recalculate(written, tmp_path / "recalculated")
    for path, submission in zip(out, drawn, strict=True):
        _assert_same_scores(path, submission)


def test_check_names_each_cell_a_field_formula_gets_wrong(
    examples: dict[str, Submission], office: LibreOffice, tmp_path: Path
) -> None:
    """Field spreadsheets round per sub-area; check says where, and that this is why."""
    submission = examples["rsud-idaman-area-minimum"]
    path = zi_engine.save_lke(submission, tmp_path / "field.xlsx")
    book = openpyxl.load_workbook(path)
    values = book[lke.VALUES_SHEET]
    leaves = {n.path for n in RUBRIC.tree.nodes if n.items}
    rounded = []
    for row in values.iter_rows(min_row=2):
        if row[0].value in leaves and isinstance(row[2].value, str):
            row[2].value = f"=ROUND({row[2].value[1:]},2)"
            rounded.append(row[0].value)
    percentage = book["Jawaban"]["K125"]  # mp.r.komitmen_perubahan.a, a computed row
    percentage.value = f"={percentage.value[1:]}+0.01"  # the field's own formula, one off
    book.save(path)
    (recalculated,) = office.recalculate([path], tmp_path / "recalculated")
    found = zi_engine.check_lke(recalculated)
    evaluation = zi_engine.evaluate(RUBRIC, submission)
    wrong_leaves = {d.what for d in found if d.what in leaves}
    expected = {
        p
        for p in rounded
        if abs(round(evaluation.score(p).low, 2) - evaluation.score(p).low) > 1e-6
    }
    assert expected, "the example has sub-areas whose scores are not whole cents"
    assert wrong_leaves == expected
    assert any(d.what == "total" for d in found)
    (row,) = [d for d in found if d.place.endswith("!K125")]
    assert row.what == "mp.r.komitmen_perubahan.a"
    assert row.workbook == pytest.approx(row.engine + 0.01, abs=1e-9)
    leaf = next(d for d in found if d.what in leaves)
    assert leaf.hint == "it rounds each sub-area to 2 decimals"
    assert str(leaf).startswith(f"{recalculated}:{lke.VALUES_SHEET}!C")


def test_a_layout_with_the_parent_unit_s_columns_recalculates_to_the_engine_scores(
    examples: dict[str, Submission], office: LibreOffice, tmp_path: Path
) -> None:
    """TPN over TPI over the parent unit's (induk) over the unit's, in the spreadsheet too."""
    directory = tmp_path / "rubric"
    shutil.copytree(REPO / "rubrics" / "permenpan-rb-90-2021", directory)
    manifest = directory / "rubric.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        text.replace("  tpi:\n    answer: N\n", "  induk:\n    answer: R\n    note: S\n"
                     "  tpi:\n    answer: N\n"),
        encoding="utf-8",
    )  # fmt: skip
    rubric = zi_engine.load_rubric(directory)
    base = examples["dinkes-banjarbaru-wbk"]
    # the parent lowers two answers; the TPI restores one of them
    lowered = base.with_answers({"mp.p.tim_kerja.a": "Tidak", "mp.p.rencana.b": "C"}, "induk")
    submission = lowered.with_answers({"mp.p.tim_kerja.a": "Ya"}, "tpi")
    path = zi_engine.save_lke(submission, tmp_path / "induk.xlsx", rubric=rubric)
    (recalculated,) = office.recalculate([path], tmp_path / "recalculated")
    cached = cached_names(recalculated)
    expected = _engine_names(zi_engine.evaluate(rubric, submission), rubric)
    for name, value in expected.items():
        assert cached[name] == pytest.approx(value, abs=1e-9, rel=0), name
    # the parent's answer counted: rencana.b is C, not the unit's own answer
    assert expected["ZI_TOTAL"] != pytest.approx(zi_engine.evaluate(rubric, base).total)
    assert zi_engine.check_lke(recalculated, rubric=rubric) == []
