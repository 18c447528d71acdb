"""Mention resolution on sentences we wrote: catalog names, short forms, demonyms and their
compounds, metonymy decided from context, persons (titles, possessives, brackets, line
breaks, appositions, short names, pronouns), unresolved NER entities, and page furniture.

Each case is ``(text, expectations)``; expectations are ``"surface=ID"`` (a mention with that
text resolves to ID), ``"surface=?"`` (an unresolved mention), ``"surface=-"`` (no mention
at all), ``"surface@STATE"`` (the mention rolls up to STATE; ``@-`` for none),
``"surface#role"`` / ``"surface%affiliation"`` (role / affiliation contain the text;
``%-`` for no affiliation).
"""

# ruff: noqa: E501  -- case tables read best one case per line

from __future__ import annotations

from datetime import date

import pytest

from allywatch.extract.actors import noise_spans, resolve_mentions
from allywatch.nlp import load_pipeline, parse
from allywatch.nlp.catalog import Catalog
from allywatch.types import Mention
from tests.nlp.conftest import make_document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture(scope="module")
def nlp(catalog: Catalog):  # type: ignore[no-untyped-def]
    return load_pipeline(catalog)  # cached per process: the model loads once per session


CAPITALS = [("Moscow", "RUS"), ("Tehran", "IRN"), ("Havana", "CUB"), ("Kyiv", "UKR"),
            ("Washington", "USA"), ("Beijing", "CHN"), ("Pyongyang", "PRK"), ("Minsk", "BLR"),
            ("Caracas", "VEN"), ("Damascus", "SYR"), ("Ankara", "TUR"), ("Baku", "AZE"),
            ("Yerevan", "ARM"), ("Astana", "KAZ"), ("London", "GBR"), ("Paris", "FRA"),
            ("Berlin", "DEU"), ("Riyadh", "SAU")]  # fmt: skip

METONYM_AS_ACTOR = [
    (f"{cap} warned that new sanctions would backfire.", [f"{cap}={code}"])
    for cap, code in CAPITALS
]
CAPITAL_AS_PLACE = [
    (f"The delegations held talks in {cap} on Monday.", [f"{cap}=-"]) for cap, _ in CAPITALS
] + [
    (f"Explosions were heard across {cap} overnight.", [f"{cap}=-"]) for cap, _ in CAPITALS[:8]
]  # fmt: skip

