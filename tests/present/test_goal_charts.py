"""The charts about the goal (kpis/present/goal_charts.py): the years drawn, SCB's series and earlier sources,
and the sources each chart names."""

from kpis.present import goal_charts
from tests.present.test_specs import _obs


def test_goal_chart_years_limit_what_is_drawn_not_the_path(catalog):
    obs = _obs([("population", "2380", str(y), 60000.0 + 200 * i) for i, y in enumerate(range(2010, 2026))])
    full = goal_charts.goal_chart(obs, catalog, "sv")
    cut = goal_charts.goal_chart(obs, catalog, "sv", years=(2020, 2025))
    drawn = [x for x in cut.fig.data[0].x]
    assert min(drawn) == 2020 and cut.summary == full.summary


def test_the_goal_chart_is_scbs_series_and_earlier_sources_only_on_request(seeded_db, catalog):
    from kpis.store import reads
    from kpis.store.files import reading

    with reading(seeded_db) as con:
        obs = reads.observations(con, ["population"], ["2380"])
    default = goal_charts.goal_chart(obs, catalog, "sv")
    assert default.table.loc[default.table["series"] == "Folkmängd (publicerad)", "period"].astype(int).min() == 1968
    assert default.source.startswith("Källa: SCB, tabell TAB638 (officiell)") and "wikipedia" not in default.source
    assert not any(tr.name == "Äldre siffror, andra källor" for tr in default.fig.data)
    history = goal_charts.goal_chart(obs, catalog, "sv", history=True)
    earlier = [tr for tr in history.fig.data if tr.name == "Äldre siffror, andra källor"]
    assert earlier and min(earlier[0].x) == 1950 and max(earlier[0].x) < 1968
    assert "ostersund.se (återpublicerad)" in history.source
    assert "Åren före SCB:s officiella serie" in " ".join(history.footnotes)


def test_plan_and_components_name_only_official_and_computed_sources(seeded_db, catalog):
    from kpis.store import reads
    from kpis.store.files import reading

    with reading(seeded_db) as con:
        obs = reads.observations(con, ["population", "population_increase", "natural_increase", "net_migration",
                                       "live_births", "deaths"], ["2380"])
    for spec in (goal_charts.plan_chart(obs, catalog, "sv"), goal_charts.components_chart(obs, catalog, "sv")):
        assert "ostersund.se" not in spec.source and "wikipedia" not in spec.source, spec.source
        assert "SCB" in spec.source
