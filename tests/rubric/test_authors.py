"""A rubric author's mistakes, one file each (tests/rubric/authors/), each refused with
a message that names the cause in plain words and the fix, in Indonesian by choice of
language, at the line of the mistake.

Each case file is the mini rubric's file with one mistake made in it (its first line
says which); it stands in for that file in a copy of the mini rubric.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import zi_engine
from zi_engine import RubricError, use_language

HERE = Path(__file__).resolve().parent
MINI = HERE / "mini"
AUTHORS = HERE / "authors"

A, MANIFEST, HASIL = "areas/a.yaml", "rubric.yaml", "hasil.yaml"

# case -> (the file it stands in for, line, code, fragment of the Indonesian message)
CASES: dict[str, tuple[str, int, str, str]] = {
    "indent-one-off": (
        A,
        22,
        "safeio.indent_one_off",
        "baris 22 diindentasi 17 spasi, sedangkan baris 21 16 spasi: selisih satu spasi",
    ),
    "indent-one-less": (
        A,
        22,
        "safeio.indent_one_off",
        "baris 22 diindentasi 15 spasi, sedangkan baris 21 16 spasi",
    ),
    "colon-in-text": (
        A,
        21,
        "safeio.colon_in_text",
        'beri tanda kutip pada seluruh teks: text: "Pertanyaan dua: apakah',
    ),
    "nbsp-indent": (A, 22, "safeio.nbsp_indent", "spasi tak-putus"),
    "tab-indent": (A, 22, "safeio.tab_indent", "indentasi memakai karakter tab; gunakan spasi"),
    "missing-dash": (
        A,
        19,
        "safeio.missing_dash",
        "baris 19 tampaknya memulai butir baru yang tanda '- '-nya tertinggal",
    ),
    "weight-decimal-comma": (
        A,
        13,
        "rubric.decimal_comma",
        "'29,5': angka dalam rubrik ditulis dengan titik desimal; tulis 29.5",
    ),
    "weight-quoted-comma": (
        A,
        13,
        "rubric.decimal_comma",
        "'2,5': angka dalam rubrik ditulis dengan titik desimal; tulis 2.5",
    ),
    "weight-percent": (A, 6, "rubric.percent_sign", "'60%': tulis angkanya tanpa '%'; tulis 60"),
    "date-day-first": (
        MANIFEST,
        9,
        "rubric.date_day_first",
        "bukan tanggal dalam bentuk YYYY-MM-DD (tahun-bulan-tanggal); tulis 2021-12-31",
    ),
    "yes-no-on": (A, 19, "rubric.yes_no", "'on' bukan ya/tidak: tulis true atau false"),
    "field-bobot": (
        A,
        13,
        "rubric.indonesian_field",
        "'bobot' tidak dikenal: nama kunci ditulis dalam bahasa Inggris; tulis 'weight'",
    ),
    # the key's line, not its value's (the list under it starts on the next line)
    "field-soal": (
        A,
        14,
        "rubric.indonesian_field",
        "'soal' tidak dikenal: nama kunci ditulis dalam bahasa Inggris; tulis 'questions'",
    ),
    "field-pilihan": (A, 19, "rubric.indonesian_field", "tulis 'options'"),
    "field-typo": (
        A,
        6,
        "rubric.unknown_field",
        "kunci 'weigth' tidak dikenal (maksudnya 'weight'?)",
    ),
    "answer-type-typo": (
        A,
        22,
        "rubric.unknown_answer_type",
        "jenis jawaban 'ya_tdak' tidak dikenal (maksudnya 'ya_tidak'?)",
    ),
    "duplicate-id-other-file": (
        HASIL,
        9,
        "rubric.question_id_twice",
        "id pertanyaan 'a.p.satu.a' juga dipakai di {rubric}/areas/a.yaml:14",
    ),
}


def _copy(tmp_path: Path, case: str, target: str) -> Path:
    rubric = tmp_path / "mini"
    shutil.copytree(MINI, rubric)
    shutil.copy(AUTHORS / f"{case}.yaml", rubric / target)
    return rubric


def test_every_case_file_is_in_the_table() -> None:
    assert {p.stem for p in AUTHORS.glob("*.yaml")} == {*CASES, "yes-no-ya", "moved-question"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_mistake_is_named_with_its_fix_at_its_line(tmp_path: Path, case: str) -> None:
    target, line, code, fragment = CASES[case]
    rubric = _copy(tmp_path, case, target)
    with use_language("id"), pytest.raises(RubricError) as caught:
        zi_engine.load_rubric(rubric)
    assert len(caught.value.problems) == 1, caught.value  # the mistake, not its echoes
    first = caught.value.problems[0]
    assert first.file == str(rubric / target)
    assert first.line == line, str(first)
    assert first.code == code
    assert fragment.format(rubric=rubric) in first.message, first.message
    assert first.in_language("en").message != first.message  # the English one exists


def test_the_same_mistake_in_english(tmp_path: Path) -> None:
    rubric = _copy(tmp_path, "field-bobot", A)
    with use_language("en"), pytest.raises(RubricError) as caught:
        zi_engine.load_rubric(rubric)
    assert caught.value.problems[0].message == (
        "unknown field 'bobot': field names are written in English; write 'weight'"
    )


def test_ya_and_tidak_are_read_as_yes_and_no(tmp_path: Path) -> None:
    rubric = zi_engine.load_rubric(_copy(tmp_path, "yes-no-ya", A))
    assert rubric.question("a.p.satu.a").evidence_required is True
    assert rubric.question("a.p.satu.b").evidence_required is False


@pytest.mark.parametrize(
    ("written", "meant"),
    [("true", True), ("false", False), ("'ya'", True), ("TIDAK", False), ("yes", True)],
)
def test_the_yes_no_rule(tmp_path: Path, written: str, meant: bool) -> None:
    rubric = tmp_path / "mini"
    shutil.copytree(MINI, rubric)
    area = rubric / A
    text = area.read_text(encoding="utf-8")
    old = "                answer: abc\n"
    area.write_text(
        text.replace(old, f"{old}                evidence_required: {written}\n"), encoding="utf-8"
    )
    assert zi_engine.load_rubric(rubric).question("a.p.satu.a").evidence_required is meant


@pytest.mark.parametrize("written", ["on", "off", "Y", "1", "0"])
def test_other_yes_no_words_are_refused(tmp_path: Path, written: str) -> None:
    rubric = tmp_path / "mini"
    shutil.copytree(MINI, rubric)
    area = rubric / A
    old = "                answer: abc\n"
    area.write_text(
        area.read_text(encoding="utf-8").replace(
            old, f"{old}                evidence_required: {written}\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(RubricError, match="is not a yes/no: write true or false"):
        zi_engine.load_rubric(rubric)


def test_a_question_moved_to_another_area_is_a_warning(tmp_path: Path) -> None:
    rubric = zi_engine.load_rubric(_copy(tmp_path, "moved-question", A))
    (warning,) = rubric.warnings
    assert warning.line == 34
    assert warning.code == "rubric.prefix_other_area"
    assert "'b.r.dua.selesai' does not start like the other questions of area 'area_a'" in (
        warning.message
    )
    assert zi_engine.load_rubric(MINI).warnings == ()


def test_the_bundled_rubric_has_no_warnings() -> None:
    assert zi_engine.load_rubric("permenpan-rb-90-2021").warnings == ()


def test_a_misspelt_node_reference_has_a_closest_match() -> None:
    tree = zi_engine.load_rubric("permenpan-rb-90-2021").tree
    assert tree.closest_ref("pengungkit.pemenuhn") == "pengungkit.pemenuhan"
    assert tree.closest_ref("item:mp.p.tim_kerja.x") in {
        "item:mp.p.tim_kerja.a",
        "item:mp.p.tim_kerja.b",
    }
    assert tree.closest_ref("area:manajemen_perubhan") == "area:manajemen_perubahan"
    assert tree.closest_ref("zzzz") is None