CASES: list[tuple[str, list[str]]] = [
    # --- state names and short forms
    ("Russia has supplied Iran with drones.", ["Russia=RUS", "Iran=IRN"]),
    ("The U.S. imposed sanctions on Venezuela.", ["U.S.=USA", "Venezuela=VEN"]),
    ("The US and the UK issued a joint statement.", ["US=USA", "UK=GBR"]),
    ("America will not abandon its partners.", ["America=USA"]),
    ("Britain recalled its ambassador.", ["Britain=GBR"]),
    ("The DPRK tested another missile.", ["DPRK=PRK"]),
    ("North Korea sent troops to fight for Russia.", ["North Korea=PRK", "Russia=RUS"]),
    ("South Korea protested.", ["South Korea=KOR"]),
    ("The United States of America signed the accord.", ["United States of America=USA"]),
    ("Türkiye and Azerbaijan held exercises.", ["Türkiye=TUR", "Azerbaijan=AZE"]),
    (
        "Turkey mediated between Armenia and Azerbaijan.",
        ["Turkey=TUR", "Armenia=ARM", "Azerbaijan=AZE"],
    ),
    ("Kazakhstan is drifting toward China.", ["Kazakhstan=KAZ", "China=CHN"]),
    ("Belarus hosts Russian nuclear weapons.", ["Belarus=BLR", "Russian=RUS"]),
    ("The Islamic Republic of Iran rejected the offer.", ["Islamic Republic of Iran=IRN"]),
    ("Syria's new government courted Turkey.", ["Syria=SYR", "Turkey=TUR"]),
    ("Cuba faces rolling blackouts.", ["Cuba=CUB"]),
    ("Moldova accused Russia of interference.", ["Moldova=MDA", "Russia=RUS"]),
    ("The UAE and Saudi Arabia pledged aid.", ["UAE=ARE", "Saudi Arabia=SAU"]),
    ("Israel struck targets in Lebanon.", ["Israel=ISR"]),
    ("India and Brazil abstained.", ["India=IND", "Brazil=BRA"]),
    ("The Czech Republic sent shells to Ukraine.", ["Czech Republic=CZE", "Ukraine=UKR"]),
    ("Myanmar's junta bought jets from Russia.", ["Myanmar=MMR", "Russia=RUS"]),
    ("Burma's generals met Chinese envoys.", ["Burma=MMR", "Chinese=CHN"]),
    ("Ivory Coast expelled the diplomats.", ["Ivory Coast=CIV"]),
    ("The DRC and Rwanda signed a truce.", ["DRC=COD", "Rwanda=RWA"]),
    # --- contested and breakaway entities
    ("Transnistria depends on Russian gas.", ["Transnistria=MDA-PMR", "Russian=RUS"]),
    (
        "Abkhazia and South Ossetia are recognised by Moscow.",
        ["Abkhazia=GEO-AB", "South Ossetia=GEO-SO", "Moscow=RUS"],
    ),
    ("Taiwan bought American missiles.", ["Taiwan=TWN", "American=USA"]),
    ("Kosovo applied to join the Council of Europe.", ["Kosovo=SRB-KOS"]),
    ("Palestine was granted new rights at the UN.", ["Palestine=PSE", "UN=UN"]),
    ("Somaliland signed a port deal with Ethiopia.", ["Somaliland=SOM-SL", "Ethiopia=ETH"]),
    ("Northern Cyprus is recognised only by Turkey.", ["Northern Cyprus=CYP-NC"]),
    ("Crimea was annexed in 2014.", ["Crimea=UKR-43"]),
    ("Western Sahara remains disputed.", ["Western Sahara=ESH"]),
    ("Separatists in Transnistria want Russian troops to stay.", ["Transnistria@MDA-PMR"]),
    # --- demonyms and compounds
    ("Russian troops crossed the border.", ["Russian=RUS"]),
    ("Iranian drones hit the city.", ["Iranian=IRN"]),
    ("The Iranians expected more help.", ["Iranians=IRN"]),
    ("Joint U.S.–Israeli strikes hit the facility.", ["U.S.=USA", "Israeli=ISR"]),
    ("US-Israeli strikes continued.", ["US=USA", "Israeli=ISR"]),
    ("Russian-Iranian relations deepened.", ["Russian=RUS", "Iranian=IRN"]),
    ("The Sino-Russian partnership has limits.", []),
    ("Ukrainian forces shot down Russian drones.", ["Ukrainian=UKR", "Russian=RUS"]),
    ("Venezuelan officials denied the report.", ["Venezuelan=VEN"]),
    ("Chinese banks slowed payments.", ["Chinese=CHN"]),
    ("Turkish mediators arrived.", ["Turkish=TUR"]),
    ("North Korean soldiers fought in Kursk.", ["North Korean=PRK"]),
    ("Belarusian airfields were used.", ["Belarusian=BLR"]),
    ("A Moldovan economist warned of collapse.", ["Moldovan=MDA"]),
    ("Syrian rebels seized the city.", ["Syrian=SYR"]),
    ("British and French jets patrolled.", ["British=GBR", "French=FRA"]),
    # --- place words inside longer names are not actors
    ("He teaches at George Washington University.", ["Washington=-"]),
    ("She told The Moscow Times that it was over.", ["Moscow=-", "Moscow Times=MOSCOW-TIMES"]),
    ("The Washington Post reported the deal.", ["Washington=-"]),
    ("Prices rose across Latin America.", ["America=-"]),
    (
        "He works at the Finnish Institute of International Affairs.",
        ["Finnish=-", "Finnish Institute of International Affairs=?"],
    ),
    ("The Tehran Times published an editorial.", ["Tehran=-"]),
    ("George Washington crossed the river.", ["Washington=-"]),
    ("Chad Smith said Russia lost.", ["Chad=-", "Russia=RUS"]),
    ("Jordan Peterson spoke at length about the war.", ["Jordan=-"]),
    ("Paris Hilton visited Moscow last week.", ["Paris=-"]),
    # --- the state acting through an institution
    ("The Russian Foreign Ministry denied the claims.", ["Russian=RUS"]),
    ("The Iranian government rejected the deal.", ["Iranian=IRN"]),
    # --- seats of power
    ("The Kremlin denied the report.", ["Kremlin=RUS"]),
    ("The White House announced new tariffs.", ["White House=USA"]),
    ("The Pentagon sent more interceptors.", ["Pentagon=USA"]),
    ("Downing Street declined to comment.", ["Downing Street=GBR"]),
    ("The Kremlin's spokesman spoke.", ["Kremlin=RUS"]),
    ("They signed the deal at the Kremlin on Friday.", ["Kremlin=-"]),
    ("Reporters gathered outside the White House.", ["White House=-"]),
    ("A ceremony at the Kremlin in Moscow marked the deal.", ["Kremlin=-", "Moscow=-"]),
    # --- capitals: possessives and subjects are actors, locations are not
    ("Tehran's aid never came.", ["Tehran=IRN"]),
    ("Moscow's focus on the war leaves it little room.", ["Moscow=RUS"]),
    ("Tehran has leaned on Moscow for security.", ["Tehran=IRN", "Moscow=RUS"]),
    ("Ties between Washington and Kyiv tightened.", ["Washington=USA", "Kyiv=UKR"]),
    ("The regime in Havana is near the brink.", ["Havana=-"]),
    ("A puppet of Beijing and Moscow.", ["Beijing=CHN", "Moscow=RUS"]),
    ("Protesters marched through Caracas.", ["Caracas=-"]),
    ("Shops closed throughout Damascus.", ["Damascus=-"]),
    ("Drones flew over Kyiv all night.", ["Kyiv=-"]),
    ("The summit took place in Minsk and in Astana.", ["Minsk=-", "Astana=-"]),
    # --- IGOs and blocs
    ("NATO condemned the strike.", ["NATO=NATO"]),
    ("The UN Security Council failed to act.", ["UN Security Council=UNSC"]),
    ("The U.N. Security Council met.", ["U.N. Security Council=UNSC"]),
    ("The EU extended its sanctions.", ["EU=EU"]),
    ("The European Union froze the assets.", ["European Union=EU"]),
    ("The CSTO did not intervene in Armenia.", ["CSTO=CSTO", "Armenia=ARM"]),
    ("The SCO summit opened.", ["SCO=SCO"]),
    ("BRICS leaders met in Kazan.", ["BRICS=BRICS"]),
    ("The IAEA lost access to the site.", ["IAEA=IAEA"]),
    ("OPEC+ agreed to cut output.", ["OPEC+=OPEC+"]),
    ("The African Union suspended Niger.", ["African Union=AU"]),
    ("ECOWAS threatened to intervene.", ["ECOWAS=ECOWAS"]),
    ("ASEAN called for restraint.", ["ASEAN=ASEAN"]),
    ("The Arab League readmitted Syria.", ["Arab League=ARAB-LEAGUE", "Syria=SYR"]),
    ("The GCC welcomed the deal.", ["GCC=GCC"]),
    ("NATO's eastern flank was reinforced.", ["NATO@-"]),
    # --- armed groups, agencies, companies (with their country)
    ("Hezbollah fired rockets.", ["Hezbollah=HEZBOLLAH", "Hezbollah@LBN"]),
    ("The Houthis attacked a tanker.", ["Houthis=HOUTHIS", "Houthis@YEM"]),
    ("Hamas released two hostages.", ["Hamas=HAMAS"]),
    ("Wagner fighters left Mali.", ["Wagner=WAGNER", "Wagner@RUS"]),
    ("The Africa Corps replaced Wagner in Mali.", ["Africa Corps=AFRICA-CORPS"]),
    ("The IRGC seized a ship.", ["IRGC=IRGC", "IRGC@IRN"]),
    ("Rosatom will build the plant.", ["Rosatom=ROSATOM", "Rosatom@RUS"]),
    ("Gazprom cut supplies to Moldova.", ["Gazprom=GAZPROM", "Moldova=MDA"]),
    (
        "Russia's nuclear energy company Rosatom signed a memorandum.",
        ["Russia=RUS", "Rosatom=ROSATOM"],
    ),
    # --- people from the catalog, titles, possessives, brackets
    (
        "Putin met Xi Jinping in Beijing.",
        ["Putin=vladimir-putin", "Xi Jinping=xi-jinping", "Beijing=-"],
    ),
    (
        "Russian President Vladimir Putin spoke.",
        ["Vladimir Putin=vladimir-putin", "Russian=RUS", "Vladimir Putin#President"],
    ),
    ("Iran's Khamenei rejected talks.", ["Iran=IRN", "Khamenei=ali-khamenei"]),
    (
        "Iran's Supreme Leader Ayatollah Ali Khamenei was killed.",
        ["Ayatollah Ali Khamenei=ali-khamenei", "Supreme=-"],
    ),
    (
        "(Russian President Vladimir) Putin has lost three allies.",
        ["Putin=vladimir-putin", "Vladimir=-"],
    ),
    (
        "(Bashar) Assad and (Nicolas) Maduro fell.",
        ["Assad=bashar-al-assad", "Maduro=nicolas-maduro", "Bashar=-", "Nicolas=-"],
    ),
    ("Syria's Assad fled to Moscow.", ["Syria=SYR", "Assad=bashar-al-assad", "Assad@SYR"]),
    (
        "Bashar al-Assad fled to Russia.",
        ["Bashar al-Assad=bashar-al-assad", "Bashar al-Assad#former President"],
    ),
    (
        "Ukraine's Foreign Minister Andrii Sybiha commented.",
        ["Andrii Sybiha=andrii-sybiha", "Andrii Sybiha#Foreign Minister", "Andrii Sybiha@UKR"],
    ),
    (
        "Sergei Lavrov met Abbas Araghchi.",
        ["Sergei Lavrov=sergey-lavrov", "Abbas Araghchi=abbas-araghchi"],
    ),
    ("Zelensky thanked Trump.", ["Zelensky=volodymyr-zelensky", "Trump=donald-trump"]),
    ("Lukashenko offered to mediate.", ["Lukashenko=alexander-lukashenko", "Lukashenko@BLR"]),
    ("Nicolás Maduro pleaded for aid.", ["Nicolás Maduro=nicolas-maduro", "Nicolás Maduro@VEN"]),
    ("Erdogan called Putin.", ["Erdogan=recep-tayyip-erdogan", "Putin=vladimir-putin"]),
    ("Kim Jong Un visited Moscow.", ["Kim Jong Un=kim-jong-un"]),
    (
        "Masoud Pezeshkian signed the agreement.",
        ["Masoud Pezeshkian=masoud-pezeshkian", "Masoud Pezeshkian@IRN"],
    ),
    ("Medvedev threatened Europe.", ["Medvedev=dmitry-medvedev", "Medvedev@RUS"]),
    ("Netanyahu ordered the strikes.", ["Netanyahu=benjamin-netanyahu"]),
    (
        "Macron and Merz called Starmer.",
        ["Macron=emmanuel-macron", "Merz=friedrich-merz", "Starmer=keir-starmer"],
    ),
    ("Castro spoke for hours.", ["Castro=castro"]),  # ambiguous surname: not a catalog person
    # --- stock NER mistakes fixed by the catalog
    ("Rosatom signed a memorandum.", ["Rosatom=ROSATOM"]),
    ("Gazprom raised prices.", ["Gazprom=GAZPROM"]),
    # --- persons not in the catalog: slug ids, appositions, short names, line breaks
    (
        "Olli Ruohomaki, a Middle East expert at the Finnish Institute of International "
        "Affairs, told reporters.",
        [
            "Olli Ruohomaki=olli-ruohomaki",
            "Olli Ruohomaki#Middle East expert",
            "Olli Ruohomaki%Finnish Institute of International Affairs",
        ],
    ),
    (
        "Richard Betts, professor emeritus of war and peace studies at Columbia University, "
        "disagrees.",
        [
            "Richard Betts=richard-betts",
            "Richard Betts%Columbia University",
            "Richard Betts#professor emeritus",
        ],
    ),
    (
        "Julian G. Waller, a lecturer in political science at George Washington University, "
        "said so. Waller adds that it was harsh.",
        [
            "Julian G. Waller=julian-g-waller",
            "Waller=julian-g-waller",
            "Julian G. Waller%George Washington University",
        ],
    ),
    (
        "Analyst Dara\nMassicot said Russia is making it clear.\n\nNext paragraph.",
        ["Dara\nMassicot=dara-massicot", "Russia=RUS"],
    ),
    (
        "Absent any arms shipments, analyst Dara Massicot said it was over.",
        ["Dara Massicot=dara-massicot", "Dara Massicot#analyst"],
    ),
    (
        "Jane Doe, a researcher at the Carnegie Endowment, said Moscow would not help.",
        ["Jane Doe=jane-doe", "Jane Doe%Carnegie Endowment", "Moscow=RUS"],
    ),
    ("Jane Doe said the sanctions had failed.", ["Jane Doe@-", "Jane Doe=jane-doe"]),
    (
        "Ryhor Nizhnikau, a Russia expert, adds that Moscow's ability will grow.",
        ["Ryhor Nizhnikau=ryhor-nizhnikau", "Russia=RUS", "Moscow=RUS"],
    ),
    ("The Carnegie Endowment published a report.", ["Carnegie Endowment=?"]),
    (
        "Ryhor Nizhnikau, a Russia expert at the Finnish Institute of International Affairs, "
        "nevertheless adds that Moscow will help.",
        ["Ryhor Nizhnikau=ryhor-nizhnikau", "Ryhor Nizhnikau#Russia expert", "Moscow=RUS"],
    ),
    ("Tbilisi Avenue, a street in the capital, was closed.", ["Tbilisi Avenue=-"]),
    (
        "Hanna Berg, senior fellow at the Carnegie Endowment, disagreed with Moscow.",
        ["Hanna Berg=hanna-berg", "Hanna Berg#senior fellow", "Hanna Berg%Carnegie Endowment"],
    ),
    # --- pronouns: only when one person is in view
    ("John Smith, a Russia analyst, spoke last week. He says the war is lost.", ["He=john-smith"]),
    ("John Smith met Anna Brown. He says the war is lost.", ["He=-"]),
    ("The war is lost, he says.", ["he=-"]),
    # --- page furniture gives no actors
    (
        "Iran's Khamenei, Another Russian Ally, Follows Assad, Maduro In Falling. Putin Next?\n"
        "Russia watched.",
        ["Khamenei=-", "Follows Assad=-", "Assad=-", "Putin=-", "Russia=RUS"],
    ),
    (
        "Martin Fornusek reports in the Kyiv Independent:\nRussia watched.",
        ["Martin Fornusek=-", "Kyiv Independent=-"],
    ),
    ("Russia watched.\n\n0 comments:\n\nPost a Comment", ["Comment=-"]),
    (
        "Russia watched.\n\nRelated article: We’re Entering a World Run by Trump and Putin’s "
        "Rules\n\nIran waited.",
        ["Trump=-", "Putin=-", "Iran=IRN"],
    ),
    (
        "Russia watched.\n\nhttps://www.bloomberg.com/news/russia-and-iran-to-sign-pact\n"
        "https://www.cnn.com/2026/03/11/russia-iran-advice\n\nIran waited.",
        ["Iran=IRN"],
    ),
    (
        "Russia watched.\n\nAs a Partner and Co-Founder of Predictiv and PredictivAsia, Jon "
        "specializes in performance for both domestic and international clients. Learn more...",
        ["Jon=-", "Predictiv=-"],
    ),
    (
        "Russia watched.\n\nThe views expressed in opinion pieces do not necessarily reflect the "
        "position of The Moscow Times.",
        ["Moscow Times=-", "Moscow=-"],
    ),
    ("Limits of military ties\nRussia watched.", ["Russia=RUS"]),
    # --- datelines: a place and an agency credit, never an actor or an affiliation
    ("SEOUL — North Korea fired two missiles on Tuesday.", ["SEOUL=-", "North Korea=PRK"]),
    ("KYIV, Ukraine (AP) — Russia launched drones overnight.", ["Ukraine=-", "AP=-", "Russia=RUS"]),
    ("MOSCOW (Reuters) - The Kremlin said talks would continue.", ["Reuters=-", "Kremlin=RUS"]),
    ("SEOUL — Analyst Kim Min-seok said the launch was a warning.", ["Kim Min-seok%-"]),
    ("SEOUL, South Korea — A defector, Park Ji-young, said she fled in 2019.",
     ["South Korea=-", "Park Ji-young=park-ji-young"]),
    # --- possessive forms the tagger takes as one entity ("South Korea's")
    ("South Korea's spy agency said Pyongyang had sent troops.", ["South Korea=KOR", "Pyongyang=PRK"]),
    ("Saudi Arabia's crown prince met Iran's foreign minister.", ["Saudi Arabia=SAU", "Iran=IRN"]),
    # --- hyphenated given names, titles that are not organisations
    ("Lee Sung-joon, a spokesman for South Korea's Joint Chiefs of Staff, said so.",
     ["Lee Sung-joon=lee-sung-joon", "Lee Sung-joon%South Korea's Joint Chiefs of Staff"]),
    ("Secretary of State Marco Rubio said talks would go on.", ["State=-", "Marco Rubio=marco-rubio"]),
    # --- affiliation written before the role
    ("China's foreign ministry spokesperson Mao Ning said Beijing opposed the move.",
     ["Mao Ning#spokesperson", "Mao Ning%China's foreign ministry", "Beijing=CHN"]),
    ("Russian foreign ministry spokeswoman Maria Zakharova said Moscow would respond.",
     ["Maria Zakharova%Russian foreign ministry", "Moscow=RUS"]),
    ("North Korean leader Kim Jong Un oversaw the test.", ["Kim Jong Un%North Korean", "Kim Jong Un@PRK"]),
    # --- organisations the catalog does not know, owned by the state named before them
    ("Russian state shipbuilder United Shipbuilding Corporation launched a frigate.",
     ["United Shipbuilding Corporation=?", "United Shipbuilding Corporation@RUS"]),
    ("Iran's state broadcaster IRIB aired the speech.", ["IRIB=?", "IRIB@IRN"]),
    ("Chinese telecoms firm ZTE supplied the equipment.", ["ZTE@CHN"]),
    ("Transneft cut flows to Hungary.", ["Transneft=TRANSNEFT", "Transneft@RUS"]),
    ("Saudi Aramco raised prices.", ["Saudi Aramco=ARAMCO", "Saudi Aramco@SAU"]),
    ("Iranian drone maker Shahed Aviation Industries sold drones to Russia.",
     ["Shahed Aviation Industries@IRN"]),
    ("Israel and Hamas agreed to a truce.", ["Israel=ISR", "Hamas=HAMAS", "Hamas@PSE"]),
    # --- state companies and agencies in the catalog carry their country
    ("Rosatom will build eight reactors in Iran.", ["Rosatom=ROSATOM", "Rosatom@RUS"]),
    ("Gazprom cut supplies to Moldova.", ["Gazprom@RUS", "Moldova=MDA"]),
    ("Rosoboronexport signed the contract.", ["Rosoboronexport@RUS"]),
    ("The IRGC seized a tanker.", ["IRGC=IRGC", "IRGC@IRN"]),
    ("The Wagner Group withdrew from Mali.", ["Wagner Group@RUS", "Mali=MLI"]),
    # --- a stance toward an actor is not the actor
    ("Pro-Russian forces shelled the town.", ["Russian=-"]),
    ("Anti-American protests spread across the region.", ["American=-"]),
    ("The U.S.-Russian talks failed.", ["U.S.=USA", "Russian=RUS"]),
    # --- a name after a role noun is a person even when the tagger says ORG
    ("Venezuelan opposition leader María Corina Machado said the vote was stolen.",
     ["María Corina Machado=maria-corina-machado", "María Corina Machado#leader"]),
    ("Hezbollah's Secretary-General Naim Qassem vowed revenge.",
     ["Naim Qassem#Secretary-General", "Naim Qassem%Hezbollah", "Hezbollah=HEZBOLLAH"]),
    # --- coordinated metonyms after "between": the states in relation
    ("Talks between Tehran and Washington resumed in Oman.",
     ["Tehran=IRN", "Washington=USA"]),
    ("The rift between Moscow and Beijing widened.", ["Moscow=RUS", "Beijing=CHN"]),
    ("Relations between the Kremlin and Havana have cooled.", ["Kremlin=RUS", "Havana=CUB"]),
]

