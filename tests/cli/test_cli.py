"""The zi-engine command line: outputs, exit codes, and never a traceback."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO
from zi_engine.cli import _main as _cli

ROOT = REPO
EXAMPLES = ROOT / "examples"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = _cli.main(["--no-plugins", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_score_prints_a_readable_table() -> None:
    code, out, err = run("score", str(EXAMPLES / "dinkes-banjarbaru-wbk.yaml"))
    assert code == 0, err
    assert "TOTAL" in out
    assert "85.46" in out
    assert "(WBK): ELIGIBLE" in out
    assert "(WBBM): NOT ELIGIBLE" in out


def test_score_json_has_the_documented_keys() -> None:
    code, out, _ = run("score", str(EXAMPLES / "kpp-banjarbaru-wbbm.yaml"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == pytest.approx(96.29, abs=0.01)
    assert data["components"]["pengungkit"]["score"] > 40
    assert data["components"]["hasil"]["score"] > 30
    assert data["eligibility"]["WBK"]["outcome"] == "eligible"
    assert data["eligibility"]["WBBM"]["outcome"] == "eligible"
    criteria = data["eligibility"]["WBBM"]["criteria"]
    assert {"id", "label", "actual", "required", "gap", "outcome", "source"} <= set(criteria[0])
    assert data["rubric"]["hash"].startswith("sha256:")


def test_score_markdown() -> None:
    code, out, _ = run(
        "score", str(EXAMPLES / "rsud-idaman-area-minimum.yaml"), "--format", "markdown"
    )
    assert code == 0
    assert out.startswith("## ")
    assert "| FAIL | Penguatan Pengawasan ≥ 60% |" in out


def test_score_portal_json() -> None:
    code, out, _ = run(
        "score",
        str(EXAMPLES / "kpp-banjarbaru-wbbm.portalrb.json"),
        "--portalrb",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    # the portal carries no gate facts: the verdict cannot be "eligible"
    assert data["eligibility"]["WBBM"]["outcome"] == "inconclusive"
    assert data["total"] == pytest.approx(96.29, abs=0.01)


def test_plan_command() -> None:
    code, out, _ = run("plan", str(EXAMPLES / "rsud-idaman-area-minimum.yaml"), "--target", "WBK")
    assert code == 0
    assert "after these steps eligible" in out


def test_validate_bundled_rubric() -> None:
    code, out, _ = run("rubric", "validate", "permenpan-rb-90-2021")
    assert code == 0
    assert out.startswith("valid: permenpan-rb-90-2021 2021.1")
    assert "127 with a portal soal_id" in out


def test_validate_lists_every_problem_located(tmp_path: Path) -> None:
    target = tmp_path / "r"
    shutil.copytree(ROOT / "rubrics" / "permenpan-rb-90-2021", target)
    manifest = target / "rubric.yaml"
    manifest.write_text(manifest.read_text().replace('version: "2021.1"', "version: 2021.1"))
    area = target / "areas" / "1-manajemen-perubahan.yaml"
    area.write_text(area.read_text().replace("answer: abcd", "answer: abcdf", 1))
    code, out, err = run("rubric", "validate", str(target))
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[-1] == f"zi-engine: {len(lines) - 1} problems"
    assert any(f"{manifest}:" in line and "version" in line for line in lines)
    assert "Traceback" not in err


def test_show_prints_the_tree() -> None:
    code, out, _ = run("rubric", "show", "permenpan-rb-90-2021")
    assert code == 0
    assert "Pengungkit  [60]" in out
    assert "Penguatan Pengawasan  [7.5]" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("unit: &a [*a]\n", "anchors and aliases"),
        ("!!python/object/apply:os.system ['true']\n", "tag"),
        ("year: 2026\nyear: 2027\n", "appears twice"),
        ("", "empty"),
    ],
)
def test_hostile_submission_files_are_one_line_errors(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    code, _out, err = run("score", str(path))
    assert code == 1
    assert len(err.strip().splitlines()) == 1  # one line: FILE:LINE:COL: message
    assert message in err.lower()
    assert "Traceback" not in err


def test_missing_file() -> None:
    code, _, err = run("score", "no/such/file.yaml")
    assert code == 1
    assert "no such file" in err


def test_internal_errors_are_reported_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> int:
        raise RuntimeError("kaboom")

    monkeypatch.setitem(_cli._COMMANDS, "plugins", boom)
    code, _, err = run("plugins")
    assert code == 3
    assert "internal error (RuntimeError: kaboom)" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _cli.main(["score"])
    assert info.value.code == 2


def test_console_script_end_to_end() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "zi_engine",
            "--no-plugins",
            "score",
            str(EXAMPLES / "dinkes-banjarbaru-wbk.yaml"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["eligibility"]["WBK"]["outcome"] == "eligible"
