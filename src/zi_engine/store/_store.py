"""The :class:`Store`: agencies, units, submission versions and lifecycles in one database.

SQLite (``sqlite:///zi.db``, the default) or PostgreSQL
(``postgresql+psycopg://user@host/db``); the same code and queries on both.
Every write is one transaction: a failed or refused write leaves nothing
behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.store import _schema as tables
from zi_engine.store._db import aware
from zi_engine.store._db import connect as _connect
from zi_engine.store._db import reason as _reason
from zi_engine.store._db import shown as _shown
from zi_engine.store._db import when as _when
from zi_engine.store._driver import Statements, driver_read
from zi_engine.store._errors import AgencyFactsConflict, StoreError, StoreNotFound
from zi_engine.store._lifecycles import LifecyclesMixin
from zi_engine.store._migrate import migrate, require_current
from zi_engine.store._portal import PortalMixin
from zi_engine.store._reviews import ReviewsMixin
from zi_engine.store._rows import agency_fact_differences
from zi_engine.store._rows import agency_facts as _agency_facts
from zi_engine.store._rows import changes as _changes
from zi_engine.store._rows import ensure_agency as _ensure_agency
from zi_engine.store._rows import no_nul as _no_nul
from zi_engine.store._rows import unit_is as _unit_is
from zi_engine.store._rows import write_facts as _write_facts
from zi_engine.submission._model import AgencyFacts, Submission

if TYPE_CHECKING:
    from zi_engine.engine._engine import Engine

__all__ = ["DEFAULT_URL", "Store", "StoredSubmission", "UnitRow", "agency_fact_differences"]

DEFAULT_URL = "sqlite:///zi.db"
CURRENT_ROUND = "current_round"


@dataclass(frozen=True, slots=True)
class StoredSubmission:
    """One stored version of a unit's submission.

    ``submission`` is the effective one: the stored answers and unit facts with
    the agency's facts for that year applied (see :meth:`Store.submission`).
    ``changes`` lists the paths that differ from the version before.
    """

    agency_id: str
    unit_id: str
    version: int
    submission: Submission
    changes: tuple[str, ...]
    changed_by: str
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A unit as ``store list`` shows it."""

    agency_id: str
    unit_id: str
    name: str
    latest_version: int
    state: str | None
    revision: int | None


_FACTS_SQL = Statements(
    FACTS="SELECT CAST(facts AS TEXT) FROM zi_agency_facts WHERE agency_id = :a AND year = :y"
)


def _facts_row(
    agency_id: str, year: int, cursor: Any, sql: Mapping[str, str]
) -> AgencyFacts | None:
    cursor.execute(sql["FACTS"], {"a": agency_id, "y": year})
    row = cursor.fetchone()
    return None if row is None else AgencyFacts.model_validate(json.loads(row[0]))


