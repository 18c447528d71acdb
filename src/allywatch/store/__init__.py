"""Store stage: records -> database (SQLAlchemy 2, Alembic; SQLite or PostgreSQL).

``connect(url)`` opens (and migrates) a database; ``repository`` reads and writes the
records of ``allywatch.types``. SQL lives in this package only.
"""

from allywatch.store import repository
from allywatch.store.engine import Store, connect

__all__ = ["Store", "connect", "repository"]
