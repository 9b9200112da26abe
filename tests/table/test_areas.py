"""The known areas: exact codes and names resolve, anything else is suggested, never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from indicators.table.areas import AreaIndex, Division, boundaryless_types


@pytest.mark.parametrize(
    ("city", "area_type", "text", "code"),
    [
        ("1480", "primaromrade", "101", "101"),  # the code
        ("1480", "primaromrade", "Kungsladugård", "101"),  # the name
        ("1480", "primaromrade", "  kungsladugård ", "101"),  # case and spaces
        ("1480", "primaromrade", "Kungsladugard", "101"),  # no accents
        ("1480", "primaromrade", "101 Kungsladugård", "101"),  # code name
        ("1480", "primaromrade", "101 - Kungsladugård", "101"),
        ("1480", "primaromrade", "Kungsladugård (101)", "101"),  # how a suggestion reads
        ("1480", "stadsomrade_4", "1", "01"),  # Excel dropped the leading zero
        ("1480", "stadsomrade_4", "1.0", "01"),  # and read it as a float
        ("0180", "stadsdelsomrade_11", "Enskede–Årsta–Vantör", "enskede-arsta-vantor"),
        ("0180", "stadsdelsomrade_11", "ENSKEDE-ARSTA-VANTOR", "enskede-arsta-vantor"),
        ("1280", "delomrade", "10101", "10101"),
        ("0180", "municipality", "Stockholm", "0180"),
        ("00", "country", "Sverige", "00"),
    ],
)
def test_exact_codes_and_names_resolve(areas, city, area_type, text, code):
    assert areas.resolve(city, area_type, text) == code


@pytest.mark.parametrize(
    ("city", "area_type", "text"),
    [
        ("1480", "primaromrade", "Kungsladugåd"),  # a typo: suggested, not matched
        ("1480", "primaromrade", "101 Majorna"),  # code and name disagree (Majorna is 103)
        ("1480", "primaromrade", "Kungsladugård (103)"),
        ("1480", "primaromrade", ""),
        ("1480", "nonexistent", "101"),
        ("9999", "primaromrade", "101"),
        # Two DeSO share the name 'Södra Skärgården': the name alone cannot decide.
        ("1480", "deso_2025", "Södra Skärgården"),
    ],
)
def test_anything_else_does_not_resolve(areas, city, area_type, text):
    assert areas.resolve(city, area_type, text) is None


def test_a_typo_gets_the_closest_names_as_suggestions(areas):
    assert areas.suggest("1480", "primaromrade", "Kungsladugåd")[0] == "Kungsladugård (101)"
    assert areas.suggest("0180", "stadsdelsomrade_14", "Rinkeby") == [
        "Rinkeby-Kista (rinkeby-kista)"
    ]
    assert areas.suggest("1480", "primaromrade", "zzzzzz") == []


def test_a_name_that_two_areas_share_suggests_both(areas):
    found = areas.suggest("1480", "deso_2025", "Södra Skärgården")
    assert "Södra Skärgården (1480A0010)" in found
    assert "Södra Skärgården (1480A0020)" in found
    for label in found:  # each suggestion, pasted back, is that one area
        assert areas.resolve("1480", "deso_2025", label) in label


@pytest.mark.parametrize(
    ("city", "area_type", "year", "valid"),
    [
        ("0180", "stadsdelsomrade_11", 2015, False),
        ("0180", "stadsdelsomrade_11", 2023, True),  # from 1 July 2023
        ("0180", "stadsdelsomrade_13", 2023, True),  # until 30 June 2023
        ("0180", "stadsdelsomrade_13", 2024, False),
        ("0180", "stadsdelsomrade_14", 2006, False),
        ("0180", "stadsdel", 1970, True),  # no dates: always
        ("1280", "stadsdel_10", 2014, False),
        ("1280", "stadsomrade_5", 2013, True),
        ("1480", "unknown", 2020, False),
    ],
)
def test_valid_in_follows_the_boundary_files_dates(areas, city, area_type, year, valid):
    assert areas.valid_in(city, area_type, year) is valid


def test_the_index_knows_every_boundary_file_and_the_cities(areas, package):
    for res in package.boundaries:
        assert len(areas.names(res.municipality_code, res.area_type)) == res.n_features
    assert areas.names("1480", "municipality") == {"1480": "Göteborg"}
    assert areas.names("00", "country") == {"00": "Sverige"}
    assert "regso_2020" not in areas.area_types("0180")  # only a store knows those


def test_area_types_without_boundaries_come_from_the_store(package, loaded_store):
    areas = AreaIndex.from_package(package, loaded_store.current(area_type=boundaryless_types()))
    assert areas.resolve("0180", "stadsdelsomrade_group", "Västerort") == "vasterort"
    assert areas.resolve("0180", "regso_2020", "0180R001") == "0180R001"
    assert areas.valid_in("0180", "regso_2020", 2022)


def test_validity_is_said_in_both_languages():
    d = Division("1280", "stadsdel_10", {"fosie": "Fosie"}, None, date(2013, 6, 30))
    assert (d.validity_text("sv"), d.validity_text("en")) == ("till 2013-06-30", "until 2013-06-30")
    assert Division("1280", "x", {}).validity_text("en") == "always"
