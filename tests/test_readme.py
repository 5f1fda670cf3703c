"""The README's Python examples run as written (from the repository root)."""

from __future__ import annotations

import re

import pytest

from tests.support import REPO

BLOCKS = re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_each_python_example_runs(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the examples name files relative to the repository root
    code = compile(BLOCKS[index], f"README.md python example {index + 1}", "exec")
    exec(code, {"__name__": "readme_example"})
