"""``allywatch eval``: score extraction against gold files (DESIGN.md, "Evaluation").

Two gold formats:

- ours (``evaluate_gold``): documents with events, quotes and predictions. Matching is
  one-to-one. An event matches when type and ``negated`` agree, source sets intersect (or
  both are empty), target sets intersect (or both are empty), and its evidence sentence
  covers at least half of the gold evidence's words. Actors are compared at state level
  (an organisation or person counts as its state). Events marked hypothetical or future
  are not facts and are not scored. Event dates are scored on matched events at the gold's
  precision (a gold ``null`` date expects none). A quote matches when the speaker agrees
  (same person; for an unnamed speaker, none predicted) and its text covers at least half
  of the gold words; a prediction matches on subject and evidence.
- PLOVER gold-standard records (``evaluate_plover``): one sentence each; the coder's
  primary event (highest confidence, then first) is compared with the gold type (0.5b1
  labels mapped to PLOVER 2.0: DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE,
  FIGHT->ASSAULT), and its source and target with the gold codes. Codes compare at the
  level the GSR codes them: the primary code (a state's ISO alpha-3, or a transnational
  code), never the sector (GOV, MIL, REB... are not scored: allywatch actors are
  state-level, "Rwandan rebels" count as Rwanda). See ``_plover_agree`` for the reading
  rules (non-ISO typos, transnational codes, sub-state entities as their parent,
  reciprocal SRC/TAR actors).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allywatch.errors import EvaluationError
from allywatch.types import Document, Event, Extraction, Prediction, Quote

if TYPE_CHECKING:
    from allywatch.nlp.catalog import Catalog

__all__ = [
    "PLOVER_LABELS",
    "Extractor",
    "default_extractor",
    "evaluate_extractions",
    "evaluate_gold",
    "evaluate_plover",
    "load_gold",
    "load_plover_records",
    "plover_document",
    "score_plover",
    "state_roll_up",
    "words",
]

log = logging.getLogger(__name__)

#: PLOVER 0.5b1 labels of the gold-standard records -> PLOVER 2.0 (peer-data README).
PLOVER_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                 "FIGHT": "ASSAULT"}  # fmt: skip
_NON_FACT = frozenset({"hypothetical", "future"})
_WORD = re.compile(r"[\w]+(?:['’][\w]+)?")

#: Turns one document into its extraction (the real pipeline, or a test double).
Extractor = Callable[[Document], Extraction]
#: Maps an actor id to the state it counts as (ids that are states map to themselves).
StateOf = Callable[[str], set[str]]


def words(text: str) -> set[str]:
    """Lower-case word set of ``text`` with quotes and dashes normalised."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").lower()
    return set(_WORD.findall(text))


def covers(candidate: str, gold: str) -> bool:
    """True when ``candidate`` contains at least half of ``gold``'s words."""
    gold_words = words(gold)
    if not gold_words:
        return False
    return len(gold_words & words(candidate)) * 2 >= len(gold_words)


@dataclass
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}  # fmt: skip


