"""The ``zi-engine`` command line (standard library ``argparse`` only)."""

from __future__ import annotations

from zi_engine.cli._main import main

__all__ = ["main"]
