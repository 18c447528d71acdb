"""The actor catalog: states, sub-state entities, IGOs, organisations and people.

The facts live in data files under ``extract/resources/catalog/`` (see docs/actors.md):

- ``states.csv``            ISO 3166-1 states, generated from pycountry
- ``state_aliases.yaml``    short forms, demonyms, capitals and seats of power per state
- ``entities.yaml``         contested entities, IGOs, organisations (``actors:`` list)
- ``people.yaml``           leaders and ministers with dated roles (``people:`` list)

A user's own files (settings ``catalog_paths`` or ``--catalog``) use the same layout (any of
the ``states:`` / ``actors:`` / ``people:`` keys, or a CSV with ``id,name,aliases`` columns)
and are merged on top: an existing id gains the new aliases and roles.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml

from allywatch.errors import ConfigError
from allywatch.types import Actor, Role

__all__ = ["CATALOG_DIR", "AliasKind", "Catalog", "Surface", "slugify"]

logger = logging.getLogger(__name__)

CATALOG_DIR = Path(__file__).resolve().parents[1] / "extract" / "resources" / "catalog"

#: How a surface form names its actor: by name/alias, as a nationality adjective, or by
#: metonymy (a capital city or a seat of power), which depends on context.
AliasKind = Literal["name", "demonym", "capital", "seat"]

_KINDS: frozenset[str] = frozenset({"state", "substate", "igo", "org", "person"})
_LEADING_THE = re.compile(r"^(?:the|The)\s+")


def slugify(name: str) -> str:
    """``"Julian G. Waller"`` -> ``"julian-g-waller"`` (accents folded, ASCII only)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _surface(text: str) -> str:
    """The form an alias is matched in: whitespace collapsed, a leading "the" dropped
    (the article is not part of the name: "the Kremlin" is matched as "Kremlin")."""
    return _LEADING_THE.sub("", " ".join(text.split()))


@dataclass(frozen=True, slots=True)
class Surface:
    """One surface form of an actor (what the matcher looks for)."""

    text: str
    actor_id: str
    kind: AliasKind


