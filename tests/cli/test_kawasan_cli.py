"""``zi-engine kawasan score``: the example port as a table and as JSON; bad files exit 1."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests.support import EXAMPLES_DIR
from zi_engine.cli import main

EXAMPLE = str(EXAMPLES_DIR / "kawasan-pelabuhan-tanjung-priok" / "kawasan.yaml")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-plugins", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_example_port_as_a_table() -> None:
    code, out, err = _run("kawasan", "score", EXAMPLE)
    assert (code, err) == (0, "")
    assert "Members (5 units of 4 agencies)" in out
    assert "Kawasan Menuju Wilayah Bebas dari Korupsi (WBK): NOT ELIGIBLE" in out
    assert "FAIL member KKP-TJPRIOK does not meet Menuju WBK" in out
    assert "Skor integrasi proses bisnis minimal 6,5: 7.17 meets the minimum 6.50" in out
    assert "What it would take (Menuju WBK)\n  KKP-TJPRIOK (KEMENKES)" in out


def test_the_example_port_as_json() -> None:
    code, out, _ = _run("kawasan", "score", EXAMPLE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["kawasan"]["agencies"] == ["KEMENHUB", "KEMENKEU", "KEMENKUMHAM", "KEMENKES"]
    assert data["eligibility"]["WBK"]["failed"] == ["member.KEMENKES.KKP-TJPRIOK"]
    assert round(data["integration"]["score"], 2) == 7.17
    take = data["what_it_would_take"]
    assert [m["unit_id"] for m in take["members"]] == ["KKP-TJPRIOK"]
    assert take["members"][0]["plan"]["achievable"] is True


def test_only_the_joint_tpi_layer_counts_with_layer_unit() -> None:
    code, out, _ = _run("kawasan", "score", EXAMPLE, "--format", "json", "--layer", "unit")
    assert code == 0
    assert json.loads(out)["integration"]["score"] == 0  # the example answers in the TPI layer


def test_a_bad_file_is_located_lines_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "k.yaml"
    bad.write_text("kawasan:\n  id: K\n  name: K\n  kind: pelabuhan\nyear: 2026\nmembers: []\n")
    code, out, err = _run("kawasan", "score", str(bad))
    assert code == 1
    assert out == ""
    assert err.startswith(f"{bad}:6:")
    assert "Traceback" not in err
    code, _, err = _run("kawasan", "score", str(tmp_path / "missing.yaml"))
    assert code == 1
    assert "Traceback" not in err
