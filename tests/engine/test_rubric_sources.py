"""``zi_rubric_sources``: a plugin provides rubrics by name; ``extends:`` reuses another's areas."""

from __future__ import annotations

import shutil
import types
from collections.abc import Mapping
from pathlib import Path

from zi_engine import Engine, hookimpl
from zi_engine._resources import bundled_dir

AREA_6 = "areas/6-peningkatan-kualitas-pelayanan-publik.yaml"


def _source_plugin(name: str, sources: Mapping[str, Path]) -> types.ModuleType:
    module = types.ModuleType(name)

    @hookimpl
    def zi_rubric_sources() -> Mapping[str, Path]:
        return sources

    module.zi_rubric_sources = zi_rubric_sources  # type: ignore[attr-defined]
    return module


def _write_rubric(directory: Path, manifest: str) -> Path:
    (directory / "areas").mkdir(parents=True)
    shutil.copy(bundled_dir("rubrics") / "permenpan-rb-90-2021" / AREA_6, directory / AREA_6)
    (directory / "rubric.yaml").write_text(manifest, encoding="utf-8")
    return directory


FULL_MANIFEST = f"""\
id: sektor-kesehatan
version: "2026.1"
title: Rubrik sektor kesehatan (uji)
regulation: {{name: PermenPAN-RB 90/2021}}
effective: {{from: 2026-01-01}}
extends: permenpan-rb-90-2021
areas:
  - {AREA_6}
"""


def test_a_plugin_rubric_is_found_by_name_and_extends_the_bundled_one(tmp_path: Path) -> None:
    directory = _write_rubric(tmp_path / "sektor", FULL_MANIFEST)
    engine = Engine(plugins=[_source_plugin("sektor", {"sektor-kesehatan": directory})])
    assert engine.rubric_sources["sektor-kesehatan"] == (directory, "sektor")
    rubric = engine.load_rubric("sektor-kesehatan")
    base = engine.load_rubric("permenpan-rb-90-2021")
    assert rubric.id == "sektor-kesehatan"
    assert set(rubric.questions) == set(base.questions)
    assert rubric.predicates == base.predicates


def test_a_rubric_can_extend_another_plugins_rubric_by_name(tmp_path: Path) -> None:
    first = _write_rubric(tmp_path / "sektor", FULL_MANIFEST)
    second = _write_rubric(
        tmp_path / "rs",
        FULL_MANIFEST.replace("id: sektor-kesehatan", "id: rumah-sakit").replace(
            "extends: permenpan-rb-90-2021", "extends: sektor-kesehatan"
        ),
    )
    engine = Engine(
        plugins=[
            _source_plugin("sektor", {"sektor-kesehatan": first}),
            _source_plugin("rs", {"rumah-sakit": second}),
        ]
    )
    assert engine.load_rubric("rumah-sakit").id == "rumah-sakit"


def test_the_minimal_extending_manifest_of_the_rubric_format_guide_loads(tmp_path: Path) -> None:
    """docs/rubric-format.md §7 shows an extending manifest with only ``id``,
    ``version``, ``extends`` and ``areas``, and says the keys it writes override
    the base's (so the others come from the base).

    Today the manifest is validated on its own before merging, so ``title``,
    ``regulation`` and ``effective`` are reported missing.
    """
    manifest = (
        f'id: kalsel-2026\nversion: "2026.1"\nextends: permenpan-rb-90-2021\nareas:\n  - {AREA_6}\n'
    )
    directory = _write_rubric(tmp_path / "minimal", manifest)
    rubric = Engine().load_rubric(directory)
    base = Engine().load_rubric("permenpan-rb-90-2021")
    assert rubric.id == "kalsel-2026"
    assert rubric.title == base.title
    assert rubric.manifest.effective == base.manifest.effective
