"""``zi-engine store put`` with LKE workbooks, like the other submission formats."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import zi_engine
from tests.support.store import AGENCY, DINKES, example
from zi_engine.cli import main
from zi_engine.store import Store

pytest.importorskip("openpyxl", reason="LKE workbooks need zi-engine[lke]")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-plugins", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "dinkes.xlsx"
    zi_engine.default_engine().save_lke(example("dinkes-banjarbaru-wbk.yaml"), path, drop_tpn=True)
    return path


def test_a_workbook_is_stored_as_the_unit_s_next_version(tmp_path: Path, workbook: Path) -> None:
    url = f"sqlite:///{tmp_path / 'zi.db'}"
    assert run("store", "init", url)[0] == 0
    code, out, err = run("store", "put", url, "--agency", AGENCY, "--unit", DINKES, "--year",
                         "2026", str(workbook))  # fmt: skip
    assert code == 0, err
    assert f"{DINKES} ({AGENCY}) version 1" in out
    with Store(url) as store:
        stored = store.submission(AGENCY, DINKES).submission
    original = example("dinkes-banjarbaru-wbk.yaml")
    assert set(stored.answers) == {q for q, a in original.answers.items() if a.unit is not None}
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    for layer in ("unit", "tpi"):  # the same answers, as the workbook spells them
        assert zi_engine.evaluate(rubric, stored, up_to=layer).total == pytest.approx(
            zi_engine.evaluate(rubric, original, up_to=layer).total
        )
    # the same workbook again makes no new version
    code, out, _ = run("store", "put", url, "--agency", AGENCY, "--unit", DINKES, "--year",
                       "2026", str(workbook))  # fmt: skip
    assert (code, f"{DINKES} ({AGENCY}) version 1," in out) == (0, True)


def test_a_workbook_needs_its_agency(tmp_path: Path, workbook: Path) -> None:
    url = f"sqlite:///{tmp_path / 'zi.db'}"
    run("store", "init", url)
    code, _, err = run("store", "put", url, "--unit", DINKES, "--year", "2026", str(workbook))
    assert code == 1
    assert err.strip() == f"{workbook}: the LKE workbook names no agency; give it with --agency ID"


def test_without_the_lke_extra_one_line_and_nothing_stored(
    tmp_path: Path, workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'zi.db'}"
    run("store", "init", url)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if not installed
    yaml_file = str(
        Path(__file__).resolve().parents[2] / "examples" / "rsud-idaman-area-minimum.yaml"
    )
    code, _out, err = run("store", "put", url, "--agency", AGENCY, yaml_file, str(workbook))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "zi-engine[lke]" in err
    assert "Traceback" not in err
    with Store(url) as store:
        assert store.units() == []
