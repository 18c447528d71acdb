"""Patron reliability: when an ally faced a crisis, what did its patron deliver?

Definitions (also in docs/analyze.md; every number in the output is explained by these):

- **Tie** between patron P and actor A: a non-hostile event between them in either direction
  whose type is in ``alliance_types`` (AGREE, COOPERATE, AID, SUPPORT, MOBILIZE), including
  negated ones (support reported withheld only makes sense between partners), or a REQUEST
  from A to P asking for help (a ``request_keywords`` word: aid, help, support, ...).
  Events stated as hypothetical or future make no tie, nor does mediation (a
  ``mediation_keywords`` word in the event's mode, detail or trigger, or right after its
  trigger: "offered to mediate between Tehran and Washington" ties Moscow to neither).
  A tie counts for a crisis when it is dated no later than the crisis ends, or undated
  (articles describe standing relations without dates).
- **Ally** of P: an actor with at least ``min_share`` (10%) of the ties of P's most-tied
  partner, and at least one (on a few articles every partner is an ally; on a large store a
  single passing cooperation does not make one). Allies with no crisis are listed too.
- **Crisis** of ally A: a LEADER_OUSTED event on A (not by P), or an ASSAULT on A by a third
  state (source neither A nor P). Dated crisis events whose intervals lie within
  ``merge_days`` of each other form one crisis. An undated LEADER_OUSTED joins a dated one of
  the same leader (or, naming none, the ally's only dated ouster); other undated crisis
  events join the ally's latest dated crisis that began before their article was published,
  else one "date unknown" crisis of that ally.
- **Crisis window**: from ``window_before`` days before the crisis starts to ``window_after``
  days after it ends.
- **Response** of P in a crisis: P's AID, SUPPORT or MOBILIZE events toward A, and P's ACCUSE,
  PROTEST or REJECT events toward the crisis's attackers, dated inside the window
  (events stated as hypothetical or future are neither crises nor responses, denied
  ones are not responses);
  an undated response counts for the ally's latest crisis that began before its article was
  published (else the ally's undated crisis). Negated responses are **withheld** support.
- **Category** of a response (troops, arms, intelligence, diplomatic cover, exile, words):
  the ``support_keywords`` found in its mode, detail or trigger, else in its evidence
  sentence (a longer keyword beats a shorter one it overlaps: "drone tactics" is
  intelligence, not arms), else its type's default (AID -> arms, SUPPORT -> words,
  MOBILIZE -> troops). A withheld response without keywords is ``unspecified``.
- **Material support**: a delivered (non-negated) troops, arms or intelligence response.
- **Reliability index** = crises with material support / crises, with both counts shown,
  compared with the base rate: about 75% of alliance commitments are honoured when the
  casus foederis arises (Leeds 2003).
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from allywatch.analyze.graph import AnalysisData, analysis_data, event_interval
from allywatch.types import Event, Evidence, StoredEvent

__all__ = [
    "BASE_RATE",
    "BASE_RATE_SOURCE",
    "AllyRecord",
    "Crisis",
    "ReliabilityReport",
    "Response",
    "TieStats",
    "allies_of",
    "combine_stats",
    "is_mediation",
    "is_tie_event",
    "mediates",
    "partners",
    "reliability",
    "support_categories",
    "tie_stats",
]

log = logging.getLogger(__name__)

BASE_RATE = 0.75
BASE_RATE_SOURCE = (
    "Leeds (2003), 'Alliance Reliability in Times of War', International Organization 57(4): "
    "alliance commitments were honoured about 75% of the time"
)


@dataclass(frozen=True)
class Response:
    """One patron event in a crisis: what was delivered or withheld, with its evidence."""

    event_id: str
    type: str
    categories: tuple[str, ...]
    negated: bool
    mode: str | None
    date: str | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Crisis:
    """A crisis of one ally and the patron's response to it."""

    ally: str
    start: date | None
    end: date | None
    kinds: tuple[str, ...]
    leaders: tuple[str, ...]
    attackers: tuple[str, ...]
    events: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    delivered: tuple[Response, ...] = ()
    withheld: tuple[Response, ...] = ()

    @property
    def dated(self) -> bool:
        return self.start is not None

    @property
    def delivered_categories(self) -> tuple[str, ...]:
        return tuple(sorted({c for r in self.delivered for c in r.categories}))

    @property
    def withheld_categories(self) -> tuple[str, ...]:
        return tuple(sorted({c for r in self.withheld for c in r.categories}))

    @property
    def material(self) -> bool:
        mat = analysis_data().material
        return any(c in mat for c in self.delivered_categories)

    @property
    def summary(self) -> str:
        """"nothing", "<categories> only", or the material categories first."""
        cats = self.delivered_categories
        if not cats:
            return "nothing"
        if not self.material:
            return " and ".join(cats) + " only"
        mat = analysis_data().material
        return ", ".join(sorted(cats, key=lambda c: (c not in mat, c)))


