"""The wheel carries the bundled data, and the bundled rubric loads from a non-editable install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import REPO

# one worker runs this module (the module fixture builds the wheel once, not once per worker)
pytestmark = pytest.mark.xdist_group("test_packaging")

ROOT = REPO


@pytest.fixture(scope="module")
def wheel(build_wheel: Callable[[Path], Path]) -> Path:
    return build_wheel(ROOT)


def test_wheel_contains_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "zi_engine/py.typed" in names
    assert "zi_engine/_bundled/rubrics/permenpan-rb-90-2021/rubric.yaml" in names
    assert "zi_engine/_bundled/schema/rubric-area.schema.json" in names
    for template in ("base", "unit", "dashboard"):  # the reports' templates are package data
        assert f"zi_engine/report/templates/{template}.html.j2" in names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_bundled_rubric_loads_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import zi_engine, zi_engine._resources, pathlib;"
        "assert '_bundled' in str(zi_engine._resources.bundled_dir('rubrics'));"
        "r = zi_engine.load_rubric('permenpan-rb-90-2021');"
        "print(pathlib.Path(zi_engine.__file__).parent, len(r.questions))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    where, count = proc.stdout.split()
    assert Path(where) == target / "zi_engine"  # the wheel's copy, not the source checkout
    assert count == "135"


def test_a_report_renders_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    example = ROOT / "examples" / "dinkes-banjarbaru-wbk.yaml"
    code = (
        "import zi_engine; from zi_engine.report import render_unit_report;"
        "r = zi_engine.load_rubric('permenpan-rb-90-2021');"
        f"ev = zi_engine.evaluate(r, zi_engine.load_submission({str(example)!r}));"
        "html = render_unit_report(ev, lang='id'); assert '85,46' in html;"
        "assert 'Laporan Hasil Evaluasi' in html; print(len(html))"  # report.mo is shipped
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def test_wheel_ships_the_store_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "zi_engine/store/migrations/env.py" in names
    assert "zi_engine/store/migrations/script.py.mako" in names
    assert "zi_engine/store/migrations/versions/0001_initial.py" in names


def test_wheel_ships_every_compiled_catalog(wheel: Path) -> None:
    """Each catalog of the source tree is in the wheel, compiled: gettext reads only .mo files."""
    names = set(zipfile.ZipFile(wheel).namelist())
    source = ROOT / "src" / "zi_engine" / "locale"
    compiled = sorted(p.relative_to(source.parent.parent).as_posix() for p in source.rglob("*.mo"))
    assert compiled, "the source tree has no compiled catalog"
    assert [name for name in compiled if name not in names] == []
    for po in source.rglob("*.po"):  # every catalog is compiled, none left as .po only
        assert po.with_suffix(".mo").is_file(), po


def test_a_message_is_indonesian_when_installed_from_the_wheel(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import pathlib, zi_engine;"
        "from zi_engine.submission import Submission;"
        "zi_engine.set_language('id');"
        "\ntry:\n    Submission.model_validate({'year': 'x'})"
        "\nexcept zi_engine.SubmissionError as exc:\n"
        "    print(pathlib.Path(zi_engine.__file__).parent);"
        " print(exc.problems[-1].code); print(exc.problems[-1].message)"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("ZI_LANG", None)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    where, *rest = proc.stdout.splitlines()
    assert Path(where) == target / "zi_engine"  # the wheel's catalogs, not the checkout's
    assert rest[0] == "pydantic.int_type"
    assert rest[1].startswith("harus berupa bilangan bulat")
