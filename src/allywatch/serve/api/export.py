"""Pages of rows as JSON or CSV (``?format=csv``)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel

from allywatch.serve.api.deps import Paging

__all__ = ["page_response", "rows_to_csv"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return ";".join(value)
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _neutralise(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; prefix those with '."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def rows_to_csv(rows: Sequence[dict[str, Any]]) -> str:
    """CSV with one column per key (in first-seen order); nested values as JSON."""
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_neutralise(_cell(row.get(c))) for c in columns])
    return buf.getvalue()


def page_response(
    items: Sequence[BaseModel], paging: Paging, fmt: str, name: str
) -> dict[str, Any] | Response:
    """``items`` holds up to ``limit + 1`` rows (one extra tells there is a next page)."""
    more = len(items) > paging.limit
    shown = list(items[: paging.limit])
    if fmt == "csv":
        body = rows_to_csv([item.model_dump(mode="json") for item in shown])
        return Response(
            body, media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )  # fmt: skip
    return {
        "items": shown, "limit": paging.limit, "offset": paging.offset,
        "next_offset": paging.offset + paging.limit if more else None,
    }  # fmt: skip
