"""The store's rows of agencies, their facts and submission versions, as small SQL steps."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zi_engine._errors import Problem, SubmissionError
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.store import _schema as tables
from zi_engine.submission._model import AgencyFacts

__all__ = [
    "agency_fact_differences",
    "agency_facts",
    "changes",
    "ensure_agency",
    "flat",
    "no_nul",
    "unit_is",
    "write_facts",
]


def no_nul(document: Mapping[str, Any], facts: AgencyFacts) -> None:
    """Refuse text holding NUL (PostgreSQL cannot keep it; refused on every backend alike)."""
    # PostgreSQL keeps no NUL character in text; refuse it on every backend alike
    if "\\u0000" in json.dumps([document, facts.model_dump(mode="json")]):
        raise SubmissionError(
            t(
                "store.nul",
                "the submission holds a NUL character (\\u0000) in its text, which cannot be "
                "stored; remove it",
            )
        )


def unit_is(table: sa.Table, agency_id: str, unit_id: str) -> tuple[Any, Any]:
    """The WHERE terms of one unit in ``table``."""
    return table.c.agency_id == agency_id, table.c.unit_id == unit_id


def ensure_agency(conn: Connection, agency_id: str, name: str | None, type_: str | None) -> None:
    """Add the agency, or fill in its name and type when given."""
    row = conn.execute(
        sa.select(tables.agencies.c.name, tables.agencies.c.type).where(
            tables.agencies.c.agency_id == agency_id
        )
    ).first()
    if row is None:
        conn.execute(sa.insert(tables.agencies).values(agency_id=agency_id, name=name, type=type_))
    elif (name and name != row.name) or (type_ and type_ != row.type):
        conn.execute(
            sa.update(tables.agencies)
            .where(tables.agencies.c.agency_id == agency_id)
            .values(name=name or row.name, type=type_ or row.type)
        )


# built once: the service reads it for every evaluation, and building the expression cost
# as much as running it
_FACTS = sa.select(tables.agency_facts.c.facts).where(
    tables.agency_facts.c.agency_id == sa.bindparam("agency_id"),
    tables.agency_facts.c.year == sa.bindparam("year"),
)


def agency_facts(conn: Connection, agency_id: str, year: int) -> AgencyFacts | None:
    """The agency's facts held for ``year``."""
    data = conn.scalar(_FACTS, {"agency_id": agency_id, "year": year})
    return None if data is None else AgencyFacts.model_validate(data)


def write_facts(
    conn: Connection, agency_id: str, year: int, facts: AgencyFacts, by: str, at: datetime
) -> None:
    """Set the agency's facts for ``year``."""
    key = (tables.agency_facts.c.agency_id == agency_id, tables.agency_facts.c.year == year)
    conn.execute(sa.delete(tables.agency_facts).where(*key))
    conn.execute(
        sa.insert(tables.agency_facts).values(
            agency_id=agency_id,
            year=year,
            facts=facts.model_dump(mode="json", exclude_none=True),
            changed_by=by,
            changed_at=at,
        )
    )


def agency_fact_differences(
    agency_id: str, year: int, held: AgencyFacts, given: AgencyFacts
) -> list[Problem]:
    """One problem per agency fact that ``given`` states differently from ``held``."""
    return [
        Problem(
            t(
                "store.agency_fact_differs",
                "the submission gives {given}, the store holds {held} for agency {agency_id} "
                "in {year}; agency facts are held once per agency and year: change them there "
                "(or replace them on purpose)",
                given=show(getattr(given, name)),
                held=show(getattr(held, name)),
                agency_id=show(agency_id),
                year=str(year),
            ),
            path=f"facts.agency.{name}",
        )
        for name in AgencyFacts.model_fields
        if getattr(held, name) != getattr(given, name)
    ]


def changes(previous: Mapping[str, Any] | None, document: Mapping[str, Any]) -> tuple[str, ...]:
    """The paths that differ: each answer by question, each fact, each other field."""
    old: Mapping[str, Any] = previous or {}
    found: list[str] = []
    for key in sorted(set(old) | set(document)):
        before, after = old.get(key), document.get(key)
        if key == "answers":
            a, b = before or {}, after or {}
            found += [f"answers.{q}" for q in sorted(set(a) | set(b)) if a.get(q) != b.get(q)]
        elif key == "facts":
            a, b = flat(before or {}), flat(after or {})
            found += [f"facts.{p}" for p in sorted(set(a) | set(b)) if a.get(p) != b.get(p)]
        elif before != after:
            found.append(key)
    return tuple(found)


def flat(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"agency.x": v, "unit.y": w}`` of a facts mapping."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping) and prefix == "":
            out.update(flat(value, f"{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out