ALL_CASES = CASES + METONYM_AS_ACTOR + CAPITAL_AS_PLACE


def test_at_least_150_mention_cases() -> None:
    assert sum(max(1, len(e)) for _, e in ALL_CASES) >= 150
    assert len(ALL_CASES) >= 150


def _resolve(nlp, catalog, text: str) -> list[Mention]:  # type: ignore[no-untyped-def]
    document = make_document(text)
    ((document, sdoc),) = list(parse(nlp, [document]))
    return resolve_mentions(sdoc, document, catalog)


def _check(mentions: list[Mention], expectation: str) -> None:
    by_text: dict[str, list[Mention]] = {}
    for m in mentions:
        by_text.setdefault(m.text, []).append(m)
    for sep in ("=", "@", "#", "%"):
        if sep in expectation:
            surface, want = expectation.split(sep, 1)
            break
    found = by_text.get(surface, [])
    listing = [(m.text, m.actor_id) for m in mentions]
    if sep == "=" and want == "-":
        assert not found, f"{surface!r} should not be a mention: {listing}"
        return
    assert found, f"no mention {surface!r} in {listing}"
    m = found[0]
    if sep == "=":
        assert m.actor_id == (None if want == "?" else want), (surface, m)
        if want == "?":
            assert m.kind == "unresolved"
    elif sep == "@":
        assert m.state == (None if want == "-" else want), (surface, m)
    elif sep == "#":
        assert m.role and want.lower() in m.role.lower(), (surface, m)
    elif want == "-":
        assert m.affiliation is None, (surface, m)
    else:
        assert m.affiliation and want in m.affiliation, (surface, m)


