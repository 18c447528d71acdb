"""The indexed attribute ruler finds exactly spaCy's matches and sets exactly its attributes."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from allywatch.ingest import read_inputs
from allywatch.nlp import MODEL_NAME
from allywatch.nlp.attributes import IndexedAttributeRuler, use_indexed_attribute_ruler
from allywatch.types import Document

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: Sentences that exercise the model's rarer rules: two-token rules ("gonna", "y'all",
#: "ain't", "let's"), regular expressions ("nothin'"), DEP rules (expletive "there is",
#: object pronouns, determiners used as pronouns, auxiliaries), whitespace tokens.
TRICKY = [
    "Y'all ain't gonna believe it: there's nothin' I can do.  Let's go, c'mon!",
    "Gotta see it. He does it; did he? That which I saw was there. I gave it to you.",
    "She has had enough, and they have done what they had to.\n\n  \tThose were the days.",
    "It isn't over, we aren't done, I'm here and you're not. Whether or not, it's fine.",
]


def _texts() -> list[str]:
    docs = [d.text for d in read_inputs([str(EXAMPLES)]) if isinstance(d, Document)]
    return [*docs, *TRICKY, "", "   "]


def _before_ruler(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "attribute_ruler":
            break
        doc = proc(doc)
    return doc


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    plain = spacy.load(MODEL_NAME)
    indexed = spacy.load(MODEL_NAME)
    assert use_indexed_attribute_ruler(indexed)
    return plain, indexed


def test_indexed_ruler_replaces_the_models_under_the_same_name(nlp: Language) -> None:
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert "attribute_ruler" in nlp.pipe_names


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:24])
def test_indexed_ruler_matches_and_sets_as_spacy(
    pair: tuple[Language, Language], text: str
) -> None:
    plain, indexed = pair
    theirs, ours = _before_ruler(plain, text), _before_ruler(indexed, text)
    spacy_ruler, our_ruler = plain.get_pipe("attribute_ruler"), indexed.get_pipe("attribute_ruler")
    assert isinstance(spacy_ruler, AttributeRuler)
    assert isinstance(our_ruler, IndexedAttributeRuler)
    expected = spacy_ruler.match(theirs)
    assert our_ruler.match(ours) == sorted(set(expected))
    spacy_ruler(theirs)
    our_ruler(ours)
    assert [(t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in ours] == [
        (t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in theirs
    ]


def test_rule_added_after_use_is_applied() -> None:
    """The index and its per-token memo are rebuilt when a rule is added."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("allywatch_attribute_ruler", name="attribute_ruler")
    assert isinstance(ruler, IndexedAttributeRuler)
    ruler.add([[{"LOWER": "drones"}]], {"LEMMA": "drone"})
    doc = nlp("Drones and drones and missiles.")
    assert [t.lemma_ for t in doc] == ["drone", "", "drone", "", "", ""]
    ruler.add([[{"LOWER": {"IN": ["missiles", "rockets"]}}]], {"LEMMA": "missile"})
    ruler.add([[{"LOWER": "and"}, {"LOWER": "missiles"}]], {"POS": "NOUN"}, index=1)
    doc = nlp("Drones and drones and missiles.")
    assert [t.lemma_ for t in doc] == ["drone", "", "drone", "", "missile", ""]
    assert doc[4].pos_ == "NOUN" and doc[2].pos_ == ""


def test_later_rule_wins_as_in_spacy() -> None:
    nlp = spacy.blank("en")
    ours = nlp.add_pipe("allywatch_attribute_ruler", name="ours")
    theirs = nlp.add_pipe("attribute_ruler", name="theirs")
    for ruler in (ours, theirs):
        assert isinstance(ruler, AttributeRuler)
        ruler.add([[{"LOWER": {"REGEX": "^sanction"}}]], {"LEMMA": "sanction", "POS": "NOUN"})
        ruler.add([[{"ORTH": "sanctions"}]], {"POS": "VERB"})
        ruler.add([[{"LOWER": {"NOT_IN": ["sanctions"]}, "IS_SPACE": False}]], {"POS": "X"})
    for text in ("The sanctions sanction Sanctions.", "sanctions  sanctions"):
        with nlp.select_pipes(enable=["ours"]):
            a = nlp(text)
        with nlp.select_pipes(enable=["theirs"]):
            b = nlp(text)
        assert [(t.pos_, t.lemma_) for t in a] == [(t.pos_, t.lemma_) for t in b]


def test_unsupported_rule_keeps_spacys_component() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert not use_indexed_attribute_ruler(nlp)
    assert type(nlp.get_pipe("attribute_ruler")) is AttributeRuler
    assert not use_indexed_attribute_ruler(spacy.blank("en"))  # no ruler at all
