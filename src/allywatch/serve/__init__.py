"""Serve stage: answers -> people (FastAPI REST API and web UI on one app).

``create_app(db_url, token)`` builds the app; ``allywatch serve`` runs it with uvicorn.
"""

from __future__ import annotations

from allywatch.serve.app import SECURITY_HEADERS, create_app
from allywatch.serve.backend import Backend, StoreBackend

__all__ = ["SECURITY_HEADERS", "Backend", "StoreBackend", "create_app"]
