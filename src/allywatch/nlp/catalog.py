"""The actor catalog (placeholder; its data lives in extract/resources/catalog/)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from allywatch.types import Actor


@dataclass
class Catalog:
    """Actors by id. Placeholder: empty until the catalog data lands."""

    actors: dict[str, Actor] = field(default_factory=dict)

    @classmethod
    def load(cls, extra_paths: Iterable[str] = ()) -> Catalog:
        return cls()

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)
