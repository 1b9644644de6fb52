import math

from kpis.sources.kolada import fetch_kolada, kolada_id, region_code


def test_region_ids_follow_kolada():
    assert [kolada_id(c) for c in ("2380", "23", "00")] == ["2380", "0023", "0000"]
    assert [region_code(c) for c in ("2380", "0023", "0000")] == ["2380", "23", "00"]


def test_fetch_follows_next_url_and_keeps_status(sources, sources_catalog):
    fetched = fetch_kolada(sources_catalog, list(sources_catalog.regions), f"{sources.base}/kolada", 2.0)
    obs = fetched.observations
    rate = obs[obs["kpi_id"] == "new_companies_per_1000"]
    assert set(zip(rate["region_code"], rate["period"], strict=True)) == {
        ("2380", "2022"), ("2380", "2023"), ("2380", "2024"), ("23", "2017"), ("00", "2017"), ("23", "2024")}
    assert rate.query("region_code == '2380' and period == '2024'")["value"].item() == 10.9  # gender T
    missing = rate.query("region_code == '23' and period == '2024'")
    assert math.isnan(missing["value"].item()) and missing["status"].item() == "Uppgift saknas"
    assert "2281" not in set(rate["region_code"])  # isdeleted
    assert sources.calls("/kolada/data/kpi/N00999") == 2  # both pages
    assert fetched.calls == 3


def test_similar_municipalities_are_read_by_title_not_by_hand():
    from kpis.sources.kolada import group_title

    assert group_title("Liknande kommuner, övergripande, Östersund, 2025", "Östersund") == ("övergripande", 2025)
    assert group_title("Liknande kommuner, IFO, barn och unga, Östersund, 2024", "Östersund") == (
        "IFO, barn och unga", 2024)
    assert group_title("Liknande kommuner, övergripande, Sundsvall, 2025", "Östersund") is None  # lists us
    assert group_title("Östersunds FA-region", "Östersund") is None


def test_groups_that_fail_keep_the_figures_and_the_stored_groups(sources, fresh_db, catalog):
    from kpis.pipeline.refresh import refresh
    from tests.conftest import query
    from tests.fakes.sources_server import Fault

    assert refresh(fresh_db, catalog, ["kolada"])[0].ok
    stored = query(fresh_db, "SELECT count(*) FROM municipality_group")[0][0]
    assert stored > 0
    sources.fault("/kolada/municipality_groups", Fault(status=404))
    result = refresh(fresh_db, catalog, ["kolada"])[0]
    assert result.ok  # the figures are written
    assert "groups of similar municipalities could not be fetched" in result.message("en")
    assert query(fresh_db, "SELECT count(*) FROM municipality_group")[0][0] == stored
