"""Hostile answers from SCB and Kolada (issue 35): years to come or never asked, answers far larger than asked,
levels that do not add up, regions under another name, groups that make no sense. Each refresh leaves the store
as it was (or changes only the healthy part) and says why in words."""

from __future__ import annotations

import copy
from datetime import date

import duckdb
import pandas as pd
import pytest

from kpis.pipeline.checks import check_fetched
from kpis.pipeline.level_checks import check_levels, check_region_names
from kpis.pipeline.refresh import refresh
from kpis.sources.http import CountingAdapter
from tests.conftest import cli, copy_store, query
from tests.fakes.sources_server import Fault
from tests.pipeline.test_refresh import _rows

KOLADA = "/kolada/data/kpi/N02243"


def _with_rows(extra):
    """A Kolada answer with more rows, each a copy of the first with the given period (and region)."""
    def transform(body):
        body = copy.deepcopy(body)
        first = body["values"][0]
        body["values"] += [{**first, **row} for row in extra]
        return body
    return transform


@pytest.fixture
def refreshed(refreshed_db, tmp_path):
    return copy_store(refreshed_db, tmp_path / "tillvaxt.duckdb")


@pytest.mark.parametrize(("periods", "words"), [
    ([2099], "inte är slut"),  # a year that has not begun
    ([date.today().year], "inte är slut"),  # the year under way has no yearly figure yet
    ([1066, 1500], "före källans första år"),  # never asked for, before Kolada began
])
def test_kolada_years_to_come_or_before_it_began_are_refused(periods, words, sources, sources_catalog, refreshed):
    before = _rows(refreshed, "kolada")
    sources.fault(KOLADA, Fault(transform=_with_rows([{"period": p} for p in periods])))
    [result] = refresh(refreshed, sources_catalog, ["kolada"])
    assert not result.ok and words in result.message_sv, result.message_sv
    assert _rows(refreshed, "kolada") == before


def test_a_year_to_come_from_any_source_is_refused_before_writing(sources_catalog):
    frame = pd.DataFrame({"kpi_id": ["population"] * 3, "region_code": ["2380"] * 3,
                          "period": ["2024", "2025", "2026"], "value": [64979.0, 64963.0, 65000.0]})
    problems = check_fetched(frame, sources_catalog, frame.iloc[0:0], "scb", date(2026, 12, 6))
    assert [p.key for p in problems] == ["check_future"] and "2026" in problems[0].message("sv")
    assert check_fetched(frame, sources_catalog, frame.iloc[0:0], "scb", date(2027, 1, 1)) == []
    months = pd.DataFrame({"kpi_id": ["guest_nights_month"] * 2, "region_code": ["2380"] * 2,
                           "period": ["2026M11", "2026M12"], "value": [1.0, 2.0]})
    assert [p.message("en") for p in check_fetched(months, sources_catalog, months.iloc[0:0], "tillvaxtverket",
                                                    date(2026, 12, 6))] == [
        "periods that have not ended (a year or month under way has no figure): 2026M12"]


def test_migrate_removes_a_sources_figures_for_a_year_to_come(refreshed):
    with duckdb.connect(str(refreshed)) as con:
        con.execute("""INSERT INTO observation BY NAME SELECT * REPLACE ('2099' AS period)
                       FROM observation WHERE source_id = 'scb' AND kpi_id = 'population' AND period = '2024'""")
    assert query(refreshed, "SELECT count(*) FROM observation WHERE period = '2099'")[0][0] > 0
    ran = cli("migrate", "--db", str(refreshed))
    assert ran.returncode == 0 and "2099" in ran.stdout and "togs bort" in ran.stdout, ran.stdout
    assert query(refreshed, "SELECT count(*) FROM observation WHERE period = '2099'")[0][0] == 0
    again = cli("migrate", "--db", str(refreshed))
    assert "togs bort" not in again.stdout  # said once: nothing left to remove


def test_a_page_of_far_more_rows_than_asked_is_refused_while_it_is_read(sources, sources_catalog, refreshed):
    before = _rows(refreshed, "kolada")
    sources.fault(KOLADA, Fault(transform=_with_rows([{"period": 2000 + i % 20, "municipality": f"{i:06d}"}
                                                      for i in range(60_000)])))
    [result] = refresh(refreshed, sources_catalog, ["kolada"])
    assert not result.ok and "större än det som efterfrågades" in result.message_sv, result.message_sv
    assert _rows(refreshed, "kolada") == before
    sources.fault(KOLADA, Fault(transform=_with_rows([{"period": 2000 + i % 20} for i in range(3_000)])))
    [result] = refresh(refreshed, sources_catalog, ["kolada"])
    assert not result.ok and "fler rader" in result.message_sv, result.message_sv


