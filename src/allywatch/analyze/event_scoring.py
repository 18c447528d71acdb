"""Event scoring beside the strict scorer of :mod:`allywatch.analyze.evaluate`: lenient
matching, the per-type confusion table, and the scores of a set of scored documents.

**Lenient** matching is the strict rule (DESIGN.md "Evaluation") with two allowances the
gold's conventions ask for (``../shared/corpus/dev/README.md``):

- the type may be any of the gold's ``alt_types`` as well as its ``type``; an alternative
  ``"AID:negated"`` means AID with ``negated`` true, a plain ``"SANCTION"`` SANCTION with
  ``negated`` false (a halted arms shipment is SANCTION, alt ``AID:negated``);
- non-state actors compare by name, case- and punctuation-insensitively: the gold writes
  them as names ("Hamas", "Wagner Group", "RSF", "Hayat Tahrir al-Sham") where the catalog
  has ids (``HAMAS``, ``WAGNER``, ``RSF``, ``HTS``) whose names and aliases are those names.
  Strict matching rolls an organisation up to its state (``HAMAS`` counts as ``PSE``), so a
  gold "Hamas" never matches strictly.

The **confusion table** pairs gold and predicted events on the same sentence (the predicted
evidence sentence covers half the gold evidence's words), one-to-one, same label first:
rows are gold labels, columns predicted labels (a type, ``:negated`` when withheld); a gold
event with no predicted event on its sentence is counted in column ``(none)`` (missed), a
predicted event with no gold one on its sentence in row ``(none)`` (spurious).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from allywatch.analyze.evaluate import (
    _NON_FACT,
    StateOf,
    _Counts,
    _match,
    _states,
    _tally,
    covers,
    evaluate_extractions,
    score_plover,
)
from allywatch.types import Event, Extraction

if TYPE_CHECKING:
    from allywatch.nlp.catalog import Catalog

__all__ = [
    "NONE",
    "NameKeys",
    "accepted_readings",
    "catalog_names",
    "confusion",
    "label",
    "lenient_event_match",
    "name_key",
    "score_pairs",
]

#: Row/column of the confusion table for "no event on that side".
NONE = "(none)"
#: An actor id -> the normalised names it goes by (see :func:`name_key`).
NameKeys = Callable[[str], set[str]]
#: A gold document entry (allywatch layout) and the extraction of its document.
Pair = tuple[Mapping[str, Any], Extraction]

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_LEADING_THE = re.compile(r"^the\s+")


def name_key(name: str) -> str:
    """``"the Houthis"``, ``"Hayat Tahrir al-Sham"`` -> ``"houthis"``, ``"hayattahriralsham"``:
    accents folded, lower case, a leading "the" and every non-alphanumeric dropped."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub("", _LEADING_THE.sub("", text.lower().strip()))


def catalog_names(catalog: Catalog | None) -> NameKeys:
    """Name keys of an actor: its id, name and aliases in ``catalog`` (the id alone when
    the catalog does not know it)."""

    def keys(actor_id: str) -> set[str]:
        actor = catalog.get(actor_id) if catalog is not None else None
        out = {name_key(actor_id)}
        if actor is not None:
            out |= {name_key(actor.name), *(name_key(a) for a in actor.aliases)}
        return out - {""}

    return keys


def label(event_type: str, negated: bool) -> str:
    """The confusion-table label of a reading: ``"AID"``, ``"AID:negated"``."""
    return f"{event_type}:negated" if negated else event_type


def accepted_readings(gold: Mapping[str, Any]) -> set[tuple[str, bool]]:
    """``(type, negated)`` readings a lenient scorer accepts for a gold event."""
    out = {(str(gold["type"]), bool(gold.get("negated", False)))}
    for alt in gold.get("alt_types") or []:
        name, _, flag = str(alt).partition(":")
        out.add((name, flag == "negated"))
    return out


