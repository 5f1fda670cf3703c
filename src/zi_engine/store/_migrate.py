"""Running the shipped Alembic migrations on a store's database."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from zi_engine._i18n import t
from zi_engine.store._errors import StoreError

__all__ = ["head_revision", "migrate", "require_current"]

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    """The newest migration shipped with this version of zi_engine."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None  # the package ships at least one migration
    return head


def migrate(conn: Connection) -> None:
    """Upgrade the database on ``conn`` to the newest schema (creating it when empty)."""
    from alembic import command

    command.upgrade(_config(conn), "head")


def require_current(conn: Connection, url: str) -> None:
    """A :class:`StoreError` unless the database holds the newest schema."""
    current = MigrationContext.configure(conn).get_current_revision()
    if current == head_revision():
        return
    if current is None:
        raise StoreError(
            t("store.no_store", "{url}: no store here yet; run: zi-engine store init URL", url=url)
        )
    raise StoreError(
        t(
            "store.old_schema",
            "{url}: the store's schema is at revision {current}, this zi_engine needs "
            "{needed}; run: zi-engine store init URL (it migrates the store)",
            url=url,
            current=current,
            needed=head_revision(),
        )
    )
