"""Ingest stage: sources -> cleaned ``Document`` records (see DESIGN.md)."""
