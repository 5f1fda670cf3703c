"""The example plugin builds into a wheel with its code, its rubric data and its entry point.

Runs whether or not the plugin is installed: it builds the wheel from
``examples/plugin-kalsel`` itself.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import EXAMPLES_DIR

# one worker runs this module (the module fixture builds the wheel once, not once per worker)
pytestmark = pytest.mark.xdist_group("test_kalsel_package")

PLUGIN = EXAMPLES_DIR / "plugin-kalsel"


@pytest.fixture(scope="module")
def wheel(build_wheel: Callable[[Path], Path]) -> zipfile.ZipFile:
    return zipfile.ZipFile(build_wheel(PLUGIN))


def test_the_wheel_carries_the_rubric_and_py_typed(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert {
        "zi_engine_kalsel/__init__.py",
        "zi_engine_kalsel/plugin.py",
        "zi_engine_kalsel/py.typed",
        "zi_engine_kalsel/rubrics/kalsel-2026/rubric.yaml",
        "zi_engine_kalsel/rubrics/kalsel-2026/areas/6-peningkatan-kualitas-pelayanan-publik.yaml",
    } <= names
    assert not any("__pycache__" in n for n in names)


def test_the_wheel_declares_the_entry_point_and_the_zi_engine_dependency(
    wheel: zipfile.ZipFile,
) -> None:
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "[zi_engine]\nkalsel = zi_engine_kalsel.plugin\n" in text
    (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    headers = wheel.read(metadata).decode()
    assert "Name: zi-engine-kalsel\n" in headers
    assert "Requires-Dist: zi-engine<0.2,>=0.1\n" in headers
