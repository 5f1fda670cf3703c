"""The store's errors: all :class:`~zi_engine.ZiError` s, each naming the unit concerned."""

from __future__ import annotations

from zi_engine._errors import SubmissionError, ZiError
from zi_engine._i18n import t
from zi_engine._text import show

__all__ = [
    "AgencyFactsConflict",
    "ReviewConflict",
    "ReviewOpen",
    "StoreConflict",
    "StoreError",
    "StoreNotFound",
]


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
        read = (
            t("store.read_as_new", "as a new one")
            if expected is None
            else t("store.read_at", "at revision {revision}", revision=expected)
        )
        held = (
            t("store.holds_none", "no lifecycle")
            if actual is None
            else t("store.holds", "revision {revision}", revision=actual)
        )
        super().__init__(
            t(
                "store.lifecycle_conflict",
                "unit {unit_id} of agency {agency_id}: the lifecycle was read {read}, but the "
                "store now holds {held}{why}; read it again and retry",
                unit_id=show(unit_id),
                agency_id=show(agency_id),
                read=read,
                held=held,
                why=why,
            )
        )


class ReviewConflict(StoreConflict):
    """Another writer changed the review first (optimistic locking on its ``revision``).

    ``kind`` and ``number`` name the review; ``expected`` is the revision the
    writer read, ``actual`` the one the store holds now. Nothing was written.
    """

    def __init__(
        self, agency_id: str, unit_id: str, kind: str, number: int, expected: int, actual: int
    ) -> None:
        self.agency_id, self.unit_id = agency_id, unit_id
        self.kind, self.number = kind, number
        self.expected, self.actual = expected, actual
        StoreError.__init__(
            self,
            t(
                "store.review_conflict",
                "unit {unit_id} of agency {agency_id}: the {kind} review no. {number} was read "
                "at revision {expected}, but the store now holds revision {actual}; read it "
                "again and retry",
                unit_id=show(unit_id),
                agency_id=show(agency_id),
                kind=kind,
                number=number,
                expected=expected,
                actual=actual,
            ),
        )


class ReviewOpen(StoreError):
    """A new review cannot start while the unit's previous one of its kind is not signed off."""

    def __init__(self, agency_id: str, unit_id: str, kind: str, number: int) -> None:
        self.agency_id, self.unit_id, self.kind, self.number = agency_id, unit_id, kind, number
        super().__init__(
            t(
                "store.review_open",
                "unit {unit_id} of agency {agency_id}: the {kind} review no. {number} is not "
                "signed off yet; finish it before starting another",
                unit_id=show(unit_id),
                agency_id=show(agency_id),
                kind=kind,
                number=number,
            )
        )


class AgencyFactsConflict(SubmissionError):
    """A submission's agency facts differ from those the store holds for its agency and year.

    The store holds agency facts once per agency and year; a unit's submission
    does not silently override them. Each problem names one fact.
    """