@dataclass(frozen=True)
class AllyRecord:
    """An ally of the patron, the events that make it one, and its crises."""

    ally: str
    ties: tuple[str, ...]
    tie_evidence: tuple[Evidence, ...]
    crises: tuple[Crisis, ...] = ()
    n_ties: int = 0


@dataclass(frozen=True)
class TieStats:
    """The ties of one partner: how many, the earliest dated one, how many are undated, and
    a few of them (``sample``) to show as evidence."""

    n: int
    first: date | None
    undated: int
    sample: tuple[StoredEvent, ...] = ()

    def before(self, when: date | None) -> bool:
        """Whether a tie counts for a crisis ending on ``when`` (undated ties always do)."""
        return when is None or self.undated > 0 or (self.first is not None and self.first <= when)


@dataclass(frozen=True)
class ReliabilityReport:
    """The reliability of ``patron``: its allies, their crises and the index."""

    patron: str
    since: date | None
    allies: tuple[AllyRecord, ...]
    base_rate: float = BASE_RATE
    base_rate_source: str = BASE_RATE_SOURCE
    unattributed: tuple[Response, ...] = field(default=())

    @property
    def crises(self) -> tuple[Crisis, ...]:
        return tuple(c for a in self.allies for c in a.crises)

    @property
    def n_crises(self) -> int:
        return len(self.crises)

    @property
    def n_material(self) -> int:
        return sum(1 for c in self.crises if c.material)

    @property
    def index(self) -> float | None:
        """Crises with material support / crises (None when there was no crisis)."""
        return self.n_material / self.n_crises if self.n_crises else None

    @property
    def fallen(self) -> tuple[str, ...]:
        """Allies whose leader was ousted."""
        return tuple(a.ally for a in self.allies if any("LEADER_OUSTED" in c.kinds
                                                        for c in a.crises))  # fmt: skip


def _keyword_hits(text: str, data: AnalysisData) -> set[str]:
    """Support categories found in ``text``; overlapping matches go to the longer one."""
    spans: list[tuple[int, int, str]] = []
    for name, pattern in data.support_keywords:
        spans.extend((m.start(), m.end(), name) for m in pattern.finditer(text))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int]] = []
    found: set[str] = set()
    for start, end, name in spans:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        found.add(name)
    return found


def support_categories(event: Event, data: AnalysisData | None = None) -> tuple[str, ...]:
    """Support categories of one patron event (see the module docstring)."""
    words = " ".join(p for p in (event.mode or "", event.detail, event.trigger) if p).lower()
    return _categories(event.type, event.negated, words, event.evidence.sentence.lower(),
                       data or analysis_data())  # fmt: skip


@lru_cache(maxsize=65536)
def _categories(
    type_: str, negated: bool, words: str, sentence: str, data: AnalysisData
) -> tuple[str, ...]:
    found = _keyword_hits(words, data) or _keyword_hits(sentence, data)
    if not found:
        if negated:
            return (str(data.raw["withheld_default"]),)
        default = data.raw["support_type_defaults"].get(type_)
        return (str(default),) if default else ("words",)
    return tuple(sorted(found))


