"""``zi-engine rubric validate`` on one area file, and ``zi-engine rubric new``."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import zi_engine
from zi_engine import use_language
from zi_engine.cli import _main as _cli

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "rubric" / "mini"
AUTHORS = ROOT / "tests" / "rubric" / "authors"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with use_language("en"):
        code = _cli.main(["--no-plugins", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_one_area_file_is_checked_on_its_own() -> None:
    code, out, err = run("rubric", "validate", str(MINI / "areas" / "a.yaml"))
    assert code == 0, err
    assert out.startswith(f"valid: {MINI / 'areas' / 'a.yaml'} (checked on its own")


def test_every_bundled_area_file_is_valid_on_its_own() -> None:
    bundled = ROOT / "rubrics" / "permenpan-rb-90-2021"
    for path in sorted(bundled.rglob("*.yaml")):
        if path.name != "rubric.yaml":
            code, _, err = run("rubric", "validate", str(path))
            assert code == 0, err


def test_an_area_file_on_its_own_reports_its_own_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "a.yaml"
    text = (MINI / "areas" / "a.yaml").read_text(encoding="utf-8")
    # a sub-area that weighs 30 whose parent part weighs 30 too; make it 25
    bad.write_text(text.replace("            weight: 30\n", "            weight: 25\n", 1))
    code, _out, err = run("rubric", "validate", str(bad))
    assert code == 1
    assert f"{bad}:10:11: areas[0].parts.pemenuhan.sub_areas: the sub-areas of 'pemenuhan'" in err
    assert "weigh 25 together, but it weighs 30" in err


def test_an_area_file_with_a_yaml_mistake(tmp_path: Path) -> None:
    bad = tmp_path / "a.yaml"
    shutil.copy(AUTHORS / "missing-dash.yaml", bad)
    code, _, err = run("rubric", "validate", str(bad))
    assert code == 1
    assert f"{bad}:19:17: the key 'id' appears again in the same list item" in err


def test_validate_prints_warnings_and_passes(tmp_path: Path) -> None:
    rubric = tmp_path / "mini"
    shutil.copytree(MINI, rubric)
    shutil.copy(AUTHORS / "moved-question.yaml", rubric / "areas" / "a.yaml")
    code, out, err = run("rubric", "validate", str(rubric))
    assert code == 0, err
    assert out.startswith("valid: mini 1.0")
    assert f"warning: {rubric / 'areas' / 'a.yaml'}:34:21:" in out
    code, out, _ = run("rubric", "validate", str(rubric / "areas" / "a.yaml"))
    assert code == 0
    assert "warning:" in out
    assert "'b.r.dua.selesai'" in out


def test_new_writes_a_rubric_that_validates_and_scores(tmp_path: Path) -> None:
    target = tmp_path / "rubrik"
    code, out, err = run("rubric", "new", str(target))
    assert code == 0, err
    assert "zi-engine rubric validate" in out
    manifest = (target / "rubric.yaml").read_text(encoding="utf-8")
    area = (target / "areas" / "manajemen-perubahan.yaml").read_text(encoding="utf-8")
    # the editor's schema line points into the rubric's own folder, so it survives a copy
    assert manifest.startswith("# yaml-language-server: $schema=schema/rubric-manifest.schema")
    assert area.startswith("# yaml-language-server: $schema=../schema/rubric-area.schema")
    assert (target / "schema" / "rubric-area.schema.json").is_file()
    assert "tanggal ditulis YYYY-MM-DD" in manifest  # Indonesian comments
    code, out, err = run("rubric", "validate", str(target))
    assert code == 0, err
    assert run("rubric", "validate", str(target / "areas" / "manajemen-perubahan.yaml"))[0] == 0
    copied = tmp_path / "elsewhere" / "salinan"
    shutil.copytree(target, copied)
    rubric = zi_engine.load_rubric(copied)
    sub = zi_engine.Submission.model_validate(
        {
            "unit": {"id": "U-1", "name": "Unit", "agency": {"id": "A"}},
            "year": 2026,
            "answers": {"mp.tim_kerja.a": "Ya", "mp.tim_kerja.b": "B"},
        }
    )
    total = zi_engine.evaluate(rubric, sub).total
    assert abs(total - (1 + 0.67) / 2 * 100) < 1e-9  # mean of Ya (1) and B (0.67) x 100


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x")
    code, _, err = run("rubric", "new", str(tmp_path))
    assert code == 1
    assert "already exists and is not an empty folder" in err
