"""The lifecycle's error types, all :class:`~zi_engine.ZiError` subclasses."""

from __future__ import annotations

from collections.abc import Iterable

from zi_engine._errors import ZiError, _ProblemsError

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
    the actor's permission, missing or invalid payload and each failed guard.
    """

    def __init__(self, trigger: str, state: str, reasons: Iterable[str]) -> None:
        self.trigger = trigger
        self.state = state
        self.reasons: tuple[str, ...] = tuple(reasons)
        lines = "\n".join(f"  - {r}" for r in self.reasons)
        super().__init__(f"{trigger!r} refused in state {state!r}:\n{lines}")


class ListenerError(ZiError):
    """A ``zi_transition_done`` listener raised; the transition was rolled back.

    The listener's exception is ``__cause__`` and ``.error``.
    """

    def __init__(self, trigger: str, error: BaseException) -> None:
        self.trigger = trigger
        self.error = error
        super().__init__(
            f"a zi_transition_done listener failed after {trigger!r} "
            f"({type(error).__name__}: {error}); the transition was rolled back"
        )
