"""Analysis results (plain JSON values) as JSON or CSV."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response

from allywatch.serve.api.export import rows_to_csv

__all__ = ["main_rows", "result_response"]


def main_rows(result: Any) -> list[dict[str, Any]]:
    """The rows a CSV export of ``result`` holds: the result itself when it is a list of
    objects, else its first field that is one, else the result as one row."""
    if isinstance(result, list):
        return [r if isinstance(r, dict) else {"value": r} for r in result]
    if isinstance(result, dict):
        for value in result.values():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                return value
        return [result]
    return [{"value": result}]


def result_response(result: Any, fmt: str, name: str) -> Any:
    if fmt == "csv":
        return Response(
            rows_to_csv(main_rows(result)), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )  # fmt: skip
    return result
