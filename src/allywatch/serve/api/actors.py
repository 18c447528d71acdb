"""Actors: the catalog as stored, and adding entries (token required)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from allywatch.serve.api.deps import FormatDep, PageDep, StoreDep, TokenDep
from allywatch.serve.api.export import page_response
from allywatch.serve.api.responses import AUTH_ERRORS, CSV
from allywatch.serve.schemas import ActorOut, CatalogEntryIn, Page

router = APIRouter(prefix="/api/actors", tags=["actors"])

KindQuery = Annotated[
    str | None, Query(pattern=r"^(state|substate|igo|org|person|unresolved)$")
]


@router.get("", response_model=Page[ActorOut], responses=CSV, summary="List actors")
def list_actors(
    store: StoreDep, page: PageDep, kind: KindQuery = None, format: FormatDep = "json"
) -> Any:
    actors = store.list_actors(kind=kind, limit=page.limit + 1, offset=page.offset)
    return page_response([ActorOut.row(a) for a in actors], page, format, "actors")


@router.post(
    "", response_model=ActorOut, status_code=201, dependencies=[TokenDep],
    responses=AUTH_ERRORS,
    summary="Add or replace a catalog entry (token required)",
)  # fmt: skip
def add_actor(entry: CatalogEntryIn, store: StoreDep) -> ActorOut:
    actor = entry.to_record()
    store.add_actor(actor)
    return ActorOut.from_record(actor)
