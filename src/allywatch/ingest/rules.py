"""Loads the lexical cleaning rules (``resources/cleaning.yaml``) once, compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from allywatch.errors import ConfigError

__all__ = ["CleaningRules", "load_rules"]

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class CleaningRules:
    furniture: dict[str, re.Pattern[str]]
    caption_max_words: int
    caption_credit: tuple[re.Pattern[str], ...]
    disclaimers: tuple[re.Pattern[str], ...]
    wrapper_byline: re.Pattern[str]
    by_line: re.Pattern[str]
    bio_tail_paragraphs: int
    #: Any of the bio cues: one pattern, so a paragraph is scanned once, not once per cue.
    bio_cue: re.Pattern[str]
    signature_initials: re.Pattern[str]
    headline_max_words: int
    compound_prefixes: frozenset[str]
    url_dates: tuple[re.Pattern[str], ...]
    author_path: re.Pattern[str]


def _load_yaml(name: str) -> dict[str, Any]:
    text = files("allywatch.ingest").joinpath("resources", name).read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ConfigError(f"ingest/resources/{name}: expected a mapping at top level")
    return data


@lru_cache(maxsize=1)
def load_rules() -> CleaningRules:
    raw = _load_yaml("cleaning.yaml")
    try:
        return CleaningRules(
            furniture={k: re.compile(v, _I) for k, v in raw["furniture_lines"].items()},
            caption_max_words=int(raw["caption"]["max_words"]),
            caption_credit=(
                re.compile(raw["caption"]["credit_after_sentence"]),
                re.compile(raw["caption"]["credit_in_parentheses"], _I),
            ),
            disclaimers=tuple(re.compile(p, _I) for p in raw["disclaimers"]),
            wrapper_byline=re.compile(raw["wrapper_byline"]),
            by_line=re.compile(raw["by_line"]),
            bio_tail_paragraphs=int(raw["bio_tail_paragraphs"]),
            bio_cue=re.compile("|".join(f"(?:{p})" for p in raw["bio_cues"]), _I),
            signature_initials=re.compile(raw["signature_initials"]),
            headline_max_words=int(raw["headline_max_words"]),
            compound_prefixes=frozenset(raw["compound_prefixes"]),
            url_dates=tuple(re.compile(p) for p in raw["url_date_patterns"]),
            author_path=re.compile(raw["author_path"]),
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ConfigError(f"ingest/resources/cleaning.yaml: bad rule: {exc}") from exc


@lru_cache(maxsize=1)
def load_outlets() -> dict[str, str]:
    """Site domain -> outlet name (``resources/outlets.yaml``)."""
    raw = _load_yaml("outlets.yaml")
    return {str(k).lower(): str(v) for k, v in raw["domains"].items()}
