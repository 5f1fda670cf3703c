"""Helpers shared by the test packages (they mirror ``zi_engine``'s subpackages)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
"""The repository root (rubrics/, examples/, docs/ ...)."""

EXAMPLES_DIR = REPO / "examples"
