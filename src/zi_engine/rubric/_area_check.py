"""Checking one area file on its own, without the rubric it belongs to.

An author editing ``areas/3-penataan-sdm.yaml`` wants its mistakes before the
whole rubric is put together. The file is read and validated as the loader
does; then it is checked against a manifest made to fit it (its component,
weighing what its areas weigh, with the parts its areas have), so every rule
that lies inside the file – weights that add up, ids that are unique, answer
types and their options, counts and formulas – is checked as in a whole
rubric. What needs the other files is left to ``rubric validate DIR``: the
component's weight in the manifest, and formula inputs in another file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from zi_engine._errors import Problem, RubricError
from zi_engine._i18n import Text
from zi_engine.rubric._binding import compile_items
from zi_engine.rubric._checks import check_rubric
from zi_engine.rubric._files import Problems, read_model
from zi_engine.rubric._model import AreaFile, Manifest
from zi_engine.rubric._tree import build_tree
from zi_engine.rubric._warnings import prefix_warnings

__all__ = ["check_area_file"]

_FITTED = "<manifest>"
# findings that need the rest of the rubric: a formula may read a count of another file
_NEEDS_OTHER_FILES = frozenset({"rubric.formula_unknown_ref"})


def check_area_file(path: str | Path, answer_types: Mapping[str, Any]) -> list[Problem]:
    """Check the area file ``path`` on its own; return its warnings.

    Raises :class:`RubricError` listing every problem found, located in the file.
    """
    shown = str(path)
    collector = Problems([Manifest, AreaFile])
    content, _ = read_model(Path(path), AreaFile, collector)
    if content is None:
        raise RubricError(collector.problems())
    manifest = _fitted_manifest(content, Path(path).name)
    tree = build_tree(manifest, [(shown, content.component, content.areas)])
    compile_items(tree, answer_types, manifest)
    for file, where, message in check_rubric(
        _FITTED, manifest, [(shown, content)], tree, answer_types, {}, collector.where
    ):
        code = message.code if isinstance(message, Text) else None
        if file != _FITTED and code not in _NEEDS_OTHER_FILES:
            collector.add(file, where, message)
    if collector:
        raise RubricError(collector.problems())
    return collector.located(prefix_warnings([(shown, content)]))


def _fitted_manifest(content: AreaFile, name: str) -> Manifest:
    """A manifest whose only component is the file's, weighing exactly what its areas weigh."""
    parts: dict[str, float] = {}
    for area in content.areas:
        for part_id, part in (area.parts or {}).items():
            parts[part_id] = parts.get(part_id, 0.0) + part.weight
    weight = sum(area.weight for area in content.areas)
    return Manifest.model_validate(
        {
            "id": "area-check",
            "version": "0",
            "title": name,
            "regulation": {"name": name},
            "effective": {"from": "2000-01-01"},
            "total": weight,
            "components": [
                {
                    "id": content.component,
                    "label": content.component,
                    "weight": weight,
                    "parts": [{"id": p, "label": p, "weight": w} for p, w in parts.items()],
                }
            ],
            "areas": [name] if name.endswith((".yaml", ".yml")) else ["area.yaml"],
            # the manifest's default for 0/0 is not known here: not asked of formulas
            "policies": {"zero_denominator_default": 0},
        }
    )
