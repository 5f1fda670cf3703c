"""A :class:`~zi_engine.Portfolio`'s counts, answered by SQL over the store's lifecycles.

The lifecycle table keeps each unit's state, target, predicate, whether the
state is a resting one and when it was entered, so a national store of tens
of thousands of units is counted without restoring a single history.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from zi_engine.lifecycle._agency import (
    DESIGNATION_SHARE_LIMIT,
    AgencyDrop,
    AgencyShare,
    designation_shares,
    drop_agency_proposals,
    over_limit,
)
from zi_engine.lifecycle._audit import require_aware
from zi_engine.lifecycle._errors import TransitionRefused
from zi_engine.lifecycle._portfolio import NONE, StuckUnit
from zi_engine.store import _schema as t
from zi_engine.store._errors import StoreConflict

if TYPE_CHECKING:
    from zi_engine.lifecycle._audit import Actor, AuditRecord
    from zi_engine.lifecycle._model import Lifecycle
    from zi_engine.store._store import Store

__all__ = ["StorePortfolio"]

lc = t.lifecycles


class StorePortfolio:
    """The counts and stuck units of :class:`~zi_engine.Portfolio`, for a store.

    ``agency_id`` limits every answer to one agency. Each call is one query.
    """

    def __init__(self, store: Store, agency_id: str | None = None) -> None:
        self._store, self._agency = store, agency_id

    def _where(self, query: Any) -> Any:
        return query if self._agency is None else query.where(lc.c.agency_id == self._agency)

    def _rows(self, query: Any) -> list[Any]:
        with self._store.reading() as conn:
            return list(conn.execute(self._where(query)))

    def __len__(self) -> int:
        return int(self._rows(sa.select(sa.func.count()).select_from(lc))[0][0])

    def definitions(self) -> list[Any]:
        """The lifecycle definitions the stored lifecycles use."""
        names = [row[0] for row in self._rows(sa.select(lc.c.definition).distinct())]
        engine = self._store.engine
        return [engine.lifecycle_runtime(name).definition for name in sorted(names)]

    def state_labels(self) -> dict[str, str]:
        """``{state: label}`` of the definitions in use."""
        labels: dict[str, str] = {}
        for definition in self.definitions():
            for name, spec in definition.states.items():
                labels.setdefault(name, spec.label)
        return labels

    def _counts(self, column: Any) -> dict[str, int]:
        rows = self._rows(sa.select(column, sa.func.count()).group_by(column))
        return {(key if key is not None else NONE): int(n) for key, n in rows}

    def count_by_state(self) -> dict[str, int]:
        """``{state: units}``; states of the definitions in use come first, in their order."""
        counts = self._counts(lc.c.state)
        out: dict[str, int] = {}
        for definition in self.definitions():
            out.update((state, 0) for state in definition.states if state not in out)
        out.update(counts)
        return out

    def count_by_predicate(self) -> dict[str, int]:
        """``{"none" | "WBK" | "WBBM": units}``."""
        return self._counts(lc.c.predicate)

    def count_by_target(self) -> dict[str, int]:
        """``{"WBK" | "WBBM": units}``."""
        return self._counts(lc.c.target)

    def count_by_agency(self) -> dict[str, dict[str, int]]:
        """``{agency: {state: units}}``, agencies sorted, states in definition order."""
        rows = self._rows(
            sa.select(lc.c.agency_id, lc.c.state, sa.func.count()).group_by(
                lc.c.agency_id, lc.c.state
            )
        )
        order = {state: i for i, state in enumerate(self.count_by_state())}
        out: dict[str, dict[str, int]] = {}
        for agency, state, n in sorted(rows, key=lambda r: (r[0], order.get(r[1], len(order)))):
            out.setdefault(agency, {})[state] = int(n)
        return out

    def stuck(self, days: int, *, at: datetime) -> list[StuckUnit]:
        """Units in one non-resting state for more than ``days`` days at ``at``, longest first."""
        require_aware(at)
        limit = at.astimezone(timezone.utc) - timedelta(days=days)
        rows = self._rows(
            sa.select(lc.c.unit_id, lc.c.agency_id, lc.c.state, lc.c.entered_at)
            .where(
                lc.c.resting.is_(False),
                lc.c.entered_at.is_not(None),
                lc.c.entered_at < self._bound(limit),
            )
            .order_by(lc.c.entered_at, lc.c.agency_id, lc.c.unit_id)
        )
        found = []
        for unit_id, agency_id, state, entered in rows:
            since = _aware(entered)
            if at - since > timedelta(days=days):  # the SQL bound is a pre-filter, exact here
                found.append(StuckUnit(unit_id, agency_id, state, since, (at - since).days))
        found.sort(key=lambda s: (-s.days, s.agency_id, s.unit_id))
        return found

    def _bound(self, moment: datetime) -> datetime:
        # SQLite compares the text it stored (UTC, no offset); PostgreSQL compares instants
        return moment.replace(tzinfo=None) if self._store.db.dialect.name == "sqlite" else moment

    def latest_change(self) -> datetime | None:
        """The newest time a unit entered its state."""
        value = self._rows(sa.select(sa.func.max(lc.c.entered_at)))[0][0]
        return None if value is None else _aware(value)

    def designation_shares(
        self,
        *,
        unit_counts: Mapping[str, int] | None = None,
        limit_percent: float = DESIGNATION_SHARE_LIMIT,
    ) -> dict[str, AgencyShare]:
        """Per agency, how many of its units hold Menuju WBK/WBBM (hlm. 47), in one query."""
        held = sa.func.count(lc.c.predicate)  # counts the rows whose predicate is not NULL
        rows = self._rows(sa.select(lc.c.agency_id, held, sa.func.count()).group_by(lc.c.agency_id))
        return designation_shares(
            {agency: (int(h), int(n)) for agency, h, n in rows},
            unit_counts=unit_counts,
            limit_percent=limit_percent,
        )

    def agencies_over_designation_limit(
        self,
        *,
        unit_counts: Mapping[str, int] | None = None,
        limit_percent: float = DESIGNATION_SHARE_LIMIT,
    ) -> list[AgencyShare]:
        """The agencies with more than 30% of their units designated (hlm. 47), highest first."""
        shares = self.designation_shares(unit_counts=unit_counts, limit_percent=limit_percent)
        return over_limit(shares)

    def drop_agency_proposals(
        self,
        agency_id: str,
        year: int,
        *,
        actor: Actor,
        at: datetime,
        kkn_case_on: date,
        reason: str,
        case_reference: str | None = None,
    ) -> AgencyDrop:
        """Drop every proposal of the agency made in ``year`` (KKN case, hlm. 65), each unit
        in its own transaction: :meth:`Store.fire` with the revision read, so a unit another
        writer changed meanwhile is a :class:`~zi_engine.store.StoreConflict`, nothing of it
        written and reported among the refused, while the others are dropped."""

        def saved(lifecycle: Lifecycle, payload: Mapping[str, Any]) -> AuditRecord:
            try:
                return self._store.fire(
                    lifecycle.agency_id,
                    lifecycle.unit_id,
                    "drop",
                    actor=actor,
                    at=at,
                    expected_revision=lifecycle.revision,
                    payload=payload,
                )[1]
            except StoreConflict as exc:  # reported with the unit; the others go on
                raise TransitionRefused("drop", lifecycle.state, [str(exc)]) from exc

        return drop_agency_proposals(
            StorePortfolio(self._store, agency_id),
            agency_id,
            year,
            actor=actor,
            at=at,
            kkn_case_on=kkn_case_on,
            reason=reason,
            case_reference=case_reference,
            fire=saved,
        )

    def __iter__(self) -> Iterator[Any]:
        """Every stored lifecycle, restored and checked (slow for many: prefer the counts)."""
        with self._store.reading() as conn:
            keys = list(conn.execute(self._where(sa.select(lc.c.agency_id, lc.c.unit_id))))
        for agency_id, unit_id in keys:
            yield self._store.lifecycle(agency_id, unit_id)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