@pytest.mark.parametrize(("text", "expectations"), ALL_CASES)
def test_mentions(nlp, catalog, text: str, expectations: list[str]) -> None:  # type: ignore[no-untyped-def]
    mentions = _resolve(nlp, catalog, text)
    for expectation in expectations:
        _check(mentions, expectation)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert 0 < m.confidence <= 1


def test_person_rolls_up_to_state_at_document_date(nlp, catalog) -> None:  # type: ignore[no-untyped-def]
    text = "Medvedev visited Minsk."
    for published, role in ((date(2010, 6, 1), "President"), (date(2015, 6, 1), "Prime Minister")):
        document = make_document(text, published=published)
        ((document, sdoc),) = list(parse(nlp, [document]))
        (m,) = [m for m in resolve_mentions(sdoc, document, catalog) if m.kind == "person"]
        assert m.state == "RUS" and m.role == role


def test_noise_spans_cover_headline_and_byline() -> None:
    text = (
        "Putin Next? Russia Loses Another Ally\nJane Roe writes for the Example Post:\nBody text."
    )
    spans = noise_spans(make_document(text))
    assert [text[s.start : s.end] for s in spans] == [
        "Putin Next? Russia Loses Another Ally",
        "Jane Roe writes for the Example Post:",
    ]
