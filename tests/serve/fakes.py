"""An in-memory :class:`~allywatch.serve.backend.Backend` over hand-made extractions, and
the records the serve tests use.

It filters, pages and looks up the way the store contract says, so the API and UI tests
exercise real records (offsets into real text) without a database. Analyses here are
deliberately simple stand-ins (the graph ties come from a fixed type->tie table); the
definitions under test in ``tests/analyze`` are the real ones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any

from allywatch.errors import NotFoundError
from allywatch.serve.schemas import DocumentOut, EventOut, GraphEdgeOut, GraphNodeOut, GraphOut
from allywatch.types import (
    Actor,
    DateValue,
    Document,
    Event,
    Evidence,
    Extraction,
    Mention,
    Prediction,
    Quote,
    StoredEvent,
)

TIES = {"AGREE": "treaty", "AID": "arms", "COOPERATE": "intelligence", "ASSAULT": "hostile",
        "SUPPORT": "diplomatic", "LEADER_OUSTED": "hostile"}  # fmt: skip


class MemoryBackend:
    def __init__(self, extractions: list[Extraction], actors: list[Actor]) -> None:
        self.docs = {x.document.id: x.document for x in extractions}
        self.extractions = extractions
        self.actors = {a.id: a for a in actors}
        self.predictions = {p.key: p for x in extractions for p in x.predictions}
        self.ingested: list[list[str]] = []
        self.resolutions: list[tuple[str, bool, str]] = []

    # records
    def list_documents(self, *, limit: int, offset: int) -> list[Document]:
        return list(self.docs.values())[offset : offset + limit]

    def document_listing(self, *, limit: int, offset: int) -> list[dict[str, Any]]:
        return [DocumentOut.row(d) for d in self.list_documents(limit=limit, offset=offset)]

    def get_document(self, doc_id: str) -> Document:
        if doc_id not in self.docs:
            raise NotFoundError(f"no document {doc_id!r}")
        return self.docs[doc_id]

    def search_documents(self, query: str, *, limit: int) -> list[Document]:
        q = query.casefold()
        hits = [d for d in self.docs.values()
                if q in (d.title or "").casefold() or q in d.text.casefold()]  # fmt: skip
        return hits[:limit]

    def list_actors(self, *, kind: str | None, limit: int, offset: int) -> list[Actor]:
        rows = [a for a in self.actors.values() if kind is None or a.kind == kind]
        return rows[offset : offset + limit]

    def list_mentions(self, doc_id: str) -> list[Mention]:
        return [m for x in self.extractions for m in x.mentions if m.doc_id == doc_id]

    def _stored(self) -> list[StoredEvent]:
        by_key: dict[str, list[Event]] = defaultdict(list)
        for x in self.extractions:
            for e in x.events:
                by_key[e.key].append(e)
        return [StoredEvent(k, es[0], tuple(e.evidence for e in es)) for k, es in by_key.items()]

    def query_events(
        self, *, actor: str | None = None, type: str | None = None, since: date | None = None,
        until: date | None = None, negated: bool | None = None, doc_id: str | None = None,
        limit: int | None = None, offset: int = 0,
    ) -> list[StoredEvent]:  # fmt: skip
        out = []
        for s in self._stored():
            e = s.event
            start = e.date.start if e.date else None
            end = e.date.end if e.date else None
            if actor and actor not in e.source + e.target:
                continue
            if type and e.type != type:
                continue
            if since and (end is None or end < since):
                continue
            if until and (start is None or start > until):
                continue
            if negated is not None and e.negated != negated:
                continue
            if doc_id and all(ev.doc_id != doc_id for ev in s.evidence):
                continue
            out.append(s)
        return out[offset : None if limit is None else offset + limit]

    def event_listing(self, **filters: Any) -> list[dict[str, Any]]:
        return [EventOut.row(s) for s in self.query_events(**filters)]

    def query_quotes(
        self, *, speaker: str | None, doc_id: str | None, limit: int, offset: int
    ) -> list[Quote]:
        rows = [q for x in self.extractions for q in x.quotes
                if (speaker is None or q.speaker == speaker)
                and (doc_id is None or q.evidence.doc_id == doc_id)]  # fmt: skip
        return rows[offset : offset + limit]

    def query_predictions(
        self, *, status: str | None, subject: str | None, doc_id: str | None,
        limit: int, offset: int,
    ) -> list[Prediction]:  # fmt: skip
        rows = [p for p in self.predictions.values()
                if (status is None or p.status == status)
                and (subject is None or p.subject == subject)
                and (doc_id is None or p.evidence.doc_id == doc_id)]  # fmt: skip
        return rows[offset : offset + limit]

    def pair_events(self, a: str, b: str) -> list[StoredEvent]:
        return [s for s in self.query_events(actor=a)
                if b in s.event.source + s.event.target]  # fmt: skip

    # analyses (stand-ins)
    def graph(self, *, since: date | None, until: date | None) -> GraphOut:
        edges: dict[tuple[str, str, str], list[StoredEvent]] = defaultdict(list)
        for s in self.query_events(since=since, until=until):
            tie = TIES.get(s.event.type, "diplomatic")
            for a in s.event.source:
                for b in s.event.target:
                    edges[(a, b, tie)].append(s)
        degree: dict[str, int] = defaultdict(int)
        out_edges = []
        for (a, b, tie), events in edges.items():
            degree[a] += 1
            degree[b] += 1
            dates = sorted(e.event.date.value for e in events if e.event.date)
            out_edges.append(GraphEdgeOut(
                id=f"{a}|{b}|{tie}", source=a, target=b, tie=tie, weight=len(events),
                first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
                negated=sum(e.event.negated for e in events), events=[e.id for e in events],
            ))  # fmt: skip
        nodes = [GraphNodeOut(id=n, label=self.actors[n].name if n in self.actors else n,
                              kind=self.actors[n].kind if n in self.actors else "unresolved",
                              degree=d) for n, d in sorted(degree.items())]  # fmt: skip
        return GraphOut(nodes=nodes, edges=out_edges, ties=sorted({e.tie for e in out_edges}))

    def reliability(self, patron: str, *, since: date | None) -> Any:
        crises = [s for s in self.query_events(type="LEADER_OUSTED")]
        rows = [{"ally": s.event.target[0] if s.event.target else s.event.leader,
                 "crisis": s.event.detail, "date": s.event.date.value if s.event.date else None,
                 "evidence": [{"doc_id": e.doc_id, "start": e.start, "end": e.end,
                               "sentence": e.sentence} for e in s.evidence]}
                for s in crises]  # fmt: skip
        return {"patron": patron, "index": 0.0, "crises": rows}

    def flows(self, a: str, b: str) -> Any:
        def way(x: str, y: str) -> list[dict[str, Any]]:
            return [{"type": s.event.type, "detail": s.event.detail,
                     "sentence": s.evidence[0].sentence}
                    for s in self.query_events(actor=x)
                    if x in s.event.source and y in s.event.target]  # fmt: skip

        return {"a": a, "b": b, "a_to_b": way(a, b), "b_to_a": way(b, a)}

    def watchlist(self, patron: str) -> Any:
        return [{"actor": p.subject, "score": p.likelihood or 0.5, "claim": p.claim}
                for p in self.predictions.values() if p.status == "open"]  # fmt: skip

    def timeline(self, actor: str, *, since: date | None) -> Any:
        events = self.query_events(actor=actor, since=since)
        return {"actor": actor, "dated": [{"date": s.event.date.value, "type": s.event.type,
                                           "sentence": s.evidence[0].sentence}
                                          for s in events if s.event.date],
                "undated": [s.event.type for s in events if not s.event.date]}  # fmt: skip

    def ledger(self) -> Any:
        return [{"predictor": "nobody", "brier": None, "resolved": 0}]

    # writes
    def resolve_prediction(self, pred_id: str, *, came_true: bool, note: str) -> Any:
        if pred_id not in self.predictions:
            raise NotFoundError(f"no prediction {pred_id!r}")
        status = "came_true" if came_true else "failed"
        self.predictions[pred_id] = replace(self.predictions[pred_id], status=status)
        self.resolutions.append((pred_id, came_true, note))
        return {"id": pred_id, "status": status, "note": note}

    def ingest(self, inputs: list[str]) -> Any:
        contents = []
        for i in inputs:
            if i.startswith("http"):
                contents.append(i)
            else:
                with open(i, "rb") as fh:
                    contents.append(fh.read().decode("utf-8", "replace"))
        self.ingested.append(contents)
        return {"stored": len(inputs)}

    def add_actor(self, actor: Actor) -> None:
        self.actors[actor.id] = actor

    def version(self) -> int | None:
        """None: tests change these records in place, so the app must not cache them
        (``test_cache.py`` uses a versioned subclass)."""
        return None


# -- hand-made records ---------------------------------------------------------------------
ARTICLE = (
    "Russia failed its allies. In December 2024 Bashar al-Assad fled to Moscow after rebels "
    "took Damascus, and the Kremlin offered him exile but no troops. Iran has supplied Russia "
    "with Shahed drones and ballistic missiles since 2022. Moscow signed a memorandum with "
    "Tehran on a nuclear plant in 2025. \"Putin's fall one day is inevitable,\" said the "
    "foreign minister. The smart money remains on Cuba as the next to fall."
)
PAYLOAD = (
    "Breaking <script>window.__xss=1</script> news. "
    "<img src=x onerror=\"window.__xss=2\"> Russia armed Syria. "
    "Click <a href=\"javascript:window.__xss=3\">here</a> to read more."
)


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _ev(doc: Document, sentence: str) -> Evidence:
    start, end = _span(doc.text, sentence)
    return Evidence(doc.id, start, end, sentence)


def _mention(doc: Document, text: str, actor: str, kind: str = "state") -> Mention:
    start, end = _span(doc.text, text)
    return Mention(doc.id, start, end, text, kind, actor, state=actor)  # type: ignore[arg-type]


def article_extraction() -> Extraction:
    doc = Document(id=Document.make_id(ARTICLE), text=ARTICLE, source="seed.txt", format="text",
                   title="Putin's fallen friends", outlet="Test Outlet", author="A. Writer",
                   published=date(2026, 3, 1))  # fmt: skip
    s_assad = ("In December 2024 Bashar al-Assad fled to Moscow after rebels took Damascus, "
               "and the Kremlin offered him exile but no troops.")  # fmt: skip
    s_iran = "Iran has supplied Russia with Shahed drones and ballistic missiles since 2022."
    s_mou = "Moscow signed a memorandum with Tehran on a nuclear plant in 2025."
    dec = DateValue("2024-12", "month", date(2024, 12, 1), date(2024, 12, 31))
    events = (
        Event("LEADER_OUSTED", (), ("SYR",), _ev(doc, s_assad), detail="Assad fled",
              date=dec, leader="Bashar al-Assad", confidence=0.9),
        Event("SUPPORT", ("RUS",), ("SYR",), _ev(doc, s_assad), mode="exile",
              detail="exile", date=dec, confidence=0.8),
        Event("AID", ("RUS",), ("SYR",), _ev(doc, s_assad), mode="troops", detail="no troops",
              date=dec, negated=True, modality="denied", confidence=0.7),
        Event("AID", ("IRN",), ("RUS",), _ev(doc, s_iran), mode="arms",
              detail="Shahed drones and ballistic missiles",
              date=DateValue("2022", "year", date(2022, 1, 1), date(2022, 12, 31))),
        Event("AGREE", ("RUS",), ("IRN",), _ev(doc, s_mou), detail="nuclear plant memorandum",
              date=DateValue("2025", "year", date(2025, 1, 1), date(2025, 12, 31))),
    )  # fmt: skip
    q_text = "Putin's fall one day is inevitable,"
    qs, qe = _span(ARTICLE, q_text)
    s_quote = "\"Putin's fall one day is inevitable,\" said the foreign minister."
    quote = Quote(q_text, _ev(doc, s_quote), qs, qe, speaker=None,
                  speaker_text="the foreign minister", cue="said",
                  speaker_type="anonymous")  # fmt: skip
    s_cuba = "The smart money remains on Cuba as the next to fall."
    preds = (
        Prediction("Cuba is the next to fall", _ev(doc, s_cuba), "A. Writer", "CUB",
                   "LEADER_OUSTED", predictor_is_author=True, likelihood=0.7,
                   likelihood_text="the smart money", deadline=date(2027, 9, 1)),
        Prediction("Putin's fall one day is inevitable", _ev(doc, s_quote),
                   "the foreign minister", "RUS", "LEADER_OUSTED", likelihood=0.99,
                   likelihood_text="inevitable"),
    )  # fmt: skip
    mentions = (
        *(_mention(doc, t, a) for t, a in [
            ("Russia", "RUS"), ("Moscow", "RUS"), ("Damascus", "SYR"), ("Iran", "IRN"),
            ("Tehran", "IRN"), ("Cuba", "CUB")]),
        _mention(doc, "Bashar al-Assad", "bashar-al-assad", "person"),
    )  # fmt: skip
    return Extraction(doc, mentions=mentions, events=events, quotes=(quote,), predictions=preds)


def payload_extraction() -> Extraction:
    """A document whose text and extracted strings carry script-injection payloads."""
    doc = Document(id=Document.make_id(PAYLOAD), text=PAYLOAD, source="evil.html",
                   format="html", title="<script>window.__xss=4</script>Evil",
                   outlet="<img src=x onerror=window.__xss=5>",
                   url="javascript:window.__xss=6")  # fmt: skip
    sentence = "<img src=x onerror=\"window.__xss=2\"> Russia armed Syria."
    event = Event("AID", ("RUS",), ("<img src=x onerror=window.__xss=7>",), _ev(doc, sentence),
                  detail="<script>window.__xss=8</script>",
                  date=DateValue("2023", "year", date(2023, 1, 1), date(2023, 12, 31)))  # fmt: skip
    mention = _mention(doc, "Russia", "RUS")
    quote_text = "<script>window.__xss=1</script>"
    qs, qe = _span(PAYLOAD, quote_text)
    quote = Quote(quote_text, _ev(doc, "Breaking <script>window.__xss=1</script> news."), qs, qe,
                  speaker_text="<b onmouseover=window.__xss=9>x</b>")  # fmt: skip
    return Extraction(doc, mentions=(mention,), events=(event,), quotes=(quote,))


ACTORS = [
    Actor("RUS", "Russia", "state", aliases=("Moscow", "the Kremlin")),
    Actor("SYR", "Syria", "state", aliases=("Damascus",)),
    Actor("IRN", "Iran", "state", aliases=("Tehran",)),
    Actor("CUB", "Cuba", "state", aliases=("Havana",)),
    Actor("bashar-al-assad", "Bashar al-Assad", "person", country="SYR"),
]


def make_backend(with_payload: bool = True) -> MemoryBackend:
    extractions = [article_extraction()] + ([payload_extraction()] if with_payload else [])
    return MemoryBackend(extractions, list(ACTORS))
