"""Start-up cost: what ``import zi_engine`` and each command import (timed in benchmarks/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "examples" / "dinkes-banjarbaru-wbk.yaml"

_RUN = """
import json, sys
from zi_engine.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _after(argv: list[str]) -> set[str]:
    return _modules(_RUN.format(argv=argv))


def test_import_zi_engine_imports_no_stage_and_no_dependency() -> None:
    loaded = _modules(
        "import json, sys, zi_engine\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    ours = {m for m in loaded if m.startswith("zi_engine")}
    assert ours <= {"zi_engine", "zi_engine._defaults", "zi_engine._lazy"}  # no stage
    assert not loaded & {"pydantic", "yaml", "pluggy", "transitions"}


@pytest.mark.parametrize("argv", [["--help"], ["rubric", "--help"], ["score"]])
def test_parsing_the_command_line_imports_none_of_the_library(argv: list[str]) -> None:
    """``--help`` and usage errors answer at once: no engine, no pydantic, no YAML."""
    loaded = _after(argv)
    assert not loaded & {"pydantic", "yaml", "pluggy", "transitions", "zi_engine.engine"}


def test_validating_a_rubric_imports_neither_the_lifecycle_nor_planning() -> None:
    loaded = _after(["--no-plugins", "rubric", "validate", "permenpan-rb-90-2021"])
    assert "zi_engine.rubric._loading" in loaded  # it did validate
    assert "transitions" not in loaded
    unneeded = ("zi_engine.lifecycle._machine", "zi_engine.planning", "zi_engine.render._schema")
    assert not loaded & set(unneeded)


def test_scoring_imports_no_lifecycle_machine() -> None:
    loaded = _after(["--no-plugins", "score", str(EXAMPLE)])
    assert "zi_engine.scoring._score" in loaded
    assert "transitions" not in loaded
    assert "zi_engine.lifecycle._machine" not in loaded
