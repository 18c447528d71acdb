"""The write token: configured (``api_token`` setting) or generated once and kept in the
user data dir (``api-token``, readable only by its owner).

Write endpoints want ``Authorization: Bearer TOKEN`` (or ``X-Allywatch-Token: TOKEN``):
none given -> 401, a wrong one -> 403.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
from pathlib import Path

import platformdirs

from allywatch.config import get_settings
from allywatch.errors import AuthError, ConfigError

__all__ = ["ForbiddenError", "check_token", "resolve_token", "token_file"]

logger = logging.getLogger(__name__)


class ForbiddenError(AuthError):
    """A token was given but it is not the right one."""

    status = 403


def token_file() -> Path:
    return Path(platformdirs.user_data_dir("allywatch")) / "api-token"


def resolve_token(token: str | None = None) -> tuple[str, bool]:
    """The write token and whether it was generated just now.

    Order: the argument, the ``api_token`` setting, the token file, a new token (saved to the
    token file with mode 0600).
    """
    if token:
        return token, False
    configured = get_settings().api_token
    if configured:
        return configured, False
    path = token_file()
    if path.is_file():
        saved = path.read_text(encoding="utf-8").strip()
        if saved:
            return saved, False
    new = secrets.token_urlsafe(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new + "\n")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot save the generated API token: {exc}") from exc
    logger.info("generated a new API token in %s", path)
    return new, True


def check_token(expected: str, authorization: str | None, header_token: str | None) -> None:
    """Raise AuthError (401) when no token is given, ForbiddenError (403) when it is wrong."""
    given = header_token
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise AuthError("Authorization header must be 'Bearer TOKEN'")
        given = value.strip()
    if not given:
        raise AuthError("this endpoint changes data: send 'Authorization: Bearer TOKEN'")
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise ForbiddenError("the API token is not valid")
