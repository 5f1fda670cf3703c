"""Rubric validation: every problem is found, and each points at its file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import zi_engine
from zi_engine import RubricError

MINI = Path(__file__).parent / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(directory: Path) -> list[zi_engine.Problem]:
    with pytest.raises(RubricError) as info:
        zi_engine.load_rubric(directory)
    return list(info.value.problems)


def test_the_mini_rubric_is_valid() -> None:
    rubric = zi_engine.load_rubric(MINI)
    assert rubric.id == "mini"
    assert rubric.version == "1.0"


# (file, old text, new text, expected line, words the message must contain)
CASES = [
    ("rubric.yaml", 'version: "1.0"', "version: 1.10", 3, ['"1.10"']),
    (
        "rubric.yaml",
        "    weight: 40\n",
        "    weigth: 40\n",
        22,
        ["unknown field 'weigth'", "weight"],
    ),
    (
        "areas/a.yaml",
        "            weight: 30\n            questions:\n              - id: a.p",
        "            weight: 25\n            questions:\n              - id: a.p",
        10,
        ["weigh 25", "30"],
    ),
    ("areas/a.yaml", "soal_id: 2", "soal_id: 1", 19, ["soal_id 1"]),
    ("areas/a.yaml", "answer: ya_tidak", "answer: ya_tidak_mungkin", 21, ["unknown answer type"]),
    (
        "areas/a.yaml",
        "numerator: [a.r.dua.selesai]",
        "numerator: [a.r.dua.tidak_ada]",
        40,
        ["a.r.dua.tidak_ada"],
    ),
    (
        "areas/a.yaml",
        "denominator: [a.r.dua.jumlah]",
        "denominator: [a.p.satu.a]",
        41,
        ["not a count"],
    ),
    ("areas/a.yaml", "                zero_denominator: 1\n", "", 37, ["zero_denominator"]),
    ("areas/a.yaml", "id: a.p.satu.b", "id: a.p.satu.a", 18, ["question id 'a.p.satu.a'"]),
    ("hasil.yaml", "    weight: 40\n    scoring", "    weight: 30\n    scoring", 5, ["weighs 30"]),
    ("hasil.yaml", "        weight: 40", "        weight: 35", 5, ["questions weigh 35"]),
    ("rubric.yaml", "        min: 75", "        min: 175", 30, ["cannot be reached"]),
    ("rubric.yaml", "min_grade: B", "min_grade: Z", 41, ["grade 'Z'"]),
    ("rubric.yaml", "kind: score_min", "kind: score_max", 32, ["unknown criterion kind"]),
    ("rubric.yaml", "node: total", "node: totally", 30, ["does not exist"]),
    ("areas/a.yaml", "component: pengungkit", "component: pengungkitt", 1, ["not declared"]),
    ("areas/a.yaml", "      reform:\n", "      reformasi:\n", 23, ["'reformasi' is not a part"]),
    (
        "hasil.yaml",
        "answer: survey_index",
        "answer: survey_index\n        options: {A: x}",
        8,
        ["has no options"],
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "line", "words"), CASES)
def test_a_defect_is_reported_at_its_line(
    mini: Path, file: str, old: str, new: str, line: int, words: list[str]
) -> None:
    _edit(mini / file, old, new)
    problems = _problems(mini)
    located = [p for p in problems if p.file and p.file.endswith(file) and p.line == line]
    assert located, "\n".join(map(str, problems))
    text = " ".join(p.message for p in located)
    for word in words:
        assert word in text, "\n".join(map(str, problems))


def test_every_problem_in_every_file_is_reported(mini: Path) -> None:
    _edit(mini / "areas/a.yaml", "soal_id: 2", "soal_id: 1")
    _edit(mini / "areas/a.yaml", "answer: ya_tidak", "answer: yatidak")
    _edit(mini / "hasil.yaml", "        weight: 40", "        weight: 35")
    problems = _problems(mini)
    assert len(problems) >= 3
    assert {Path(p.file or "").name for p in problems} >= {"a.yaml", "hasil.yaml"}


def test_problem_format_is_file_line_col_path_message(mini: Path) -> None:
    _edit(mini / "rubric.yaml", 'version: "1.0"', "version: 2")
    (problem,) = _problems(mini)
    assert str(problem) == (
        f"{mini / 'rubric.yaml'}:3:10: version: expected text, got the number 2; "
        'write it in quotes: "2"'
    )


def test_missing_area_file_is_named(mini: Path) -> None:
    (mini / "hasil.yaml").unlink()
    (problem,) = _problems(mini)
    assert problem.line == 25
    assert "hasil.yaml" in problem.message


def test_area_files_cannot_escape_the_rubric_directory(mini: Path) -> None:
    _edit(mini / "rubric.yaml", "  - hasil.yaml", "  - ../mini/hasil.yaml")
    assert any("leaves the rubric directory" in p.message for p in _problems(mini))


def test_unknown_rubric_name_lists_known_ones() -> None:
    with pytest.raises(RubricError, match="permenpan-rb-90-2021"):
        zi_engine.load_rubric("no-such-rubric")


def test_yaml_1_1_surprises_do_not_happen(mini: Path) -> None:
    # 'no' as an option key stays the text "no" (YAML 1.2), so options type sees it
    _edit(
        mini / "areas/a.yaml",
        "                answer: ya_tidak",
        "                answer: options\n"
        "                options:\n"
        "                  yes: {text: Ya, value: 1}\n"
        "                  no: {text: Tidak, value: 0}",
    )
    rubric = zi_engine.load_rubric(mini)
    assert set(rubric.question("a.p.satu.b").options or {}) == {"yes", "no"}


def test_dump_then_load_gives_an_equal_rubric(tmp_path: Path) -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    again = zi_engine.load_rubric(rubric.dump(tmp_path / "copy", schema_dir="schema"))
    assert again == rubric
    assert again.content_hash == rubric.content_hash
    assert (
        (tmp_path / "copy/areas/1-manajemen-perubahan.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../schema/rubric-area.schema.json")
    )


def test_content_hash_ignores_formatting_but_not_content(mini: Path) -> None:
    before = zi_engine.load_rubric(mini).content_hash
    _edit(mini / "areas/a.yaml", "text: Pertanyaan satu", "text: 'Pertanyaan satu'  # quoted")
    assert zi_engine.load_rubric(mini).content_hash == before
    _edit(mini / "areas/a.yaml", "text: 'Pertanyaan satu'", "text: Pertanyaan pertama")
    assert zi_engine.load_rubric(mini).content_hash != before


@pytest.mark.parametrize("version", ['"2026.1"', "2026.1"])
def test_a_misspelt_extends_is_reported_first_and_alone(tmp_path: Path, version: str) -> None:
    """Not the title, regulation and effective period the base would have provided."""
    (tmp_path / "rubric.yaml").write_text(
        f"id: turunan\nversion: {version}\nextends: permenpan-rb-90-2012\nareas: []\n",
        encoding="utf-8",
    )
    problems = _problems(tmp_path)
    first = problems[0]
    assert (first.path, first.line, first.column) == ("extends", 3, 10)
    assert first.message.startswith(
        "no rubric 'permenpan-rb-90-2012' (did you mean 'permenpan-rb-90-2021'?)"
    )
    assert not any("required field" in p.message for p in problems)
    # the manifest's own mistakes are still reported, after it
    assert [p.path for p in problems] == (
        ["extends", "version"] if version[0] != '"' else ["extends"]
    )


def test_a_misspelt_extends_in_a_complete_manifest_is_reported_once(mini: Path) -> None:
    _edit(mini / "rubric.yaml", 'version: "1.0"\n', 'version: "1.0"\nextends: ../no-such-base\n')
    (problem,) = _problems(mini)
    assert problem.path == "extends"
    assert "no rubric '../no-such-base'" in problem.message
