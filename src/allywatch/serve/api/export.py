"""Pages of rows as JSON or CSV (``?format=csv``).

Rows are plain dicts (the schemas' ``row()``), serialised here in one call to pydantic-core's
JSON encoder and returned as a ready :class:`Response`, so FastAPI does not validate and
re-encode the page against its ``response_model`` (which stays for the OpenAPI spec; the
rows are checked against it in the tests)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from fastapi.responses import Response
from pydantic_core import to_json

from allywatch.serve.api.deps import Paging

__all__ = ["json_response", "page_response", "rows_to_csv"]


def json_response(value: Any, status_code: int = 200) -> Response:
    """``value`` (dicts, lists, str, numbers, dates) as compact UTF-8 JSON; a non-finite
    float becomes null, as in the schemas."""
    return Response(to_json(value, inf_nan_mode="null"), status_code=status_code,
                    media_type="application/json")  # fmt: skip


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
    rows: Sequence[dict[str, Any]], paging: Paging, fmt: str, name: str
) -> Response:
    """``rows`` holds up to ``limit + 1`` rows (one extra tells there is a next page)."""
    more = len(rows) > paging.limit
    shown = list(rows[: paging.limit])
    if fmt == "csv":
        return Response(
            rows_to_csv(shown), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )  # fmt: skip
    return json_response({
        "items": shown, "limit": paging.limit, "offset": paging.offset,
        "next_offset": paging.offset + paging.limit if more else None,
    })  # fmt: skip
