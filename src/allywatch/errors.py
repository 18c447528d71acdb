"""The exception tree of allywatch.

::

    AllywatchError                      root; ``status`` is the HTTP status the API maps it to
    ├── ConfigError                     bad settings or catalog file (500)
    ├── InputError                      an input that cannot be read; names the input (422)
    │   ├── EmptyInputError             nothing to read
    │   ├── BinaryInputError            not text (NUL bytes, unknown binary format)
    │   ├── EncodingError               bytes that decode in no supported encoding
    │   ├── OversizedInputError         larger than ``max_input_bytes``
    │   ├── MalformedInputError         broken HTML/PDF/feed/JSONL/CSV
    │   ├── MissingInputError           no such file (404)
    │   └── FetchError                  URL unreachable or answered with an error (502)
    ├── StoreError                      database problems (503)
    │   └── NotFoundError               no such document/actor/prediction (404)
    ├── ExtractionError                 a stage failed on one document (500)
    ├── EvaluationError                 bad gold file (422)
    └── AuthError                       missing or wrong API token (401)

Every error carries a message that says what failed and why; input errors start with the
input's name so a batch can report "one clear line" per bad input.
"""

from __future__ import annotations

__all__ = [
    "AllywatchError",
    "AuthError",
    "BinaryInputError",
    "ConfigError",
    "EmptyInputError",
    "EncodingError",
    "EvaluationError",
    "ExtractionError",
    "FetchError",
    "InputError",
    "MalformedInputError",
    "MissingInputError",
    "NotFoundError",
    "OversizedInputError",
    "StoreError",
]


class AllywatchError(Exception):
    """Root of every error allywatch raises on purpose."""

    status: int = 500


class ConfigError(AllywatchError):
    status = 500


class InputError(AllywatchError):
    """An input that cannot be read. ``source`` names the input, ``reason`` says why."""

    status = 422

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class OversizedInputError(InputError):
    pass


class MalformedInputError(InputError):
    pass


class MissingInputError(InputError):
    status = 404


class FetchError(InputError):
    status = 502


class StoreError(AllywatchError):
    status = 503


class NotFoundError(StoreError):
    status = 404


class ExtractionError(AllywatchError):
    status = 500


class EvaluationError(AllywatchError):
    status = 422


class AuthError(AllywatchError):
    status = 401
