"""Headline questions as predictions: "Putin Next?" in the text or in ``Document.title``.

A short question (at most five words) naming an actor and "next" is the outlet's forecast
that the actor is next to fall; its outcome is the one the rest of the headline talks about
("... Follows Assad, Maduro In Falling. Putin Next?" -> LEADER_OUSTED). See
docs/speech.md for why a title question's evidence is an empty span at 0.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from allywatch.extract.outcomes import actor_in, outcome_lemma
from allywatch.extract.speech_lexicon import lexicon
from allywatch.nlp import doc_text
from allywatch.types import Document, Evidence, Mention, Prediction

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.nlp.catalog import Catalog

__all__ = ["headline_questions", "title_questions"]


_HEADLINE = re.compile(
    r"(?:^|(?<=[.!?:]\s))([^.!?:\n]{1,60}\bnext\?)", re.IGNORECASE | re.MULTILINE
)


def headline_questions(
    sdoc: Doc, document: Document, mentions: list[Mention]
) -> list[Prediction]:
    """"Putin Next?": a short question (at most five words) naming an actor and "next",
    read at the text level because a parser splits headlines badly. Its outcome is the one
    the rest of the line talks about ("… In Falling. Putin Next?" -> LEADER_OUSTED)."""
    found: list[Prediction] = []
    lex = lexicon()
    text = doc_text(sdoc)
    for match in _HEADLINE.finditer(text):
        start, end = match.span(1)
        if len(re.findall(r"[^\W\d_]+", match.group(1))) > 5:
            continue
        span = sdoc.char_span(start, end, alignment_mode="expand")
        actor = actor_in(list(span), mentions) if span is not None else None
        if actor is None:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line = sdoc.char_span(line_start, end, alignment_mode="expand")
        outcome = next(
            (lex.outcome_verbs[lemma] for t in line or ()
             if t.idx < start and t.pos_ in ("VERB", "PROPN")
             and (lemma := outcome_lemma(t)) is not None),
            "unspecified",
        )  # fmt: skip
        found.append(
            Prediction(
                claim=match.group(1).strip(),
                evidence=Evidence(document.id, start, end, text[start:end]),
                predictor=document.author or document.outlet or "author",
                subject=actor,
                outcome=outcome,
                predictor_is_author=True,
            )
        )
    return found


def title_questions(sdoc: Doc, document: Document, catalog: Catalog) -> list[Prediction]:
    """Headline questions in ``Document.title``, which ingest keeps out of ``text``.

    The title is not parsed with the body, so its actor comes from the catalog's surface
    forms (longest first) and its outcome from the outcome verbs of the rest of the title.
    The evidence is the title's question with an empty span at 0 (``Evidence.in_title``):
    every offset in the system points into ``Document.text``, and the title is not in it.
    """
    title = " ".join((document.title or "").split())
    if not title or title in " ".join(sdoc.text.split()):
        return []  # no title, or the headline is in the text and read there
    from spacy.tokens import Doc as SpacyDoc

    found: list[Prediction] = []
    lex = lexicon()
    for match in _HEADLINE.finditer(title):
        question = match.group(1).strip()
        words = re.findall(r"[^\W\d_][\w.'’-]*", question)
        if len(words) > 5:
            continue
        actor = _title_actor(words, catalog, document.published)
        if actor is None:
            continue
        before = re.findall(r"[^\W\d_]+", title[: match.start(1)])
        outcome = "unspecified"
        if before:
            tokens = SpacyDoc(sdoc.vocab, words=before)
            outcome = next(
                (lex.outcome_verbs[lemma] for t in tokens if (lemma := outcome_lemma(t))),
                "unspecified",
            )
        found.append(
            Prediction(
                claim=question,
                evidence=Evidence(document.id, 0, 0, question),
                predictor=document.author or document.outlet or "author",
                subject=actor,
                outcome=outcome,
                predictor_is_author=True,
            )
        )
    return found


def _title_actor(words: list[str], catalog: Catalog, published: date | None) -> str | None:
    """The first actor the catalog names in ``words`` (a person counts as their state)."""
    cleaned = [re.sub(r"['’]s?$", "", w) for w in words]
    for size in (3, 2, 1):
        for i in range(len(cleaned) - size + 1):
            surface = catalog.surface(" ".join(cleaned[i : i + size]))
            if surface is None:
                continue
            actor = catalog.get(surface.actor_id)
            if actor is not None and actor.kind == "person":
                return catalog.state_of(actor.id, published)
            return surface.actor_id
    return None
