"""Upload files, or send URLs, to ingest (token required)."""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from allywatch.config import get_settings
from allywatch.errors import InputError, OversizedInputError
from allywatch.serve.api.deps import StoreDep, TokenDep
from allywatch.serve.api.responses import AUTH_ERRORS

router = APIRouter(prefix="/api/ingest", tags=["ingest"])
logger = logging.getLogger(__name__)


#: http(s) with a host name or IPv4 address (no IPv6 literals), optional port and path.
#: (No \S: Unicode and ECMA regexes disagree on what is whitespace, e.g. U+0085.)
URL_PATTERN = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^\x00-\x20\x7f]*)?$"


class UrlsIn(BaseModel):
    urls: list[Annotated[str, Field(pattern=URL_PATTERN, max_length=4000)]] = Field(
        min_length=1, max_length=1000, description="http(s) URLs"
    )


class IngestResultOut(BaseModel):
    inputs: int
    result: Any = None


def _safe_name(name: str, index: int) -> str:
    """A file name with no directory part and only harmless characters (keeps the suffix,
    which ingest uses to pick the reader)."""
    base = Path(name or "").name
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".") or f"upload-{index}"
    return f"{index:03d}-{base[:100]}"


def _check_url(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise InputError(url, f"not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(url, "only http:// and https:// URLs can be ingested")
    return url.strip()


@router.post(
    "/files", dependencies=[TokenDep], responses=AUTH_ERRORS, response_model=IngestResultOut,
    summary="Ingest uploaded articles (text, HTML, PDF, feeds, JSONL/CSV; token required)",
)  # fmt: skip
async def ingest_files(
    store: StoreDep,
    files: Annotated[list[UploadFile], File(description="Articles to ingest", min_length=1)],
) -> IngestResultOut:
    limit = get_settings().max_input_bytes
    with tempfile.TemporaryDirectory(prefix="allywatch-upload-") as tmp:
        paths = []
        for i, upload in enumerate(files):
            data = await upload.read(limit + 1)
            name = upload.filename or f"upload-{i}"
            if len(data) > limit:
                raise OversizedInputError(name, f"larger than max_input_bytes ({limit})")
            path = Path(tmp) / _safe_name(name, i)
            path.write_bytes(data)
            paths.append(str(path))
        logger.info("ingesting %d uploaded file(s)", len(paths))
        result = await run_in_threadpool(store.ingest, paths)
    return IngestResultOut(inputs=len(paths), result=result)


@router.post(
    "/urls", dependencies=[TokenDep], responses=AUTH_ERRORS, response_model=IngestResultOut,
    summary="Fetch and ingest URLs (token required)",
)  # fmt: skip
async def ingest_urls(store: StoreDep, body: UrlsIn) -> IngestResultOut:
    urls = [_check_url(u) for u in body.urls]
    logger.info("ingesting %d URL(s)", len(urls))
    result = await run_in_threadpool(store.ingest, urls)
    return IngestResultOut(inputs=len(urls), result=result)