#: Where the phrase after an event's trigger ends: punctuation or a conjunction.
_PHRASE_END = re.compile(r"[,;:.!?()\u2013\u2014\"]|\s(?:and|but|while|whereas|although)\s")


def is_mediation(event: Event, data: AnalysisData | None = None) -> bool:
    """Whether ``event`` is mediation (see "Tie" above): a ``mediation_keywords`` word in
    its mode, detail or trigger, or among the four words after its trigger in the evidence
    sentence, before the phrase ends ("offered instead to mediate between ...")."""
    return mediates(event.mode or "", event.detail, event.trigger, event.evidence.sentence,
                    data or analysis_data())  # fmt: skip


@lru_cache(maxsize=65536)
def mediates(
    mode: str, detail: str, trigger: str, sentence: str, data: AnalysisData | None = None
) -> bool:
    """:func:`is_mediation` on an event's words (what the store's ``tie_words`` reads)."""
    data = data or analysis_data()
    if data.mediation.search(" ".join(p for p in (mode, detail, trigger) if p).lower()):
        return True
    if not trigger.strip():
        return False
    text = sentence.lower()
    at = re.compile(r"(?<![a-z0-9])" + re.escape(trigger.lower()) + r"(?![a-z0-9])")
    for found in at.finditer(text):
        phrase = _PHRASE_END.split(text[found.end():], maxsplit=1)[0]
        if data.mediation.search(" ".join(phrase.split()[:4])):
            return True
    return False


def is_tie_event(event: Event, data: AnalysisData | None = None) -> bool:
    """Whether ``event`` may make a tie at all: stated as fact (not hypothetical or future)
    and not mediation. Which actors it ties is :func:`partners`' business."""
    data = data or analysis_data()
    return event.modality not in data.raw["unreal_modalities"] and not is_mediation(event, data)


def partners(patron: str, events: Iterable[StoredEvent]) -> dict[str, list[StoredEvent]]:
    """The actors tied to ``patron`` (see "Tie" above), each with its tie events."""
    data = analysis_data()
    ties: dict[str, list[StoredEvent]] = {}
    alliance, requests = data.types("alliance_types"), data.types("request_types")
    for stored in events:
        ev = stored.event
        if (ev.type not in alliance and ev.type not in requests) or not is_tie_event(ev, data):
            continue
        if ev.type in alliance and (patron in ev.source or patron in ev.target):
            others = set(ev.target if patron in ev.source else ev.source) - {patron}
        elif ev.type in requests and patron in ev.target and data.request.search(
            " ".join((ev.mode or "", ev.detail, ev.trigger, ev.evidence.sentence)).lower()
        ):
            others = set(ev.source) - {patron}
        else:
            continue
        for other in others:
            ties.setdefault(other, []).append(stored)
    return ties


def tie_stats(
    patron: str, events: Iterable[StoredEvent], sample: int = 3
) -> dict[str, TieStats]:
    """:func:`partners` summed up per partner (the store computes the same in SQL)."""
    out: dict[str, TieStats] = {}
    for other, tied in partners(patron, events).items():
        dated = [event_interval(s.event) for s in tied]
        firsts = [start for start, _end, ok in dated if ok and start]
        out[other] = TieStats(n=len(tied), first=min(firsts, default=None),
                              undated=sum(1 for *_x, ok in dated if not ok),
                              sample=tuple(tied[:sample]))  # fmt: skip
    return out


def combine_stats(*parts: Mapping[str, TieStats]) -> dict[str, TieStats]:
    """Tie statistics of several sources added up per partner."""
    out: dict[str, TieStats] = {}
    for part in parts:
        for other, st in part.items():
            prev = out.get(other)
            if prev is None:
                out[other] = st
                continue
            firsts = [d for d in (prev.first, st.first) if d]
            out[other] = TieStats(prev.n + st.n, min(firsts, default=None),
                                  prev.undated + st.undated,
                                  (prev.sample + st.sample)[:3])  # fmt: skip
    return out


