"""Serve stage: answers -> people (FastAPI app and web UI)."""
