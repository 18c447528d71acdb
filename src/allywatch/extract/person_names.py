"""One person under spelling and transliteration variants.

"Ahmad al-Sharaa" and "Ahmed al-Sharaa", "Zelensky" and "Zelenskyy", "Vučić" and "Vucic",
"Julian Waller" and "Julian G. Waller" are one person. Three checks, most certain first:

1. **the catalog**: both names are surface forms of one person in the actor catalog (its
   aliases list the known variants);
2. **name keys**: each word folded to ASCII and rewritten by the romanisation rules of
   ``resources/speech/name_variants.yaml`` (a/e and o/u short vowels, -iy/-yy/-y endings,
   doubled letters, the Arabic article); the family names' keys must be equal and the
   given names compatible (equal keys, an initial, or absent on one side);
3. **a conservative fuzzy match**: family-name keys of six letters or more that start with
   the same letter and differ by at most one edit in ten (rapidfuzz's normalised
   Levenshtein ratio >= 90), given names compatible as above.

Different given names never match ("Joe Biden" / "Hunter Biden"), nor do names whose
keys differ beyond one edit ("Khamenei" / "Khomeini" stay apart: a/o is not a variant).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from allywatch.errors import ConfigError
from allywatch.extract.speech_lexicon import _load

if TYPE_CHECKING:
    from allywatch.nlp.catalog import Catalog

__all__ = ["fold", "name_key", "name_words", "same_person", "word_key"]

#: Shortest family-name key the fuzzy check is tried on.
FUZZY_MIN_LETTERS = 6
#: Normalised similarity (0-1) two family-name keys need for the fuzzy check.
FUZZY_MIN_SIMILARITY = 0.9
_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sir", "dame", "president", "prime", "minister",
    "general", "gen", "col", "colonel", "sheikh", "king", "queen", "prince", "emir", "ayatollah",
})  # fmt: skip


@dataclass(frozen=True)
class _Rules:
    letters: dict[str, str]
    particles: frozenset[str]
    rules: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _rules() -> _Rules:
    data = _load("name_variants.yaml")
    try:
        return _Rules(
            letters={str(k): str(v) for k, v in data["letters"].items()},
            particles=frozenset(str(p) for p in data["particles"]),
            rules=tuple((re.compile(str(p)), str(r)) for p, r in data["rules"]),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise ConfigError(f"name_variants.yaml: malformed entry ({exc})") from exc


def fold(text: str) -> str:
    """Lower case, accents and non-decomposing letters folded to ASCII."""
    rules = _rules()
    text = "".join(rules.letters.get(ch, ch) for ch in text.lower())
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def name_words(name: str) -> list[str]:
    """The words of a person's name, folded to ASCII, without titles, possessive, the
    Arabic article or a parenthesis ("Sheikh Tamim bin Hamad Al-Thani" -> tamim, bin,
    hamad, thani)."""
    name = re.sub(r"\([^)]*\)", " ", name)
    name = re.sub(r"['’]s\b", "", name)
    particles = _rules().particles
    out: list[str] = []
    for raw in re.split(r"[\s,]+", fold(name)):
        word = raw.strip(".'’\"-")
        parts = [p for p in re.split(r"[-’']", word) if p]
        while len(parts) > 1 and parts[0] in particles:  # "al-sharaa" -> "sharaa"
            parts = parts[1:]
        word = "".join(parts)
        if not word or word in particles or word in _TITLES:
            continue
        out.append(word)
    return out


@lru_cache(maxsize=4096)
def name_key(word: str) -> str:
    """The romanisation key of one folded name word ("zelenskyy" -> "zalanski")."""
    for pattern, replacement in _rules().rules:
        word = pattern.sub(replacement, word)
    return word


def word_key(word: str) -> str:
    """The key of one written name word ("Zelenskyy" -> "zalanski"), "" for a particle."""
    words = name_words(word)
    return name_key(words[-1]) if words else ""


def _given_compatible(a: list[str], b: list[str]) -> bool:
    """Given names (all words but the family name) agree: one side has none, or the first
    ones share a key, or one is an initial of the other, or one is a prefix of the other
    written apart ("Abdel Fattah" / "Abdelfattah")."""
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    kx, ky = name_key(x), name_key(y)
    return kx == ky or kx.startswith(ky) or ky.startswith(kx)


def _by_keys(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    if not _given_compatible(a[:-1], b[:-1]):
        return False
    ka, kb = name_key(a[-1]), name_key(b[-1])
    if ka == kb:
        return True
    if min(len(ka), len(kb)) < FUZZY_MIN_LETTERS or ka[0] != kb[0]:
        return False
    return Levenshtein.normalized_similarity(ka, kb) >= FUZZY_MIN_SIMILARITY


def same_person(a: str, b: str, catalog: Catalog | None = None) -> bool:
    """Whether two written names (or person ids such as ``julian-g-waller``) are one
    person: by the catalog's aliases, by name keys, or by the conservative fuzzy match."""
    a_words = name_words(a.replace("-", " ") if _is_slug(a) else a)
    b_words = name_words(b.replace("-", " ") if _is_slug(b) else b)
    if catalog is not None:
        ia, ib = _catalog_person(a, catalog), _catalog_person(b, catalog)
        if ia is not None and ib is not None:
            return ia == ib
        known, other = (ia, b_words) if ia is not None else (ib, a_words)
        if known is not None:
            actor = catalog.get(known)
            forms = [name_words(f) for f in ([actor.name, *actor.aliases] if actor else [])]
            if len(other) > 1:  # "Hunter Biden" is not the alias "Biden" of Joe Biden
                forms = [f for f in forms if len(f) > 1]
            return any(_by_keys(f, other) for f in forms)
    return _by_keys(a_words, b_words)


def _is_slug(text: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", text))


def _catalog_person(text: str, catalog: Catalog) -> str | None:
    """The catalog person a name or person id denotes, if any."""
    actor = catalog.get(text)
    if actor is None:
        actor = catalog.lookup(re.sub(r"\([^)]*\)", "", text).strip())
    return actor.id if actor is not None and actor.kind == "person" else None