def allies_of(stats: Mapping[str, TieStats], min_share: float = 0.1) -> dict[str, TieStats]:
    """The partners that count as allies: at least ``min_share`` of the tie count of the
    patron's most-tied partner (and at least one tie)."""
    if not stats:
        return {}
    floor = max(1, math.ceil(min_share * max(st.n for st in stats.values())))
    return {a: st for a, st in stats.items() if st.n >= floor}


def _evidence(stored: StoredEvent) -> tuple[Evidence, ...]:
    return stored.evidence or (stored.event.evidence,)


def _surname(name: str | None) -> str:
    return name.split()[-1].lower().strip(".") if name and name.split() else ""


@dataclass
class _Cluster:
    ally: str
    start: date | None = None
    end: date | None = None
    events: list[StoredEvent] = field(default_factory=list)

    def add(self, stored: StoredEvent, start: date | None, end: date | None) -> None:
        self.events.append(stored)
        if start and end:
            self.start = min(filter(None, (self.start, start)))
            self.end = max(filter(None, (self.end, end)))


def _is_crisis(ev: Event, ally: str, patron: str, data: AnalysisData) -> bool:
    if ev.type not in data.types("crisis_types") or ally not in ev.target or ev.negated:
        return False
    if ev.modality in data.raw["unreal_modalities"] or patron in ev.source:
        return False
    if ev.type == "ASSAULT":
        return bool(ev.source) and ally not in ev.source
    return True


def _latest_before(clusters: list[_Cluster], when: date | None) -> _Cluster | None:
    dated = [c for c in clusters if c.start is not None]
    if when is not None:
        dated = [c for c in dated if c.start is not None and c.start <= when]
    return max(dated, key=lambda c: c.start or date.min, default=None)


def _cluster_crises(
    ally: str, crisis_events: list[StoredEvent], published: Mapping[str, date], merge_days: int
) -> list[_Cluster]:
    dated: list[tuple[date, date, StoredEvent]] = []
    undated: list[StoredEvent] = []
    for stored in crisis_events:
        start, end, is_dated = event_interval(stored.event)
        if is_dated and start and end:
            dated.append((start, end, stored))
        else:
            undated.append(stored)
    clusters: list[_Cluster] = []
    for start, end, stored in sorted(dated, key=lambda t: (t[0], t[1])):
        last = clusters[-1] if clusters else None
        if last and last.end and start <= last.end + timedelta(days=merge_days):
            last.add(stored, start, end)
        else:
            clusters.append(_Cluster(ally))
            clusters[-1].add(stored, start, end)
    unknown = _Cluster(ally)
    for stored in undated:
        ev = stored.event
        target: _Cluster | None = None
        if ev.type == "LEADER_OUSTED":
            ousters = [c for c in clusters
                       if any(s.event.type == "LEADER_OUSTED" for s in c.events)]  # fmt: skip
            same = [c for c in ousters if ev.leader and any(
                _surname(s.event.leader) == _surname(ev.leader) for s in c.events)]
            target = same[0] if same else (ousters[0] if len(ousters) == 1 and not ev.leader
                                           else None)  # fmt: skip
        else:
            target = _latest_before(clusters, published.get(ev.evidence.doc_id))
        (target or unknown).add(stored, None, None)
    if unknown.events:
        clusters.append(unknown)
    return clusters


def _response(stored: StoredEvent, data: AnalysisData) -> Response:
    ev = stored.event
    return Response(
        event_id=stored.id, type=ev.type, categories=support_categories(ev, data),
        negated=ev.negated, mode=ev.mode, date=ev.date.value if ev.date else None,
        evidence=_evidence(stored),
    )  # fmt: skip


