"""The same pipeline as a Ray Data job writing to PostgreSQL (or SQLite).

``ingest_ray(inputs, store, options=RayOptions(...))`` does what
:func:`allywatch.pipeline.ingest_paths` does, with reading, NLP and extraction spread over
Ray actors and the store written one batch per transaction. See ``docs/scale.md``.
"""

from allywatch.scale.job import RayOptions, ingest_ray, ray_session

__all__ = ["RayOptions", "ingest_ray", "ray_session"]