# --- gold files --------------------------------------------------------------------------
def load_gold(path: Path) -> dict[str, Any]:
    """Read and check a gold file of our format."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read gold file: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{path}: not JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise EvaluationError(f"{path}: expected an object with a 'documents' list")
    for i, doc in enumerate(data["documents"]):
        if not isinstance(doc, dict) or not isinstance(doc.get("document"), str):
            raise EvaluationError(f"{path}: documents[{i}] has no 'document' path")
        for key in ("events", "quotes", "predictions"):
            if not isinstance(doc.get(key, []), list):
                raise EvaluationError(f"{path}: documents[{i}].{key} must be a list")
        for j, ev in enumerate(doc.get("events", [])):
            if not isinstance(ev, dict) or "type" not in ev or "evidence" not in ev:
                raise EvaluationError(f"{path}: documents[{i}].events[{j}] needs type and evidence")
    return data


def _published(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise EvaluationError(f"{where}: 'published' is not an ISO date: {value!r}") from exc


def evaluate_gold(
    path: str | Path,
    *,
    docs_dir: str | Path | None = None,
    extractor: Extractor | None = None,
    load: Callable[[Path, date | None], Document] | None = None,
    state_of: StateOf | None = None,
) -> dict[str, Any]:
    """Score extraction of the documents a gold file lists; the DESIGN.md result object."""
    gold_path = Path(path)
    gold = load_gold(gold_path)
    base = Path(docs_dir) if docs_dir is not None else gold_path.parent
    if extractor is None or state_of is None:
        default, default_state_of = default_extractor()
        extractor = extractor or default
        state_of = state_of or default_state_of
    load = load or load_document
    pairs: list[tuple[dict[str, Any], Extraction]] = []
    for entry in gold["documents"]:
        doc_path = base / entry["document"]
        if not doc_path.is_file():
            raise EvaluationError(f"{gold_path}: document {doc_path} does not exist")
        published = _published(entry.get("published"), f"{gold_path}: {entry['document']}")
        document = load(doc_path, published)
        pairs.append((entry, extractor(document)))
    return evaluate_extractions(pairs, state_of)


def evaluate_extractions(
    pairs: Iterable[tuple[dict[str, Any], Extraction]], state_of: StateOf
) -> dict[str, Any]:
    """Score (gold document entry, extraction) pairs."""
    from allywatch.analyze.speech_eval import quote_report

    events, quotes, preds = _Counts(), _Counts(), _Counts()
    dates_ok = dates_n = 0
    pairs = list(pairs)
    for entry, extraction in pairs:
        predicted = [e for e in extraction.events if e.modality not in _NON_FACT]
        matched = _match(
            entry.get("events", []), predicted, lambda g, p: _event_match(g, p, state_of)
        )
        _tally(events, len(entry.get("events", [])), len(predicted), matched)
        for g, p in matched:
            dates_n += 1
            dates_ok += _date_ok(g.get("date"), p)
        q_matched = _match(entry.get("quotes", []), list(extraction.quotes), _quote_match)
        _tally(quotes, len(entry.get("quotes", [])), len(extraction.quotes), q_matched)
        p_matched = _match(entry.get("predictions", []), list(extraction.predictions),
                           lambda g, p: _prediction_match(g, p, state_of))  # fmt: skip
        _tally(preds, len(entry.get("predictions", [])), len(extraction.predictions), p_matched)
    return {
        "events": events.as_dict(),
        "event_dates": {"accuracy": round(dates_ok / dates_n, 4) if dates_n else 0.0, "n": dates_n},
        "quotes": quotes.as_dict(),
        "quotes_by_speaker_type": quote_report(pairs),
        "predictions": preds.as_dict(),
    }


def _tally(counts: _Counts, n_gold: int, n_pred: int, matched: Sequence[object]) -> None:
    counts.tp += len(matched)
    counts.fp += n_pred - len(matched)
    counts.fn += n_gold - len(matched)


def _match(
    gold: list[dict[str, Any]], predicted: list[Any], ok: Callable[[dict[str, Any], Any], bool]
) -> list[tuple[dict[str, Any], Any]]:
    """One-to-one greedy matching in gold order."""
    used: set[int] = set()
    out: list[tuple[dict[str, Any], Any]] = []
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and ok(g, p):
                used.add(i)
                out.append((g, p))
                break
    return out


def _states(ids: Iterable[str], state_of: StateOf) -> set[str]:
    out: set[str] = set()
    for actor in ids:
        out |= state_of(actor)
    return out


def _sets_agree(gold: Iterable[str], predicted: set[str]) -> bool:
    gold_set = {g for g in gold if g}
    if not gold_set and not predicted:
        return True
    return bool(gold_set & predicted)


def _event_match(g: dict[str, Any], p: Event, state_of: StateOf) -> bool:
    return (
        g["type"] == p.type
        and bool(g.get("negated", False)) == p.negated
        and _sets_agree(g.get("source") or [], _states(p.source, state_of))
        and _sets_agree(g.get("target") or [], _states(p.target, state_of))
        and covers(p.evidence.sentence, g["evidence"])
    )


def _date_ok(gold_date: Any, p: Event) -> bool:
    if gold_date in (None, ""):
        return p.date is None or p.date.precision == "unknown"
    if p.date is None:
        return False
    return p.date.value.startswith(str(gold_date)) or p.date.value == str(gold_date)


def _quote_match(g: dict[str, Any], q: Quote) -> bool:
    """Speaker by the gold's conventions (``speaker_type``: person across spelling
    variants, institution by name, anonymous by description) and text covering half the
    gold words; see :mod:`allywatch.analyze.speech_eval`."""
    from allywatch.analyze.speech_eval import quote_match

    return quote_match(g, q)


def _prediction_match(g: dict[str, Any], p: Prediction, state_of: StateOf) -> bool:
    subject = g.get("subject")
    predicted = _states([p.subject], state_of) if p.subject else set()
    subject_ok = (not subject and not predicted) or (subject in predicted) or subject == p.subject
    return subject_ok and covers(p.evidence.sentence, g.get("evidence", ""))


# --- PLOVER gold-standard records ---------------------------------------------------------
def _plover_codes(value: Any) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {str(a.get("code")) for a in value if isinstance(a, dict) and a.get("code")}


def load_plover_records(path: str | Path) -> list[dict[str, Any]]:
    """The event records of a PLOVER GSR file (the DOCUMENT header and records without
    text left out); a file that is not such a JSON array is an :class:`EvaluationError`."""
    gsr_path = Path(path)
    try:
        records = json.loads(gsr_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvaluationError(f"{gsr_path}: cannot read: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{gsr_path}: not JSON: {exc}") from exc
    if not isinstance(records, list):
        raise EvaluationError(f"{gsr_path}: expected a JSON array of PLOVER records")
    records = [
        r
        for r in records
        if isinstance(r, dict) and r.get("event") not in (None, "DOCUMENT") and r.get("text")
    ]
    if not records:
        raise EvaluationError(f"{gsr_path}: no event records")
    return records


def plover_document(record: dict[str, Any], file_name: str) -> Document:
    """The one-sentence document of a PLOVER GSR record."""
    text = str(record["text"])
    return Document(
        id=Document.make_id(text), text=text, source=f"{file_name}#{record.get('id')}",
        format="text",
    )  # fmt: skip


def evaluate_plover(
    path: str | Path, *, extractor: Extractor | None = None, state_of: StateOf | None = None
) -> dict[str, Any]:
    """Sentence-level event type, source and target accuracy on PLOVER GSR records.

    Besides the three accuracies the result lists ``no_event`` (sentences the coder found
    no event in, each counted wrong) and ``by_type`` (per gold type: records and how many
    got the type right), so a change can be traced to the classes it moved.
    """
    gsr_path = Path(path)
    records = load_plover_records(gsr_path)
    if extractor is None or state_of is None:
        default, default_state_of = default_extractor()
        extractor = extractor or default
        state_of = state_of or default_state_of
    run = extractor
    return score_plover(
        ((rec, run(plover_document(rec, gsr_path.name))) for rec in records), state_of
    )


def score_plover(
    pairs: Iterable[tuple[dict[str, Any], Extraction]], state_of: StateOf
) -> dict[str, Any]:
    """Score (PLOVER GSR record, extraction of its sentence) pairs; see
    :func:`evaluate_plover` for the result."""
    n = type_ok = source_ok = target_ok = no_event = 0
    by_type: dict[str, dict[str, int]] = {}
    for rec, extraction in pairs:
        n += 1
        events = sorted(extraction.events, key=lambda e: (-e.confidence, e.evidence.start))
        gold_type = PLOVER_LABELS.get(str(rec["event"]), str(rec["event"]))
        tally = by_type.setdefault(gold_type, {"n": 0, "type_ok": 0})
        tally["n"] += 1
        if not events:
            no_event += 1
            continue
        top = events[0]
        ok = _plover_type(top) == gold_type
        type_ok += ok
        tally["type_ok"] += ok
        gold_source = _plover_codes(rec.get("source"))
        gold_target = _plover_codes(rec.get("target"))
        source_ok += _plover_agree(gold_source, top.source, state_of)
        if not gold_target and _reciprocal(rec):
            # "X and Y agreed": each party is the other's target (SRC/TAR markup), while
            # the JSON leaves the target empty; either reading is the gold's.
            target_ok += not top.target or _plover_agree(gold_source, top.target, state_of)
        else:
            target_ok += _plover_agree(gold_target, top.target, state_of)
    if not n:
        raise EvaluationError("no PLOVER records to score")
    return {
        "n": n,
        "event_type": {"accuracy": round(type_ok / n, 4)},
        "source": {"accuracy": round(source_ok / n, 4)},
        "target": {"accuracy": round(target_ok / n, 4)},
        "no_event": no_event,
        "by_type": dict(sorted(by_type.items())),
    }


#: PLOVER codes a stated intention as AGREE (to cooperate) or THREATEN (to harm); allywatch
#: keeps the intended event's type with modality future/hypothetical. This maps back.
_INTENT_AGREE = frozenset({"AID", "COOPERATE", "SUPPORT", "CONSULT", "RETREAT", "CONCEDE"})
_INTENT_THREATEN = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})

#: Codes in the GSR that are not ISO 3166-1 alpha-3 although its readme says every state
#: was edited to its ISO code: coder typos, read as the state they plainly stand for
#: ("Italy" coded ITL, "Japanese" JAP, "Vietnamese" VTN).
_GSR_CODE_FIXES = {"ITL": "ITA", "JAP": "JPN", "VTN": "VNM"}
#: CAMEO's transnational primary codes: intergovernmental, non-governmental and
#: international militarised groups. The GSR does not keep them apart consistently
#: (Amnesty International and the Red Cross are coded IGO, al-Qaeda IMG) and allywatch's
#: catalog has only "igo" and country-less "org", so any of them matches any actor that is
#: not a state (``state_of`` gives such actors the marker "IGO" or "ORG").
_GSR_TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG"})
_NONSTATE_MARKERS = frozenset({"IGO", "ORG"})
#: DESIGN.md ids of sub-state entities: the parent's ISO code plus a short code.
_SUBSTATE = re.compile(r"^[A-Z]{3}-[A-Z0-9]+$")


def _plover_type(event: Event) -> str:
    if event.modality in _NON_FACT and not event.negated:
        if event.type in _INTENT_AGREE:
            return "AGREE"
        if event.type in _INTENT_THREATEN:
            return "THREATEN"
    if event.modality in _NON_FACT and event.negated and event.type in _INTENT_AGREE:
        return "REJECT"  # "will not accept more refugees": a stated refusal (PLOVER REJECT)
    if event.negated and event.type == "AGREE":
        return "REJECT"  # "failed to reach agreement", "refused to sign": no agreement
    return event.type


def _reciprocal(rec: dict[str, Any]) -> bool:
    info = rec.get("textInfo")
    markup = info.get("markup", "") if isinstance(info, dict) else ""
    return "SRC/TAR" in str(markup)


def _plover_agree(gold: set[str], predicted_ids: tuple[str, ...], state_of: StateOf) -> bool:
    """Whether predicted actors agree with the GSR codes: both empty, or one in common
    after reading typos as their ISO code and the transnational codes as one class."""
    predicted = _states(predicted_ids, state_of)
    # a sub-state entity ("PSE-GZ", Gaza) is coded as its parent state by the GSR
    predicted |= {code.split("-")[0] for code in predicted if _SUBSTATE.match(code)}
    if predicted & _NONSTATE_MARKERS:
        predicted |= _GSR_TRANSNATIONAL
    gold = {_GSR_CODE_FIXES.get(code, code) for code in gold}
    if not gold:
        return not predicted
    return bool(gold & predicted)


# --- the real pipeline --------------------------------------------------------------------
def load_document(path: Path, published: date | None) -> Document:
    """Read one gold document through ingest (``published`` overrides the inferred date)."""
    from allywatch import ingest

    for item in ingest.read_inputs([str(path)], published=published):
        if isinstance(item, Document):
            return item
        raise EvaluationError(f"{path}: cannot ingest: {item}")
    raise EvaluationError(f"{path}: ingest produced no document")


def default_extractor() -> tuple[Extractor, StateOf]:
    """The full pipeline (``allywatch.extract.process``: catalog, spaCy, the events backend
    the settings name, every extractor) and the catalog's state roll-up."""
    from allywatch.extract.process import Processor

    processor = Processor().load()
    return processor.process, state_roll_up(processor.catalog)


def state_roll_up(catalog: Catalog) -> StateOf:
    """What an actor id counts as when actors compare at state level: a state itself, an
    organisation's or person's country; IGOs and country-less organisations also carry the
    marker "IGO" / "ORG" (see ``_plover_agree``). Ids the catalog does not know are
    themselves."""

    def state_of(actor_id: str) -> set[str]:
        actor = catalog.get(actor_id)
        if actor is None:
            return {actor_id}
        out = {actor_id}
        if actor.kind in {"person", "org"} and actor.country:
            out = {actor.country}
        if actor.kind == "igo":
            out.add("IGO")
        elif actor.kind == "org" and not actor.country:
            out.add("ORG")  # transnational, not a state's (al-Qaeda, a newswire)
        return out

    return state_of
