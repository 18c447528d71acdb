"""Settings: shipped defaults (``defaults.toml``), then the user's file, then environment.

The user's file is ``$ALLYWATCH_CONFIG`` or ``<user config dir>/allywatch/config.toml``;
environment variables are ``ALLYWATCH_<KEY>``.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import platformdirs
from pydantic_settings import BaseSettings, SettingsConfigDict

from allywatch.errors import ConfigError

__all__ = ["DEFAULTS_FILE", "Settings", "default_db_url", "get_settings"]

DEFAULTS_FILE = Path(__file__).with_name("defaults.toml")


def _user_file() -> Path:
    env = os.environ.get("ALLYWATCH_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir("allywatch")) / "config.toml"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


class Settings(BaseSettings):
    """All tunables, documented in ``defaults.toml``."""

    model_config = SettingsConfigDict(env_prefix="ALLYWATCH_", extra="ignore")

    db_url: str = ""
    max_input_bytes: int = 20_000_000
    fetch_timeout: float = 20.0
    catalog_paths: list[str] = []
    n_process: int = 1
    minhash_threshold: float = 0.8
    duplicate_share: float = 0.6
    corpus_fields: dict[str, str] = {}
    api_token: str = ""
    events_backend: str = "rules"


def default_db_url() -> str:
    """SQLite file in the user data dir."""
    data_dir = Path(platformdirs.user_data_dir("allywatch"))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'allywatch.sqlite'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Defaults, overlaid by the user's file, overlaid by the environment."""
    values = _read_toml(DEFAULTS_FILE)
    user = _user_file()
    if user.is_file():
        values.update(_read_toml(user))
    # Environment variables win over both files: pydantic-settings gives init kwargs
    # priority, so drop file values that the environment sets.
    for key in list(values):
        if f"ALLYWATCH_{key.upper()}" in os.environ:
            del values[key]
    return Settings(**values)
