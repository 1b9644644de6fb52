"""The series by age and sex, and SCB's projection, from the local SCB (tests/fakes/age_tables.py)."""

import pytest

from kpis.core.registry import KINDS
from kpis.sources.errors import FetchError
from kpis.sources.scb_ages import age_codes, fetch_ages
from tests.fakes import age_tables
from tests.fakes.sources_server import Fault


def _notes(fetched) -> list[str]:
    """The run's notes as the Swedish run log words them."""
    return [p.message("sv") for p in fetched.notes]

def _fetch(catalog):
    return fetch_ages(catalog, list(catalog.regions), KINDS["scb_ages"].base_url(), 2.0)


def test_every_series_by_single_age_and_sex_old_and_ckm_stitched(sources, catalog):
    fetched = _fetch(catalog)
    ages = fetched.ages
    assert set(ages["series"]) == {"population", "births", "deaths", "in_migration", "out_migration"}
    assert set(ages["sex"]) == {"1", "2"} and ages["age"].between(0, 100).all()
    population = ages[ages["series"] == "population"]
    assert sorted(population["year"].unique()) == [2021, 2022, 2023, 2024, 2025]
    assert population.groupby("year").size().eq(202).all()  # 0…100 for two sexes, one row each
    assert set(population.loc[population["year"] == 2025, "table_id"]) == {"TAB5557"}
    assert set(population.loc[population["year"] == 2024, "table_id"]) == {"TAB638"}
    # Old tables add up: the in-movers by age are the published yearly total.
    moved_in = ages[(ages["series"] == "in_migration")].groupby("year")["value"].sum()
    assert moved_in[2022] == 4100
    # Births by the mother's age, by the tables' ids and SCB's content "Antal": "–14 år" (an en dash) is 14,
    # "49+ år" 49, and the births of mothers of unknown age ("us") are spread so the years add up.
    births = ages[ages["series"] == "births"]
    assert births["age"].min() == 14 and births["age"].max() == 49
    assert births.groupby("year")["value"].sum()[2023] == pytest.approx(590)
    assert set(births.loc[births["year"] == 2024, "table_id"]) == {"TAB1264"}
    assert set(births.loc[births["year"] == 2025, "table_id"]) == {"TAB6401"}
    deaths = ages[ages["series"] == "deaths"]
    assert set(deaths["table_id"]) == {"TAB960", "TAB6757"}
    assert any("births: TAB1264, TAB6401" in n for n in _notes(fetched))
    assert not any("varning" in n for n in _notes(fetched))  # every label as expected
    # SCB's projection TAB698: men and women and every single age summed (no total is published).
    projection = fetched.projection.set_index("year")
    assert projection["table_id"].unique().tolist() == ["TAB698"]
    assert projection.index.min() == 2024 and len(projection) == 47
    assert projection.loc[2030, "value"] == age_tables.projection_total(2030)
    assert projection.loc[2030, "published"] == "2025-05-27"
    assert not [p for _, p in sources.requests if p == "/scb/tables"]  # by their ids: no search
    assert sources.calls("/scb/tables/TAB9199") == 0


def test_a_label_that_differs_is_a_warning_in_words_and_the_table_is_still_read(sources, catalog):
    def relabel(meta):
        meta["label"] = "Döda efter region, ålder vid dödsfallet och kön.  År 1968-2024"
        return meta

    sources.fault("/scb/tables/TAB960/metadata", Fault(transform=relabel))
    fetched = _fetch(catalog)
    assert any("varning: SCB TAB960 heter 'Döda efter region, ålder vid dödsfallet och kön" in n
               for n in _notes(fetched))
    assert {"TAB960", "TAB6757"} == set(fetched.ages.loc[fetched.ages["series"] == "deaths", "table_id"])


def test_an_id_that_answers_404_is_found_again_by_its_exact_label(sources, catalog):
    sources.fault("/scb/tables/TAB1264/metadata", Fault(status=404, times=1))
    fetched = _fetch(catalog)
    assert any("TAB1264 (404)" in n for n in _notes(fetched))
    births = fetched.ages[fetched.ages["series"] == "births"]
    assert set(births["table_id"]) == {"TAB1264", "TAB6401"}


def test_the_projection_found_by_label_skips_tables_with_the_same_words(sources, catalog):
    sources.fault("/scb/tables/TAB698/metadata", Fault(status=404, times=1))
    fetched = _fetch(catalog)
    # TAB9199 lies under BE0401 but its label only starts like the wanted one; TAB9198 has the label elsewhere.
    assert fetched.projection["table_id"].unique().tolist() == ["TAB698"]
    assert sources.calls("/scb/tables/TAB9199") == 0 and sources.calls("/scb/tables/TAB9198") == 0


