"""The date lexicon (``extract/resources/dates.yaml``) as a frozen record."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from allywatch.errors import ConfigError

log = logging.getLogger(__name__)

RESOURCE = "dates.yaml"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Words of temporal expressions, read from data (see the YAML file's header)."""

    months: dict[str, int]  # "January"/"Jan" -> 1
    full_months: frozenset[str]  # full names only
    weekdays: dict[str, int]  # "Monday" -> 0 (date.weekday())
    seasons: dict[str, str]  # "autumn" -> "fall"
    season_first_month: dict[str, int]  # "fall" -> 9
    numerals: dict[str, int]
    vague_numerals: dict[str, tuple[int, int]]
    approximators: tuple[str, ...]
    unit_days: dict[str, int]  # "week" -> 7
    unit_months: dict[str, int]  # "year" -> 12
    open_ended: tuple[str, ...]
    one_day_blockers_before: frozenset[str]
    one_day_blockers_after: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]
    modal_auxiliaries: frozenset[str]
    year_blockers_before: frozenset[str]
    year_determiners: frozenset[str]
    season_followers: frozenset[str]


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key, ()))


def parse_lexicon(data: Any, source: str = RESOURCE) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed YAML; raise ConfigError naming what is wrong."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping at the top level")
    try:
        months: dict[str, int] = {}
        for entry in data["months"]:
            months[entry["name"]] = int(entry["number"])
            for abbr in entry.get("abbreviations", ()):
                months[abbr] = int(entry["number"])
        seasons: dict[str, str] = {}
        first: dict[str, int] = {}
        for name, entry in data["seasons"].items():
            first[name] = int(entry["first_month"])
            for word in entry["words"]:
                seasons[word.lower()] = name
        unit_days: dict[str, int] = {}
        unit_months: dict[str, int] = {}
        for name, entry in data["units"].items():
            if "days" in entry:
                unit_days[name] = int(entry["days"])
            else:
                unit_months[name] = int(entry["months"])
        return Lexicon(
            months=months,
            full_months=frozenset(e["name"] for e in data["months"]),
            weekdays={name: i for i, name in enumerate(data["weekdays"])},
            seasons=seasons,
            season_first_month=first,
            numerals={str(k).lower(): int(v) for k, v in data["numerals"].items()},
            vague_numerals={
                str(k).lower(): (int(v[0]), int(v[1])) for k, v in data["vague_numerals"].items()
            },
            approximators=tuple(str(a).lower() for a in data["approximators"]),
            unit_days=unit_days,
            unit_months=unit_months,
            open_ended=tuple(str(p).lower() for p in data["open_ended"]),
            one_day_blockers_before=_words(data, "one_day_blockers_before"),
            one_day_blockers_after=_words(data, "one_day_blockers_after"),
            future_auxiliaries=_words(data, "future_auxiliaries"),
            future_verbs=_words(data, "future_verbs"),
            modal_auxiliaries=_words(data, "modal_auxiliaries"),
            year_blockers_before=_words(data, "year_blockers_before"),
            year_determiners=_words(data, "year_determiners"),
            season_followers=_words(data, "season_followers"),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{source}: malformed date lexicon ({exc!r})") from exc


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon (read once per process)."""
    text = resources.files("allywatch.extract").joinpath("resources", RESOURCE).read_text("utf-8")
    lexicon = parse_lexicon(yaml.safe_load(text))
    log.debug("date lexicon: %d month words, %d numerals", len(lexicon.months), len(lexicon.numerals))
    return lexicon
