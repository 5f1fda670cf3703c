"""What a saved review document is called, and how its answers are read back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zi_engine.rubric._rubric import Rubric

__all__ = ["FORMAT", "FORMAT_VERSION", "answer_parsers"]

FORMAT = "zi-engine.review"
FORMAT_VERSION = 1


def answer_parsers(rubric: Rubric) -> dict[str, Callable[[object], float]]:
    """Each question's answer parser, as the rubric's answer types read answers."""
    return dict(rubric.layout.parsers.values())