class _Placer:
    """Finds the crisis a response belongs to, by binary search over dated crises (merged
    crises of one ally do not overlap, so their starts and ends are both sorted)."""

    def __init__(self, clusters: list[_Cluster], before: int, after: int) -> None:
        self.dated = sorted((c for c in clusters if c.start and c.end),
                            key=lambda c: c.start or date.min)  # fmt: skip
        self.starts = [c.start or date.min for c in self.dated]
        self.ends = [c.end or date.min for c in self.dated]
        self.undated = next((c for c in clusters if c.start is None), None)
        self.before, self.after = timedelta(days=before), timedelta(days=after)

    def place(self, when: tuple[date | None, date | None, bool]) -> _Cluster | None:
        """The crisis for an event with interval ``when`` = ``(start, end, dated)``; an
        undated event carries its article's publication date (or None) as ``start``."""
        start, end, is_dated = when
        if is_dated and start and end:
            lo = bisect_left(self.ends, start - self.after)
            hi = bisect_right(self.starts, end + self.before)
            if hi - lo == 1:
                return self.dated[lo]
            inside = self.dated[lo:hi]
            return min(inside, key=lambda c: abs(((c.start or start) - start).days),
                       default=None)  # fmt: skip
        i = len(self.starts) if start is None else bisect_right(self.starts, start)
        if i > 0:
            return self.dated[i - 1]
        return self.undated


def _shift(day: date, delta: timedelta) -> date:
    """``day + delta``, clamped to the calendar's ends."""
    try:
        return day + delta
    except OverflowError:
        return date.min if delta < timedelta(0) else date.max


class _ByDate:
    """Events sorted by start date, to pick those that may fall in some crisis window (the
    words toward one attacker are placed once per ally that attacker hit: without this,
    each of them would be tried against every such ally's crises)."""

    def __init__(self, events: list[StoredEvent],
                 when: Mapping[str, tuple[date | None, date | None, bool]]) -> None:
        dated = sorted(((when[s.id][0] or date.min, i) for i, s in enumerate(events)
                        if when[s.id][2]), key=lambda t: t[0])  # fmt: skip
        self.events = events
        self.starts = [start for start, _ in dated]
        self.order = [i for _, i in dated]
        self.undated = [i for i, s in enumerate(events) if not when[s.id][2]]
        spans = [((when[s.id][1] or date.min) - (when[s.id][0] or date.min)).days
                 for s in events if when[s.id][2]]  # fmt: skip
        self.longest = timedelta(days=max(spans, default=0))

    def near(self, placer: _Placer) -> list[StoredEvent]:
        """The undated events, and the dated ones that may overlap one of ``placer``'s
        windows (the placer decides)."""
        picked = set(self.undated)
        for start, end in zip(placer.starts, placer.ends, strict=True):
            lo = bisect_left(self.starts, _shift(start, -(placer.before + self.longest)))
            hi = bisect_right(self.starts, _shift(end, placer.after))
            picked.update(self.order[lo:hi])
        return [self.events[i] for i in sorted(picked)]  # in their first order


