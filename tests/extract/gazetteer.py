"""A tiny stand-in for the actors stage, used only by the event tests.

It finds a fixed list of names by regular expression and returns ``Mention`` records with
character offsets, the same contract ``extract.actors.resolve_mentions`` fulfils, so the
event coder is tested on its own rules, independent of the real catalog.
"""

from __future__ import annotations

import re

from allywatch.types import Mention

# name -> (actor id, kind, state, role)
STATES = {
    "RUS": ["Russia", "Russian", "Russians", "Moscow", "Kremlin", "the Kremlin"],
    "IRN": ["Iran", "Iranian", "Iranians", "Tehran"],
    "USA": [
        "United States",
        "U.S.",
        "US",
        "America",
        "American",
        "Americans",
        "Washington",
        "White House",
    ],
    "ISR": ["Israel", "Israeli", "Israelis"],
    "SYR": ["Syria", "Syrian", "Damascus"],
    "VEN": ["Venezuela", "Venezuelan", "Caracas"],
    "CHN": ["China", "Chinese", "Beijing"],
    "UKR": ["Ukraine", "Ukrainian", "Ukrainians", "Kyiv"],
    "PRK": ["North Korea", "North Korean", "Pyongyang"],
    "BLR": ["Belarus", "Belarusian", "Minsk"],
    "CUB": ["Cuba", "Cuban", "Havana"],
    "TUR": ["Turkey", "Turkish", "Ankara"],
    "KAZ": ["Kazakhstan", "Kazakh"],
    "ARM": ["Armenia", "Armenian", "Armenians"],
    "AZE": ["Azerbaijan", "Azerbaijani"],
    "FRA": ["France", "French", "Paris"],
    "DEU": ["Germany", "German", "Berlin"],
    "GBR": ["Britain", "British", "London"],
    "IND": ["India", "Indian"],
    "SAU": ["Saudi Arabia", "Saudi"],
    "MDA": ["Moldova", "Moldovan"],
    "MDA-PMR": ["Transnistria"],
    "IRQ": ["Iraq", "Iraqi", "Baghdad"],
    "EGY": ["Egypt", "Egyptian", "Cairo"],
    "PAK": ["Pakistan", "Pakistani"],
    "JPN": ["Japan", "Japanese", "Tokyo"],
    "SRB": ["Serbia", "Serbian"],
    "POL": ["Poland", "Polish", "Warsaw"],
    "DZA": ["Algeria", "Algerian", "Algerians", "Algiers"],
}
IGOS = {"UN": ["U.N.", "UN", "United Nations"], "NATO": ["NATO"], "EU": ["EU", "European Union"],
        "IAEA": ["IAEA"]}  # fmt: skip
ORGS = {"ROSATOM": (["Rosatom"], "RUS"), "HEZBOLLAH": (["Hezbollah"], "LBN"),
        "WAGNER": (["Wagner"], "RUS")}  # fmt: skip
PEOPLE = {
    "ali-khamenei": (
        ["Ayatollah Ali Khamenei", "Ali Khamenei", "Khamenei"],
        "IRN",
        "Supreme Leader",
    ),
    "bashar-al-assad": (["Bashar al-Assad", "Assad"], "SYR", "President"),
    "nicolas-maduro": (["Nicolás Maduro", "Nicolas Maduro", "Maduro"], "VEN", "President"),
    "vladimir-putin": (["Vladimir Putin", "Putin"], "RUS", "President"),
    "masoud-pezeshkian": (["Masoud Pezeshkian", "Pezeshkian"], "IRN", "President"),
    "volodymyr-zelensky": (["Volodymyr Zelensky", "Zelensky"], "UKR", "President"),
    "donald-trump": (["Donald Trump", "Trump"], "USA", "President"),
    "xi-jinping": (["Xi Jinping", "Xi"], "CHN", "President"),
    "kim-jong-un": (["Kim Jong Un"], "PRK", "Supreme Leader"),
    "alexander-lukashenko": (["Alexander Lukashenko", "Lukashenko"], "BLR", "President"),
    "sergei-lavrov": (["Sergei Lavrov", "Lavrov"], "RUS", "Foreign Minister"),
}


def _table() -> list[tuple[str, str, str, str | None, str | None]]:
    rows: list[tuple[str, str, str, str | None, str | None]] = []
    for sid, names in STATES.items():
        rows += [(n, sid, "state", sid, None) for n in names]
    for iid, names in IGOS.items():
        rows += [(n, iid, "igo", None, None) for n in names]
    for oid, (names, country) in ORGS.items():
        rows += [(n, oid, "org", country, None) for n in names]
    for pid, (names, country, role) in PEOPLE.items():
        rows += [(n, pid, "person", country, role) for n in names]
    rows.sort(key=lambda r: -len(r[0]))
    return rows


_ROWS = _table()
_PATTERN = re.compile("|".join(rf"(?<![\w.])(?:{re.escape(r[0])})(?![\w])" for r in _ROWS))
_BY_NAME = {r[0]: r for r in _ROWS}


def find_mentions(text: str, doc_id: str = "test") -> list[Mention]:
    """Every listed name in ``text`` as a Mention (longest names first, no overlaps)."""
    out: list[Mention] = []
    for m in _PATTERN.finditer(text):
        _name, actor, kind, state, role = _BY_NAME[m.group(0)]
        out.append(Mention(doc_id, m.start(), m.end(), m.group(0), kind, actor, state,  # type: ignore[arg-type]
                           role=role))  # fmt: skip
    return out
