"""The bundled Kawasan lifecycle, provided through zi_engine's own hooks.

The integration rubric needs no hook of its own: it is a directory under the
bundled ``rubrics/``, which the rubric plugin (``rubric._builtin_sources``)
provides like the LKE.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from zi_engine._resources import bundled_dir
from zi_engine.hookspecs import hookimpl

KAWASAN_LIFECYCLE = "kawasan-permenpan-rb-90-2021"
"""Name of the bundled Kawasan lifecycle definition."""


@hookimpl
def zi_lifecycle_definitions() -> Mapping[str, Path]:
    """The bundled Kawasan lifecycle (PermenPAN-RB 90/2021, hlm. 31-35, 44-45, 54-60)."""
    return {KAWASAN_LIFECYCLE: bundled_dir("lifecycles") / f"{KAWASAN_LIFECYCLE}.yaml"}
