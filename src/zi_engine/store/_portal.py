"""The portal's ``jawaban-unit`` read, made cheap: one transaction, the stored JSON as it is.

The portal calls this once per unit, and often: it is the service's hot path.
Which version to serve (the proposal's in the round, else the latest) and its
portal document are read with a few fixed statements, compiled once, in one
read transaction; the document comes back as the JSON text the store keeps,
so serving it parses and writes nothing.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

__all__ = ["PortalAnswers", "PortalMixin"]

# fixed text: compiled once, cheaper than building expressions for every call
_UNIT = sa.text(
    "SELECT u.latest_version, (SELECT s.value FROM zi_settings s WHERE s.name = 'current_round') "
    "FROM zi_units u WHERE u.agency_id = :a AND u.unit_id = :u"
)
_OTHER = sa.text("SELECT 1 FROM zi_units WHERE unit_id = :u LIMIT 1")
_LINKED = sa.text(
    "SELECT e.submission_version FROM zi_evaluations e WHERE e.agency_id = :a AND "
    "e.unit_id = :u AND e.lifecycle_seq = (SELECT max(p.seq) FROM zi_proposals p WHERE "
    "p.agency_id = :a AND p.unit_id = :u AND p.year = :y) ORDER BY e.id DESC LIMIT 1"
)
_PROPOSED = sa.text(
    "SELECT 1 FROM zi_proposals WHERE agency_id = :a AND unit_id = :u AND year = :y LIMIT 1"
)
_DOCUMENT = sa.text(
    "SELECT CAST(portal AS TEXT), portal_rubric FROM zi_submissions "
    "WHERE agency_id = :a AND unit_id = :u AND version = :v"
)


@dataclass(frozen=True, slots=True)
class PortalAnswers:
    """What ``jawaban-unit`` serves for a unit, read in one transaction.

    ``owner`` is ``"agency"``, ``"other"`` (another agency has a unit of this
    id) or ``"none"``. ``version`` is the one to serve (``None``: proposed in
    the round, but the store does not know which version the proposal was made
    on). ``body`` is that version's portal document as stored JSON text, when
    it was made with the rubric whose hash was asked for (else ``None``: make it).
    """

    owner: str
    version: int | None
    year: int | None
    body: str | None


class PortalMixin:
    """The ``jawaban-unit`` half of :class:`~zi_engine.store.Store`."""

    if TYPE_CHECKING:

        def reading(self) -> AbstractContextManager[Connection]: ...

    def portal_answers(
        self, agency_id: str, unit_id: str, year: int | None, rubric_hash: str
    ) -> PortalAnswers:
        """:class:`PortalAnswers` of a unit for the round ``year`` (``None``: the store's)."""
        with self.reading() as conn:
            row = conn.execute(_UNIT, {"a": agency_id, "u": unit_id}).first()
            if row is None:
                other = conn.execute(_OTHER, {"u": unit_id}).first()
                return PortalAnswers("other" if other else "none", None, year, None)
            latest, stored_round = int(row[0]), row[1]
            if year is None and stored_round is not None:
                year = int(stored_round)
            version: int | None = latest
            if year is not None:
                key = {"a": agency_id, "u": unit_id, "y": year}
                if conn.execute(_PROPOSED, key).first() is not None:
                    linked = conn.scalar(_LINKED, key)
                    version = None if linked is None else int(linked)
            if version is None:
                return PortalAnswers("agency", None, year, None)
            found = conn.execute(_DOCUMENT, {"a": agency_id, "u": unit_id, "v": version}).first()
        body = found[0] if found is not None and found[1] == rubric_hash else None
        return PortalAnswers("agency", version, year, body)
