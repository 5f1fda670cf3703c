"""Alembic's environment for the store's migrations (a script Alembic runs, not a module).

It migrates the connection the store hands over (never a URL read here).
"""

from __future__ import annotations

from alembic import context

from zi_engine.store._schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
