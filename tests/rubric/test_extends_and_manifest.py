"""Long ``extends`` chains, and a manifest that lists itself, get the right message.

A non-cyclic chain of 12 ``extends`` was reported as a cycle (the depth limit
and the cycle shared one message), and a manifest listing itself as an area
file gave "unknown field 'id' (did you mean 'id'?)".
"""

from __future__ import annotations

from pathlib import Path

import pytest

import zi_engine
from zi_engine import RubricError
from zi_engine.rubric._loading import MAX_EXTENDS_DEPTH

MINI = Path(__file__).parent / "mini"


def _chain(tmp_path: Path, rubrics: int) -> Path:
    """``rubrics`` rubric folders, r0 extending r1 ... extending the bundled rubric."""
    for i in range(rubrics):
        base = f"../r{i + 1}" if i + 1 < rubrics else "permenpan-rb-90-2021"
        folder = tmp_path / f"r{i}"
        folder.mkdir()
        (folder / "rubric.yaml").write_text(
            f'id: r{i}\nversion: "1"\nextends: {base}\nareas: []\n', encoding="utf-8"
        )
    return tmp_path / "r0"


def test_a_chain_of_twelve_extends_is_not_a_cycle(tmp_path: Path) -> None:
    rubric = zi_engine.load_rubric(_chain(tmp_path, 12))  # 12 extends, 13 rubrics
    assert rubric.id == "r0"
    assert rubric.manifest.total == zi_engine.load_rubric("permenpan-rb-90-2021").manifest.total


def test_a_chain_past_the_limit_says_so_not_cycle(tmp_path: Path) -> None:
    with pytest.raises(RubricError) as raised:
        zi_engine.load_rubric(_chain(tmp_path, MAX_EXTENDS_DEPTH + 1))
    text = str(raised.value)
    assert f"chain of more than {MAX_EXTENDS_DEPTH} rubrics deep" in text
    assert "extends itself" not in text


def test_a_manifest_listing_itself_is_named_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    folder.mkdir()
    for path in MINI.rglob("*"):
        target = folder / path.relative_to(MINI)
        if path.is_dir():
            target.mkdir()
        else:
            target.write_bytes(path.read_bytes())
    manifest = folder / "rubric.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("  - hasil.yaml\n", "  - rubric.yaml\n"),
        encoding="utf-8",
    )
    with pytest.raises(RubricError) as raised:
        zi_engine.load_rubric(folder)
    text = str(raised.value)
    assert "'rubric.yaml' is this manifest, not an area file" in text
    assert "did you mean 'id'" not in text
