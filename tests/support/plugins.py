"""Helpers for plugin tests: fake installed distributions and the example plugin's presence.

A fake distribution is what ``pip install`` leaves in ``site-packages``: a
``<name>-<version>.dist-info`` folder with ``METADATA`` and
``entry_points.txt``, next to the plugin's modules. Putting such a folder on
``sys.path`` makes :mod:`importlib.metadata` (and so zi_engine) see it exactly
as it sees a real install, without installing anything.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

PLUGIN_ENV_VARS = ("ZI_ENGINE_PLUGINS", "ZI_ENGINE_DISABLE_PLUGINS", "ZI_KALSEL_AUDIT_LOG")


def kalsel_installed() -> bool:
    """Whether the example plugin distribution ``zi-engine-kalsel`` is installed."""
    try:
        metadata.distribution("zi-engine-kalsel")
    except metadata.PackageNotFoundError:
        return False
    return True


KALSEL_MISSING_REASON = (
    "the example plugin is not installed; run "
    "`.venv/bin/pip install ./examples/plugin-kalsel` (the project's test setup does this "
    'with `pip install -e ".[test]" ./examples/plugin-kalsel`)'
)


@dataclass
class FakeDists:
    """A folder on ``sys.path`` holding fake installed distributions.

    Add every distribution a test needs before the first engine looks at
    entry points (``importlib.metadata`` caches a folder's listing by its
    modification time).
    """

    root: Path
    modules: list[str] = field(default_factory=list)

    def add(
        self,
        dist: str,
        entry_points: Mapping[str, str],
        modules: Mapping[str, str] | None = None,
        *,
        version: str = "1.0",
    ) -> Path:
        """Install ``dist`` with ``{entry point name: "module[:attr]"}`` and module sources."""
        stem = re.sub(r"[-_.]+", "_", dist)
        info = self.root / f"{stem}-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
        )
        lines = ["[zi_engine]", *(f"{name} = {target}" for name, target in entry_points.items())]
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for module, source in (modules or {}).items():
            (self.root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
            self.modules.append(module)
        return info


GOOD_PLUGIN = """
    from zi_engine import ChoiceAnswerType, hookimpl

    @hookimpl
    def zi_answer_types():
        return [ChoiceAnswerType({name!r}, {{"Ya": 1.0, "Tidak": 0.0}})]
"""


def good_plugin(answer_type: str) -> str:
    """Source of a plugin module that provides one Ya/Tidak answer type named ``answer_type``."""
    return GOOD_PLUGIN.format(name=answer_type)
