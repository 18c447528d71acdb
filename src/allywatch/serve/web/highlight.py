"""Split a document's text into segments marked with the annotations covering them.

Annotations (mentions, event evidence, quotes, predictions) overlap — a mention sits inside
a quote inside an event's sentence — so the text is cut at every annotation boundary and each
piece lists every annotation over it. Templates render the pieces as escaped ``<span>``s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

__all__ = ["Mark", "Segment", "segments"]


@dataclass(frozen=True)
class Mark:
    """An annotated range: ``kind`` is its CSS class suffix, ``label`` its tooltip,
    ``anchors`` element ids placed where it starts (links from lists and evidence)."""

    start: int
    end: int
    kind: str
    label: str = ""
    anchors: tuple[str, ...] = ()


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in sorted(set(self.kinds)))


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Pieces of ``text`` in order; marks outside the text are clipped, empty ones dropped."""
    n = len(text)
    valid = [m for m in marks if 0 <= m.start < m.end and m.start < n]
    cuts = sorted({0, n} | {m.start for m in valid} | {min(m.end, n) for m in valid})
    starts: dict[int, list[Mark]] = {}
    for m in valid:
        starts.setdefault(m.start, []).append(m)
    out: list[Segment] = []
    active: list[Mark] = []
    for a, b in pairwise(cuts):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        seg = Segment(text[a:b])
        for m in active:
            seg.kinds.append(m.kind)
            if m.label and m.label not in seg.labels:
                seg.labels.append(m.label)
            if m.start == a:
                seg.anchors.extend(x for x in m.anchors if x not in seg.anchors)
        out.append(seg)
    return out
