"""An indexed drop-in for the model's ``attribute_ruler`` (same rules, same output).

The model's AttributeRuler (its tag map and morph rules: ~180 one- and two-token rules
setting POS, MORPH and LEMMA from TAG, LOWER and DEP) matches with spaCy's general
``Matcher``, which tries every rule at every token: about 15% of the model's whole CPU time
on news text, as much as the tagger, parser and lemmatizer together. Its rules only compare
a token's attribute with a value or a set of values (or a regular expression), so they can be
looked up by value instead of tried one by one: :class:`IndexedAttributeRuler` finds the very
same matches (a test compares them with spaCy's on our corpora) and applies them exactly as
spaCy's ``AttributeRuler.set_annotations`` does (rule order, ``set_token_attrs``).

It subclasses spaCy's component, so patterns, serialisation and the pipe's name are
spaCy's; only ``match`` differs. A rule it cannot index (an operator or attribute outside
the supported ones) makes :func:`use_indexed_attribute_ruler` keep spaCy's component.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, ORTH, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["IndexedAttributeRuler", "UnsupportedRuleError", "use_indexed_attribute_ruler"]

log = logging.getLogger(__name__)

#: Token attributes a rule may test, in the column order of ``Doc.to_array``.
_COLUMNS = {"ORTH": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "DEP": DEP,
            "IS_SPACE": IS_SPACE}  # fmt: skip
_COLUMN_INDEX = {name: i for i, name in enumerate(_COLUMNS)}
#: Attributes a rule is looked up by, most selective first.
_INDEX_ORDER = ("TAG", "LOWER", "ORTH", "NORM", "DEP", "IS_SPACE")

#: A test of one token: (column, predicate on the column's value for that token).
_Test = tuple[int, Callable[[int], bool]]


class UnsupportedRuleError(ValueError):
    """A rule this index cannot express (spaCy's own matcher is then kept)."""


class _Rule:
    """One token pattern of one attribute rule, compiled to tests on hash columns."""

    __slots__ = ("attr_id", "first", "length", "rest")

    def __init__(self, attr_id: int, tests: list[list[_Test]]) -> None:
        self.attr_id = attr_id
        self.length = len(tests)
        self.first = tests[0]
        self.rest = tests[1:]

    def matches_rest(self, columns: Sequence[Sequence[int]], start: int, n_tokens: int) -> bool:
        """Whether the tokens after ``start`` pass the rule's tests for them."""
        if start + self.length > n_tokens:
            return False
        for offset, tests in enumerate(self.rest, start=start + 1):
            for column, test in tests:
                if not test(columns[column][offset]):
                    return False
        return True


@lru_cache(maxsize=4096)
def _match_id(attr_id: int) -> int:
    """The match id spaCy's AttributeRuler gives rule ``attr_id`` (the hash of its key)."""
    return int(get_string_id(str(attr_id)))


def _hash(value: Any, attr: str) -> int:
    if attr == "IS_SPACE":
        if not isinstance(value, bool):
            raise UnsupportedRuleError(f"IS_SPACE compared with {value!r}")
        return int(value)
    if not isinstance(value, str):
        raise UnsupportedRuleError(f"{attr} compared with {value!r}")
    return int(get_string_id(value))


def _regex_test(pattern: str, strings: Any) -> Callable[[int], bool]:
    compiled = re.compile(pattern)
    seen: dict[int, bool] = {}

    def test(value: int) -> bool:
        found = seen.get(value)
        if found is None:
            found = seen[value] = bool(compiled.search(strings[value]))
        return found

    return test


def _not_in_test(excluded: frozenset[int]) -> Callable[[int], bool]:
    def test(value: int) -> bool:
        return value not in excluded

    return test


def _compile_token(spec: dict[str, Any], strings: Any) -> tuple[list[_Test], dict[str, set[int]]]:
    """Tests for one token spec, and the values each indexable attribute must take."""
    tests: list[_Test] = []
    allowed: dict[str, set[int]] = {}
    for attr, value in spec.items():
        if attr not in _COLUMNS:
            raise UnsupportedRuleError(f"attribute {attr}")
        column = _COLUMN_INDEX[attr]
        if not isinstance(value, dict):
            wanted = _hash(value, attr)
            allowed[attr] = {wanted}
            tests.append((column, wanted.__eq__))
            continue
        for op, arg in value.items():
            if op == "IN":
                values = frozenset(_hash(v, attr) for v in arg)
                allowed[attr] = set(values)
                tests.append((column, values.__contains__))
            elif op == "NOT_IN":
                tests.append((column, _not_in_test(frozenset(_hash(v, attr) for v in arg))))
            elif op == "REGEX" and attr != "IS_SPACE" and isinstance(arg, str):
                tests.append((column, _regex_test(arg, strings)))
            else:
                raise UnsupportedRuleError(f"operator {op} on {attr}")
    return tests, allowed


#: A token's rule matches as a function of its attribute values: the one-token rules it
#: matches, and the longer rules whose first token it matches.
_Classes = tuple[tuple[int, ...], tuple[_Rule, ...]]
#: Distinct token rows remembered (news text repeats most of them).
_MEMO_SIZE = 200_000


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with rules looked up by attribute value (see the module)."""

    _index: dict[tuple[str, ...], dict[tuple[int, ...], list[_Rule]]] | None = None
    _scan: list[_Rule]
    _memo: dict[tuple[int, ...], _Classes]

    def add(self, patterns: Any, attrs: dict[str, Any], index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._index = None  # index and memo are rebuilt on the next document

    def compile(self) -> None:
        """Build the index from the rules; raises UnsupportedRuleError."""
        index: dict[tuple[str, ...], dict[tuple[int, ...], list[_Rule]]] = {}
        scan: list[_Rule] = []
        for attr_id, rule in enumerate(self.patterns):
            token_patterns: list[list[dict[str, Any]]] = rule["patterns"]  # type: ignore[assignment]
            for token_specs in token_patterns:
                if not token_specs or any("OP" in spec for spec in token_specs):
                    raise UnsupportedRuleError(f"rule {attr_id}: an operator or empty pattern")
                compiled = [_compile_token(spec, self.vocab.strings) for spec in token_specs]
                item = _Rule(attr_id, [tests for tests, _ in compiled])
                allowed = compiled[0][1]
                signature = tuple(attr for attr in _INDEX_ORDER if attr in allowed)
                if not signature:
                    scan.append(item)
                    continue
                keys: list[tuple[int, ...]] = [()]
                for attr in signature:
                    keys = [(*key, value) for key in keys for value in sorted(allowed[attr])]
                table = index.setdefault(signature, {})
                for key in keys:
                    table.setdefault(key, []).append(item)
        self._index, self._scan, self._memo = index, scan, {}

    def _classify(self, row: tuple[int, ...]) -> _Classes:
        """The rules whose first token a token with attribute values ``row`` matches."""
        assert self._index is not None
        candidates = list(self._scan)
        for signature, table in self._index.items():
            candidates += table.get(tuple(row[_COLUMN_INDEX[a]] for a in signature), ())
        matched = [r for r in candidates if all(test(row[col]) for col, test in r.first)]
        singles = tuple(sorted({r.attr_id for r in matched if r.length == 1}))
        return singles, tuple(r for r in matched if r.length > 1)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The matches spaCy's ``AttributeRuler.match`` returns, sorted the same way:
        ``(attr_id, match_id, start, end)``."""
        if self._index is None:
            self.compile()
        n_tokens = len(doc)
        if not n_tokens:
            return []
        columns = doc.to_array(list(_COLUMNS.values())).T.tolist()
        memo = self._memo
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        found: set[tuple[int, int, int]] = set()
        for i, row in enumerate(zip(*columns, strict=True)):
            classes = memo.get(row)
            if classes is None:
                classes = memo[row] = self._classify(row)
            singles, longer = classes
            for attr_id in singles:
                found.add((attr_id, i, i + 1))
            for rule in longer:
                if rule.matches_rest(columns, i, n_tokens):
                    found.add((rule.attr_id, i, i + rule.length))
        return sorted((attr_id, _match_id(attr_id), s, e) for attr_id, s, e in found)

    def set_annotations(self, doc: Doc, matches: Sequence[tuple[int, int, int, int]]) -> None:
        """As spaCy's, without building a Span per match (the index is checked the same)."""
        for attr_id, match_id, start, end in matches:
            index = self.indices[attr_id]
            position = (start if index >= 0 else end) + index
            if not start <= position < end:
                super().set_annotations(doc, [(attr_id, match_id, start, end)])  # its error
                continue
            set_token_attrs(doc[position], self.attrs[attr_id])


@Language.factory(
    "allywatch_attribute_ruler",
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
)
def make_indexed_attribute_ruler(
    nlp: Language, name: str, validate: bool, scorer: Any
) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def use_indexed_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Swap ``nlp``'s AttributeRuler ``name`` for an :class:`IndexedAttributeRuler` with
    the same rules, in place and under the same name. Returns False (and keeps spaCy's
    component) when there is none, or when a rule cannot be indexed."""
    if name not in nlp.pipe_names:
        return False
    old = nlp.get_pipe(name)
    if not isinstance(old, AttributeRuler) or isinstance(old, IndexedAttributeRuler):
        return False
    candidate = IndexedAttributeRuler(nlp.vocab, name)
    candidate.add_patterns(old.patterns)
    try:
        candidate.compile()
    except UnsupportedRuleError as exc:
        log.info("keeping spaCy's %s: %s", name, exc)
        return False
    new = nlp.replace_pipe(name, "allywatch_attribute_ruler")
    assert isinstance(new, IndexedAttributeRuler)
    new.add_patterns(old.patterns)
    return True
