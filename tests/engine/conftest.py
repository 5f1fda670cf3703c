"""Fixtures for plugin tests: a clean plugin environment and fake installed distributions."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.plugins import PLUGIN_ENV_VARS, FakeDists


@pytest.fixture(autouse=True)
def _clean_plugin_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No allow/deny list or audit log leaks in from the developer's shell."""
    for name in PLUGIN_ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def make_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], FakeDists]]:
    """Make folders of fake distributions, each put first on ``sys.path`` when made.

    Their modules are unloaded after the test, so each test imports its own.
    """
    made: list[FakeDists] = []

    def make() -> FakeDists:
        root = tmp_path / f"site-packages-{len(made)}"
        root.mkdir()
        monkeypatch.syspath_prepend(str(root))
        made.append(FakeDists(root))
        return made[-1]

    yield make
    for site in made:
        for module in site.modules:
            sys.modules.pop(module, None)


@pytest.fixture
def fake_dists(make_site: Callable[[], FakeDists]) -> FakeDists:
    """One folder of fake distributions on ``sys.path`` for this test."""
    return make_site()
