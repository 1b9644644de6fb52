import pandas as pd
import pytest

from kpis.present import specs


def _obs(rows):
    return pd.DataFrame([{"kpi_id": k, "region_code": r, "period": p, "value": v, "preliminary": False,
                          "source_id": "seed", "source_url": "https://x.se", "source_type": "municipal_site",
                          "note": None, "retrieved_at": pd.Timestamp("2026-11-26"), "source_class": "republished"}
                         for k, r, p, v in rows])


POP = [("population", "2380", "2020", 64000.0), ("population", "2380", "2021", 64500.0),
       ("population", "00", "2020", 10_000_000.0), ("population", "00", "2021", 10_100_000.0)]


def _values(spec):
    return {(r, p): v for r, p, v in zip(spec.table["region"], spec.table["period"], spec.table["value"],
                                         strict=True)}


def test_counts_of_different_sized_places_are_never_drawn_on_one_axis(catalog):
    obs = _obs([*POP, ("deaths", "2380", "2020", 600.0), ("deaths", "2380", "2021", 640.0),
                ("deaths", "00", "2020", 98000.0), ("deaths", "00", "2021", 91000.0)])
    kpi = catalog.kpis["deaths"]
    trend, _ = specs.kpi_specs(kpi, obs, ["2380", "00"], catalog, "sv")
    values = _values(trend)
    assert values[("Östersund", "2020")] == pytest.approx(round(600 / 64000 * 1000, 2))
    assert "per 1 000 invånare" in trend.summary and "folkmängd 31 december" in trend.summary
    indexed, _ = specs.kpi_specs(kpi, obs, ["2380", "00"], catalog, "sv", measure="index")
    values = _values(indexed)
    assert values[("Östersund", "2020")] == 100 and values[("Riket", "2021")] == pytest.approx(92.86)
    home_only = specs.kpi_specs(kpi, obs, ["2380"], catalog, "sv")[0]
    assert list(home_only.table["value"]) == [600.0, 640.0]  # absolute counts for one region only


def test_the_population_itself_is_compared_as_an_index(catalog):
    trend, compare = specs.kpi_specs(catalog.kpis["population"], _obs(POP), ["2380", "00"], catalog, "en",
                                     measure="per_1000")
    assert "index" in trend.table["unit"].iloc[0] and "index" in compare.table["unit"].iloc[0]


def test_a_target_is_drawn_on_the_home_regions_chart(catalog):
    from kpis.core.kpi_state import Target

    obs = _obs([("events_held", "2380", "2023", 38.0), ("events_held", "2380", "2024", 41.0)])
    [trend] = specs.kpi_specs(catalog.kpis["events_held"], obs, ["2380"], catalog, "sv",
                              target=Target(2030, 60.0, 2023, None))
    names = [tr.name for tr in trend.fig.data]
    assert "Mål: 60 år 2030" in names


def test_regions_drawn_together_say_which_years_each_lacks(catalog):
    rows = [("unemployment_rate_20_64_pct", "2380", str(y), 5.0) for y in (2018, 2019, 2020, 2021, 2022)]
    rows += [("unemployment_rate_20_64_pct", "00", str(y), 7.0) for y in (2018, 2020)]
    trend = specs.kpi_specs(catalog.kpis["unemployment_rate_20_64_pct"], _obs(rows), ["2380", "00"], catalog,
                            "sv")[0]
    assert "År utan siffra i diagrammet: Riket 2019, 2021–2022." in trend.footnotes
    alone = specs.kpi_specs(catalog.kpis["unemployment_rate_20_64_pct"], _obs(rows[:5]), ["2380"], catalog, "en")[0]
    assert not any("Years without" in n for n in alone.footnotes)
