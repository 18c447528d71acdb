"""The alliance graph: actors as nodes, typed, dated, evidence-weighted edges.

Definitions (also in docs/analyze.md):

- **Edge category** of an event: the first category of ``edge_keywords`` in
  ``resources/analysis.yaml`` whose keyword occurs in the event's mode, detail or trigger
  (arms, intelligence, energy, trade, security, treaty, diplomatic), else in its evidence
  sentence, else the default of its type (AGREE -> treaty, AID -> security, ...). Every
  conflictual PLOVER type (ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, COERCE, ASSAULT,
  LEADER_OUSTED) is ``hostile`` whatever its words.
- **Edge** ``(source, target, category)``: one per source/target pair of every event
  (``source != target``), merging all events of that category.
- **Weight**: the number of distinct evidence sentences (document, normalised sentence text)
  behind the edge's asserted (non-negated) events, so a sentence repeated in a summary, or an
  event stored twice from the same sentence, counts once. ``withheld`` counts the distinct
  sentences of negated events (support withheld or denied) on the same edge.
- **Dates**: ``first``/``last`` are the earliest start and latest end of the edge's dated
  events; ``undated`` counts events without a date.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from allywatch.errors import ConfigError
from allywatch.store.analytics import EdgeFacts
from allywatch.types import Event, Evidence, StoredEvent

__all__ = [
    "HOSTILE_TYPES",
    "AnalysisData",
    "alliance_graph",
    "analysis_data",
    "edge_category",
    "event_interval",
    "evidence_key",
    "graph_from_facts",
    "graph_to_json",
    "write_graphml",
]

log = logging.getLogger(__name__)

RESOURCE = Path(__file__).with_name("resources") / "analysis.yaml"
HOSTILE_TYPES = frozenset(
    {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "ASSAULT", "LEADER_OUSTED"}
)


def _compile(words: Iterable[str]) -> re.Pattern[str]:
    # Keywords match at a word start; "missile" also matches "missiles".
    alts = sorted((re.escape(w.lower()) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alts) + ")")


def _mediation_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Mediation keywords, except a third party's mediation: "a deal brokered by China",
    "a Qatari-brokered deal" (the word after "by", or joined to a name by a hyphen)."""
    alts = sorted((re.escape(w.lower()) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9-])(?:" + "|".join(alts) + r")(?![a-z-]*\s+by\b)")


@dataclass(frozen=True, eq=False)
class AnalysisData:
    """The lexicons and mappings of ``resources/analysis.yaml``, compiled."""

    raw: Mapping[str, Any]
    edge_keywords: tuple[tuple[str, re.Pattern[str]], ...]
    support_keywords: tuple[tuple[str, re.Pattern[str]], ...]
    crisis_signals: tuple[tuple[str, re.Pattern[str]], ...]
    purchase: re.Pattern[str]
    fall: re.Pattern[str]
    request: re.Pattern[str]
    mediation: re.Pattern[str]
    #: Every edge keyword in one pattern: most sentences have none, and one search says so
    #: (instead of one per category).
    any_edge_keyword: re.Pattern[str]

    def types(self, key: str) -> frozenset[str]:
        return frozenset(self.raw[key])

    @property
    def material(self) -> frozenset[str]:
        return frozenset(self.raw["material"])


