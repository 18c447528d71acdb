"""Flow asymmetry: what moves each way between two partners, by category.

Definitions (also in docs/analyze.md):

- A **flow** is a non-hostile event (not ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, COERCE,
  ASSAULT, LEADER_OUSTED) with one of the pair among its sources and the other among its
  targets.
- **Direction**: from source to target; a purchase ("Iran signed a deal to purchase Russian
  launchers", "filed orders for") runs the other way, from seller to buyer — a purchase
  keyword (``purchase_keywords`` in ``resources/analysis.yaml``) in the event's mode, detail,
  trigger or evidence sentence marks it. An event with both partners among its sources is
  **mutual**.
- **Category**: the event's edge category (see :mod:`allywatch.analyze.graph`).
- **Withheld**: negated flows are listed apart, per direction.
- Amounts are the ones the extractor read from the text ("$2.7 billion", "500 launchers");
  identical statements (same document and sentence) are listed once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from allywatch.analyze.graph import HOSTILE_TYPES, analysis_data, edge_category, evidence_key
from allywatch.types import Amount, Evidence, StoredEvent

__all__ = ["Flow", "FlowReport", "flows"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Flow:
    """One event moving something between the pair."""

    event_id: str
    direction: str  # "A->B", "B->A" or "mutual"
    category: str
    type: str
    mode: str | None
    detail: str
    amounts: tuple[Amount, ...]
    negated: bool
    purchase: bool
    date: str | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class FlowReport:
    """Flows between ``a`` and ``b``: ``by_direction[dir][category]`` lists flows."""

    a: str
    b: str
    flows: tuple[Flow, ...] = field(default=())

    def directions(self) -> dict[str, dict[str, list[Flow]]]:
        out: dict[str, dict[str, list[Flow]]] = {
            f"{self.a}->{self.b}": {}, f"{self.b}->{self.a}": {}, "mutual": {},
        }  # fmt: skip
        for flow in self.flows:
            if not flow.negated:
                out[flow.direction].setdefault(flow.category, []).append(flow)
        return out

    def withheld(self) -> list[Flow]:
        return [f for f in self.flows if f.negated]

    def counts(self) -> dict[str, int]:
        """Asserted flows per direction."""
        return {d: sum(len(v) for v in cats.values()) for d, cats in self.directions().items()}


def flows(a: str, b: str, events: Iterable[StoredEvent]) -> FlowReport:
    """The flows between actors ``a`` and ``b`` (definitions above)."""
    data = analysis_data()
    out: list[Flow] = []
    seen: set[tuple[str, frozenset[tuple[str, str]]]] = set()
    for stored in events:
        ev = stored.event
        if ev.type in HOSTILE_TYPES:
            continue
        src, tgt = set(ev.source), set(ev.target)
        if {a, b} <= src:
            direction = "mutual"
        elif a in src and b in tgt:
            direction = f"{a}->{b}"
        elif b in src and a in tgt:
            direction = f"{b}->{a}"
        else:
            continue
        evidence = stored.evidence or (ev.evidence,)
        sig = (ev.key, frozenset(evidence_key(e) for e in evidence))
        if sig in seen:
            continue
        seen.add(sig)
        words = " ".join((ev.mode or "", ev.detail, ev.trigger, ev.evidence.sentence)).lower()
        purchase = direction != "mutual" and bool(data.purchase.search(words))
        if purchase:
            direction = f"{b}->{a}" if direction == f"{a}->{b}" else f"{a}->{b}"
        out.append(Flow(
            event_id=stored.id, direction=direction, category=edge_category(ev, data),
            type=ev.type, mode=ev.mode, detail=ev.detail, amounts=ev.amounts,
            negated=ev.negated, purchase=purchase, date=ev.date.value if ev.date else None,
            evidence=evidence,
        ))  # fmt: skip
    out.sort(key=lambda f: (f.direction, f.category, f.date or "", f.event_id))
    log.info("flows %s/%s: %d events", a, b, len(out))
    return FlowReport(a=a, b=b, flows=tuple(out))
