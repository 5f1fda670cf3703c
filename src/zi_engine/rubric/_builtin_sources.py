"""The bundled rubrics, provided through zi_engine's own ``zi_rubric_sources`` hook."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from zi_engine._resources import bundled_dir
from zi_engine.hookspecs import hookimpl


@hookimpl
def zi_rubric_sources() -> Mapping[str, Path]:
    """Every directory under the bundled ``rubrics/`` that has a ``rubric.yaml``."""
    root = bundled_dir("rubrics")
    return {
        d.name: d for d in sorted(root.iterdir()) if d.is_dir() and (d / "rubric.yaml").is_file()
    }
