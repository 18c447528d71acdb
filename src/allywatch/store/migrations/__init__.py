"""Alembic migrations of the allywatch schema (run by ``allywatch.store.connect``)."""
