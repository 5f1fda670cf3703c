"""Alembic migrations of the store's schema (run by ``zi-engine store init``)."""
