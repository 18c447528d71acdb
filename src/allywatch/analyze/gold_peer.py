"""Gold loaders for the field's own gold (``../shared/peer-data``), in the allywatch layout.

**plover-gsr** (PLOVER gold-standard records): one document per record, its sentence; the
event's type is the record's 0.5b1 label mapped to PLOVER 2.0 (:data:`PLOVER_LABELS`), its
source and target the records' primary codes (coder typos read as the ISO code they stand
for, as :func:`allywatch.analyze.evaluate.evaluate_plover` does); a reciprocal record ("X and
Y agreed", SRC/TAR markup, no target) has each party as the other's target, the way our gold
writes joint events. The records are kept as ``gold["plover"]`` (a list: two records
that code one sentence are one document with two events) so the PLOVER accuracies can be
scored too, one per record.

**petrarch-xml** (PETRARCH-2's unit-test records): one document per ``<Sentence>``, dated by
its ``date``. Each ``<EventCoding>`` is one gold event; its CAMEO code maps to a PLOVER type
by the CAMEO->PLOVER table (``analyze/resources/cameo2plover.txt``), longest code prefix
first. What the table cannot map is said, never guessed:

- ``noevents="True"`` and the discard codings (``sentencediscard``, ``storydiscard``: the
  sentence must yield nothing) are documents with no events, scored as such;
- error codings (``bad_input_parse``, ``dateline``: tests of the program's input handling)
  leave the sentence out;
- codes without a table entry (CAMEO 01 public statements and 02 appeals, which the table
  does not cover) and synthetic test codes (roots above 20, e.g. 90x, 22x, 34x, from the toy
  verb dictionary) drop that coding; a sentence left with no coding is left out (keeping it
  would claim it states no event).

Every left-out coding or sentence is listed in :attr:`GoldFile.skipped` with the reason.

Actors: a code's primary part is its first three letters (``ARNGOV`` -> ``ARN``), or the whole
code for transnational ones (``IGOEEU``); ``---`` (an unnamed party) and other non-letters
mean no resolvable actor. The toy actors of ``PETR.Validate.actors.txt`` beside the records
file (Arnor, Gondor, Bilbo...) become a catalog extension used for these documents only:

- an entry whose name our catalog already resolves (France, "the European Union") makes its
  codes stand for our actor (``IGOEEU`` -> ``EU``, ``UAR`` -> ``EGY``, ``JAP`` -> ``JPN``), in
  the gold too, unless the code is one of our ids already;
- any other entry becomes an actor with its code as id (a toy state; a transnational code
  gives an ``igo``/``org``), its names title-cased (the dictionary writes them in capitals,
  ``_`` for a space); a code with date restrictions takes its undated code, else its first.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from allywatch.analyze.evaluate import (
    _GSR_CODE_FIXES,
    PLOVER_LABELS,
    _plover_codes,
    _reciprocal,
    load_plover_records,
    plover_document,
)
from allywatch.analyze.gold_examples import GoldFile, Parser
from allywatch.errors import EvaluationError
from allywatch.types import Document

__all__ = ["CAMEO_TABLE", "cameo_to_plover", "read_petrarch", "read_plover", "toy_catalog"]

log = logging.getLogger(__name__)

CAMEO_TABLE = Path(__file__).with_name("resources") / "cameo2plover.txt"
#: Transnational primary codes: the whole code names the actor.
_TRANSNATIONAL = ("IGO", "NGO", "NGM", "IMG", "MNC")
_EVENTS_ONLY = ["events"]


# --- PLOVER GSR ---------------------------------------------------------------------------
def read_plover(path: Path, parser: Parser) -> GoldFile:
    """One example per PLOVER GSR sentence (module docstring); records that share their
    sentence (two codings of one sentence) are one document with both events."""
    by_text: dict[str, tuple[Document, dict[str, Any], str]] = {}
    for rec in load_plover_records(path):
        source = sorted(_GSR_CODE_FIXES.get(c, c) for c in _plover_codes(rec.get("source")))
        target = sorted(_GSR_CODE_FIXES.get(c, c) for c in _plover_codes(rec.get("target")))
        if not target and _reciprocal(rec):
            target = list(source)
        event = {"type": PLOVER_LABELS.get(str(rec["event"]), str(rec["event"])),
                 "source": source, "target": target, "negated": False,
                 "evidence": str(rec["text"]), "alt_types": []}  # fmt: skip
        text = str(rec["text"])
        if text in by_text:
            entry = by_text[text][1]
            entry["events"].append(event)
            entry["plover"].append(rec)
            continue
        entry = {"document": str(rec.get("id")), "events": [event], "scored": _EVENTS_ONLY,
                 "plover": [rec]}  # fmt: skip
        by_text[text] = (plover_document(rec, path.name), entry, f"{path}#{rec.get('id')}")
    return GoldFile(path, "plover-gsr", parser.examples(list(by_text.values())))


# --- CAMEO -> PLOVER ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PloverCode:
    type: str
    mode: str


@lru_cache(maxsize=1)
def _cameo_table() -> dict[str, PloverCode]:
    table: dict[str, PloverCode] = {}
    for line in CAMEO_TABLE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        code, sep, rest = line.partition(":")
        if not sep or not code.strip().isdigit():
            continue
        parts = [p.strip() for p in rest.split(",")]
        table[code.strip()] = PloverCode(parts[0], parts[1] if len(parts) > 1 else "")
    return table


def cameo_to_plover(code: str) -> PloverCode | None:
    """The PLOVER type (and mode) of a CAMEO code by the longest prefix in the table, or
    None when no prefix is in it (01/02 codes, synthetic codes)."""
    digits = re.match(r"\d+", code or "")
    if digits is None or not 1 <= int(digits.group()[:2]) <= 20:
        return None
    table = _cameo_table()
    key = digits.group()
    while key:
        if key in table:
            return table[key]
        key = key[:-1]
    return None


# --- PETRARCH-2 toy actors ----------------------------------------------------------------
@dataclass
class _Entry:
    names: list[str] = field(default_factory=list)
    codes: list[tuple[str, bool]] = field(default_factory=list)  # (code, date-restricted)

    def code(self) -> str | None:
        plain = [c for c, restricted in self.codes if not restricted]
        found = plain or [c for c, _ in self.codes]
        return found[0] if found else None


_CODE = re.compile(r"\[([^\]]*)\]")


def _read_actor_entries(path: Path) -> list[_Entry]:
    """The entries of a PETRARCH/TABARI actor dictionary: ``NAME [CODE]``, ``+SYNONYM``
    lines, indented ``[CODE <date]`` lines; ``#`` and ``<!-- -->`` comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read the toy actor dictionary: {exc}") from exc
    text = re.sub(r"<!.*?>", "", text, flags=re.S)
    entries: list[_Entry] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = [(c.split()[0], len(c.split()) > 1) for c in _CODE.findall(line) if c.split()]
        name = _CODE.sub("", line).strip()
        if raw[:1].isspace() and not name:
            if entries:
                entries[-1].codes += codes
            continue
        if name.startswith("+"):
            if entries:
                entries[-1].names.append(" ".join(name[1:].replace("_", " ").split()))
            continue
        entries.append(_Entry([" ".join(name.replace("_", " ").split())], codes))
    return [e for e in entries if e.names and e.names[0]]


