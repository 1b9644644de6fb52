import json

import pytest

from kpis.sources.errors import FetchError
from kpis.sources.result import observation_frame
from kpis.sources.scb import (
    TABLES,
    ScbTable,
    Wanted,
    build_selection,
    fetch_scb,
    resolve_label,
    resolve_total,
    stitch,
)
from tests.conftest import PROJECT_DIR

POPULATION = [Wanted("Folkmängd", (), "population")]
FIXTURES = PROJECT_DIR / "tests" / "fixtures" / "scb"


def _meta(table):
    return json.loads((FIXTURES / f"{table}.json").read_text(encoding="utf-8"))["metadata"]


def test_codes_are_resolved_by_label_in_each_table():
    assert resolve_label(_meta("TAB638"), "ContentsCode", "Folkmängd", "TAB638") == "BE0101N1"
    assert resolve_label(_meta("TAB5557"), "ContentsCode", "Folkmängd", "TAB5557") == "000007ME"
    assert resolve_label(_meta("TAB5169"), "Forandringar", "födda", "TAB5169") == "115"
    assert resolve_label(_meta("TAB6640"), "ContentsCode", "Inflyttningar", "TAB6640") == "0000086A"


def test_an_unknown_label_says_the_table_changed():
    with pytest.raises(FetchError, match="the table has changed") as err:
        resolve_label(_meta("TAB638"), "ContentsCode", "Medelfolkmängd", "TAB638")
    assert "etiketten 'Medelfolkmängd'; tabellen har ändrats" in err.value.text("sv")


def test_ckm_totals_are_chosen_explicitly_among_several_total_codes():
    meta = _meta("TAB5557")
    assert resolve_total(meta, "Alder", "TAB5557") == "TotSA"  # not "Tot1", another hierarchy's total
    assert resolve_total(meta, "Kon", "TAB5557") == "TotSa"
    assert resolve_total(meta, "Civilstand", "TAB5557") == "SC"


def test_a_published_total_is_selected_eliminable_or_not_and_a_variable_without_one_is_left_out():
    old, _, _, _ = build_selection(_meta("TAB638"), TABLES["TAB638"], POPULATION, ["2380", "00"])
    # Alder has its total 'tot'; Kon and Civilstand have none and are summed by SCB (no noise before 2025).
    assert set(old) == {"Region", "ContentsCode", "Tid", "Alder"} and old["Alder"] == ["tot"]
    new, _, used, _ = build_selection(_meta("TAB5557"), TABLES["TAB5557"], POPULATION, ["2380", "00", "9999"])
    assert new["Kon"] == ["TotSa"] and new["Alder"] == ["TotSA"] and new["Civilstand"] == ["SC"]
    assert new["Region"] == ["2380", "00"]  # a region the table lacks is left out
    assert ("TAB5557", "Kon", "TotSa", "totalt, samtliga män och kvinnor") in used


def test_a_table_whose_variables_changed_is_refused():
    meta = _meta("TAB638")
    meta["id"] = [v for v in meta["id"] if v != "Kon"] + ["Kön"]
    with pytest.raises(FetchError, match=r"variables have changed \(missing: Kon; new: Kön\)") as err:
        build_selection(meta, TABLES["TAB638"], POPULATION, ["2380"])
    assert "serien lämnas orörd" in err.value.text("sv")


def test_a_content_is_found_by_its_code_and_its_label_is_a_check():
    meta = _meta("TAB638")
    codes, names, _, warnings = build_selection(meta, ScbTable("TAB638", None), [
        Wanted("Folkmängd", ("NOPE", "BE0101N1"), "population")], ["2380"], {"Alder": ("x", "tot")})
    assert codes["ContentsCode"] == ["BE0101N1"] and names == {"BE0101N1": "population"} and warnings == []
    assert codes["Alder"] == ["tot"]  # the first of the catalog's codes the table has
    _, _, _, warnings = build_selection(meta, ScbTable("TAB638", None), [
        Wanted("Medelålder", ("BE0101N1",), "mean_age")], ["2380"])
    # taken by its code, the label warned
    assert [w.message("sv") for w in warnings] == ["TAB638 BE0101N1: 'Folkmängd' ≠ 'Medelålder'"]
    with pytest.raises(FetchError, match=r"Alder=x \| y"):
        build_selection(meta, ScbTable("TAB638", None), POPULATION, ["2380"], {"Alder": ("x", "y")})


def test_stitch_lets_the_new_table_win_a_shared_period():
    old = observation_frame([{"kpi_id": "population", "region_code": "2380", "period": p, "value": v}
                             for p, v in [("2024", 1.0), ("2025", 2.0)]])
    new = observation_frame([{"kpi_id": "population", "region_code": "2380", "period": "2025", "value": 3.0}])
    out = stitch({"TAB638": old, "TAB5557": new}, ["TAB638", "TAB5557"])
    assert dict(zip(out["period"], out["value"], strict=True)) == {"2024": 1.0, "2025": 3.0}


def test_fetch_reads_published_totals_and_stitches_2024_and_2025(sources, sources_catalog):
    fetched = fetch_scb(sources_catalog, list(sources_catalog.regions), f"{sources.base}/scb", 2.0)
    pop = fetched.observations.query("kpi_id == 'population' and value == value")
    series = {(r.region_code, r.period): r.value for r in pop.itertuples()}
    assert series[("2380", "2024")] == 64979  # TAB638
    assert series[("2380", "2025")] == 64963  # TAB5557's published total, not men + women (64 970)
    assert series[("00", "2025")] == 10605520  # not the sum of single ages (10 605 366)
    assert pop.query("region_code == '2380'")["note"].tolist()[-1] == "SCB TAB5557"
    births = fetched.observations.query("kpi_id == 'natural_increase' and region_code == '00'")
    assert dict(zip(births["period"], births["value"], strict=True))["2025"] == 5300  # TotSa, not 2711 + 2617
    # One call for /config, then metadata + data per table: all regions go in one data call.
    assert fetched.calls == 1 + 2 * 6
    assert sources.calls("/scb/tables/TAB638/data") == 1


def test_an_eliminable_variable_with_a_total_is_read_as_published_not_summed(sources, sources_catalog):
    """Kon is eliminable in TAB5557: leaving it out makes SCB sum the noised parts (32 512 + 32 458 = 64 970),
    a figure SCB never published; the published total is 64 963."""
    meta = _meta("TAB5557")
    assert meta["dimension"]["Kon"]["extension"]["elimination"]
    fetched = fetch_scb(sources_catalog, ["2380"], f"{sources.base}/scb", 2.0)
    pop = fetched.observations.query("kpi_id == 'population' and period == '2025'")
    assert pop["value"].tolist() == [64963]
    import requests
    summed = requests.post(f"{sources.base}/scb/tables/TAB5557/data", timeout=5, json={"selection": [
        {"variableCode": "Region", "valueCodes": ["2380"]}, {"variableCode": "Civilstand", "valueCodes": ["SC"]},
        {"variableCode": "Alder", "valueCodes": ["TotSA"]},
        {"variableCode": "ContentsCode", "valueCodes": ["000007ME"]},
        {"variableCode": "Tid", "valueCodes": ["2025"]}]}).json()
    assert summed["value"] == [64970]  # the stand-in sums the parts on elimination, as SCB does
