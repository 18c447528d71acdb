"""Parties read from context (extract/events/context.py) and the place gazetteer
(extract/events/places.py), on sentences we wrote: each rule with positives and the near
misses it must leave alone. Rows: sentence, type, source states, target states."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from allywatch.extract.events.places import Gazetteer, load_gazetteer
from allywatch.types import Document, Event

S = frozenset


# --- the gazetteer's choices (no parse needed) ------------------------------------------
def test_gazetteer_single_place_resolves() -> None:
    gaz = Gazetteer({"Jericho": {"PSE": 20_000}})
    assert gaz.resolve("Jericho") == "PSE"
    assert gaz.resolve("the Jericho") == "PSE"
    assert gaz.resolve("Atlantis") is None


def test_gazetteer_ambiguous_name_needs_context_or_a_dominant_place() -> None:
    gaz = Gazetteer({
        "Tripoli": {"LBY": 1_300_000, "LBN": 230_000},
        "Punjab": {"IND": 1_000_000, "PAK": 1_000_000},
        "Geneva": {"CHE": 200_000, "USA": 15_000},
    })  # fmt: skip
    assert gaz.resolve("Tripoli") == "LBY"  # five times larger: the default reading
    assert gaz.resolve("Tripoli", {"LBN"}) == "LBN"  # the text names Lebanon
    assert gaz.resolve("Punjab") is None  # two equal regions: not guessed
    assert gaz.resolve("Punjab", {"PAK"}) == "PAK"
    # a small namesake in a state the text names does not win over the real city
    assert gaz.resolve("Geneva", {"USA"}) == "CHE"


def test_gazetteer_region_name_with_a_generic_word() -> None:
    gaz = Gazetteer({"West Darfur": {"SDN": 1_000_000}})
    assert gaz.resolve("West Darfur State") == "SDN"
    assert gaz.resolve("West Darfur province") == "SDN"


@pytest.mark.slow
def test_gazetteer_shipped_data() -> None:
    gaz = load_gazetteer()
    assert gaz.resolve("Samarra") == "IRQ"  # an alternate name of Sāmarrā’
    assert gaz.resolve("Kirkuk") == "IRQ"
    assert gaz.resolve("Sindh") == "PAK"  # an ISO 3166-2 subdivision
    assert gaz.resolve("Tripoli", {"LBN"}) == "LBN"
    assert gaz.resolve("Trinidad") is None  # towns in four countries, none dominant
    assert gaz.resolve("West") is None  # compass words are no places


# --- sentences through the real pipeline (actors stage, catalog, event coder) ------------
@pytest.fixture(scope="module")
def run() -> Callable[[str], list[Event]]:
    from allywatch.extract import extract_document
    from allywatch.nlp import load_pipeline, parse
    from allywatch.nlp.catalog import Catalog

    catalog = Catalog.load()
    nlp = load_pipeline(catalog)

    def extract(text: str) -> list[Event]:
        doc = Document(id=Document.make_id(text), text=text, source="t", format="text")
        for d, sdoc in parse(nlp, [doc]):
            return list(extract_document(d, sdoc, catalog).events)
        return []

    return extract


def _states(ids: tuple[str, ...]) -> set[str]:
    return {i.split("-")[0] if i[:3].isupper() else i for i in ids}


def _find(events: list[Event], type_: str, source: Any, target: Any) -> Event | None:
    for ev in events:
        if ev.type == type_ and _states(ev.source) == source and _states(ev.target) == target:
            return ev
    return None


CONTEXT = [
    # --- a location gives the target: cities and regions (gazetteer) or named states ---
    ("Jordanian artillery shelled positions in Aleppo on Monday.", "ASSAULT", S({"JOR"}),
     S({"SYR"})),
    ("Turkey suspended aid deliveries in Kharkiv on Monday.", "SANCTION", S({"TUR"}),
     S({"UKR"})),
    ("Iraq lifted the state of emergency in Sindh province.", "CONCEDE", S({"IRQ"}),
     S({"PAK"})),
    ("Egypt refused to deploy peacekeepers in Libya.", "REJECT", S({"EGY"}), S({"LBY"})),
    # --- office holders outside the catalog serve the one state their sentence names ---
    ("President Mateo Ruizabal imposed a curfew in Bolivia on Sunday.", "COERCE", S({"BOL"}),
     S({"BOL"})),
    # --- organisations written with their country -------------------------------------
    ("The Bolivian Miners' Federation rejected the offer on Monday.", "REJECT", S({"BOL"}),
     S()),
    # --- the party named on a noun of the event's own phrase ---------------------------
    ("Britain mobilized reservists for a possible war against Iran.", "MOBILIZE", S({"GBR"}),
     S({"IRN"})),
    ("The European Union reiterated its demand that Turkey release the journalists.",
     "REQUEST", S({"EU"}), S({"TUR"})),
    # --- a threat's target: the party whose act is its condition ------------------------
    ("Iran threatened to halt oil exports if Britain seizes another tanker.", "THREATEN",
     S({"IRN"}), S({"GBR"})),
    # --- an ethnic group counts where it acts, not as the state of its name -------------
    ("Ethnic Hungarians demonstrated in Romania on Sunday.", "PROTEST", S({"ROU"}),
     S({"ROU"})),
    # --- an unresolved domestic group in a one-state sentence ---------------------------
    ("The Peruvian government accepted demands from Aymara farmers.", "CONCEDE", S({"PER"}),
     S({"PER"})),
    # --- an event noun asserted as going on by an aspectual verb -----------------------
    ("Iranian protests against Israeli policies are still continuing.", "PROTEST",
     S({"IRN"}), S({"ISR"})),
    # --- taking ground by force; an instrument's place stands for its unnamed agent ------
    ("Ukrainian forces retook a village near Kharkiv.", "ASSAULT", S({"UKR"}), S({"UKR"})),
    ("A car bomb near the town of Kirkuk killed two Turkish soldiers.", "ASSAULT",
     S({"IRQ"}), S({"TUR"})),
    # --- parse repairs and phrases that name the party aimed at --------------------------
    ("Syrian militias abducted up to 20 Turkish truck drivers.", "ASSAULT", S({"SYR"}),
     S({"TUR"})),
    ("Nepalese police opened fire to disperse student demonstrators.", "ASSAULT",
     S({"NPL"}), S({"NPL"})),
    ("Vice-President Ruizabal of Bolivia declined to resign despite pressure from Chile.",
     "REJECT", S({"BOL"}), S({"CHL"})),
    ("Chile kept refusing entry to Bolivians, most of them traders.", "REJECT", S({"CHL"}),
     S({"BOL"})),
    ("Islamic fundamentalists continued their hunger strike in Tunisia.", "PROTEST",
     S({"TUN"}), S({"TUN"})),
    # --- a generic head over an event noun; a commitment with a gerund content ---------
    ("Norway launched a mediation effort between Sudan and Chad.", "CONSULT", S({"NOR"}),
     S({"SDN", "TCD"})),
    ("Vietnam is committed to opening up its markets.", "AGREE", S({"VNM"}), S()),
    # --- a participle on the subject misread as a clause; forbidding a flow of aid ------
    ("The Red Cross operating in Yemen said Saudi forces must stop the shelling.",
     "REQUEST", S({"ICRC"}), S({"SAU"})),
    ("Japan prohibited all aid to Myanmar on Monday.", "SANCTION", S({"JPN"}), S({"MMR"})),
    # --- expulsion; an arrest's agent where it happens; a person's origin ---------------
    ("The Ethiopian army forced out thousands of Somali villagers from their homes.",
     "COERCE", S({"ETH"}), S({"SOM"})),
    ("A tourist from Osaka was arrested in Iran on Monday.", "COERCE", S({"IRN"}),
     S({"JPN"})),
    # --- office before the name; "concluded that X must"; travelling for talks -----------
    ("The Federal Minister for Interior Ali Farouki allowed opposition leader Omar Saeedi "
     "to hold a rally in Egypt.", "CONCEDE", S({"EGY"}), S({"EGY"})),
    ("The Arab Water Council concluded that Egypt must share the river.", "REQUEST", S(),
     S({"EGY"})),
    ("Greek and Turkish negotiators flew to Vienna for talks.", "CONSULT", S({"GRC", "TUR"}),
     S({"GRC", "TUR"})),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "type_", "source", "target"), CONTEXT)
def test_context_party(run, sentence, type_, source, target) -> None:  # type: ignore[no-untyped-def]
    events = run(sentence)
    assert _find(events, type_, source, target) is not None, [
        (e.type, e.source, e.target, e.source_text, e.target_text) for e in events
    ]


#: Near misses: (sentence, type, a state that must not be a party, "source"/"target").
NOT_FROM_CONTEXT = [
    # a meeting's place is its venue, not a party
    ("Iranian and Saudi diplomats held talks in Geneva.", "CONSULT", "CHE", "target"),
    # a speech act's own place is where it was said
    ("Iran demanded a recount in Geneva on Monday.", "REQUEST", "CHE", "target"),
    # with two states named, an office holder outside the catalog is not guessed
    ("President Mateo Ruizabal accused Chile and Peru of lying.", "ACCUSE", "CHL", "source"),
    ("President Mateo Ruizabal accused Chile and Peru of lying.", "ACCUSE", "PER", "source"),
    # an official visiting the one state named may be its guest, not its own
    ("Defense Secretary John Doeley visited Ukraine on Monday.", "CONSULT", "UKR", "source"),
    # a private title is no office
    ("Mr. Mateo Ruizabal rejected an offer from Chile.", "REJECT", "CHL", "source"),
    # civilians killed by a state's troops are not that state's for want of another one
    ("Russian troops killed 20 civilians in a village.", "ASSAULT", "RUS", "target"),
    # the place of a condemned act is not the one accused
    ("Russia condemned the bombing of a market in Aleppo.", "ACCUSE", "SYR", "target"),
    # a group in a sentence naming two states stays unresolved
    ("Chile and Peru rejected demands from Aymara farmers.", "REJECT", "CHL", "target"),
    # victims of an attack whose agent is unnamed: the place is not the attacker
    ("Two Turkish soldiers were killed in a car bombing in Kirkuk.", "ASSAULT", "IRQ",
     "source"),
    # a threat on a condition that names no party has no target from it
    ("Iran threatened to halt oil exports if prices fall.", "THREATEN", "GBR", "target"),
    # force used for a purpose whose object names no party adds none
    ("Chilean police opened fire to disperse the crowd near Bolivia.", "ASSAULT", "CHL",
     "target"),
    # "despite" a circumstance that is no pressure names no party
    ("Chile refused to pay despite its debts to Peru.", "REJECT", "PER", "target"),
    # forbidding something that is no flow of aid or trade is no sanction
    ("Japan prohibited demonstrations near the embassy of Myanmar.", "SANCTION", "MMR",
     "target"),
    # a place where an attack happened is not its agent ("arrest" is the authorities')
    ("A tourist from Osaka was attacked in Iran on Monday.", "ASSAULT", "IRN", "source"),
    # forcing a decision is no expulsion
    ("Chile forced out a compromise with Peru.", "COERCE", "PER", "target"),
    # travelling for something that is no meeting is no consultation; a lone traveller
    # names no partner (the destination is a venue)
    ("Greek negotiators flew to Vienna for talks.", "CONSULT", "AUT", "target"),
    # a generic head whose compound is no event noun makes no event
    ("Norway launched a research effort with Sudan.", "CONSULT", "SDN", "target"),
    # "Hungarian students" are not an ethnic group: they stay Hungary's
    ("Hungarian students demonstrated in Romania on Sunday.", "PROTEST", "ROU", "source"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "type_", "wrong", "role"), NOT_FROM_CONTEXT)
def test_context_does_not_guess(run, sentence, type_, wrong, role) -> None:  # type: ignore[no-untyped-def]
    for ev in run(sentence):
        if ev.type == type_:
            parties = ev.source if role == "source" else ev.target
            assert wrong not in _states(parties), (ev.type, ev.source, ev.target)


@pytest.mark.slow
def test_undated_event_noun_of_a_finished_verb_is_background(run) -> None:  # type: ignore[no-untyped-def]
    # "are still continuing" asserts the protests; "ended" with no date is background
    events = run("Iranian protests against Israeli policies ended.")
    assert not any(e.type == "PROTEST" for e in events)
