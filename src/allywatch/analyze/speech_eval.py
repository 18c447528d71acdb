"""Quote scoring by the conventions the gold uses (``speaker_type``), and the per-type report.

A gold quote gives ``speaker``, ``speaker_type`` (person, institution, anonymous,
unattributed) and ``text``. A predicted :class:`~allywatch.types.Quote` matches it when
its text covers at least half of the gold words and its speaker agrees:

- **person**: a predicted person who is the same person across spelling and
  transliteration variants (:func:`allywatch.extract.person_names.same_person`: catalog
  aliases, romanisation keys, a conservative fuzzy match). A joint statement ("A, B and C
  (jointly)") needs every one of its speakers among the quote's speakers. A gold person
  the passage does not name ("Chad's new defence minister (not named in the passage)") is
  matched like a description;
- **institution**: a predicted institution with the same name — words compared after
  dropping articles and reading state names, demonyms and capitals as the state's code
  ("Chile's foreign ministry" = "Chilean Foreign Ministry"); the states must agree and the
  other words overlap, or one side be the state alone ("Lima" for the Peruvian
  government). A parenthesised acronym or quoted form in the gold is another name for it
  ("Southern Fleet Command (SOUTHFLEET)", "Kenyan government ('the cabinet')");
- **anonymous**: a predicted anonymous speaker whose description overlaps the gold's
  (a word in common besides articles, "unnamed" and "anonymous", states agreeing);
- **unattributed**: a predicted quote without a speaker.

Gold files without ``speaker_type`` (the seed gold) keep DESIGN.md's rule: a named gold
speaker is a person as above; a gold ``null`` speaker matches any speaker who is not a
named person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from allywatch.extract.person_names import same_person
from allywatch.types import Extraction, Quote

if TYPE_CHECKING:
    from allywatch.nlp.catalog import Catalog

__all__ = ["SPEAKER_TYPES", "quote_report", "speaker_agrees", "text_covers"]

SPEAKER_TYPES = ("person", "institution", "anonymous", "unattributed")
_WORD = re.compile(r"[\w]+(?:['’][\w]+)?")
_STOP = frozenset({
    "the", "a", "an", "of", "and", "for", "in", "at", "on", "to", "its", "their", "s",
    "unnamed", "anonymous", "jointly", "speaking", "who", "with", "from",
})  # fmt: skip
#: British and American spellings of institution words, compared as one.
_SPELLING = {"defence": "defense", "organisation": "organization", "programme": "program",
             "centre": "center", "labour": "labor"}  # fmt: skip
#: How many words a catalog name may have when reading state names out of a description.
_MAX_NAME_WORDS = 4


@cache
def _catalog() -> Catalog | None:
    from allywatch.nlp.catalog import Catalog

    return Catalog.load()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.replace("’", "'"))


def text_covers(candidate: str, gold: str) -> bool:
    """DESIGN.md's text rule: the candidate holds at least half of the gold's words."""
    gold_words = {w.lower() for w in _words(gold)}
    if not gold_words:
        return False
    got = {w.lower() for w in _words(candidate)}
    return len(gold_words & got) * 2 >= len(gold_words)


def _name_parts(text: str, catalog: Catalog | None) -> tuple[set[str], set[str]]:
    """(states named, other content words) of an institution name or a description."""
    words = [w.removesuffix("'s") for w in _words(text)]
    states: set[str] = set()
    rest: set[str] = set()
    i = 0
    while i < len(words):
        found = None
        if catalog is not None:
            for size in range(min(_MAX_NAME_WORDS, len(words) - i), 0, -1):
                actor = catalog.lookup(" ".join(words[i : i + size]))
                if actor is not None and actor.kind != "person":
                    found = (actor.country if actor.kind == "org" and actor.country
                             else actor.id, size)  # fmt: skip
                    break
        if found is not None:
            states.add(found[0])
            i += found[1]
            continue
        word = words[i].lower()
        word = _SPELLING.get(word, word)
        if word not in _STOP and not word.isdigit():
            rest.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
        i += 1
    return states, rest


def _names_agree(gold: str, predicted: str, catalog: Catalog | None) -> bool:
    g_states, g_words = _name_parts(gold, catalog)
    p_states, p_words = _name_parts(predicted, catalog)
    if g_states and p_states and not g_states & p_states:
        return False
    if g_words & p_words:
        return True
    # one side is the state alone ("Lima" for the Peruvian government)
    return bool(g_states & p_states) and (not g_words or not p_words)


def _gold_names(speaker: str) -> tuple[list[str], bool]:
    """The names a gold speaker field gives (the name and any parenthesised acronym or
    quoted form), and whether it says the person is not named."""
    unnamed = bool(re.search(r"\bnot named\b|\bunnamed\b", speaker, re.I))
    names = [re.sub(r"\s*\([^)]*\)", "", speaker).strip()]
    for inner in re.findall(r"\(([^)]*)\)", speaker):
        quoted = re.findall(r"['‘\"“]([^'’\"”]+)['’\"”]", inner)
        names.extend(quoted)
        if not quoted and re.fullmatch(r"[A-Z][A-Za-z.&-]*", inner.strip()):
            names.append(inner.strip())  # an acronym: "(SOUTHFLEET)"
    return [n for n in names if n], unnamed


def _joint(name: str) -> list[str]:
    """"Lena Brandt, Omar Haddad and Ana Costa" -> the three names."""
    return [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", name) if p.strip()]


def _predicted_names(q: Quote) -> list[str]:
    first = [q.speaker] if q.speaker else []
    return [*first, q.speaker_text, *q.co_speakers]


def speaker_agrees(g: dict[str, Any], q: Quote, catalog: Catalog | None = None) -> bool:
    """Whether the predicted quote's speaker is the gold quote's, by the gold's
    conventions (module docstring)."""
    catalog = catalog if catalog is not None else _catalog()
    speaker = g.get("speaker") or ""
    kind = g.get("speaker_type")
    if kind is None:  # seed gold: no speaker_type
        if not speaker:
            return q.speaker_type != "person"
        kind = "person"
    if kind == "unattributed" or (not speaker and kind != "anonymous"):
        return q.speaker_type == "unattributed"
    names, unnamed = _gold_names(speaker)
    if kind == "person" and not unnamed:
        if q.speaker_type != "person":
            return False
        people = _joint(names[0])
        predicted = [n for n in _predicted_names(q) if n]
        if len(people) > 1:
            singles = [q.speaker or q.speaker_text, *q.co_speakers]
            return all(any(same_person(p, s, catalog) for s in singles) for p in people)
        return any(same_person(people[0], n, catalog) for n in predicted)
    if kind == "institution":
        if q.speaker_type != "institution":
            return False
        predicted = [q.speaker_text, *q.co_speakers, q.speaker or ""]
        return any(_names_agree(n, p, catalog) for n in names for p in predicted if p)
    # anonymous, or a person the passage does not name: descriptions overlap
    if q.speaker_type not in ("anonymous", "person") or (
        kind == "anonymous" and q.speaker_type != "anonymous"
    ):
        return False
    described = " ".join(x for x in (q.speaker_text, q.affiliation or "") if x)
    return any(_names_agree(n, described, catalog) for n in names)


def quote_match(g: dict[str, Any], q: Quote) -> bool:
    """A gold quote and a predicted one match: speaker agrees and text covers."""
    return text_covers(q.text, g.get("text", "")) and speaker_agrees(g, q)


def quote_report(pairs: Iterable[tuple[dict[str, Any], Extraction]]) -> dict[str, Any]:
    """Quotes by gold ``speaker_type``: gold count, found (text and speaker), found with
    the wrong speaker (text matched, speaker not), and the predicted count per type; and
    the speaker precision: of the predicted quotes whose text matches a gold quote, the
    share whose speaker is that quote's."""
    by_type = {t: {"gold": 0, "tp": 0, "wrong_speaker": 0, "predicted": 0}
               for t in (*SPEAKER_TYPES, "unknown")}  # fmt: skip
    text_matched = speaker_right = 0
    for entry, extraction in pairs:
        gold = list(entry.get("quotes", []))
        used: set[int] = set()
        for q in extraction.quotes:
            by_type[q.speaker_type]["predicted"] += 1
        for g in gold:
            kind = g.get("speaker_type") or ("person" if g.get("speaker") else "unknown")
            by_type[kind]["gold"] += 1
            texts = [i for i, q in enumerate(extraction.quotes)
                     if i not in used and text_covers(q.text, g.get("text", ""))]  # fmt: skip
            right = [i for i in texts if speaker_agrees(g, extraction.quotes[i])]
            if right:
                used.add(right[0])
                by_type[kind]["tp"] += 1
            elif texts:
                by_type[kind]["wrong_speaker"] += 1
        for q in extraction.quotes:
            same_text = [g for g in gold if text_covers(q.text, g.get("text", ""))]
            if same_text:
                text_matched += 1
                speaker_right += any(speaker_agrees(g, q) for g in same_text)
    return {
        "speaker_precision": round(speaker_right / text_matched, 4) if text_matched else 0.0,
        "text_matched": text_matched,
        "by_type": {k: v for k, v in by_type.items() if k != "unknown" or v["gold"]},
    }