@lru_cache(maxsize=4)
def analysis_data(path: Path = RESOURCE) -> AnalysisData:
    """Load and compile the analysis lexicons (cached)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read analysis lexicon: {exc}") from exc
    needed = ("edge_keywords", "edge_type_defaults", "support_keywords", "crisis_signals",
              "material", "alliance_types", "crisis_types", "delivery_types", "verbal_types",
              "purchase_keywords", "fall_outcomes", "fall_keywords", "request_types",
              "support_type_defaults", "request_keywords", "unreal_modalities",
              "disputed_modalities", "mediation_keywords", "flow_types")  # fmt: skip
    missing = [k for k in needed if k not in (raw or {})]
    if missing:
        raise ConfigError(f"{path}: missing keys {', '.join(missing)}")

    def table(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((name, _compile(words)) for name, words in raw[key].items())

    return AnalysisData(
        raw=raw,
        edge_keywords=table("edge_keywords"),
        support_keywords=table("support_keywords"),
        crisis_signals=table("crisis_signals"),
        purchase=_compile(raw["purchase_keywords"]),
        fall=_compile(raw["fall_keywords"]),
        request=_compile(raw["request_keywords"]),
        mediation=_mediation_pattern(raw["mediation_keywords"]),
        any_edge_keyword=_compile(w for words in raw["edge_keywords"].values() for w in words),
    )


def _event_words(event: Event) -> str:
    return " ".join(p for p in (event.mode or "", event.detail, event.trigger) if p).lower()


def edge_category(event: Event, data: AnalysisData | None = None) -> str:
    """The tie category of one event (see the module docstring)."""
    if event.type in HOSTILE_TYPES:
        return "hostile"
    return _category(event.type, _event_words(event), event.evidence.sentence.lower(),
                     data or analysis_data())  # fmt: skip


def _category(type_: str, words: str, sentence: str, data: AnalysisData) -> str:
    return (_words_category(words, data) if words else None) or _text_category(
        sentence, data) or str(data.raw["edge_type_defaults"].get(type_, "diplomatic"))


@lru_cache(maxsize=65536)
def _words_category(words: str, data: AnalysisData) -> str | None:
    """The first category with a keyword in an event's mode/detail/trigger (these repeat
    across events, so the answer is cached)."""
    return _text_category(words, data)


def _text_category(text: str, data: AnalysisData) -> str | None:
    if not data.any_edge_keyword.search(text):
        return None
    for name, pattern in data.edge_keywords:
        if pattern.search(text):
            return name
    return None


def event_interval(
    event: Event, published: Mapping[str, date] | None = None
) -> tuple[date | None, date | None, bool]:
    """``(start, end, dated)`` of an event; an undated event falls back to the publication
    date of its evidence document (``dated`` False), or ``(None, None, False)``."""
    d = event.date
    if d is not None and d.start is not None and d.precision != "unknown":
        return d.start, d.end or d.start, True
    pub = (published or {}).get(event.evidence.doc_id)
    return pub, pub, False


def evidence_key(ev: Evidence) -> tuple[str, str]:
    """Identity of an evidence sentence: its document and whitespace-normalised text."""
    return ev.doc_id, " ".join(ev.sentence.split()).lower()


def _evidence(stored: StoredEvent) -> tuple[Evidence, ...]:
    return stored.evidence or (stored.event.evidence,)


def _facts(stored: StoredEvent) -> EdgeFacts:
    ev = stored.event
    start, end, dated = event_interval(ev)
    return EdgeFacts(
        stored.id, ev.type, ev.negated, start if dated else None, end if dated else None,
        _event_words(ev), ev.evidence.sentence, ev.source, ev.target,
        tuple((e.doc_id, e.sentence) for e in _evidence(stored)),
    )  # fmt: skip


def alliance_graph(
    events: Iterable[StoredEvent],
    *,
    since: date | None = None,
    until: date | None = None,
    include_undated: bool = True,
    actor_names: Mapping[str, str] | None = None,
) -> nx.MultiDiGraph:
    """Build the alliance graph from stored events.

    Only events dated within ``[since, until]`` count (an event counts when its interval
    overlaps); undated events count unless ``include_undated`` is False. Edges are keyed by
    category; attributes: ``category``, ``weight``, ``withheld``, ``first``, ``last``,
    ``undated``, ``events`` (event ids), ``types``.
    """
    return graph_from_facts((_facts(s) for s in events), since=since, until=until,
                            include_undated=include_undated, actor_names=actor_names)  # fmt: skip


class _Edge:
    """One edge while the graph is gathered (attributes as in :func:`alliance_graph`)."""

    __slots__ = ("events", "first", "last", "sentences", "types", "undated", "withheld")

    def __init__(self) -> None:
        self.events: list[str] = []
        self.types: list[str] = []
        self.first: date | None = None
        self.last: date | None = None
        self.undated = 0
        self.sentences: set[tuple[str, str]] = set()
        self.withheld: set[tuple[str, str]] = set()

    def add_sentences(self, keys: list[tuple[str, str]], negated: bool) -> None:
        into = self.withheld if negated else self.sentences
        if len(keys) == 1:
            into.add(keys[0])
        else:
            into.update(keys)


def graph_from_facts(
    facts: Iterable[EdgeFacts],
    *,
    since: date | None = None,
    until: date | None = None,
    include_undated: bool = True,
    actor_names: Mapping[str, str] | None = None,
) -> nx.MultiDiGraph:
    """:func:`alliance_graph` from the store's narrow :class:`EdgeFacts` rows (what
    ``Allywatch.graph`` reads: a patron's ego graph has tens of thousands of events).

    Edges are gathered in plain dicts and handed to networkx once at the end.
    """
    data = analysis_data()
    defaults = data.raw["edge_type_defaults"]
    edges: dict[tuple[str, str, str], _Edge] = {}
    for f in facts:
        start, end = f.start, f.end
        dated = start is not None
        if not dated and not include_undated:
            continue
        if dated and ((since and end and end < since) or (until and start and start > until)):
            continue
        if f.type in HOSTILE_TYPES:
            category = "hostile"
        else:
            category = (_words_category(f.words, data) if f.words else None) or _text_category(
                f.sentence.lower(), data) or str(defaults.get(f.type, "diplomatic"))
        keys: list[tuple[str, str]] | None = None
        for src in f.source:
            for tgt in f.target:
                if src == tgt:
                    continue
                edge = edges.get((src, tgt, category))
                if edge is None:
                    edge = edges[(src, tgt, category)] = _Edge()
                edge.events.append(f.id)
                if f.type not in edge.types:
                    edge.types.append(f.type)
                if keys is None:
                    keys = [(doc, " ".join(text.split()).lower()) for doc, text in f.evidence]
                edge.add_sentences(keys, f.negated)
                if dated and start and end:
                    if edge.first is None or start < edge.first:
                        edge.first = start
                    if edge.last is None or end > edge.last:
                        edge.last = end
                else:
                    edge.undated += 1
    graph = nx.MultiDiGraph()
    names = actor_names or {}
    for (src, tgt, category), edge in edges.items():
        for node in (src, tgt):
            if node not in graph:
                graph.add_node(node, label=names.get(node, node))
        graph.add_edge(src, tgt, key=category, category=category, weight=len(edge.sentences),
                       withheld=len(edge.withheld), first=edge.first, last=edge.last,
                       undated=edge.undated, events=edge.events, types=edge.types)  # fmt: skip
    log.info("alliance graph: %d nodes, %d edges", graph.number_of_nodes(), graph.number_of_edges())
    return graph


def _scalar_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are GraphML scalars (lists joined with ';', dates ISO)."""
    out = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        out.add_node(node, **{k: str(v) for k, v in attrs.items()})
    for src, tgt, key, attrs in graph.edges(keys=True, data=True):
        flat: dict[str, Any] = {}
        for name, value in attrs.items():
            if isinstance(value, list):
                flat[name] = ";".join(map(str, value))
            elif isinstance(value, date):
                flat[name] = value.isoformat()
            elif value is None:
                flat[name] = ""
            else:
                flat[name] = value
        out.add_edge(src, tgt, key=key, **flat)
    return out


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as GraphML (list attributes joined with ';')."""
    nx.write_graphml(_scalar_graph(graph), path)


def graph_to_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The node-link JSON form of ``graph`` (dates as ISO strings)."""
    data: dict[str, Any] = nx.node_link_data(_scalar_graph(graph), edges="links")
    for link in data["links"]:
        for name in ("events", "types"):
            link[name] = [x for x in str(link.get(name, "")).split(";") if x]
    return data