def reliability(
    patron: str,
    events: Iterable[StoredEvent],
    *,
    published: Mapping[str, date] | None = None,
    since: date | None = None,
    merge_days: int = 30,
    window_before: int = 30,
    window_after: int = 180,
    ties: Mapping[str, TieStats] | None = None,
    min_share: float = 0.1,
) -> ReliabilityReport:
    """The reliability report of ``patron`` from stored events (definitions above).

    ``events`` must include the patron's events and the crisis events of its partners (the
    store query :func:`allywatch.store.analytics.reliability_events` returns exactly those);
    ``published`` maps document ids to publication dates, used to place undated events.
    ``ties``: the store's per-partner tie statistics (else computed from ``events``).
    Crises that ended before ``since`` are left out.
    """
    data = analysis_data()
    published = published or {}
    events = list(events)
    ties = allies_of(ties if ties is not None else tie_stats(patron, events), min_share)

    responses = data.types("delivery_types")
    verbal = data.types("verbal_types")
    crisis_types = data.types("crisis_types")
    by_target: dict[str, list[StoredEvent]] = {}
    for stored in events:
        if stored.event.type in crisis_types:
            for tgt in stored.event.target:
                by_target.setdefault(tgt, []).append(stored)
    # The patron's responses by the actor they go to: deliveries (to an ally) and words
    # (to an attacker), each with its interval computed once.
    delivered_to: dict[str, list[StoredEvent]] = {}
    said_to: dict[str, list[StoredEvent]] = {}
    when: dict[str, tuple[date | None, date | None, bool]] = {}
    # Hypothetical, future and denied events were neither delivered nor withheld.
    unreal = {*data.raw["unreal_modalities"], *data.raw["disputed_modalities"]}
    for stored in events:
        ev = stored.event
        if patron not in ev.source or ev.modality in unreal:
            continue
        kind = delivered_to if ev.type in responses else said_to if ev.type in verbal else None
        if kind is None:
            continue
        start, end, dated = event_interval(ev)
        when[stored.id] = (start, end, True) if dated else (
            published.get(ev.evidence.doc_id), None, False)
        for tgt in ev.target:
            kind.setdefault(tgt, []).append(stored)
    said_index = {a: _ByDate(said, when) for a, said in said_to.items()}
    allies: list[AllyRecord] = []
    made: dict[str, Response] = {}  # one Response per event, however many crises it answers
    for ally in sorted(ties):
        crisis_events = [s for s in by_target.get(ally, ())
                         if _is_crisis(s.event, ally, patron, data)]  # fmt: skip
        clusters = _cluster_crises(ally, crisis_events, published, merge_days)
        placed: dict[int, dict[str, StoredEvent]] = {}
        placer = _Placer(clusters, window_before, window_after)
        for stored in delivered_to.get(ally, ()):
            home = placer.place(when[stored.id])
            if home is not None:
                placed.setdefault(id(home), {})[stored.id] = stored
        # Words toward an attacker answer only the crises that attacker took part in.
        by_attacker: dict[str, list[_Cluster]] = {}
        for cluster in clusters:
            for attacker in sorted({a for s in cluster.events for a in s.event.source}):
                by_attacker.setdefault(attacker, []).append(cluster)
        for attacker, theirs in by_attacker.items():
            said = said_index.get(attacker)
            if said is None:
                continue
            attacker_placer = _Placer(theirs, window_before, window_after)
            for stored in said.near(attacker_placer):
                home = attacker_placer.place(when[stored.id])
                if home is not None:
                    placed.setdefault(id(home), {})[stored.id] = stored
        crises = []
        for cluster in clusters:
            if since and cluster.end and cluster.end < since:
                continue
            if not ties[ally].before(cluster.end):
                continue
            resp = [made[s.id] if s.id in made else made.setdefault(s.id, _response(s, data))
                    for s in placed.get(id(cluster), {}).values()]  # fmt: skip
            crises.append(Crisis(
                ally=ally, start=cluster.start, end=cluster.end,
                kinds=tuple(sorted({s.event.type for s in cluster.events})),
                leaders=tuple(sorted({s.event.leader for s in cluster.events if s.event.leader})),
                attackers=tuple(sorted({a for s in cluster.events for a in s.event.source})),
                events=tuple(s.id for s in cluster.events),
                evidence=_dedupe(e for s in cluster.events for e in _evidence(s)),
                delivered=tuple(r for r in resp if not r.negated),
                withheld=tuple(r for r in resp if r.negated),
            ))  # fmt: skip
        crises.sort(key=lambda c: (c.start is None, c.start or date.min))
        allies.append(AllyRecord(
            ally=ally, ties=tuple(s.id for s in ties[ally].sample),
            tie_evidence=_dedupe(e for s in ties[ally].sample for e in _evidence(s)),
            crises=tuple(crises), n_ties=ties[ally].n,
        ))  # fmt: skip
    report = ReliabilityReport(patron=patron, since=since, allies=tuple(allies))
    log.info("reliability %s: %d allies, %d crises, %d with material support",
             patron, len(allies), report.n_crises, report.n_material)
    return report


def _dedupe(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    seen: set[tuple[str, str]] = set()
    out = []
    for ev in evidence:
        key = (ev.doc_id, " ".join(ev.sentence.split()).lower())
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return tuple(out)
