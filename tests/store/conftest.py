"""Each store test runs on SQLite and on a real PostgreSQL server (one per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the store needs zi-engine[server]")

from tests.support.postgres import Cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend (not yet initialised)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'zi.db'}"
    cluster: Cluster = request.getfixturevalue("postgres")
    return cluster.create()
