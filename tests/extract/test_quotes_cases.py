"""Quote extraction on sentences we wrote: speaker before/after/neighbouring, partial quotes,
unnamed speakers, stray apostrophes, nested and multi-paragraph quotes, and negatives."""

# ruff: noqa: E501  -- case tables read best one sentence per line

from __future__ import annotations

import itertools

import pytest

from allywatch.extract.quote_marks import clean_quote_text, find_quote_spans
from allywatch.extract.quotes import extract_quotes
from allywatch.nlp.catalog import Catalog
from tests.extract.speech_support import gazetteer_mentions, make_doc, nlp  # noqa: F401

pytestmark = pytest.mark.slow

# (text, expected quotes: [(speaker_text, speaker_type, fragment of the quote text)])
CASES: list[tuple[str, list[tuple[str, str, str]]]] = [
    # --- "the <noun>" refers back to the latest person or unnamed description with that noun
    ('Putin met Maduro. A senior Western diplomat described the talks. "They did not lift a finger," the diplomat said.',
     [("A senior Western diplomat", "anonymous", "did not lift a finger")]),
    ('A senior Western diplomat was briefed. Later, Maria Lind, a diplomat at the Swedish embassy, spoke. "It is over," the diplomat said.',
     [("Maria Lind", "person", "It is over")]),
    ('"It is over for Assad," a Syrian opposition figure told AFP.',
     [("a Syrian opposition figure", "anonymous", "It is over for Assad")]),
    ('Speaking in Brussels, NATO Secretary-General Mark Rutte said: "Russia will not win this war."',
     [("Mark Rutte", "person", "Russia will not win this war")]),
    # --- speaker after the quote
    (
        '"We will not retreat," Maria Kowalska said.',
        [("Maria Kowalska", "person", "We will not retreat")],
    ),
    (
        "“Sanctions are working,” said Tom Brennan, an economist at the Kiel Institute.",
        [("Tom Brennan", "person", "Sanctions are working")],
    ),
    (
        '"The deal is dead," Pedro Alvarez, a senior fellow at the Atlantic Council, told Reuters.',
        [("Pedro Alvarez", "person", "The deal is dead")],
    ),
    (
        '"Nobody trusts the Kremlin anymore," one European diplomat said.',
        [("one European diplomat", "anonymous", "Nobody trusts the Kremlin")],
    ),
    (
        "“This changes the balance in the region,” a senior Israeli official said on Monday.",
        [("a senior Israeli official", "anonymous", "This changes the balance")],
    ),
    (
        '"It is a disaster for Minsk," Anna Petrova wrote on Telegram.',
        [("Anna Petrova", "person", "It is a disaster for Minsk")],
    ),
    (
        '"The army is exhausted," said Colonel Mark Hill.',
        [("Mark Hill", "person", "The army is exhausted")],
    ),
    (
        '"We have no money left," the mayor of Tiraspol told reporters.',
        [("the mayor of Tiraspol", "anonymous", "We have no money left")],
    ),
    (
        '"They are fully committed and already struggling," Karl Lindqvist comments.',
        [("Karl Lindqvist", "person", "fully committed and already struggling")],
    ),
    (
        "“The footprint was everywhere” during the protests, Nadia Karimi says.",
        [("Nadia Karimi", "person", "The footprint was everywhere")],
    ),
    (
        '"Trade is collapsing," Li Wei, a researcher at Fudan University, warned.',
        [("Li Wei", "person", "Trade is collapsing")],
    ),
    (
        '"Moscow will not help," a Moldovan political analyst said.',
        [("a Moldovan political analyst", "anonymous", "Moscow will not help")],
    ),
    # --- speaker before the quote
    (
        'Hannah Berg adds that "the regime cannot survive another winter."',
        [("Hannah Berg", "person", "the regime cannot survive")],
    ),
    (
        'Hannah Berg, a lecturer at Leiden University, says "the economy is in free fall."',
        [("Hannah Berg", "person", "the economy is in free fall")],
    ),
    (
        'As Prime Minister Ana Costa said last week, "Our border is your border."',
        [("Ana Costa", "person", "Our border is your border")],
    ),
    (
        'Analyst Peter Novak said: "The alliance is hollow."',
        [("Peter Novak", "person", "The alliance is hollow")],
    ),
    (
        'The minister put it bluntly. Oleg Ivanov said, "We are alone."',
        [("Oleg Ivanov", "person", "We are alone")],
    ),
    (
        "As one expert on Chinese-Russian relations said, “Beijing is the senior partner.”",
        [("one expert on Chinese-Russian relations", "anonymous", "Beijing is the senior partner")],
    ),
    (
        'Ukraine\'s Defence Minister Rustem Umerov commented, noting that "air defence is the priority."',
        [("Rustem Umerov", "person", "air defence is the priority")],
    ),
    (
        'Absent any shipments, analyst Sara Lind said, the Kremlin is making it clear that "this is not our fight."',
        [("Sara Lind", "person", "this is not our fight")],
    ),
    # --- both sides of one cue
    (
        '"We stand with Iran," Foreign Minister Lena Brandt said, noting that "words are not weapons."',
        [
            ("Lena Brandt", "person", "We stand with Iran"),
            ("Lena Brandt", "person", "words are not weapons"),
        ],
    ),
    # --- according to
    (
        'According to Jonas Weber, the rebels were "armed and trained by Moscow."',
        [("Jonas Weber", "person", "armed and trained by Moscow")],
    ),
    (
        'According to a former NATO commander, the front is "close to breaking point."',
        [("a former NATO commander", "anonymous", "close to breaking point")],
    ),
    # --- partial quotes inside a clause
    (
        'Putin condemned the strike, calling it a "cynical violation of international law."',
        [("Putin", "person", "cynical violation of international law")],
    ),
    (
        'Mia Sorensen described the partnership as "a marriage of convenience."',
        [("Mia Sorensen", "person", "a marriage of convenience")],
    ),
    (
        'Paul Grant suggests that Beijing has kept its support "quiet and deniable" to avoid "provoking Washington."',
        [("Paul Grant", "person", "quiet and deniable"), ("Paul Grant", "person", "provoking Washington")],
    ),
    (
        'Erik Dahl adds that the crackdown was harsher than expected, suggesting it was "homegrown rather than imported."',
        [("Erik Dahl", "person", "homegrown rather than imported")],
    ),
    # --- speaker in a neighbouring sentence
    (
        '"Russia is stretched," Karl Lindqvist, an expert at the Swedish Institute, said. "It cannot fight on two fronts."',
        [
            ("Karl Lindqvist", "person", "Russia is stretched"),
            ("Karl Lindqvist", "person", "cannot fight on two fronts"),
        ],
    ),
    (
        'Karl Lindqvist was blunt.\n"Russia is stretched," he said.\n"It cannot fight on two fronts."',
        [
            ("Karl Lindqvist", "person", "Russia is stretched"),
            ("Karl Lindqvist", "person", "cannot fight on two fronts"),
        ],
    ),
    (
        'As Nadia Karimi emphasizes, the regime depends on Moscow. A deal with the West would be a "death blow to the Kremlin," she says.',
        [("Nadia Karimi", "person", "death blow to the Kremlin")],
    ),
    (
        'Foreign Minister Andrzej Nowak spoke on Friday. "The dominoes keep falling," the minister added.',
        [("Andrzej Nowak", "person", "The dominoes keep falling")],
    ),
    # --- short-name coreference
    (
        'Julia M. Harker teaches at Yale. "Iran is on its own," Harker said.',
        [("Julia M. Harker", "person", "Iran is on its own")],
    ),
    # --- quote marks: curly, nested, multi-paragraph, stray apostrophes, link block
    (
        "“He told me ‘never again’ and meant it,” said Omar Haddad.",
        [("Omar Haddad", "person", "He told me ‘never again’ and meant it")],
    ),
    (
        "\"He told me 'never again' and meant it,\" said Omar Haddad.",
        [("Omar Haddad", "person", "never again")],
    ),
    (
        "Russia's weapons are outperformed by NATOs' and its allies' arms. "
        '"The gap is growing," said Ivo Marek.',
        [("Ivo Marek", "person", "The gap is growing")],
    ),
    (
        "The allies' support faded. It was the Americans' war. "
        '"We were left alone," Lena Brandt said.',
        [("Lena Brandt", "person", "We were left alone")],
    ),
    (
        'Ivo Marek said: "The first problem is money.\n\n"The second problem is men."',
        [("Ivo Marek", "person", "The first problem is money"),
         ("Ivo Marek", "person", "The second problem is men")],  # one quote per paragraph
    ),
    (
        "as one expert on Iranian politics\n\nhttps://example.com/a\nhttps://example.com/b\n\n\n"
        "said, “Tehran is reliant on Moscow” for its security.",
        [("one expert on Iranian politics", "anonymous", "Tehran is reliant on Moscow")],
    ),
    (
        "Ana Costa said the shortage is “the worst crisis\n\nhttps://example.com/x\n\nin decades.”",
        [("Ana Costa", "person", "the worst crisis in decades")],
    ),
    (
        "“The sanctions hurt,” Ana Costa said. The plan, as Ana Costa put it, is “to wait them out.”",
        [("Ana Costa", "person", "The sanctions hurt"), ("Ana Costa", "person", "to wait them out")],
    ),
    (
        "The trade is “the most serious crisis in 25 years,” as one Moldovan economic expert recently wrote.",
        [("one Moldovan economic expert", "anonymous", "the most serious crisis")],
    ),
    (
        '"Our wall of drones is your wall of drones," President Volodymyr Zelensky told the conference.',
        [("Volodymyr Zelensky", "person", "Our wall of drones")],
    ),
    (
        '"We will answer," a spokesman for the ministry said.',
        [("a spokesman for the ministry", "anonymous", "We will answer")],
    ),
    (
        '"Nothing has changed," Dr. Helen Fox insisted.',
        [("Helen Fox", "person", "Nothing has changed")],
    ),
    (
        'One Western diplomat in Caracas, who spoke on condition of anonymity, said: "Everyone is watching Washington."',
        [("One Western diplomat in Caracas", "anonymous", "Everyone is watching Washington")],
    ),
    (
        '"The regime will survive this year," said Phil Gunson of the International Crisis Group.',
        [("Phil Gunson", "person", "The regime will survive")],
    ),
    (
        '"Russia is not going to interfere," Kremlin spokesman Dmitry Peskov told reporters. "We are in contact with our friends."',
        [
            ("Dmitry Peskov", "person", "not going to interfere"),
            ("Dmitry Peskov", "person", "We are in contact"),
        ],
    ),
    (
        'Sara Tikhon said on Tuesday that Lukashenko would not survive. "The system will crack," she told reporters.',
        [("Sara Tikhon", "person", "The system will crack")],
    ),
    (
        'A senior EU official, speaking on condition of anonymity, put it bluntly: "Minsk is a satellite."',
        [("A senior EU official", "anonymous", "Minsk is a satellite")],
    ),
    # --- negatives: no speech, outlets, states, scare quotes, unattributed, single words
    ('Tehran and Moscow signed a "comprehensive strategic partnership agreement" last year.', []),
    ('The two states operate a large "shadow fleet" of tankers.', []),
    ('Iran ordered 500 Russian "Verba" launchers.', []),
    ('Russia feared a wave of "color revolutions" in its neighbourhood.', []),
    ('"The war is over."', []),
    ('The summary repeats a line: "Russia is entangled and already struggling."', []),
    ('He described their relationship as largely "transactional."', []),
    ("The report was titled 'Russia and Its Allies' and ran to 40 pages.", []),
    ("Don't expect NATOs' planners to say much, and don't ask the allies' envoys either.", []),
    ('The word "ally" means little here.', []),
    ("Russia's allies have been warned.", []),
    ('Related article: "We Are Entering a World Run by Trump"', []),
    ('The committee published its "final assessment on regional stability" on Friday.', []),
    ('In Syria, the regime "collapsed within days" after the offensive began.', []),
    ('The summit produced a "joint declaration on cooperation" but no troops.', []),
]


