"""The zi-engine command line: outputs, exit codes, and never a traceback."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import zi_engine
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


# ------------------------------------------------------------------ where a submission comes from


def _stdin_run(data: bytes, *argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "zi_engine", "--no-plugins", *argv],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", ["score", "plan"])
@pytest.mark.parametrize(
    "name", ["dinkes-banjarbaru-wbk.yaml", "dinkes-banjarbaru-wbk.portalrb.json"]
)
def test_dash_reads_the_submission_from_standard_input(command: str, name: str) -> None:
    portal = ["--portalrb"] if name.endswith(".portalrb.json") else []
    proc = _stdin_run((EXAMPLES / name).read_bytes(), command, "-", *portal, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    from_file = run(command, str(EXAMPLES / name), *portal, "--format", "json")
    assert json.loads(proc.stdout) == json.loads(from_file[1])


def test_json_on_standard_input_is_told_from_yaml() -> None:
    data = json.dumps(
        {"unit": {"id": "U", "name": "U", "agency": {"id": "A"}}, "year": 2026, "answers": {}}
    )
    proc = _stdin_run(data.encode(), "score", "-", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["unit"]["id"] == "U"
    proc = _stdin_run(b'{"year": 2026, "year": 2027}', "score", "-")
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith("<stdin>:1:16: the key 'year' appears twice")


def test_a_folder_a_device_and_a_fifo_say_what_they_are(tmp_path: Path) -> None:
    code, _, err = run("score", str(tmp_path))
    assert (code, err) == (1, f"{tmp_path}: this is a folder, not a file\n")
    if Path("/dev/null").exists():
        code, _, err = run("plan", "/dev/null")
        assert (code, err) == (1, "/dev/null: this is a device (such as /dev/null), not a file\n")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        code, _, err = run("score", "--portalrb", str(tmp_path / "pipe"))
        assert (code, err) == (1, f"{tmp_path / 'pipe'}: this is a named pipe (FIFO), not a file\n")


def test_answer_errors_are_located_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    text = (EXAMPLES / "rsud-idaman-area-minimum.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "mp.p.rencana.a:")
    value = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("value:"))
    lines[value] = lines[value].replace("Ya", "x", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run("score", str(path))
    assert code == 1
    column = lines[value].index("x") + 1
    assert err == (
        f"{path}:{value + 1}:{column}: answers.mp.p.rencana.a.unit: question mp.p.rencana.a "
        "(soal_id 3), unit answer: 'x' is not an option; expected one of Ya, Tidak\n"
    )


def test_answers_for_another_rubric_do_not_print_a_line_each() -> None:
    mini = ROOT / "tests" / "rubric" / "mini"
    code, _, err = run("score", str(EXAMPLES / "dinkes-banjarbaru-wbk.yaml"), "--rubric", str(mini))
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 12  # the summary, the first ten, the count
    assert "none of the 127 answers is to a question of rubric mini" in lines[0]
    assert lines[-1] == "zi-engine: 11 problems"


# ------------------------------------------------------------------ alongside a portal file


def test_agency_facts_and_target_are_given_alongside_a_portal_file(tmp_path: Path) -> None:
    from zi_engine.safeio import dump_yaml

    sub = zi_engine.Engine().load_submission(EXAMPLES / "kpp-banjarbaru-wbbm.yaml")
    facts = tmp_path / "facts.yaml"
    facts.write_text(dump_yaml(sub.facts.model_dump(mode="json")), encoding="utf-8")
    portal = str(EXAMPLES / "kpp-banjarbaru-wbbm.portalrb.json")
    code, out, err = run(
        "score", portal, "--portalrb", "--agency", "KEMENKEU", "--agency-type", "central",
        "--facts", str(facts), "--target", "WBBM", "--as-of", "2026-05-20", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["eligibility"]["WBBM"]["outcome"] == "eligible"  # the facts arrived
    assert data["target"] == "WBBM"
    assert data["unit"]["agency"] == "KEMENKEU"
    code, out, _ = run("plan", portal, "--portalrb", "--facts", str(facts), "--target", "WBBM")
    assert code == 0
    assert "Target WBBM" in out


def test_a_bad_facts_file_is_located(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("agency:\n  spip_level: tiga\n", encoding="utf-8")
    portal = str(EXAMPLES / "kpp-banjarbaru-wbbm.portalrb.json")
    code, _, err = run("score", portal, "--portalrb", "--facts", str(facts))
    assert code == 1
    assert err.startswith(f"{facts}:2:15: agency.spip_level: ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--agency", "X"], "--agency: only with --portalrb"),
        (["--facts", "f.yaml", "--agency-type", "central"], "--agency-type, --facts: only with"),
        (["--portalrb", "--facts", "-"], "FILE and --facts cannot both be '-'"),
        (["--target", "wbk"], "'wbk' is not a predicate id"),
    ],
)
def test_portal_flags_are_usage_errors_where_they_mean_nothing(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        _cli.main(["--no-plugins", "score", "-", *argv])
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_target_on_score_replaces_the_submissions() -> None:
    code, out, _ = run("score", str(EXAMPLES / "dinkes-banjarbaru-wbk.yaml"), "--target", "WBBM")
    assert code == 0
    assert "target WBBM" in out.splitlines()[0]