def test_ages_are_read_from_scbs_labels_en_dash_included():
    meta = {"dimension": {"AlderModer": {"category": {"label": {
        "TotSA": "totalt, samtliga åldrar", "-14": "–14 år", "15": "15 år", "49+": "49+ år", "us": "uppgift saknas",
        "15-19": "15–19 år"}}}}}
    assert age_codes(meta, "AlderModer") == {"-14": 14, "15": 15, "49+": 49}


def test_the_first_code_of_an_age_is_taken_when_several_share_a_label():
    meta = {"dimension": {"Alder": {"category": {"label": {
        "TotSA": "totalt, samtliga åldrar", "0": "0 år", "0-4": "0-4 år", "100+1": "100+ år", "100+2": "100+ år"}}}}}
    assert age_codes(meta, "Alder") == {"0": 0, "100+1": 100}


def test_an_open_group_beside_the_single_ages_it_covers_is_refused():
    """"-5 år" means 0–5 (SCB's open group): beside "5 år" it would count the same deaths twice."""
    meta = {"dimension": {"Alder": {"category": {"label": {
        "tot": "totalt ålder", "-5": "-5 år", **{str(a): f"{a} år" for a in range(0, 100)}, "100+": "100+ år"}}}}}
    with pytest.raises(FetchError) as refused:
        age_codes(meta, "Alder")
    assert refused.value.sv == "SCB:s variabel Alder har koder som täcker samma ålder (-5 år); tabellen lästes inte"


def test_no_projection_found_is_not_a_failure(sources, catalog):
    sources.fault("/scb/tables/TAB698/metadata", Fault(status=404))
    sources.fault("/scb/tables", Fault(query_contains="framskriven", transform=lambda body: {**body, "tables": []}))
    fetched = _fetch(catalog)
    assert fetched.projection is None and any(n.startswith("projection: –") for n in _notes(fetched))
    assert len(fetched.ages) > 0


def test_a_missing_births_table_fails_with_its_label(sources, catalog):
    sources.fault("/scb/tables/TAB1264/metadata", Fault(status=404))
    sources.fault("/scb/tables", Fault(query_contains="moderns", transform=lambda body: {**body, "tables": []}))
    with pytest.raises(FetchError) as err:
        _fetch(catalog)
    assert "Födda efter region, moderns ålder och barnets kön" in err.value.sv


def test_a_changed_age_variable_fails_in_words(sources, catalog):
    def rename(meta):
        meta["dimension"]["AlderModer"]["category"]["label"] = {"tot": "totalt ålder"}
        return meta

    sources.fault("/scb/tables/TAB1264/metadata", Fault(transform=rename))
    with pytest.raises(FetchError) as err:
        _fetch(catalog)
    assert "TAB1264" in err.value.sv and "AlderModer" in err.value.sv


def test_sexes_are_read_from_their_words_or_scbs_codes():
    from kpis.sources.scb_ages import sex_codes

    def meta(labels):
        return {"dimension": {"Kon": {"category": {"label": labels}}}}

    assert sex_codes(meta({"TotSa": "totalt", "1": "män", "2": "kvinnor"}), "Kon", "T") == {"1": "1", "2": "2"}
    assert sex_codes(meta({"b": "pojkar", "g": "flickor"}), "Kon", "T") == {"b": "1", "g": "2"}
    assert sex_codes(meta({"1": "boys", "2": "girls"}), "Kon", "T") == {"1": "1", "2": "2"}
    with pytest.raises(FetchError):
        sex_codes(meta({"x": "okänt"}), "Kon", "T")


def test_an_unreadable_projection_is_left_out_with_the_reason(sources, catalog):
    def extra_variable(meta):
        meta["id"].insert(1, "Alternativ")
        meta["dimension"]["Alternativ"] = {"label": "alternativ", "category": {
            "index": {"H": 0, "L": 1}, "label": {"H": "huvudalternativ", "L": "lågt"}},
            "extension": {"elimination": False}}
        return meta

    sources.fault("/scb/tables/TAB698/metadata", Fault(transform=extra_variable))
    fetched = _fetch(catalog)
    assert fetched.projection is None and len(fetched.ages) > 0
    assert any(n.startswith("projection: – (SCB TAB698") for n in _notes(fetched))