def _run(nlp, make_doc, text):  # noqa: F811
    doc = make_doc(text)
    return extract_quotes(nlp(text), doc, gazetteer_mentions(doc), Catalog())


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"q{i:02d}" for i in range(len(CASES))])
def test_quote_cases(nlp, make_doc, text, expected):  # noqa: F811
    found = _run(nlp, make_doc, text)
    got = [(q.speaker_text, q.speaker_type, q.text) for q in found]
    assert len(found) == len(expected), got
    for quote, (speaker, kind, fragment) in zip(found, expected, strict=True):
        assert quote.speaker_text == speaker, got
        assert quote.speaker_type == kind, got
        assert (quote.speaker is not None) == (kind == "person") or kind == "institution", got
        assert fragment in quote.text, got
        assert text[quote.start : quote.end].strip(), "offsets point at the quoted text"
        assert quote.evidence.start <= quote.start < quote.end <= quote.evidence.end
        assert quote.cue


def test_quote_speaker_id_and_affiliation(nlp, make_doc):  # noqa: F811
    text = (
        '"The deal is dead," Pedro Alvarez, a senior fellow at the Atlantic Council, told Reuters.'
    )
    (quote,) = _run(nlp, make_doc, text)
    assert quote.speaker == "pedro-alvarez"
    assert quote.affiliation == "Atlantic Council"
    assert quote.cue == "tell"


