"""The actor catalog: loading, lookups, roles by date, user files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from allywatch.errors import ConfigError
from allywatch.nlp.catalog import Catalog, slugify

UN_MEMBERS_SAMPLE = (
    "RUS IRN SYR VEN CUB PRK BLR UKR USA CHN ISR MDA ARM AZE KAZ TUR SSD TLS MNE PSE VAT"
)


@pytest.mark.parametrize("code", UN_MEMBERS_SAMPLE.split())
def test_states_present(catalog: Catalog, code: str) -> None:
    actor = catalog.get(code)
    assert actor is not None and actor.kind == "state"


@pytest.mark.parametrize(
    ("code", "parent"),
    [("MDA-PMR", "MDA"), ("GEO-AB", "GEO"), ("GEO-SO", "GEO"), ("UKR-43", "UKR"),
     ("SRB-KOS", "SRB"), ("SOM-SL", "SOM"), ("CYP-NC", "CYP"), ("UKR-14", "UKR")],
)  # fmt: skip
def test_contested_entities(catalog: Catalog, code: str, parent: str) -> None:
    actor = catalog.get(code)
    assert actor is not None and actor.kind == "substate" and actor.country == parent


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [("the U.S.", "USA"), ("America", "USA"), ("Britain", "GBR"), ("the DPRK", "PRK"),
     ("the Kremlin", "RUS"), ("Tehran", "IRN"), ("Havana", "CUB"), ("Kyiv", "UKR"),
     ("Kiev", "UKR"), ("the White House", "USA"), ("Beijing", "CHN"), ("Pyongyang", "PRK"),
     ("Minsk", "BLR"), ("Caracas", "VEN"), ("Damascus", "SYR"), ("Russian", "RUS"),
     ("Israelis", "ISR"), ("Taiwan", "TWN"), ("Kosovo", "SRB-KOS"), ("Palestine", "PSE"),
     ("Transnistria", "MDA-PMR"), ("Somaliland", "SOM-SL"), ("NATO", "NATO"),
     ("UN Security Council", "UNSC"), ("OPEC+", "OPEC+"), ("the Arab League", "ARAB-LEAGUE"),
     ("Hezbollah", "HEZBOLLAH"), ("Houthis", "HOUTHIS"), ("Wagner", "WAGNER"),
     ("Africa Corps", "AFRICA-CORPS"), ("IRGC", "IRGC"), ("Gazprom", "GAZPROM"),
     ("Putin", "vladimir-putin"), ("Sergei Lavrov", "sergey-lavrov"),
     ("Nicolas Maduro", "nicolas-maduro"), ("Assad", "bashar-al-assad"),
     ("Zelenskyy", "volodymyr-zelensky"), ("Türkiye", "TUR")],
)  # fmt: skip
def test_lookup(catalog: Catalog, text: str, actor_id: str) -> None:
    actor = catalog.lookup(text)
    assert actor is not None and actor.id == actor_id


def test_lookup_unknown_is_none(catalog: Catalog) -> None:
    assert catalog.lookup("Ruritania") is None


def test_shared_surname_names_nobody(catalog: Catalog) -> None:
    # Fidel and Raúl Castro: "Castro" alone is ambiguous.
    assert catalog.lookup("Castro") is None


@pytest.mark.parametrize(
    ("person", "on", "state"),
    [("vladimir-putin", date(2010, 1, 1), "RUS"), ("nicolas-maduro", date(2026, 3, 1), "VEN"),
     ("ali-khamenei", date(2020, 1, 1), "IRN"), ("mark-rutte", date(2020, 1, 1), "NLD"),
     ("mark-rutte", date(2025, 6, 1), None), ("andrii-sybiha", date(2026, 3, 1), "UKR"),
     ("kaja-kallas", date(2022, 1, 1), "EST"), ("vadim-krasnoselsky", date(2026, 1, 1), "MDA-PMR")],
)  # fmt: skip
def test_state_of_person_on_date(catalog: Catalog, person: str, on: date, state: str) -> None:
    assert catalog.state_of(person, on) == state


def test_role_of_by_date(catalog: Catalog) -> None:
    role = catalog.role_of("dmitry-medvedev", date(2010, 1, 1))
    assert role is not None and role.title == "President"
    role = catalog.role_of("dmitry-medvedev", date(2015, 1, 1))
    assert role is not None and role.title == "Prime Minister"


G20 = [
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "FRA",
    "DEU",
    "IND",
    "IDN",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "RUS",
    "SAU",
    "ZAF",
    "TUR",
    "GBR",
    "USA",
]
HEAD_TITLES = ("President", "Prime Minister", "Chancellor", "King", "Premier")


def _holders(catalog: Catalog, on: date, titles: tuple[str, ...]) -> set[str | None]:
    return {
        r.country for a in catalog.actors.values() if a.kind == "person" for r in a.roles
        if r.title in titles or (titles == HEAD_TITLES and r.title == "Interim President")
        if (r.start is None or r.start <= on) and (r.end is None or on <= r.end)
    }  # fmt: skip


@pytest.mark.parametrize("year", range(2000, 2027))
def test_g20_heads_covered_every_half_year(catalog: Catalog, year: int) -> None:
    for month in (1, 7):
        on = date(year, month, 1)
        if on <= date(2026, 3, 1):
            missing = set(G20) - _holders(catalog, on, HEAD_TITLES)
            assert not missing, f"{on}: no head of state/government for {sorted(missing)}"


@pytest.mark.parametrize("year", range(2000, 2026))
def test_foreign_ministers_of_main_powers_every_year(catalog: Catalog, year: int) -> None:
    titles = (
        "Foreign Minister",
        "Acting Foreign Minister",
        "Secretary of State",
        "Foreign Secretary",
    )
    missing = {"RUS", "USA", "GBR", "FRA", "DEU", "CHN", "IRN"} - _holders(
        catalog, date(year, 7, 1), titles
    )
    assert not missing, f"{year}: no foreign minister for {sorted(missing)}"


def test_seed_states_leaders_present(catalog: Catalog) -> None:
    on = date(2026, 3, 1)
    for code in ("RUS", "UKR", "USA", "ISR", "CHN", "BLR", "PRK", "CUB", "MDA", "ARM", "AZE",
                 "KAZ", "TUR", "MDA-PMR", "SYR"):  # fmt: skip
        assert code in _holders(catalog, on, (*HEAD_TITLES, "Supreme Leader")), code


def test_every_file_has_a_sources_header() -> None:
    from allywatch.nlp.catalog import CATALOG_DIR

    for path in CATALOG_DIR.iterdir():
        if path.suffix in (".csv", ".yaml"):
            head = path.read_text(encoding="utf-8")[:1500]
            assert head.startswith("#") and "ource" in head, path


def test_user_file_merges(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "actors:\n"
        "  - {id: RUS, name: Russia, kind: state, aliases: [Rossiya]}\n"
        "  - {id: ACME, name: Acme Arms, kind: org, country: BLR, aliases: [Acme]}\n"
        "people:\n"
        "  - {name: Ivan Petrov, roles: [[Governor, RUS, 2020-01-01, null]]}\n"
        "states:\n"
        "  MDA: {capitals: [Kishinyov]}\n"
    )
    cat = Catalog.load([extra])
    assert cat.lookup("Rossiya").id == "RUS"  # type: ignore[union-attr]
    assert cat.lookup("Acme").id == "ACME"  # type: ignore[union-attr]
    assert cat.state_of("ACME") == "BLR"
    assert cat.lookup("Petrov").id == "ivan-petrov"  # type: ignore[union-attr]
    assert cat.state_of("ivan-petrov", date(2025, 1, 1)) == "RUS"
    assert cat.surface("Kishinyov").kind == "capital"  # type: ignore[union-attr]
    assert cat.fingerprint != Catalog.load().fingerprint


def test_user_csv(tmp_path: Path) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text("# my orgs\nid,name,aliases,kind,country\nFOO,Foo Corp,Foo;FooCo,org,IRN\n")
    cat = Catalog.load([extra])
    assert cat.lookup("FooCo").id == "FOO"  # type: ignore[union-attr]
    assert cat.state_of("FOO") == "IRN"


@pytest.mark.parametrize(
    ("content", "reason"),
    [("actors:\n  - {name: No Id}\n", "needs an id"),
     ("people:\n  - {name: X Y, roles: [[President, RUS, '2020-13-45', null]]}\n", "bad date"),
     ("actors:\n  - {id: Z, name: Z, kind: planet}\n", "unknown kind"),
     ("- just a list\n", "expected a mapping"),
     ("actors: [\n", "cannot read")],
)  # fmt: skip
def test_bad_user_file_names_file_and_reason(tmp_path: Path, content: str, reason: str) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(content)
    with pytest.raises(ConfigError, match=reason) as info:
        Catalog.load([extra])
    assert "bad.yaml" in str(info.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Catalog.load([tmp_path / "nope.yaml"])


def test_slugify() -> None:
    assert slugify("Julian G. Waller") == "julian-g-waller"
    assert slugify("Nicolás Maduro") == "nicolas-maduro"
