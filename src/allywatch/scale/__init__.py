"""The same pipeline as a Ray Data job writing to PostgreSQL."""
