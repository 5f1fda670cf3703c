"""The default engine, as the lower layers reach it without importing the engine.

The rubric, submission, scoring, eligibility, planning and lifecycle layers
never import :class:`~zi_engine.Engine`: it sits above them and imports them.
Where one of their APIs offers a default (``Lifecycle.new(..., engine=None)``
uses the default engine), the layer asks :func:`engine`, and the facade
(``zi_engine/__init__.py``, which runs before any submodule) registers how to
build it with :func:`provide`. The dependency points down, and there is one
default engine per process, built on first use, never at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["engine", "provide"]

_factory: Callable[[], Any] | None = None


def provide(factory: Callable[[], Any]) -> None:
    """Register the function that returns the default engine (the facade calls this once)."""
    global _factory  # noqa: PLW0603 - the one registration point, set by the facade at import
    _factory = factory


def engine() -> Any:
    """The default engine (typed ``Any``: each caller names the protocol it relies on)."""
    if _factory is None:  # pragma: no cover - zi_engine/__init__ always registers it first
        raise RuntimeError("zi_engine's default engine is not registered; import zi_engine")
    return _factory()
