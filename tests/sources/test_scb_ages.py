"""The series by age and sex, and SCB's projection, from the local SCB (tests/fakes/age_tables.py)."""

import pytest

from kpis.core.registry import KINDS
from kpis.sources.errors import FetchError
from kpis.sources.scb_ages import age_codes, fetch_ages
from tests.fakes.sources_server import Fault


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
    # Births by the mother's age: "-14 år" is 14, "49+ år" 49.
    births = ages[ages["series"] == "births"]
    assert births["age"].min() == 14 and births["age"].max() == 49
    # Found by label: the births and deaths tables, and the projection under BE0401 (not the decoy).
    assert any("births: TAB9101, TAB9102" in n for n in fetched.notes)
    assert fetched.projection["table_id"].unique().tolist() == ["TAB9105"]
    assert fetched.projection["year"].min() == 2025 and len(fetched.projection) == 46


def test_the_first_code_of_an_age_is_taken_when_several_share_a_label():
    meta = {"dimension": {"Alder": {"category": {"label": {
        "TotSA": "totalt, samtliga åldrar", "0": "0 år", "0-4": "0-4 år", "100+1": "100+ år", "100+2": "100+ år"}}}}}
    assert age_codes(meta, "Alder") == {"0": 0, "100+1": 100}


def test_no_projection_found_is_not_a_failure(sources, catalog):
    sources.fault("/scb/tables", Fault(query_contains="framskriven", transform=lambda body: {**body, "tables": []}))
    fetched = _fetch(catalog)
    assert fetched.projection is None and "projection: –" in fetched.notes
    assert len(fetched.ages) > 0


def test_a_missing_births_table_fails_with_its_label(sources, catalog):
    sources.fault("/scb/tables", Fault(query_contains="levande", transform=lambda body: {**body, "tables": []}))
    with pytest.raises(FetchError) as err:
        _fetch(catalog)
    assert "Levande födda efter region, moderns ålder" in err.value.sv


def test_a_changed_age_variable_fails_in_words(sources, catalog):
    def rename(meta):
        meta["dimension"]["AlderModer"]["category"]["label"] = {"tot": "totalt ålder"}
        return meta

    sources.fault("/scb/tables/TAB9101/metadata", Fault(transform=rename))
    with pytest.raises(FetchError) as err:
        _fetch(catalog)
    assert "TAB9101" in err.value.sv and "AlderModer" in err.value.sv


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

    sources.fault("/scb/tables/TAB9105/metadata", Fault(transform=extra_variable))
    fetched = _fetch(catalog)
    assert fetched.projection is None and len(fetched.ages) > 0
    assert any(n.startswith("projection: – (SCB TAB9105") for n in fetched.notes)