def test_an_answer_is_read_no_further_than_its_limit(sources):
    import requests

    from kpis.sources.http import TooLarge

    session = requests.Session()
    adapter = CountingAdapter(5.0, max_bytes=100)
    session.mount("http://", adapter)
    with pytest.raises(TooLarge):
        session.get(f"{sources.base}/kolada/data/kpi/N02243/municipality/2380")
    adapter.max_bytes = 10_000_000
    assert session.get(f"{sources.base}/kolada/data/kpi/N02243/municipality/2380").json()["values"]


def test_levels_that_do_not_add_up_are_refused(sources, sources_catalog, refreshed):
    before = _rows(refreshed, "scb")
    sources.revise("TAB638", 10, Region="00", ContentsCode="BE0101N1", Tid="2024")  # Riket at 10
    [result] = refresh(refreshed, sources_catalog, ["scb"])
    assert not result.ok and "nivåerna går inte ihop" in result.message_sv and "Riket" in result.message_sv
    assert _rows(refreshed, "scb") == before


def test_a_population_that_jumps_is_refused(sources, sources_catalog, refreshed):
    before = _rows(refreshed, "scb")
    sources.revise("TAB638", 1, Region="2380", ContentsCode="BE0101N1", Tid="2024")  # one inhabitant
    [result] = refresh(refreshed, sources_catalog, ["scb"])
    assert not result.ok and "Östersund 2024" in result.message_sv, result.message_sv
    assert _rows(refreshed, "scb") == before


def test_the_level_checks_find_a_doubled_county_and_a_part_above_its_whole(catalog):
    from kpis.core import places

    members = [m for m in places.municipalities() if m.startswith("23")]
    rows = [("population", m, "2024", 10_000.0) for m in members]
    rows += [("population", "23", "2024", 10_000.0 * len(members))]
    frame = pd.DataFrame(rows, columns=["kpi_id", "region_code", "period", "value"])
    assert check_levels(frame, catalog) == []
    doubled = frame.assign(value=[*frame["value"][:-1], 20_000.0 * len(members)])
    [problem] = check_levels(doubled, catalog)
    assert "Jämtlands län 160 000 ≠ 80 000 (8)" in problem.message("sv")
    above = pd.DataFrame([("population", "2380", "2024", 2e7), ("population", "00", "2024", 1.06e7)],
                         columns=["kpi_id", "region_code", "period", "value"])
    assert "Östersund 20 000 000 > Riket" in check_levels(above, catalog)[0].message("sv")


def test_a_region_under_another_name_is_refused():
    labels = pd.DataFrame([("TAB638", "Region", "2380", "Stockholm"), ("TAB638", "Region", "23", "Jämtlands län"),
                           ("TAB638", "Region", "00", "Riket"), ("TAB638", "Tid", "2024", "2024")],
                          columns=["table_id", "variable", "code", "label"])
    [problem] = check_region_names(labels)
    assert "2380 'Stockholm' ≠ Östersund" in problem.message("sv")
    assert check_region_names(labels[labels["code"] != "2380"]) == []


def test_scb_labelling_a_code_with_another_name_writes_nothing(sources, sources_catalog, refreshed):
    before = _rows(refreshed, "scb")

    def rename(body):
        body = copy.deepcopy(body)
        if isinstance(body, dict) and "dimension" in body:
            body["dimension"]["Region"]["category"]["label"]["2380"] = "Stockholm"
        return body

    sources.fault("/scb/tables/TAB638", Fault(transform=rename))
    [result] = refresh(refreshed, sources_catalog, ["scb"])
    assert not result.ok and "Stockholm" in result.message_sv, result.message_sv
    assert _rows(refreshed, "scb") == before


def _groups(transform):
    def change(body):
        body = copy.deepcopy(body)
        body["values"] = [transform(copy.deepcopy(g)) for g in body["values"]]
        return body
    return change


def _everyone_store(everyone_db, tmp_path, everyone_server, monkeypatch):
    db = copy_store(everyone_db, tmp_path / "everyone.duckdb")
    for key, value in everyone_server.env().items():
        monkeypatch.setenv(key, value)
    everyone_server.clear()
    return db


