"""The examples stay true: each unit has the verdict its name promises, and the program runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

import zi_engine
from tests.support import EXAMPLES_DIR

EXAMPLES = EXAMPLES_DIR


@pytest.mark.parametrize(
    ("name", "wbk", "wbbm", "wbk_failed"),
    [
        ("dinkes-banjarbaru-wbk", "eligible", "not_eligible", ()),
        (
            "rsud-idaman-area-minimum",
            "not_eligible",
            "not_eligible",
            ("area_minimum.penguatan_pengawasan",),
        ),
        ("kpp-banjarbaru-wbbm", "eligible", "eligible", ()),
    ],
)
def test_example_units_have_the_promised_verdicts(
    name: str, wbk: str, wbbm: str, wbk_failed: tuple[str, ...]
) -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    ev = zi_engine.evaluate(rubric, zi_engine.load_submission(EXAMPLES / f"{name}.yaml"))
    assert ev.eligibility["WBK"].outcome == wbk
    assert ev.eligibility["WBBM"].outcome == wbbm
    assert ev.eligibility["WBK"].failed == wbk_failed
    assert ev.missing_answers == ()


def test_the_embedding_program_runs() -> None:
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "embed_agency_app.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "WBK: not_eligible" in proc.stdout
    assert "to become eligible" in proc.stdout
    assert "portal JSON written to" in proc.stdout