class Store(LifecyclesMixin, ReviewsMixin, PortalMixin):
    """A database of agencies, units, submissions, lifecycles and evaluations.

    Open one with ``Store(url)`` on a database that ``Store.initialize(url)``
    (``zi-engine store init URL``) has migrated. Safe to share between threads;
    several processes (app servers) may write to one database at once:
    lifecycles are saved with optimistic locking on their ``revision``.
    """

    def __init__(self, url: str = DEFAULT_URL, *, engine: Engine | None = None) -> None:
        self.url = url
        self.db = _connect(url)
        if engine is None:
            from zi_engine.engine._engine import default_engine

            engine = default_engine()
        self.engine: Engine = engine
        try:
            with self.db.connect() as conn:
                require_current(conn, _shown(url))
        except sa.exc.SQLAlchemyError as exc:
            self.db.dispose()
            raise StoreError(
                t(
                    "store.cannot_open",
                    "{url}: cannot open the store: {problem}",
                    url=_shown(url),
                    problem=_reason(exc),
                )
            ) from None
        except StoreError:
            self.db.dispose()
            raise

    @classmethod
    def initialize(cls, url: str = DEFAULT_URL, *, engine: Engine | None = None) -> Store:
        """Create the tables, or migrate an older store to the current schema; then open it."""
        db = _connect(url)
        try:
            with db.connect() as conn:
                migrate(conn)
                conn.commit()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(
                t(
                    "store.cannot_set_up",
                    "{url}: cannot set up the store: {problem}",
                    url=_shown(url),
                    problem=_reason(exc),
                )
            ) from None
        finally:
            db.dispose()
        return cls(url, engine=engine)

    def close(self) -> None:
        """Close every pooled connection."""
        self.db.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction (on SQLite taken at once: ``BEGIN IMMEDIATE``)."""
        try:
            with self.db.connect().execution_options(zi_write=True) as conn, conn.begin():
                yield conn
        except sa.exc.OperationalError as exc:
            raise StoreError(
                t(
                    "store.write_failed",
                    "{url}: the write failed: {problem}",
                    url=_shown(self.url),
                    problem=_reason(exc),
                )
            ) from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read-only transaction."""
        try:
            with self.db.connect() as conn, conn.begin():
                yield conn
        except sa.exc.OperationalError as exc:
            raise StoreError(
                t(
                    "store.read_failed",
                    "{url}: the read failed: {problem}",
                    url=_shown(self.url),
                    problem=_reason(exc),
                )
            ) from None

    # -- the round ---------------------------------------------------------------------------

    def current_round(self) -> int | None:
        """The proposal round (year) the portal's lists default to, if one is set."""
        with self.reading() as conn:
            value = conn.scalar(
                sa.select(tables.settings.c.value).where(tables.settings.c.name == CURRENT_ROUND)
            )
        return int(value) if value is not None else None

    def set_current_round(self, year: int) -> None:
        """Set the proposal round: the year the portal's lists answer for without ``?tahun=``."""
        if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2200:
            raise StoreError(
                t(
                    "store.bad_round",
                    "the round is a year from 2000 to 2200, not {year}",
                    year=show(year),
                )
            )
        with self.writing() as conn:
            conn.execute(sa.delete(tables.settings).where(tables.settings.c.name == CURRENT_ROUND))
            conn.execute(sa.insert(tables.settings).values(name=CURRENT_ROUND, value=str(year)))

    # -- agencies and their facts --------------------------------------------------------------

    def agency_facts(self, agency_id: str, year: int) -> AgencyFacts | None:
        """The agency's Table 5 facts for ``year``, if the store holds them."""
        # every HTTP evaluate reads them: one row by key, on the driver's connection
        return driver_read(self.db, self.url, partial(_facts_row, agency_id, year), _FACTS_SQL)

    def put_agency_facts(
        self, agency_id: str, year: int, facts: AgencyFacts, *, by: str, at: datetime | None = None
    ) -> None:
        """Set (or replace) the agency's facts for ``year``; every unit's evaluation uses them."""
        with self.writing() as conn:
            _ensure_agency(conn, agency_id, None, None)
            _write_facts(conn, agency_id, year, facts, by, _when(at))

    # -- submissions -------------------------------------------------------------------------

    def put_submission(
        self,
        submission: Submission,
        *,
        by: str,
        at: datetime | None = None,
        replace_agency_facts: bool = False,
    ) -> StoredSubmission:
        """Store ``submission`` as the unit's next version (unchanged: the latest one back).

        Its agency facts (``facts.agency``) are the agency's, held once per year:
        when the store holds none for that year they become the agency's; when
        they differ from the ones held, :class:`AgencyFactsConflict` names each
        fact and nothing is written, unless ``replace_agency_facts`` replaces
        them. The stored version keeps the unit's facts and answers only.
        """
        agency, unit = submission.unit.agency, submission.unit
        when = _when(at)
        given = submission.facts.agency
        unit_part = submission.model_copy(
            update={"facts": submission.facts.model_copy(update={"agency": AgencyFacts()})}
        )
        document = unit_part.to_dict()
        _no_nul(document, given)
        portal, portal_rubric = self._portal_document(submission)
        with self.writing() as conn:
            _ensure_agency(conn, agency.id, agency.name, agency.type)
            if given != AgencyFacts():
                held = _agency_facts(conn, agency.id, submission.year)
                if held is None or replace_agency_facts:
                    _write_facts(conn, agency.id, submission.year, given, by, when)
                elif held != given:
                    raise AgencyFactsConflict(
                        agency_fact_differences(agency.id, submission.year, held, given)
                    )
            row = conn.execute(
                sa.select(tables.units.c.latest_version)
                .where(tables.units.c.agency_id == agency.id, tables.units.c.unit_id == unit.id)
                .with_for_update()
            ).first()
            previous: Mapping[str, Any] | None = None
            if row is None:
                conn.execute(
                    sa.insert(tables.units).values(
                        agency_id=agency.id, unit_id=unit.id, name=unit.name, latest_version=0
                    )
                )
                version = 0
            else:
                version = int(row[0])
                previous = conn.scalar(
                    sa.select(tables.submissions.c.document).where(
                        *_unit_is(tables.submissions, agency.id, unit.id),
                        tables.submissions.c.version == version,
                    )
                )
            changes = _changes(previous, document)
            if previous is not None and not changes:
                return self._stored(conn, agency.id, unit.id, version)
            version += 1
            conn.execute(
                sa.insert(tables.submissions).values(
                    agency_id=agency.id,
                    unit_id=unit.id,
                    version=version,
                    year=submission.year,
                    target=submission.target,
                    category=submission.category,
                    document=document,
                    changes=list(changes),
                    changed_by=by,
                    changed_at=when,
                    portal=portal,
                    portal_rubric=portal_rubric,
                )
            )
            conn.execute(
                sa.update(tables.units)
                .where(*_unit_is(tables.units, agency.id, unit.id))
                .values(latest_version=version, name=unit.name)
            )
            return self._stored(conn, agency.id, unit.id, version)

    def _portal_document(self, submission: Submission) -> tuple[dict[str, Any] | None, str | None]:
        """The portal document of ``submission`` and the rubric hash it was made with."""
        from zi_engine._errors import ZiError
        from zi_engine._resources import BUNDLED_RUBRIC
        from zi_engine.submission._portalrb import to_portalrb

        rubric = self.engine.load_rubric(BUNDLED_RUBRIC)
        try:
            return to_portalrb(
                submission, rubric, drop_tpn=True, drop_induk=True
            ), rubric.content_hash
        except ZiError:  # answers of another rubric: made when asked for, with that one
            return None, None

    def portal_document(self, agency_id: str, unit_id: str, version: int) -> dict[str, Any]:
        """The portal's ``jawaban-unit`` document of a stored version (made when stored)."""
        from zi_engine._resources import BUNDLED_RUBRIC
        from zi_engine.submission._portalrb import to_portalrb

        rubric = self.engine.load_rubric(BUNDLED_RUBRIC)
        s = tables.submissions
        with self.reading() as conn:
            row = conn.execute(
                sa.select(s.c.portal, s.c.portal_rubric).where(
                    *_unit_is(s, agency_id, unit_id), s.c.version == version
                )
            ).first()
        if row is None:
            raise StoreNotFound(
                t(
                    "store.no_version",
                    "unit {unit_id} of agency {agency_id} has no submission version {version}",
                    unit_id=show(unit_id),
                    agency_id=show(agency_id),
                    version=version,
                )
            )
        if row.portal is not None and row.portal_rubric == rubric.content_hash:
            made: dict[str, Any] = row.portal
            return made
        stored = self.submission(agency_id, unit_id, version)
        return to_portalrb(stored.submission, rubric, drop_tpn=True, drop_induk=True)

    def submission(
        self, agency_id: str, unit_id: str, version: int | None = None
    ) -> StoredSubmission:
        """A stored version (default: the latest) with the agency's facts for its year applied.

        The stored unit's facts and answers are the unit's; its agency facts
        are always those the store holds for the agency and year (none held:
        none given), never a copy kept with the unit.
        """
        with self.reading() as conn:
            if version is None:
                version = conn.scalar(
                    sa.select(tables.units.c.latest_version).where(
                        *_unit_is(tables.units, agency_id, unit_id)
                    )
                )
                if version is None:
                    raise StoreNotFound(
                        t(
                            "store.no_unit",
                            "unit {unit_id} of agency {agency_id} is not in the store",
                            unit_id=show(unit_id),
                            agency_id=show(agency_id),
                        )
                    )
            return self._stored(conn, agency_id, unit_id, version)

    def _stored(
        self, conn: Connection, agency_id: str, unit_id: str, version: int
    ) -> StoredSubmission:
        row = conn.execute(
            sa.select(tables.submissions).where(
                *_unit_is(tables.submissions, agency_id, unit_id),
                tables.submissions.c.version == version,
            )
        ).first()
        if row is None:
            raise StoreNotFound(
                t(
                    "store.no_version",
                    "unit {unit_id} of agency {agency_id} has no submission version {version}",
                    unit_id=show(unit_id),
                    agency_id=show(agency_id),
                    version=version,
                )
            )
        sub = Submission.from_dict(row.document, source=f"<store: {unit_id} v{version}>")
        held = _agency_facts(conn, agency_id, sub.year) or AgencyFacts()
        sub = sub.model_copy(update={"facts": sub.facts.model_copy(update={"agency": held})})
        return StoredSubmission(
            agency_id, unit_id, version, sub, tuple(row.changes), row.changed_by,
            aware(row.changed_at),
        )  # fmt: skip

    def units(self, agency_id: str | None = None) -> list[UnitRow]:
        """Every unit (of one agency, when given) with its latest version and lifecycle state."""
        u, lc = tables.units, tables.lifecycles
        query = (
            sa.select(
                u.c.agency_id, u.c.unit_id, u.c.name, u.c.latest_version, lc.c.state, lc.c.revision
            )
            .select_from(
                u.outerjoin(
                    lc, sa.and_(lc.c.agency_id == u.c.agency_id, lc.c.unit_id == u.c.unit_id)
                )
            )
            .order_by(u.c.agency_id, u.c.unit_id)
        )
        if agency_id is not None:
            query = query.where(u.c.agency_id == agency_id)
        with self.reading() as conn:
            return [UnitRow(*row) for row in conn.execute(query)]

    def unit_name(self, agency_id: str, unit_id: str) -> str | None:
        """The unit's name as its latest submission gives it (``None``: not in the store)."""
        with self.reading() as conn:
            name: str | None = conn.scalar(
                sa.select(tables.units.c.name).where(*_unit_is(tables.units, agency_id, unit_id))
            )
            return name

    def unit_agency(self, unit_id: str) -> str | None:
        """An agency holding a unit of this id, if any (units are keyed by agency and id)."""
        with self.reading() as conn:
            agency: str | None = conn.scalar(
                sa.select(tables.units.c.agency_id)
                .where(tables.units.c.unit_id == unit_id)
                .limit(1)
            )
            return agency
