"""The portal's ``jawaban-unit`` read, made cheap: one transaction, the stored JSON as it is.

The portal calls this once per unit, and often: it is the service's hot path.
Which version to serve (the proposal's in the round, else the latest) and its
portal document are read with a few fixed statements on the driver's connection, in one
read transaction; the document comes back as the JSON text the store keeps,
so serving it parses and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zi_engine.store._driver import Statements, driver_read

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["PortalAnswers", "PortalMixin"]

# fixed statements run on the driver's own connection (_driver)
_UNIT = (
    "SELECT u.latest_version, (SELECT s.value FROM zi_settings s WHERE s.name = 'current_round') "
    "FROM zi_units u WHERE u.agency_id = :a AND u.unit_id = :u"
)
_OTHER = "SELECT 1 FROM zi_units WHERE unit_id = :u LIMIT 1"
_PROPOSED = "SELECT max(seq) FROM zi_proposals WHERE agency_id = :a AND unit_id = :u AND year = :y"
_LINKED = (
    "SELECT submission_version FROM zi_evaluations WHERE agency_id = :a AND unit_id = :u "
    "AND lifecycle_seq = :s ORDER BY id DESC LIMIT 1"
)
_DOCUMENT = (
    "SELECT CAST(portal AS TEXT), portal_rubric FROM zi_submissions "
    "WHERE agency_id = :a AND unit_id = :u AND version = :v"
)
_SQL = Statements(UNIT=_UNIT, OTHER=_OTHER, PROPOSED=_PROPOSED, LINKED=_LINKED,
                  DOCUMENT=_DOCUMENT)  # fmt: skip


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
        db: sa.Engine
        url: str

    def portal_answers(
        self, agency_id: str, unit_id: str, year: int | None, rubric_hash: str
    ) -> PortalAnswers:
        """:class:`PortalAnswers` of a unit for the round ``year`` (``None``: the store's).

        One read transaction on a pooled connection of the store.
        """
        return driver_read(
            self.db, self.url,
            lambda cursor, sql: _read(cursor, sql, agency_id, unit_id, year, rubric_hash), _SQL,
        )  # fmt: skip


def _read(
    cursor: Any, sql: Mapping[str, str], agency_id: str, unit_id: str, year: int | None,
    rubric_hash: str,
) -> PortalAnswers:  # fmt: skip
    cursor.execute(sql["UNIT"], {"a": agency_id, "u": unit_id})
    row = cursor.fetchone()
    if row is None:
        cursor.execute(sql["OTHER"], {"u": unit_id})
        return PortalAnswers("other" if cursor.fetchone() else "none", None, year, None)
    latest, stored_round = int(row[0]), row[1]
    if year is None and stored_round is not None:
        year = int(stored_round)
    version: int | None = latest
    if year is not None:
        cursor.execute(sql["PROPOSED"], {"a": agency_id, "u": unit_id, "y": year})
        seq = cursor.fetchone()[0]
        if seq is not None:
            cursor.execute(sql["LINKED"], {"a": agency_id, "u": unit_id, "s": seq})
            linked = cursor.fetchone()
            version = None if linked is None else int(linked[0])
    if version is None:
        return PortalAnswers("agency", None, year, None)
    cursor.execute(sql["DOCUMENT"], {"a": agency_id, "u": unit_id, "v": version})
    found = cursor.fetchone()
    body = found[0] if found is not None and found[1] == rubric_hash else None
    return PortalAnswers("agency", version, year, body)
