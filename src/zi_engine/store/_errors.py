"""The store's errors: all :class:`~zi_engine.ZiError` s, each naming the unit concerned."""

from __future__ import annotations

from zi_engine._errors import SubmissionError, ZiError

__all__ = ["AgencyFactsConflict", "StoreConflict", "StoreError", "StoreNotFound"]


class StoreError(ZiError):
    """The store cannot be opened, or cannot do what was asked."""


class StoreNotFound(StoreError):
    """No such agency, unit, submission version or lifecycle in the store."""


class StoreConflict(StoreError):
    """Another writer changed a unit's lifecycle first (optimistic locking); nothing was written.

    ``expected`` is the revision the writer read, ``actual`` the one the store
    holds now (``None``: the unit has no lifecycle).
    """

    def __init__(
        self, agency_id: str, unit_id: str, expected: int | None, actual: int | None, why: str = ""
    ) -> None:
        self.agency_id, self.unit_id = agency_id, unit_id
        self.expected, self.actual = expected, actual
        shown = "none" if expected is None else f"revision {expected}"
        held = "no lifecycle" if actual is None else f"revision {actual}"
        super().__init__(
            f"unit {unit_id!r} of agency {agency_id!r}: the lifecycle was read at {shown}, "
            f"but the store now holds {held}{why}; read it again and retry"
        )


class AgencyFactsConflict(SubmissionError):
    """A submission's agency facts differ from those the store holds for its agency and year.

    The store holds agency facts once per agency and year; a unit's submission
    does not silently override them. Each problem names one fact.
    """
