"""The lifecycle's error types, all :class:`~zi_engine.ZiError` subclasses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from zi_engine._errors import ZiError, _ProblemsError
from zi_engine._i18n import Text, t

__all__ = [
    "LifecycleDefinitionError",
    "LifecycleStateError",
    "ListenerError",
    "TransitionRefused",
]


class LifecycleDefinitionError(_ProblemsError):
    """A lifecycle definition (a YAML file) could not be read or is not valid.

    ``.problems`` lists every problem found, each with file, line and column.
    """


class LifecycleStateError(_ProblemsError):
    """A saved lifecycle document is corrupt, tampered with or inconsistent.

    ``.problems`` names the file (when loading from disk) and the field of the
    first bad record (``history[3].hash``).
    """


class TransitionRefused(ZiError):
    """A trigger was refused; nothing changed.

    ``.reasons`` names, in plain words, every failed check: the current state,
    the actor's permission, missing or invalid payload and each failed guard –
    in the language chosen when it was raised (:func:`zi_engine.use_language`).
    ``.codes`` are their stable codes, for callers that act on a kind of refusal.
    """

    def __init__(self, trigger: str, state: str, reasons: Iterable[str]) -> None:
        self.trigger = trigger
        self.state = state
        self.reasons: tuple[str, ...] = tuple(reasons)
        lines = "\n".join(f"  - {r}" for r in self.reasons)
        super().__init__(
            t(
                "lifecycle.refused",
                "{trigger!r} refused in state {state!r}:\n{lines}",
                trigger=trigger,
                state=state,
                lines=lines,
            )
        )

    @property
    def codes(self) -> tuple[str | None, ...]:
        """Each reason's stable code (``"lifecycle.outside_window"``); ``None`` for a reason
        a plugin gave as plain text."""
        return tuple(r.code if isinstance(r, Text) else None for r in self.reasons)

    def reasons_in(self, lang: str) -> tuple[str, ...]:
        """The reasons in ``lang`` (``"id"`` or ``"en"``); a plugin's plain text as given."""
        return tuple(r.in_language(lang) if isinstance(r, Text) else r for r in self.reasons)


class ListenerError(ZiError):
    """A ``zi_transition_done`` listener raised; the transition was rolled back.

    The listener's exception is ``__cause__`` and ``.error``.
    """

    def __init__(self, trigger: str, error: BaseException) -> None:
        self.trigger = trigger
        self.error = error
        super().__init__(
            t(
                "lifecycle.listener_failed",
                "a zi_transition_done listener failed after {trigger!r} ({kind}: {error}); "
                "the transition was rolled back",
                trigger=trigger,
                kind=type(error).__name__,
                error=str(error),
            )
        )


def joined(parts: Sequence[str]) -> str:
    """``parts`` as one reason, ``"; "`` between them; ``""`` for none.

    The result is a :class:`~zi_engine._i18n.Text` made of the parts (the first one's
    code leads), so the whole reason can be written again in another language.
    """
    if len(parts) <= 1:
        return parts[0] if parts else ""
    return t("lifecycle.joined", "{first}; {rest}", first=parts[0], rest=joined(parts[1:]))
