import pandas as pd

from kpis.core.goal import chart_kpis, model_kpis, try_model


def test_the_goal_names_its_kpis_in_the_catalog(catalog):
    goal = catalog.goal
    assert model_kpis(catalog) == (goal.kpi, goal.births, goal.deaths, goal.net_migration)
    assert set(chart_kpis(catalog)) >= {goal.natural_increase, goal.population_increase}


def test_without_figures_the_model_says_none_instead_of_failing(catalog):
    empty = pd.DataFrame(columns=["kpi_id", "region_code", "period", "value", "source_class"])
    assert try_model(empty, catalog) is None
