"""Upload files or URLs to ingest (token required)."""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, File, Form, UploadFile
from starlette.concurrency import run_in_threadpool

from allywatch.config import get_settings
from allywatch.errors import EmptyInputError, InputError, OversizedInputError
from allywatch.serve.api.deps import StoreDep, TokenDep

router = APIRouter(prefix="/api/ingest", tags=["ingest"])
logger = logging.getLogger(__name__)


def _safe_name(name: str, index: int) -> str:
    """A file name with no directory part and only harmless characters (keeps the suffix,
    which ingest uses to pick the reader)."""
    base = Path(name or "").name
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".") or f"upload-{index}"
    return f"{index:03d}-{base[:100]}"


def _check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(url, "only http:// and https:// URLs can be ingested")
    return url.strip()


@router.post("", dependencies=[TokenDep], summary="Ingest uploaded files and/or URLs")
async def ingest(
    store: StoreDep,
    files: Annotated[list[UploadFile] | None, File(description="Articles to ingest")] = None,
    urls: Annotated[list[str] | None, Form(description="URLs to fetch and ingest")] = None,
) -> Any:
    limit = get_settings().max_input_bytes
    inputs = [_check_url(u) for u in urls or () if u.strip()]
    with tempfile.TemporaryDirectory(prefix="allywatch-upload-") as tmp:
        for i, upload in enumerate(files or ()):
            data = await upload.read(limit + 1)
            name = upload.filename or f"upload-{i}"
            if len(data) > limit:
                raise OversizedInputError(name, f"larger than max_input_bytes ({limit})")
            path = Path(tmp) / _safe_name(name, i)
            path.write_bytes(data)
            inputs.append(str(path))
        if not inputs:
            raise EmptyInputError("request", "send at least one file or URL")
        logger.info("ingesting %d uploaded input(s)", len(inputs))
        result = await run_in_threadpool(store.ingest, inputs)
    return {"inputs": len(inputs), "result": result}
