"""Store stage: records -> database (SQLAlchemy 2, Alembic; SQLite or PostgreSQL)."""
