"""A rubric's files as plain data: written as YAML text, into a directory or through the loader,
and the line where a value starts in YAML text."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import yaml

from zi_engine.engine._engine import Engine, default_engine
from zi_engine.rubric._rubric import Rubric
from zi_engine.safeio import dump_yaml

Documents = dict[str, dict[str, Any]]
"""A rubric's files as plain data: file name (relative to the rubric directory) → content.

``"rubric.yaml"`` is the manifest; every other entry is an area file it lists.
"""


def _dump_yaml(data: Any) -> str:
    """``data`` as YAML text, written as zi_engine writes rubrics and submissions."""
    return dump_yaml(data)


def documents_to_yaml(documents: Documents) -> dict[str, str]:
    """Each file of ``documents`` as YAML text, written so that zi_engine reads it back
    as the same data."""
    return {name: _dump_yaml(data) for name, data in documents.items()}


def write_documents(documents: Documents | Mapping[str, str], directory: str | Path) -> Path:
    """Write rubric files (data or YAML text) into ``directory``; return the directory."""
    root = Path(directory)
    for name, content in documents.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else _dump_yaml(content)
        path.write_text(text, encoding="utf-8")
    return root


def load_documents(
    documents: Documents | Mapping[str, str], *, engine: Engine | None = None
) -> Rubric:
    """Load rubric files (data or YAML text) through the real loader, via a temporary
    directory. Raises :class:`~zi_engine.RubricError` like ``load_rubric``."""
    engine = engine or default_engine()
    with tempfile.TemporaryDirectory(prefix="zi-rubric-") as tmp:
        return engine.load_rubric(write_documents(documents, tmp))


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line where the value at ``path`` starts in YAML ``text`` (the deepest
    existing node on the way when ``path`` does not exist), read with PyYAML's composer."""
    node: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    for key in path:
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if k.value == str(key)]
            if not found:
                break
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return None if node is None else cast(int, node.start_mark.line) + 1