def _toy_name(raw: str) -> str:
    """``"MINAS TIRITH"`` -> ``"Minas Tirith"`` (the dictionary writes names in capitals)."""
    return " ".join(w if any(c.islower() for c in w) else w.title() for w in raw.split())


def _primary(code: str) -> str | None:
    code = code.strip().upper()
    if code.startswith(_TRANSNATIONAL):
        return code
    return code[:3] if len(code) >= 3 and code[:3].isalpha() else None


@dataclass
class ToyActors:
    """The catalog extension of a toy dictionary and the code translation it implies."""

    data: dict[str, Any]
    translate: dict[str, str]
    toy_ids: set[str]

    def gold_id(self, code: str | None) -> str | None:
        """The actor id a gold code stands for in our layout (None: no resolvable actor)."""
        full = (code or "").strip().upper()
        primary = _primary(full)
        if primary is None:
            return None
        for key in (full, primary):
            if key in self.translate:
                return self.translate[key]
        if primary in self.toy_ids:
            return primary
        return full[:3] if full.startswith(_TRANSNATIONAL) else primary


def toy_catalog(path: Path, catalog: Any) -> ToyActors:
    """Read the toy actor dictionary at ``path`` against our ``catalog`` (module doc)."""
    actors: dict[str, dict[str, Any]] = {}
    translate: dict[str, str] = {}
    for entry in _read_actor_entries(path):
        code = entry.code()
        primary = _primary(code or "")
        forms = [f for n in entry.names for f in (n, _toy_name(n), re.sub(r"^THE ", "", n))]
        known = next((a for a in map(catalog.lookup, forms) if a is not None), None)
        if known is not None:
            ours = catalog.state_of(known.id) or known.id
            for c, _ in entry.codes:
                for key in {c.upper(), _primary(c) or ""} - {""}:
                    if catalog.get(key) is None and key not in _TRANSNATIONAL:
                        translate.setdefault(key, ours)
            continue
        if primary is None or primary in _TRANSNATIONAL:
            continue
        kind = "state"
        if primary.startswith(_TRANSNATIONAL):
            kind = "igo" if primary.startswith("IGO") else "org"
        names = [_toy_name(n) for n in entry.names]
        actor = actors.setdefault(primary, {"id": primary, "name": names[0], "kind": kind,
                                            "aliases": []})  # fmt: skip
        actor["aliases"] += [n for n in names if n != actor["name"]]
    toy_ids = {a for a in actors if catalog.get(a) is None}
    return ToyActors({"actors": list(actors.values())}, translate, toy_ids)