def _lenient_agree(
    gold: Iterable[str], predicted: Sequence[str], state_of: StateOf, names: NameKeys
) -> bool:
    gold_set = {g for g in gold if g}
    if not gold_set and not predicted:
        return True
    keys = _states(predicted, state_of)
    for actor_id in predicted:
        keys |= names(actor_id)
    return bool((gold_set | {name_key(g) for g in gold_set}) & keys)


def lenient_event_match(
    g: Mapping[str, Any], p: Event, state_of: StateOf, names: NameKeys
) -> bool:
    """The strict rule with the gold's alternative types and non-state names by name."""
    return (
        (p.type, p.negated) in accepted_readings(g)
        and _lenient_agree(g.get("source") or [], p.source, state_of, names)
        and _lenient_agree(g.get("target") or [], p.target, state_of, names)
        and covers(p.evidence.sentence, str(g["evidence"]))
    )


def _facts(extraction: Extraction) -> list[Event]:
    return [e for e in extraction.events if e.modality not in _NON_FACT]


def lenient_counts(pairs: Iterable[Pair], state_of: StateOf, names: NameKeys) -> dict[str, Any]:
    """Precision, recall, F1 and counts of events under lenient matching."""
    counts = _Counts()
    for entry, extraction in pairs:
        gold = list(entry.get("events", []))
        predicted = _facts(extraction)
        matched = _match(gold, predicted, lambda g, p: lenient_event_match(g, p, state_of, names))
        _tally(counts, len(gold), len(predicted), matched)
    return counts.as_dict()


def confusion(pairs: Iterable[Pair]) -> dict[str, dict[str, int]]:
    """Gold label -> predicted label -> count, on sentence-matched events (module doc)."""
    table: dict[str, dict[str, int]] = {}

    def add(row: str, column: str) -> None:
        table.setdefault(row, {})
        table[row][column] = table[row].get(column, 0) + 1

    for entry, extraction in pairs:
        gold = list(entry.get("events", []))
        predicted = _facts(extraction)
        used: set[int] = set()
        paired: dict[int, int] = {}
        for same_label in (True, False):
            for gi, g in enumerate(gold):
                if gi in paired:
                    continue
                want = label(str(g["type"]), bool(g.get("negated", False)))
                for pi, p in enumerate(predicted):
                    if pi in used or not covers(p.evidence.sentence, str(g["evidence"])):
                        continue
                    if same_label and label(p.type, p.negated) != want:
                        continue
                    used.add(pi)
                    paired[gi] = pi
                    break
        for gi, g in enumerate(gold):
            row = label(str(g["type"]), bool(g.get("negated", False)))
            got = paired.get(gi)
            add(row, NONE if got is None else label(predicted[got].type, predicted[got].negated))
        for pi, p in enumerate(predicted):
            if pi not in used:
                add(NONE, label(p.type, p.negated))
    return {row: dict(sorted(cols.items())) for row, cols in sorted(table.items())}


def _events_only(entry: Mapping[str, Any]) -> bool:
    return list(entry.get("scored", ["events", "dates", "quotes", "predictions"])) == ["events"]


def score_pairs(pairs: Sequence[Pair], state_of: StateOf, names: NameKeys) -> dict[str, Any]:
    """Every score of a set of scored documents: strict events, lenient events, event
    dates, quotes, predictions (documents whose gold scores events only are left out of
    the last three, which are absent when no document scores them), the confusion table,
    and the PLOVER accuracies of the documents that are PLOVER records (``"plover"``, when
    there are any; one per record)."""
    strict = evaluate_extractions([(dict(e), x) for e, x in pairs], state_of)
    full = [(dict(e), x) for e, x in pairs if not _events_only(e)]
    rest = evaluate_extractions(full, state_of)
    out: dict[str, Any] = {
        "documents": len(pairs),
        "events": strict["events"],
        "events_lenient": lenient_counts(pairs, state_of, names),
    }
    if full:
        out |= {key: rest[key] for key in ("event_dates", "quotes", "predictions")}
    out["confusion"] = confusion(pairs)
    records = [(dict(r), x) for e, x in pairs for r in e.get("plover") or []]
    if records:
        out["plover"] = score_plover(records, state_of)
    return out
