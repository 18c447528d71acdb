"""Shared pieces of prediction extraction: outcome verbs and the actor a token names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pycountry

from allywatch.extract.speech_lexicon import lexicon
from allywatch.types import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["actor_in", "actor_of", "outcome_lemma"]

_IRREGULAR = {"fell": "fall", "fallen": "fall", "went": "go", "gone": "go",
              "overthrown": "overthrow"}  # fmt: skip


def outcome_lemma(token: Token) -> str | None:
    """The outcome verb a token is a form of ("Fell", "toppled", "collapsing"), or None."""
    verbs = lexicon().outcome_verbs
    for form in (token.lemma_.lower(), token.lower_, _IRREGULAR.get(token.lower_, "")):
        if form in verbs:
            return form
    for suffix in ("ing", "ed", "s", "d"):
        stem = token.lower_.removesuffix(suffix)
        if stem != token.lower_ and (stem in verbs or stem + "e" in verbs):
            return stem if stem in verbs else stem + "e"
    return None


def actor_of(token: Token, mentions: list[Mention]) -> str | None:
    """The actor a token names: its mention (a person counts as their state), else a
    country name pycountry knows."""
    for m in mentions:
        if m.start <= token.idx < m.end:
            if m.kind == "person":  # a person counts as the state they lead, if any
                return m.state
            return m.actor_id or m.state
    if token.ent_type_ == "GPE":
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        if ent is not None:
            try:
                return str(pycountry.countries.lookup(ent.text.removeprefix("the ")).alpha_3)
            except LookupError:
                return None
    return None


def actor_in(tokens: list[Token], mentions: list[Mention]) -> str | None:
    for tok in tokens:
        actor = actor_of(tok, mentions)
        if actor:
            return actor
    return None