def test_quote_speaker_resolved_through_mentions(nlp, make_doc):  # noqa: F811
    text = '"Words are not enough," Putin said.'
    (quote,) = _run(nlp, make_doc, text)
    assert quote.speaker == "vladimir-putin"


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        ('a "b c" d', ["b c"]),
        ("a “b c” d “e f” g", ["b c", "e f"]),
        ("NATOs' arms and “b c” and the allies' war", ["b c"]),
        ("“one\n\n“two”", ["one\n\n“two"]),
        ("x ‘inner quote’ y", ["inner quote"]),
        ("“outer ‘inner’ rest”", ["outer ‘inner’ rest"]),
        ("don't won't can't", []),
        ('stray " mark and then "a real quote" here', ["a real quote"]),
    ],
)
def test_quote_mark_pairing(text, contents):
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == contents


def test_clean_quote_text_drops_link_lines():
    raw = "the worst\n\nhttps://example.com/a\nhttps://example.com/b\n\ncrisis"
    assert clean_quote_text(raw) == "the worst crisis"


def test_pronoun_resolved_by_actors_stage(nlp, make_doc):  # noqa: F811
    from allywatch.types import Mention

    text = 'Lena Brandt spoke first. Omar Haddad listened. "We are alone," he said.'
    doc = make_doc(text)
    he = text.index("he said")
    mentions = [
        Mention(doc.id, 0, 11, "Lena Brandt", "person", "lena-brandt"),
        Mention(doc.id, 25, 36, "Omar Haddad", "person", "omar-haddad"),
        Mention(doc.id, he, he + 2, "he", "person", "omar-haddad"),
    ]
    (quote,) = extract_quotes(nlp(text), doc, mentions, Catalog())
    assert quote.speaker == "omar-haddad"
    assert quote.speaker_text == "Omar Haddad"


