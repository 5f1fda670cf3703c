"""docs/review.md: its example runs, and the table it shows is what ``diff`` prints."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import zi_engine
from tests.support import REPO
from tests.support.reviews import unit_only_submission
from zi_engine.cli import _main as _cli

DOC = (REPO / "docs" / "review.md").read_text(encoding="utf-8")


def test_the_example_runs_and_ends_signed_off(monkeypatch: pytest.MonkeyPatch) -> None:
    [code] = re.findall(r"```python\n(.*?)```", DOC, re.S)
    monkeypatch.chdir(REPO)  # the example reads examples/...
    scope: dict[str, object] = {}
    exec(compile(code, "docs/review.md", "exec"), scope)
    review = scope["review"]
    assert isinstance(review, zi_engine.Review)
    assert review.signed_off
    assert review.rounds_closed == 1


def test_the_diff_table_shown_is_what_the_command_prints(tmp_path: Path) -> None:
    shown = re.search(r"\$ zi-engine diff dinkes.yaml\n(.*?)```", DOC, re.S)
    assert shown is not None
    sub = unit_only_submission().with_answers(
        {"mp.p.tim_kerja.a": "Tidak", "mp.p.rencana.b": "B"}, "tpi"
    )
    path = zi_engine.save_submission(sub, tmp_path / "dinkes.yaml")
    out = io.StringIO()
    assert _cli.main(["--no-plugins", "diff", str(path)], out=out) == 0
    assert out.getvalue() == shown.group(1)
