"""The review's error types, all :class:`~zi_engine.ZiError` subclasses."""

from __future__ import annotations

from collections.abc import Iterable

from zi_engine._errors import ZiError, _ProblemsError

__all__ = ["ReviewRefused", "ReviewStateError"]


class ReviewRefused(ZiError):
    """A review action was refused; nothing changed.

    ``.reasons`` names, in plain words, every failed check: who may act, the
    question's status, the tier order, the answer and the time.
    """

    def __init__(self, action: str, reasons: Iterable[str]) -> None:
        self.action = action
        self.reasons: tuple[str, ...] = tuple(reasons)
        lines = "\n".join(f"  - {r}" for r in self.reasons)
        super().__init__(f"{action!r} refused:\n{lines}")


class ReviewStateError(_ProblemsError):
    """A saved review document is corrupt, tampered with or inconsistent.

    ``.problems`` names the field of the first problem found
    (``history[3].hash``, ``state.round``).
    """
