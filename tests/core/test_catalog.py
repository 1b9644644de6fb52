import tomllib

import pytest

from kpis.core.catalog import CATALOG_PATH, CatalogError, parse_catalog


def _raw():
    with open(CATALOG_PATH, "rb") as fh:
        return tomllib.load(fh)


def test_catalog_covers_every_function(catalog):
    for function in ("oversikt", "naringsliv", "marknad", "destination", "utveckling"):
        assert catalog.kpis_of(function), function
    assert catalog.goal.target_value == 75000 and catalog.goal.target_year == 2040
    assert set(catalog.peers_default) == {"2281", "2480", "2580", "2482", "2080", "2180"}


def test_every_kpi_is_bilingual(catalog):
    for kpi in catalog.kpis.values():
        assert kpi.title["sv"] and kpi.title["en"], kpi.id
        assert kpi.description["sv"] != kpi.description["en"], kpi.id


def test_status_thresholds_come_from_the_catalog(catalog):
    assert 0 < catalog.status.on_track_min_ratio <= 1.5
    assert catalog.status.pace_years == 5


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("direction", "sideways", "direction"), ("periodicity", "daily", "periodicity"),
     ("function", "nowhere", "unknown function")],
)
def test_bad_entries_are_refused(field, value, message):
    raw = _raw()
    raw["kpis"][0][field] = value
    with pytest.raises(CatalogError, match=message):
        parse_catalog(raw)


@pytest.mark.parametrize(("change", "words"), [
    (lambda r: r["kpis"][0].update(decimals="many"), "kpi population: decimals: Input should be a valid integer"),
    (lambda r: r["kpis"][0].update(plausible=[5, 1]), "kpi population: plausible must be [low, high]"),
    (lambda r: r["kpis"][0].update(computed="population - nosuch"), "computed from unknown KPIs nosuch"),
    (lambda r: r["goal"].update(overview=["goal", "map"]), "goal: overview: unknown charts map"),
    (lambda r: r["cohort"]["series"][1].update(tables=["X1"]), "cohort series births: tables must be SCB table ids"),
    (lambda r: r["cohort"].update(groups=[[0, 19], [21, 100]]), "cohort: groups must follow each other"),
    (lambda r: r["regions"][0].pop("en"), "region 2380: missing en"),
    (lambda r: r["home"].pop("county"), "home: missing county"),
    (lambda r: r["status"].update(pace_years="x"), "status: pace_years: Input should be a valid integer"),
    (lambda r: r["functions"]["marknad"].update(charts=["map"]), "function marknad: unknown charts map"),
    (lambda r: r["regions"][0].update(level="stad"), "region 2380: level must be one of"),
])
def test_the_catalog_is_checked_against_its_declared_shape_in_words(change, words):
    """pydantic checks the shape (kpis/core/catalog_schema.py); the problem is said naming the entry and key."""
    raw = _raw()
    change(raw)
    with pytest.raises(CatalogError) as refused:
        parse_catalog(raw)
    assert words in str(refused.value)


def test_every_problem_is_said_at_once():
    raw = _raw()
    raw["kpis"][0]["direction"] = "sideways"
    raw["kpis"][1]["periodicity"] = "daily"
    with pytest.raises(CatalogError) as refused:
        parse_catalog(raw)
    assert "direction must be one of" in str(refused.value) and "periodicity must be one of" in str(refused.value)


def test_duplicate_kpi_is_refused():
    raw = _raw()
    raw["kpis"].append(dict(raw["kpis"][0]))
    with pytest.raises(CatalogError, match="twice"):
        parse_catalog(raw)


def test_missing_translation_is_refused():
    raw = _raw()
    del raw["kpis"][0]["title_en"]
    with pytest.raises(CatalogError, match="title_en"):
        parse_catalog(raw)


def test_the_site_section_names_the_publisher_once_for_every_surface(catalog):
    import dataclasses

    import pandas as pd

    from kpis.core.catalog import Site
    from kpis.pipeline.export import feed

    assert catalog.site.publisher == {"sv": "Östersunds kommun", "en": "Östersund municipality"}
    other = dataclasses.replace(catalog, site=Site("Panelen", {"sv": "Krokoms kommun", "en": "Krokom municipality"},
                                                   {"sv": "Tillväxt", "en": "Growth"}, "https://krokom.se/",
                                                   {"sv": "Krokom", "en": "Krokom"}))
    empty = pd.DataFrame(columns=["changed_at", "kind", "kpi_id", "region_code", "period", "old", "new", "who"])
    assert b"<name>Krokom municipality</name>" in feed.atom(empty, other, "https://x.se", "en")
