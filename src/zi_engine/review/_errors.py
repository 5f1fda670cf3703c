"""The review's error types, all :class:`~zi_engine.ZiError` subclasses."""

from __future__ import annotations

from collections.abc import Iterable

from zi_engine._errors import ZiError, _ProblemsError
from zi_engine._i18n import Text, t

__all__ = ["ReviewRefused", "ReviewStateError"]


class ReviewRefused(ZiError):
    """A review action was refused; nothing changed.

    ``.reasons`` names, in plain words, every failed check: who may act, the
    question's status, the tier order, the answer and the time – in the
    language chosen when it was raised; ``.codes`` are their stable codes.
    """

    def __init__(self, action: str, reasons: Iterable[str]) -> None:
        self.action = action
        self.reasons: tuple[str, ...] = tuple(reasons)
        lines = "\n".join(f"  - {r}" for r in self.reasons)
        super().__init__(
            t("review.refused", "{action!r} refused:\n{lines}", action=action, lines=lines)
        )

    @property
    def codes(self) -> tuple[str | None, ...]:
        """Each reason's stable code (``"review.needs_note"``)."""
        return tuple(r.code if isinstance(r, Text) else None for r in self.reasons)

    def reasons_in(self, lang: str) -> tuple[str, ...]:
        """The reasons in ``lang`` (``"id"`` or ``"en"``)."""
        return tuple(r.in_language(lang) if isinstance(r, Text) else r for r in self.reasons)


class ReviewStateError(_ProblemsError):
    """A saved review document is corrupt, tampered with or inconsistent.

    ``.problems`` names the field of the first problem found
    (``history[3].hash``, ``state.round``).
    """