def test_dateline_subject_is_pronoun_antecedent(nlp, make_doc):  # noqa: F811
    text = (
        "SEOUL (AP) — Kim Yo Jong, the sister of leader Kim Jong Un, warned on Sunday of "
        'a response.\n\nIn a statement, she said the drills were "a dangerous gamble."'
    )
    (quote,) = _run(nlp, make_doc, text)
    assert quote.speaker_text == "Kim Yo Jong"


@pytest.mark.parametrize(
    "text",
    [
        "",
        '"',
        "“”",
        "‘’'",
        '""""',
        "“open never closed",
        "NATOs' ' ' \"",
        "\n\n“\n\n”\n",
        'a 12" gun',
    ],
)
def test_odd_input_never_breaks_extraction(nlp, make_doc, text):  # noqa: F811
    if not text:
        assert find_quote_spans(text) == []
        return
    for quote in _run(nlp, make_doc, text):
        assert 0 <= quote.start <= quote.end <= len(text)


def test_quote_spans_are_ordered_and_disjoint():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("ab '\"“”‘’\n.,"))

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet, max_size=80))
    def check(text: str) -> None:
        spans = find_quote_spans(text)
        for s in spans:
            assert 0 <= s.open < s.close < len(text)
        doubles = [s for s in spans if not s.single]
        for a, b in itertools.pairwise(doubles):
            assert a.close < b.open

    check()


def test_interview_transcript_turns(nlp, make_doc):  # noqa: F811
    """ "NAME: answer" paragraphs: the answer, quoted or not, is that person's; "Q:" lines
    and labels that are not people are not speech."""
    text = (
        "Lukashenko spoke to our reporter in Minsk.\n\n"
        "Q: Will Minsk stay loyal?\n\n"
        "Lukashenko: We will never leave Russia, and Russia will never leave us.\n\n"
        'Lukashenko: "Nobody can break this union."\n\n'
        "Note: the interview was edited for length."
    )
    found = _run(nlp, make_doc, text)
    assert [(q.speaker, q.text) for q in found] == [
        ("alexander-lukashenko", "We will never leave Russia, and Russia will never leave us."),
        ("alexander-lukashenko", "Nobody can break this union."),
    ]
    for q in found:
        assert text[q.start : q.end].strip(' "') == q.text.strip(' "')
        assert q.evidence.sentence.startswith("Lukashenko:")


def test_at_least_60_quote_cases() -> None:
    positives = sum(1 for _, expected in CASES if expected)
    assert len(CASES) >= 60 and positives < len(CASES)  # positives and negatives