@dataclass
class Catalog:
    """Actors by id, and their surface forms for matching."""

    actors: dict[str, Actor] = field(default_factory=dict)
    surfaces: dict[str, list[Surface]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    # ----------------------------------------------------------------- loading
    @classmethod
    def load(
        cls,
        extra_paths: Iterable[str | Path] = (),
        extra_data: Iterable[tuple[str, Mapping[str, Any]]] = (),
    ) -> Catalog:
        """The shipped catalog, with the user's files in ``extra_paths`` merged on top, then
        ``extra_data``: ``(name, content)`` pairs, each content laid out like a catalog file
        (``states``/``actors``/``people`` keys) and built in memory (e.g. the toy actors an
        evaluation suite needs for its own documents only); ``name`` is shown in errors."""
        builder = _Builder()
        builder.read_states_csv(CATALOG_DIR / "states.csv")
        for name in ("state_aliases.yaml", "entities.yaml", "people.yaml"):
            builder.read_file(CATALOG_DIR / name)
        for extra in extra_paths:
            path = Path(extra)
            if not path.is_file():
                raise ConfigError(f"{path}: catalog file not found")
            builder.read_file(path)
        for name, data in extra_data:
            builder.sources.append(name)
            builder.read_data(Path(name), data)
        return builder.build()

    # ----------------------------------------------------------------- queries
    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def lookup(self, text: str) -> Actor | None:
        """The actor a surface form names ("the U.S.", "Kremlin", "Putin"), or None."""
        found = self.surfaces.get(_surface(text))
        return self.actors.get(found[0].actor_id) if found else None

    def surface(self, text: str) -> Surface | None:
        """The first catalog surface form equal to ``text`` (with its alias kind)."""
        found = self.surfaces.get(_surface(text))
        return found[0] if found else None

    def state_of(self, actor_id: str, on: date | None = None) -> str | None:
        """The state an actor counts as: a state itself, an organisation's country, the
        country a person led or served on ``on`` (None: their latest office). A person
        out of office on ``on`` counts as the country of their last office before it."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return None
        if actor.kind in ("state", "substate"):
            return actor.id
        if actor.kind != "person":
            return actor.country
        if on is not None:
            current = [r for r in actor.roles if _held(r, on)]
            if current:
                # In office: the state served, or None for an IGO post (NATO's chief).
                return next((r.country for r in current if self._is_state(r.country)), None)
        roles = [r for r in actor.roles if self._is_state(r.country)]
        if not roles:
            return None
        if on is not None:
            before = [r for r in roles if r.start is None or r.start <= on]
            if before:
                return max(before, key=lambda r: r.start or date.min).country
        return max(roles, key=lambda r: r.start or date.min).country

    def role_of(self, person_id: str, on: date | None = None) -> Role | None:
        """The office a person held on ``on`` (their latest one when ``on`` is None)."""
        actor = self.actors.get(person_id)
        if actor is None or not actor.roles:
            return None
        if on is not None:
            for role in actor.roles:
                if _held(role, on):
                    return role
            return None
        return max(actor.roles, key=lambda r: r.start or date.min)

    def iter_surfaces(self) -> Iterator[Surface]:
        for entries in self.surfaces.values():
            yield from entries

    @property
    def fingerprint(self) -> str:
        """Identifies the catalog's content (used to cache pipelines built from it)."""
        digest = hashlib.sha256()
        for text in sorted(self.surfaces):
            for s in self.surfaces[text]:
                digest.update(f"{s.text}\x1f{s.actor_id}\x1f{s.kind}\n".encode())
        return digest.hexdigest()[:16]

    def _is_state(self, code: str | None) -> bool:
        actor = self.actors.get(code or "")
        return actor is not None and actor.kind in ("state", "substate")


def _held(role: Role, on: date) -> bool:
    return (role.start is None or role.start <= on) and (role.end is None or on <= role.end)


class _Builder:
    """Accumulates actors and surface forms from several files, later files on top."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.surfaces: dict[str, list[Surface]] = {}
        self.sources: list[str] = []
        self.auto_short: dict[str, set[str]] = {}

    def build(self) -> Catalog:
        # A surname shared by two catalog people ("Castro") names neither on its own.
        for short, ids in self.auto_short.items():
            if len(ids) == 1:
                self._add_surface(short, next(iter(ids)), "name", first=False)
        return Catalog(self.actors, self.surfaces, tuple(self.sources))

    def read_file(self, path: Path) -> None:
        self.sources.append(str(path))
        if path.suffix.lower() == ".csv":
            self.read_states_csv(path)
            return
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, ValueError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot read catalog file: {exc}") from exc
        self.read_data(path, data)

    def read_data(self, path: Path, data: Any) -> None:
        if not isinstance(data, Mapping):
            raise ConfigError(f"{path}: expected a mapping with states/actors/people keys")
        for code, entry in (data.get("states") or {}).items():
            self._add_state_aliases(path, str(code), entry or {})
        for entry in data.get("actors") or []:
            self._add_actor(path, entry)
        for entry in data.get("people") or []:
            self._add_person(path, entry)

    def read_states_csv(self, path: Path) -> None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read catalog file: {exc}") from exc
        rows = csv.DictReader(line for line in lines if not line.startswith("#"))
        for row in rows:
            if not row.get("id") or not row.get("name"):
                raise ConfigError(f"{path}: row without id or name: {row}")
            kind = row.get("kind") or "state"
            self._merge(path, row["id"], row["name"], kind, row.get("country") or None)
            aliases = [a for a in (row.get("aliases") or "").split(";") if a]
            for text in [row["name"], *aliases]:
                self._add_surface(text, row["id"], "name")

    # ------------------------------------------------------------------ entries
    def _merge(self, path: Path, actor_id: str, name: str, kind: str, country: str | None) -> Actor:
        if kind not in _KINDS:
            raise ConfigError(f"{path}: {actor_id}: unknown kind {kind!r}")
        old = self.actors.get(actor_id)
        actor = (
            Actor(actor_id, name, kind, country)  # type: ignore[arg-type]
            if old is None
            else replace(old, country=country or old.country)
        )
        self.actors[actor_id] = actor
        return actor

    def _add_surface(self, text: str, actor_id: str, kind: AliasKind, first: bool = True) -> None:
        form = _surface(text)
        if not form:
            return
        entries = self.surfaces.setdefault(form, [])
        if any(e.actor_id == actor_id for e in entries):
            return
        entry = Surface(form, actor_id, kind)
        # Later (user) files win ambiguous forms: put them first.
        entries.insert(0 if first and entries else len(entries), entry)
        actor = self.actors[actor_id]
        if kind == "name" and form != actor.name and form not in actor.aliases:
            self.actors[actor_id] = replace(actor, aliases=(*actor.aliases, form))

    def _add_state_aliases(self, path: Path, code: str, entry: dict[str, Any]) -> None:
        if code not in self.actors:
            name = entry.get("name")
            if not name:
                raise ConfigError(f"{path}: state {code} is not in states.csv and has no name")
            self._merge(path, code, name, "state", None)
        elif entry.get("name"):
            # A display name ("Russia" rather than ISO's "Russian Federation").
            old = self.actors[code]
            name = str(entry["name"])
            aliases = tuple(a for a in (*old.aliases, old.name) if a != name)
            self.actors[code] = replace(old, name=name, aliases=aliases)
            self._add_surface(name, code, "name")
        self._add_forms(code, entry)

    def _add_forms(self, actor_id: str, entry: dict[str, Any]) -> None:
        for key, kind in (
            ("aliases", "name"), ("demonyms", "demonym"), ("capitals", "capital"),
            ("seats", "seat"),
        ):  # fmt: skip
            for text in entry.get(key) or []:
                self._add_surface(str(text), actor_id, kind)  # type: ignore[arg-type]

    def _add_actor(self, path: Path, entry: dict[str, Any]) -> None:
        if not isinstance(entry, dict) or "id" not in entry or "name" not in entry:
            raise ConfigError(f"{path}: every actor needs an id and a name: {entry!r}")
        actor_id, kind = str(entry["id"]), str(entry.get("kind", "org"))
        if kind == "person":
            self._add_person(path, entry)
            return
        self._merge(path, actor_id, str(entry["name"]), kind, entry.get("country"))
        self._add_surface(str(entry["name"]), actor_id, "name")
        self._add_forms(actor_id, entry)

    def _add_person(self, path: Path, entry: dict[str, Any]) -> None:
        if not isinstance(entry, dict) or "name" not in entry:
            raise ConfigError(f"{path}: every person needs a name: {entry!r}")
        name = str(entry["name"])
        person_id = str(entry.get("id") or slugify(name))
        roles = tuple(_role(path, name, r) for r in entry.get("roles") or [])
        old = self.actors.get(person_id)
        country = roles[0].country if roles else entry.get("country")
        actor = Actor(person_id, name, "person", country, (), roles)
        if old is not None:
            actor = replace(old, roles=(*old.roles, *roles))
        self.actors[person_id] = actor
        self._add_surface(name, person_id, "name")
        for alias in entry.get("aliases") or []:
            self._add_surface(str(alias), person_id, "name")
        parts = name.split()
        if len(parts) > 1 and not entry.get("no_short"):
            self.auto_short.setdefault(parts[-1], set()).add(person_id)


def _role(path: Path, name: str, raw: Any) -> Role:
    if isinstance(raw, dict):
        title, country, start, end = (raw.get(k) for k in ("title", "country", "start", "end"))
    elif isinstance(raw, list | tuple) and len(raw) == 4:
        title, country, start, end = raw
    else:
        raise ConfigError(f"{path}: {name}: a role is [title, country, start, end]: {raw!r}")
    return Role(str(title), country, _date(path, name, start), _date(path, name, end))


def _date(path: Path, name: str, value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError(f"{path}: {name}: bad date {value!r} (want YYYY-MM-DD)") from exc
