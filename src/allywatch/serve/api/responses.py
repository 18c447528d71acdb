"""Documented error responses (the OpenAPI spec lists what each route may answer)."""

from __future__ import annotations

from typing import Any

from allywatch.serve.schemas import ErrorOut

__all__ = ["AUTH_ERRORS", "CSV", "ERRORS"]

#: Errors any route may answer (AllywatchError.status, mapped by the app's handler).
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Unreadable request body"},
    404: {"model": ErrorOut, "description": "No such record"},
    422: {"model": ErrorOut, "description": "Bad input"},
    503: {"model": ErrorOut, "description": "Store or analysis unavailable"},
}
#: Write routes also answer these.
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Unreadable request body"},
    401: {"model": ErrorOut, "description": "No API token given"},
    403: {"model": ErrorOut, "description": "Wrong API token"},
    502: {"model": ErrorOut, "description": "A URL could not be fetched"},
}


#: List and analysis routes answer CSV as well as JSON (``?format=csv``).
CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "JSON, or CSV with `?format=csv`",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}
