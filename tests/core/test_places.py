"""Sweden's regions by code: levels, counties, and the one selection for everyone."""

from kpis.core import places


def test_levels_follow_scb_codes():
    assert places.level("00") == "riket"
    assert places.level("23") == "lan"
    assert places.level("2380") == "kommun"
    assert places.level("0023") is None  # Kolada's county id, never a municipality
    assert places.level("G37411") is None
    assert places.county_of("2380") == "23"


def test_sweden_has_290_municipalities_and_21_counties_with_scb_names():
    found = places.sweden()
    assert len(places.municipalities()) == places.MUNICIPALITIES_IN_SWEDEN == 290
    assert sum(1 for _, level in found.values() if level == "lan") == 21
    assert found["2380"] == ("Östersund", "kommun")
    assert found["23"] == ("Jämtlands län", "lan")
    assert all(places.is_municipality(code) for code in places.municipalities())


def test_everyone_keeps_the_wanted_first_and_adds_only_places():
    known = ["00", "01", "0114", "2380", "23", "XX", "0000"]
    assert places.with_everyone(["2380", "9999"], known) == ["2380", "00", "01", "0114", "23"]


def test_counties_have_english_names_municipalities_keep_theirs():
    assert places.name("01", "en") == "Stockholm County"
    assert places.name("08", "en") == "Kalmar County"
    assert places.name("14", "en") == "Västra Götaland County"
    assert places.name("01", "sv") == "Stockholms län"
    assert places.name("2380", "en") == "Östersund"


def test_the_overall_group_is_the_first_listed():
    import pandas as pd

    groups = pd.DataFrame({"area": ["övergripande", "övergripande", "grundskola"], "member_code": ["2281", "2480",
                                                                                                  "0880"]})
    assert list(places.overall_group(groups)["member_code"]) == ["2281", "2480"]
    assert places.overall_group(groups.iloc[0:0]).empty
