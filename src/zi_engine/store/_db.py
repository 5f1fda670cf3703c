"""Connecting to the store's database: SQLite set up for several writers, PostgreSQL pooled."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection

from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.store._errors import StoreError

__all__ = ["aware", "connect", "reason", "shown", "utc", "when"]

SQLITE_BUSY_SECONDS = 30  # how long a writer waits for another one's transaction
POOL_SIZE, POOL_OVERFLOW = 20, 30


def connect(url: str) -> sa.Engine:
    """An engine for ``url``; SQLite with WAL, a busy timeout and writers that queue."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreError(
            t(
                "store.not_a_url",
                "{url} is not a database URL (e.g. sqlite:///zi.db or "
                "postgresql+psycopg://user@host/db)",
                url=show(url),
            )
        ) from None
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StoreError(
            t("store.backend", "{url}: the store runs on SQLite or PostgreSQL only", url=shown(url))
        )
    try:
        if parsed.get_backend_name() == "sqlite":
            # as many pooled connections as the service's worker threads (40 by default):
            # a connection opened past the pool is set up again for every request
            db = sa.create_engine(
                parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False},
                pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
            )  # fmt: skip
            event.listen(db, "connect", _sqlite_connected)
            event.listen(db, "begin", _sqlite_begin)
            return db
        return sa.create_engine(
            parsed, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW
        )
    except (ImportError, sa.exc.SQLAlchemyError) as exc:
        raise StoreError(
            t(
                "store.cannot_use",
                "{url}: cannot use this database: {problem}",
                url=shown(url),
                problem=str(exc),
            )
        ) from None


def _sqlite_connected(dbapi: Any, _record: Any) -> None:
    # transactions are begun by _sqlite_begin, not by the driver; WAL lets readers go on
    # while one writer writes; foreign keys are off by default in SQLite
    dbapi.isolation_level = None
    cursor = dbapi.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # a writer takes the write lock when it begins, so two writers queue (busy_timeout)
    # instead of one failing when it upgrades a read lock mid-transaction
    write = conn.get_execution_options().get("zi_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def when(at: datetime | None) -> datetime:
    """``at`` in UTC, or now."""
    # bookkeeping (when a version was stored), not a rule: the clock is right here
    return utc(at) if at is not None else datetime.now(timezone.utc)


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC: SQLite keeps no offset, so the store writes UTC only."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise StoreError(
            t("store.naive_time", "{at}: give a time with its UTC offset", at=moment.isoformat())
        )
    return moment.astimezone(timezone.utc)


def aware(moment: datetime) -> datetime:
    """A stored time with its offset (UTC)."""
    # SQLite gives back naive datetimes; the store writes UTC-aware ones only
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def shown(url: str) -> str:
    """The URL without its password, as messages show it."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<database URL>"


def reason(exc: BaseException) -> str:
    """The first line of the database's own message."""
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).strip().splitlines()[0]
