"""The one chart list: the catalog names the kinds, every surface builds the same chart from the same inputs."""

from __future__ import annotations

import dataclasses

import pytest

from kpis.core.catalog import CatalogError, parse_catalog
from kpis.core.goal import chart_kpis, try_model
from kpis.pipeline.model_inputs import read_extras
from kpis.present import chart_list
from kpis.store import reads
from kpis.store.files import reading


@pytest.fixture(scope="module")
def inputs(seeded_db, catalog):
    with reading(seeded_db) as con:
        obs = reads.observations(con, [*chart_kpis(catalog), "guest_nights"], list(catalog.always))
        extras = read_extras(con, catalog)
        facts = reads.facts(con)
    return chart_list.Inputs(obs, catalog, "sv", try_model(obs, catalog, extras), extras, facts,
                             regions=list(catalog.always))


def test_the_goal_kpi_offers_the_goals_charts_first_then_its_own(catalog):
    goal_kpi = catalog.kpis[catalog.goal.kpi]
    assert chart_list.kinds(goal_kpi, catalog) == (*catalog.goal.charts, "trend", "compare", "map", "distribution",
                                                   "rank")
    assert chart_list.kinds(catalog.kpis["guest_nights_month"], catalog) == ("season",)
    assert chart_list.function_kinds("marknad", catalog) == ("required_net",)
    assert chart_list.function_kinds("utveckling", catalog) == ("plan", "timeline")


def test_every_kind_the_catalog_names_is_built_from_the_bundled_store(inputs, catalog):
    kinds = [*catalog.goal.charts, *(k for f in catalog.functions for k in chart_list.function_kinds(f, catalog))]
    built = {kind: chart_list.build(kind, inputs) for kind in kinds}
    # The bundled model is the components model (no ages for births and deaths): no age-group chart.
    assert built.pop("age_groups") is None
    assert built.pop("months") is None  # SCB's monthly statistics come with a refresh, not in the snapshot
    assert all(spec is not None and spec.kind == kind for kind, spec in built.items()), built


def test_a_kpis_own_charts_are_built_in_one_go_and_in_the_catalogs_order(inputs, catalog):
    kpi = catalog.kpis["guest_nights"]
    specs = chart_list.charts(kpi.charts, inputs, kpi)
    assert [s.kind for s in specs] == ["trend", "compare"]
    assert chart_list.build("trend", inputs, kpi).title == specs[0].title


def test_charts_drawn_from_the_model_need_its_run(inputs):
    without = dataclasses.replace(inputs, result=None)
    assert {k for k in chart_list.KINDS if chart_list.build(k, without) is None and chart_list.build(k, inputs)} \
        >= {"model", "required_net"}
    assert chart_list.build("no_such_chart", inputs) is None


def test_an_unknown_chart_in_the_catalog_is_refused_with_its_name(catalog):
    import tomllib

    from kpis.core.catalog import CATALOG_PATH

    raw = tomllib.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    raw["goal"]["overview"] = ["goal", "map"]
    with pytest.raises(CatalogError, match="map"):
        parse_catalog(raw)
