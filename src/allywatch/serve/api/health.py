"""A liveness probe: answers without touching the store (monitoring, and the load
benchmark's baseline for what serving alone costs)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from allywatch import __version__

router = APIRouter(prefix="/api/health", tags=["health"])


class HealthOut(BaseModel):
    status: str
    version: str


@router.get("", response_model=HealthOut, summary="Is the server up")
async def health() -> HealthOut:
    return HealthOut(status="ok", version=__version__)