# --- PETRARCH-2 unit-test records ---------------------------------------------------------
_NO_EVENTS = frozenset({"sentencediscard", "storydiscard"})


def read_petrarch(path: Path, parser: Parser, actors_file: Path | None = None) -> GoldFile:
    """One example per PETRARCH-2 unit-test sentence (module docstring)."""
    from allywatch.nlp.catalog import Catalog

    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvaluationError(f"{path}: cannot read PETRARCH records: {exc}") from exc
    actors_file = actors_file or path.with_name("PETR.Validate.actors.txt")
    if not actors_file.is_file():
        raise EvaluationError(f"{path}: needs its toy actor dictionary {actors_file.name} "
                              "beside it")  # fmt: skip
    from allywatch.config import get_settings

    toys = toy_catalog(actors_file, parser.catalog)
    extended = Catalog.load(get_settings().catalog_paths,
                            extra_data=[(f"{actors_file} (toy actors)", toys.data)])  # fmt: skip
    gold = GoldFile(path, "petrarch-xml")
    items: list[tuple[Document, Mapping[str, Any], str]] = []
    for sentence in root.iter("Sentence"):
        sid = str(sentence.get("id"))
        where = f"{path}#{sid}"
        text_node = sentence.find("Text")
        text = " ".join((text_node.text or "").split()) if text_node is not None else ""
        if not text:
            gold.skipped.append((where, "no text"))
            continue
        events = _petrarch_events(sentence.findall("EventCoding"), toys, text, where,
                                  gold.skipped)  # fmt: skip
        if events is None:
            continue
        entry = {"document": sid, "events": events, "scored": _EVENTS_ONLY,
                 "category": sentence.get("category")}  # fmt: skip
        doc = Document(id=Document.make_id(text), text=text, source=f"{path.name}#{sid}",
                       format="text", published=_petrarch_date(sentence.get("date")))  # fmt: skip
        items.append((doc, entry, where))
    gold.examples = parser.with_catalog(extended).examples(items, own_catalog=True)
    return gold


def _petrarch_events(
    codings: Iterable[ET.Element],
    toys: ToyActors,
    text: str,
    where: str,
    skipped: list[tuple[str, str]],
) -> list[dict[str, Any]] | None:
    """The gold events of one sentence; None when the sentence is left out."""
    codings = list(codings)
    events: list[dict[str, Any]] = []
    dropped = 0
    for coding in codings:
        if coding.get("noevents", "").strip().lower() == "true":
            continue
        error = coding.get("error")
        if error is not None:
            if error in _NO_EVENTS:
                continue
            skipped.append((where, f"error coding {error!r} (a test of input handling)"))
            return None
        code = str(coding.get("eventcode", ""))
        plover = cameo_to_plover(code)
        if plover is None:
            dropped += 1
            skipped.append((where, f"CAMEO code {code!r}: no CAMEO->PLOVER mapping "
                                   "(01/02 codes or a synthetic test code)"))  # fmt: skip
            continue
        source, target = (toys.gold_id(coding.get(k)) for k in ("sourcecode", "targetcode"))
        event = {"type": plover.type, "mode": plover.mode, "source": [source] if source else [],
                 "target": [target] if target else [], "negated": False, "evidence": text,
                 "alt_types": [], "cameo": code}  # fmt: skip
        if event not in events:
            events.append(event)
    if dropped and not events:
        return None  # every coding unmappable: not "a sentence with no event"
    return events


def _petrarch_date(value: str | None) -> date | None:
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])) if value else None
    except ValueError:
        return None
