"""Fixed statements on the database driver's own connection, for the service's hot reads.

``jawaban-unit`` and the agency facts every HTTP evaluate reads are single
rows by key; SQLAlchemy's execution layer (compiling, the connection and
transaction objects, result rows) cost more than the reads themselves, so
these few statements are written out and run on the driver's cursor of a
pooled connection, in one read transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from zi_engine._i18n import t
from zi_engine.store._db import reason, shown
from zi_engine.store._errors import StoreError

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["Statements", "driver_read"]

T = TypeVar("T")


class Statements:
    """Fixed SQL with named parameters (``:a``), as each driver spells them.

    SQLite's driver reads ``:a``; PostgreSQL's (psycopg) reads ``%(a)s``.
    Parameter names are one lower-case letter.
    """

    __slots__ = ("_pyformat", "_sqlite")

    def __init__(self, **named: str) -> None:
        self._sqlite = dict(named)
        self._pyformat = {
            name: re.sub(r":([a-z])\b", r"%(\1)s", sql) for name, sql in named.items()
        }

    def of(self, db: sa.Engine) -> Mapping[str, str]:
        """The statements as ``db``'s driver reads them."""
        return self._sqlite if db.dialect.name == "sqlite" else self._pyformat


def driver_read(
    db: sa.Engine, url: str, read: Callable[[Any, Mapping[str, str]], T], sql: Statements
) -> T:
    """``read(cursor, statements)`` in one read transaction on a pooled connection of ``db``.

    A driver error is a :class:`StoreError` naming the store, as the store's
    other reads give.
    """
    sqlite = db.dialect.name == "sqlite"
    raw = db.raw_connection()
    try:
        cursor = raw.cursor()
        if sqlite:  # the store's SQLite connections begin their transactions themselves
            cursor.execute("BEGIN")
        try:
            return read(cursor, sql.of(db))
        finally:
            raw.rollback()  # read only: nothing to keep
    except db.dialect.dbapi.Error as exc:  # type: ignore[union-attr]
        raise StoreError(
            t(
                "store.read_failed", "{url}: the read failed: {problem}",
                url=shown(url), problem=reason(exc),
            )
        ) from None  # fmt: skip
    finally:
        raw.close()  # back to the pool
