"""Derive the event coder's CAMEO verb lexicon from PETRARCH-2's verb dictionary.

    python scripts/derive_cameo_lexicon.py            # write the derived file
    python scripts/derive_cameo_lexicon.py --check    # exit 1 when the shipped file is stale

Inputs (read-only, beside the clone in ``../shared/peer-data/``):

- ``petrarch2/CAMEO.2.0.txt``: PETRARCH-2's CAMEO verb pattern dictionary (MIT, Open Event
  Data Alliance; openeventdata/petrarch2 at 676801cd9cb2924bbbad09f86d15c9323e7097bf);
- ``plover-gsr/CAMEO2PLOVER-2021.txt``: the CAMEO -> PLOVER table (PLOVER manual draft 0.8,
  openeventdata/PLOVER at 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f).

Output: ``src/allywatch/extract/resources/events/cameo_verbs.jsonl``, one JSON object per line:

- ``{"kind": "about", ...}``: source files, commits, licence and the MIT notice (kept with
  the derived data, as the licence asks), and counts;
- ``{"kind": "synset", "name", "phrases"}``: a synonym set (``&FOOD``) as lists of lower-case
  words;
- ``{"kind": "verb", "block", "lemma", "before", "after", "forms", "code", "plover"}``: one
  verb of a verb block; ``before``/``after`` are the other words of a multi-word verb
  (``RE_+ARREST``, ``+CALL_OFF``), ``forms`` its irregular forms as written, ``code`` the verb's
  own CAMEO code or the block's (``None`` for the null code ``---``);
- ``{"kind": "pattern", "block", "pre", "post", "code", "plover"}``: a pattern of a block
  (it applies to every verb of the block, as in PETRARCH-2). ``pre``/``post`` are the words
  before and after the verb: ``{"w": [...]}`` a word or consecutive phrase, ``{"syn": NAME}``
  a synset, ``{"pp": prep, "items": [...]}`` a prepositional phrase, ``{"role": "target"}`` /
  ``{"role": "source"}`` PETRARCH's ``+`` / ``$`` markers of where the parties are.

``plover`` is ``{"type", "mode", "context"}`` from the table, found by the longest prefix of the
CAMEO code that has a row. Two CAMEO roots have no row: 01 (public statements, no event in
PLOVER) maps to nothing; 02 (appeals) maps to REQUEST, which in PLOVER covers both appeals
(CAMEO 02) and demands (CAMEO 10). A code written ``[a:b]`` (the event of each side) uses ``a``
(or ``b`` when ``a`` is empty). The format follows the comments of PETRARCH-2's
``PETRreader.read_verb_dictionary()``: ``#`` and ``;`` start comments, ``{...}`` after a verb
lists all its forms, ``_`` joins the words of a multi-word verb with ``+`` on the word the
parser takes as the verb, verb transformations (``~`` lines) are not used.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT.parent / "shared" / "peer-data"
CAMEO = PEER / "petrarch2" / "CAMEO.2.0.txt"
TABLE = PEER / "plover-gsr" / "CAMEO2PLOVER-2021.txt"
OUT = ROOT / "src" / "allywatch" / "extract" / "resources" / "events" / "cameo_verbs.jsonl"

PETRARCH_COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
PLOVER_COMMIT = "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f"
#: CAMEO roots without a row in the table (see the module docstring).
EXTRA_ROOTS = {"02": {"type": "REQUEST", "mode": None, "context": None}}

_BLOCK = re.compile(r"^---\s+(.*?)\s*(\[[^\]]*\])?\s*---\s*$")
_CODE = re.compile(r"\[([^\]]*)\]")
_ROW = re.compile(r"^(\d+):\s*([A-Z_]+)\s*(?:,([^,#]*))?(?:,([^#]*))?")


def plover_table(path: Path) -> dict[str, dict[str, str | None]]:
    """CAMEO code -> PLOVER type, mode and context (first row wins for a repeated code)."""
    table: dict[str, dict[str, str | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line.strip())
        if not m:
            continue
        code, kind, mode, context = m.groups()
        table.setdefault(code, {
            "type": kind,
            "mode": (mode or "").strip() or None,
            "context": (context or "").strip().rstrip(",").strip() or None,
        })  # fmt: skip
    return table


def to_plover(code: str | None, table: dict[str, dict[str, str | None]]) -> dict[str, Any] | None:
    if not code:
        return None
    for n in range(len(code), 1, -1):
        row = table.get(code[:n]) or (EXTRA_ROOTS.get(code[:n]) if n == 2 else None)
        if row is not None:
            return dict(row)
    return None


def clean_code(raw: str | None) -> str | None:
    """``[070]`` -> ``070``; ``[---]`` -> None; ``[050:050]`` -> ``050``; ``[:190]`` -> ``190``."""
    if raw is None:
        return None
    text = raw.strip("[] ")
    parts = [p.strip() for p in text.split(":")]
    code = next((p for p in parts if p), "")
    return code if code.isdigit() else None


def strip_comment(line: str) -> str:
    for mark in ("#", ";"):
        if mark in line:
            line = line[: line.index(mark)]
    return line.strip()


def _word(token: str) -> list[str]:
    return [w for w in token.lower().replace("_", " ").split() if w]


def parse_items(text: str) -> list[dict[str, Any]]:
    """The elements of one side of a pattern (see the module docstring)."""
    items: list[dict[str, Any]] = []
    tokens = re.findall(r"\(|\)|\{[^}]*\}|[^\s(){}]+", text)
    stack: list[list[dict[str, Any]]] = [items]
    pending_prep: list[bool] = []
    for tok in tokens:
        if tok == "(":
            group: dict[str, Any] = {"pp": None, "items": []}
            stack[-1].append(group)
            stack.append(group["items"])
            pending_prep.append(True)
            continue
        if tok == ")":
            if len(stack) > 1:
                stack.pop()
                pending_prep.pop()
            continue
        if pending_prep and pending_prep[-1] and not tok.startswith(("&", "{", "+", "$")):
            # the first word of a parenthesised group is its preposition
            parent = stack[-2][-1]
            parent["pp"] = tok.lower()
            pending_prep[-1] = False
            continue
        if pending_prep:
            pending_prep[-1] = False
        if tok == "+":
            stack[-1].append({"role": "target"})
        elif tok == "$":
            stack[-1].append({"role": "source"})
        elif tok in {"^", "%"}:
            continue  # PETRARCH's skip markers: no words to match
        elif tok.startswith("{"):
            words = tok.strip("{}").split()
            if any(w.startswith("&") for w in words):
                stack[-1].append({"phrase": [
                    {"syn": w[1:].rstrip("_")} if w.startswith("&") else {"w": _word(w)}
                    for w in words
                ]})  # fmt: skip
            else:
                stack[-1].append({"w": [x for w in words for x in _word(w)]})
        elif tok.startswith("&"):
            stack[-1].append({"syn": tok[1:].rstrip("_")})
        else:
            words = _word(tok)
            if words:
                stack[-1].append({"w": words})
    return items


def parse_verb_line(line: str, block: str, block_code: str | None) -> Iterator[dict[str, Any]]:
    """One verb line (``HURRY {HURRIES HURRYING HURRIED }``, ``+CALL_OFF [160]``,
    ``RE_+ARREST``) -> a verb record."""
    code_m = _CODE.search(line)
    code = clean_code(code_m.group(0)) if code_m else block_code
    if code_m and code_m.group(1).strip() == "---":
        code = None
    body = _CODE.sub("", line)
    forms_m = re.search(r"\{([^}]*)\}", body)
    forms = forms_m.group(1).split() if forms_m else []
    head = re.sub(r"\{[^}]*\}", "", body).split()
    if not head:
        return
    stem = head[0]
    parts = stem.split("_")
    verb_index = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    words = [p.lstrip("+").lower() for p in parts]
    lemma = words[verb_index]
    if not lemma.isalpha() and not lemma.replace("-", "").isalpha():
        return
    yield {
        "kind": "verb",
        "block": block,
        "lemma": lemma,
        "before": [w for w in words[:verb_index] if w],
        "after": [w for w in words[verb_index + 1 :] if w],
        "forms": sorted(
            {f.lstrip("+").split("_")[verb_index].lower() for f in forms if f.lstrip("+")}
        ),
        "code": code,
    }


def parse_dictionary(path: Path) -> Iterator[dict[str, Any]]:
    block: str | None = None
    block_code: str | None = None
    synset: str | None = None
    in_verbs = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            synset = None
            continue
        if raw.startswith("#") or raw.startswith("~") or not raw.strip():
            continue
        m = _BLOCK.match(raw.strip())
        if m:
            block = m.group(1).strip()
            block_code = clean_code(m.group(2))
            synset = None
            continue
        line = strip_comment(raw)
        if not line:
            continue
        if line.startswith("&"):
            synset = line[1:].rstrip("_").strip()
            block = None
            yield {"kind": "synset", "name": synset, "phrases": []}
            continue
        if synset is not None and line.startswith("+") and block is None:
            yield {"kind": "synset_phrase", "name": synset, "words": _word(line[1:])}
            continue
        if not in_verbs or block is None:
            continue
        if line.startswith("-"):
            code_m = _CODE.search(line)
            if not code_m:
                continue
            body = line[1 : code_m.start()]
            if "*" not in body:
                continue
            pre, _, post = body.partition("*")
            yield {
                "kind": "pattern",
                "block": block,
                "pre": parse_items(pre),
                "post": parse_items(post),
                "code": clean_code(code_m.group(0)),
            }
            continue
        yield from parse_verb_line(line, block, block_code)


def derive() -> list[dict[str, Any]]:
    table = plover_table(TABLE)
    synsets: dict[str, list[list[str]]] = {}
    verbs: list[dict[str, Any]] = []
    patterns: list[dict[str, Any]] = []
    for rec in parse_dictionary(CAMEO):
        if rec["kind"] == "synset":
            synsets.setdefault(rec["name"], [])
        elif rec["kind"] == "synset_phrase":
            if rec["words"] and rec["words"] not in synsets[rec["name"]]:
                synsets[rec["name"]].append(rec["words"])
        elif rec["kind"] == "verb":
            rec["plover"] = to_plover(rec["code"], table)
            verbs.append(rec)
        else:
            rec["plover"] = to_plover(rec["code"], table)
            patterns.append(rec)
    notice = (CAMEO.parent / "LICENSE").read_text(encoding="utf-8").strip()
    about = {
        "kind": "about",
        "what": "CAMEO verb lexicon of the allywatch event coder, derived from PETRARCH-2's "
        "CAMEO verb dictionary with CAMEO codes mapped to PLOVER 2.0 types (longest code "
        "prefix of the CAMEO->PLOVER table); regenerate with scripts/derive_cameo_lexicon.py",
        "source": "https://github.com/openeventdata/petrarch2 petrarch2/data/dictionaries/"
        f"CAMEO.2.0.txt at {PETRARCH_COMMIT}",
        "table": "https://github.com/openeventdata/PLOVER CAMEO2PLOVER-2021.txt at "
        f"{PLOVER_COMMIT} (PLOVER manual draft 0.8, CC BY-SA 4.0)",
        "licence": "MIT (the dictionary); the notice below is kept with the derived data",
        "notice": notice,
        "extra_roots": EXTRA_ROOTS,
        "counts": {"synsets": len(synsets), "verbs": len(verbs), "patterns": len(patterns)},
    }
    out: list[dict[str, Any]] = [about]
    out += [{"kind": "synset", "name": n, "phrases": p} for n, p in sorted(synsets.items())]
    out += verbs + patterns
    return out


def render(records: list[dict[str, Any]]) -> str:
    return "".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        for r in records
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale")
    args = parser.parse_args(argv)
    for path in (CAMEO, TABLE):
        if not path.is_file():
            sys.stderr.write(f"{path}: not found (the peer data lives in ../shared/peer-data/)\n")
            return 2
    text = render(derive())
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.is_file() else ""
        if current != text:
            sys.stderr.write(f"{OUT} is out of date: run scripts/derive_cameo_lexicon.py\n")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {OUT.relative_to(ROOT)}: {text.count(chr(10))} records\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
