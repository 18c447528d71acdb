"""Who speaks, by the syntax of the cue: institutions, anonymous and described speakers,
groups and joint statements, pronouns for institutions and groups, speech nouns,
documents, "quoted X as saying", naming frames for one-word quotes, reported speech inside
reported speech. Sentences written for these tests."""

# ruff: noqa: E501  -- case tables read best one sentence per line

from __future__ import annotations

import pytest

from allywatch.extract.quotes import extract_quotes
from allywatch.nlp.catalog import Catalog
from tests.extract.speech_support import gazetteer_mentions, make_doc, nlp  # noqa: F401

pytestmark = pytest.mark.slow

# (text, [(speaker_text, speaker_type, co_speakers, fragment of the quote)])
CASES: list[tuple[str, list[tuple[str, str, tuple[str, ...], str]]]] = [
    # --- institutions: named organisations, institution nouns, states and their seats
    ('"The border will stay closed until further notice," the Belarusian interior ministry said on Sunday.',
     [("the Belarusian interior ministry", "institution", (), "border will stay closed")]),
    ('"Our ships remain in international waters," Cuba\'s navy said in a statement.',
     [("Cuba's navy", "institution", (), "ships remain in international waters")]),
    ('"Talks were frank and useful," North Korean state media reported after the visit.',
     [("North Korean state media", "institution", (), "Talks were frank")]),
    ('"We deny any involvement," Moscow said.',
     [("Moscow", "institution", (), "deny any involvement")]),
    ('The Kremlin called the strikes "an act of aggression."',
     [("The Kremlin", "institution", (), "an act of aggression")]),
    ('The Venezuelan government described the sanctions as "economic terrorism" on Monday.',
     [("The Venezuelan government", "institution", (), "economic terrorism")]),
    ('According to the Syrian Observatory, the convoy was "hit twice from the air."',
     [("the Syrian Observatory", "institution", (), "hit twice from the air")]),
    ('"No decision has been taken," Reuters reported, citing two diplomats.',
     [("Reuters", "institution", (), "No decision has been taken")]),
    # --- "it" and "they" for an institution or group that spoke just before
    ('The Ukrainian defence ministry said the depot was destroyed. It also said "the operation will continue."',
     [("The Ukrainian defence ministry", "institution", (), "the operation will continue")]),
    ('Several Cuban dissidents wrote to the embassy last week. In their view, "the regime has run out of money."',
     [("Several Cuban dissidents", "anonymous", (), "the regime has run out of money")]),
    ('"It is over," it said.', []),  # "it" with no institution before it speaks for nobody
    # --- anonymous and described speakers
    ('"The shipment left on Tuesday," a Western intelligence official told reporters.',
     [("a Western intelligence official", "anonymous", (), "shipment left on Tuesday")]),
    ('Two senior Moldovan officials said the talks had been "a waste of time."',
     [("Two senior Moldovan officials", "anonymous", (), "a waste of time")]),
    ('A government source in Minsk said the deal was "as good as signed."',
     [("A government source in Minsk", "anonymous", (), "as good as signed")]),
    # --- joint statements: every coordinated speaker
    ('Lena Brandt, Omar Haddad and Ana Costa met in Lisbon on Friday, declaring "a new chapter of cooperation."',
     [("Lena Brandt", "person", ("omar-haddad", "ana-costa"), "a new chapter of cooperation")]),
    ('Lena Brandt and Omar Haddad met in Lisbon. "We will build the pipeline together," the two leaders said.',
     [("Lena Brandt", "person", ("omar-haddad",), "build the pipeline together")]),
    # --- the cue's syntax, not the nearest name
    ('Referring to the Odesa port, Anna Petrova wrote: "The grain corridor is safe."',
     [("Anna Petrova", "person", (), "grain corridor is safe")]),
    ('In a statement, the Georgian foreign ministry quoted minister Nino Beridze as saying the visit was "a historic step."',
     [("Nino Beridze", "person", (), "a historic step")]),
    ('Maria Lind told Omar Haddad that Sweden was ready to "deepen ties at every level", the ministry said.',
     [("Maria Lind", "person", (), "deepen ties at every level")]),
    ('Karl Lindqvist made the startling claim that "the drones were built in Tehran."',
     [("Karl Lindqvist", "person", (), "the drones were built in Tehran")]),
    ("Ana Costa's tirade against Minsk over its \"endless provocations\" drew a sharp reply.",
     [("Ana Costa", "person", (), "endless provocations")]),
    # --- one-word quotes: the speaker's word in a naming frame, else a scare quote
    ('Omar Haddad described the raids as "necessary" and "limited."',
     [("Omar Haddad", "person", (), "necessary"), ("Omar Haddad", "person", (), "limited")]),
    ('Lena Brandt called the proposal "reckless" on Tuesday.',
     [("Lena Brandt", "person", (), "reckless")]),
    ('Lena Brandt described the relationship as largely "transactional."', []),
    ('Lena Brandt said the so-called "peace plan" was dead on arrival.', []),
    ('The "axis" of the three states is loose, Lena Brandt said.', []),
    # --- "the group" refers back to the organisation named before
    ('The Wagner Group has pulled men out of Mali. "The contract is finished," the group said.',
     [("Wagner Group", "institution", (), "The contract is finished")]),
    # --- a named source above an unnamed one: the named source is quoted
    ('Lena Brandt added that a Swedish envoy had suggested the plan "will open the door to talks."',
     [("Lena Brandt", "person", (), "will open the door to talks")]),
    # --- an indefinite proper noun is an unnamed person of that nation
    ('"Nobody goes out after dark," said an Irishman who has lived in Minsk for years.',
     [("an Irishman", "anonymous", (), "Nobody goes out after dark")]),
    # --- quoted attributive modifiers are terms
    ('Lena Brandt said the "jointly built" frigates would sail next year.', []),
    # --- a document speaks for its author
    ('Lena Brandt said she backed the plan. "We stand with our partners," the statement on her website read.',
     [("Lena Brandt", "person", (), "We stand with our partners")]),
]


def _run(nlp, make_doc, text):  # noqa: F811
    doc = make_doc(text)
    return extract_quotes(nlp(text), doc, gazetteer_mentions(doc), Catalog())


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"s{i:02d}" for i in range(len(CASES))])
def test_quote_speaker_by_cue_syntax(nlp, make_doc, text, expected):  # noqa: F811
    found = _run(nlp, make_doc, text)
    got = [(q.speaker_text, q.speaker_type, q.co_speakers, q.text) for q in found]
    assert len(found) == len(expected), got
    for quote, (speaker, kind, co, fragment) in zip(found, expected, strict=True):
        assert (quote.speaker_text, quote.speaker_type, quote.co_speakers) == (speaker, kind, co), got
        assert fragment in quote.text, got


def test_institution_speaker_ids_and_affiliation(nlp, make_doc):  # noqa: F811
    text = ('"We deny any involvement," Moscow said. '
            '"The talks failed," the Belarusian foreign ministry said.')  # fmt: skip
    # (the Belarusian ministry: "Belarusian" is a demonym mention of BLR in the gazetteer)
    moscow, ministry = _run(nlp, make_doc, text)
    assert (moscow.speaker, moscow.affiliation) == ("RUS", "RUS")
    assert ministry.speaker is None and ministry.affiliation == "BLR"
