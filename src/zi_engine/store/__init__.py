"""The store: agencies, units, submission versions, lifecycles and evaluations in a database.

Needs the ``zi-engine[server]`` extra (SQLAlchemy 2 and Alembic). SQLite
(``sqlite:///zi.db``) by default, PostgreSQL (``postgresql+psycopg://…``) for
several app servers. Modules: ``_schema`` (the tables), ``_migrate`` (the
shipped Alembic migrations), ``_db`` (connecting), ``_store`` (:class:`Store`:
agencies' facts and submissions; ``_rows`` its SQL steps), ``_lifecycles``
(saving with optimistic locking, proposals; ``_history`` the rows beside each
document), ``_reviews`` (reviews of a unit's answers, optimistically
locked), ``_portfolio`` (counts in SQL). ``zi-engine store put`` (files
recognised by content) is ``zi_engine.cli._store``.
"""

from __future__ import annotations

from zi_engine.store._errors import (
    AgencyFactsConflict,
    ReviewConflict,
    ReviewOpen,
    StoreConflict,
    StoreError,
    StoreNotFound,
)
from zi_engine.store._lifecycles import PortalView, ProposedUnit
from zi_engine.store._reviews import ReviewRow, StoredReview
from zi_engine.store._store import DEFAULT_URL, Store, StoredSubmission, UnitRow

__all__ = [
    "DEFAULT_URL",
    "AgencyFactsConflict",
    "PortalView",
    "ProposedUnit",
    "ReviewConflict",
    "ReviewOpen",
    "ReviewRow",
    "Store",
    "StoreConflict",
    "StoreError",
    "StoreNotFound",
    "StoredReview",
    "StoredSubmission",
    "UnitRow",
]