@pytest.mark.parametrize("bad", ["member twice", "year 10^23", "year 3025", "id outside the route"])
def test_a_bad_group_is_skipped_and_the_figures_still_come(bad, everyone_db, everyone_server, catalog, tmp_path,
                                                           monkeypatch):
    db = _everyone_store(everyone_db, tmp_path, everyone_server, monkeypatch)

    def spoil(group):
        if group["id"] != "G99201":
            return group
        if bad == "member twice":
            group["members"] = [*group["members"], group["members"][0]]
        elif bad.startswith("year"):
            group["title"] = group["title"].rsplit(",", 1)[0] + (", 100000000000000000000000" if "23" in bad
                                                                  else ", 3025")
        else:
            group["id"] = "../../data/kpi/N00999/year/2024"
        return group

    everyone_server.fault("/kolada/municipality_groups", Fault(transform=_groups(spoil)))
    try:
        [result] = refresh(db, catalog, ["kolada"])
    finally:
        everyone_server.clear()
    assert result.ok, result.message_sv
    assert "hoppades över" in result.message_sv
    groups = {g for (g,) in query(db, "SELECT DISTINCT group_id FROM municipality_group")}
    assert "G99201" not in groups and groups  # the bad group skipped, the others kept
    assert not [p for _, p in everyone_server.requests if "/year/2024" in p and "groups" not in p]


def test_kolada_without_its_route_for_everyone_still_refreshes_the_catalogs_regions(
        everyone_db, everyone_server, catalog, tmp_path, monkeypatch):
    db = _everyone_store(everyone_db, tmp_path, everyone_server, monkeypatch)
    others = query(db, "SELECT count(*) FROM observation WHERE source_id = 'kolada' AND region_code NOT IN "
                       "(SELECT unnest(?))", [list(catalog.regions)])[0][0]
    assert others > 0
    everyone_server.fault("/kolada/data/kpi/N00999/year/", Fault(status=404))
    try:
        [result] = refresh(db, catalog, ["kolada"])
    finally:
        everyone_server.clear()
    assert result.ok, result.message_sv  # not refused as "shrunk" for the ~300 regions it did not ask about
    assert query(db, "SELECT count(*) FROM observation WHERE source_id = 'kolada' AND region_code NOT IN "
                     "(SELECT unnest(?))", [list(catalog.regions)])[0][0] == others  # kept as they were


def test_no_python_reaches_a_refresh_message(sources, sources_catalog, refreshed):
    sources.fault(KOLADA, Fault(transform=lambda _body: b"<html>not json</html>"))
    [result] = refresh(refreshed, sources_catalog, ["kolada"])
    assert not result.ok
    for text in (result.message_sv, result.message_en):
        assert not any(word in text for word in ("Error", "Expecting value", "Traceback", "line 1 column")), text
    assert "inte giltig JSON" in result.message_sv


def test_thousands_of_made_up_regions_are_refused_in_one_short_sentence(sources_catalog):
    frame = pd.DataFrame({"kpi_id": "population", "region_code": [f"9{i:04d}" for i in range(5013)],
                          "period": "2024", "value": 1.0})
    [problem] = check_fetched(frame, sources_catalog, frame.iloc[0:0], "scb", date(2026, 12, 6))
    text = problem.message("sv")
    assert problem.key == "check_unknown_regions" and "(+5008)" in text and len(text) < 300


def test_deaths_by_age_that_do_not_add_up_to_the_published_total_are_refused(sources, catalog, fresh_db):
    def inflate(body):
        body = copy.deepcopy(body)
        if isinstance(body, dict) and isinstance(body.get("value"), list):
            body["value"] = [777 if v is not None else None for v in body["value"]]
        return body

    before = query(fresh_db, "SELECT count(*) FROM age_observation")[0][0]
    sources.fault("/scb/tables/TAB6757/data", Fault(transform=inflate))
    [result] = refresh(fresh_db, catalog, ["scb_ages"])
    assert not result.ok and "summerar inte till SCB:s publicerade total" in result.message_sv, result.message_sv
    assert "deaths 2380 2025" in result.message_sv
    assert query(fresh_db, "SELECT count(*) FROM age_observation")[0][0] == before  # nothing written


def test_a_monthly_table_with_another_variable_set_is_refused_in_words(sources, sources_catalog, catalog,
                                                                         refreshed):
    import dataclasses

    from tests.conftest import MONTH_KPIS

    months_catalog = dataclasses.replace(sources_catalog, kpis={**sources_catalog.kpis,
                                                                **{k: catalog.kpis[k] for k in MONTH_KPIS}})
    before = _rows(refreshed, "scb")

    def renamed(body):
        body = copy.deepcopy(body)
        if isinstance(body, dict) and "dimension" in body and "Kon" in body["dimension"]:
            body["dimension"]["Sex"] = body["dimension"].pop("Kon")
            body["id"] = ["Sex" if v == "Kon" else v for v in body["id"]]
        return body

    sources.fault("/scb/tables/TAB6473", Fault(transform=renamed))
    [result] = refresh(refreshed, months_catalog, ["scb"])
    assert not result.ok and "TAB6473" in result.message_sv and "Sex" in result.message_sv, result.message_sv
    assert _rows(refreshed, "scb") == before
