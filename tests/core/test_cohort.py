"""The cohort-component model: ageing, the identity, the goal, and rates read back from a known world."""

import itertools

import numpy as np
import pandas as pd
import pytest

from kpis.core import cohort, model
from kpis.core.cohort import AGES, AgeData, CohortRates


def _rates(**changes) -> CohortRates:
    base = dict(fertility=np.zeros(AGES), boys_share=0.5, mortality=np.zeros((2, AGES)),
                out_rate=np.zeros((2, AGES)), in_profile=np.zeros((2, AGES)), net_profile=np.zeros((2, AGES)),
                first=2021, last=2025)
    base.update(changes)
    if not base["in_profile"].any():
        base["in_profile"][1, 50] = 1.0  # every in-mover a woman of 50
    return CohortRates(**base)


def test_a_cohort_of_30_year_olds_is_31_a_year_later_less_deaths_and_out_movers():
    start = np.zeros((2, AGES))
    start[0, 30] = 1_000.0
    mortality, out_rate = np.zeros((2, AGES)), np.zeros((2, AGES))
    mortality[0, 31], out_rate[0, 31] = 0.01, 0.05
    rates = _rates(mortality=mortality, out_rate=out_rate)
    # Net migration = minus the out-movers, so no one moves in and the cohort is seen alone.
    path = cohort.project(start, 2025, 2026, rates, net_migration=-50.0)
    assert path.final[0, 31] == pytest.approx(1_000 * (1 - 0.01 - 0.05))
    assert path.final[0, 30] == 0 and path.final[1].sum() == pytest.approx(0)
    assert path.net_by_age[0][0, 31] == pytest.approx(-50.0)


def test_the_open_age_keeps_its_own_and_takes_the_99_year_olds():
    start = np.zeros((2, AGES))
    start[1, 99], start[1, 100] = 10.0, 5.0
    path = cohort.project(start, 2025, 2026, _rates(), net_migration=0.0)
    assert path.final[1, 100] == pytest.approx(15.0)


def test_births_come_from_women_by_age_and_split_by_sex():
    start = np.zeros((2, AGES))
    start[1, 29] = 1_000.0  # they are 30 when the year's births are counted
    fertility = np.zeros(AGES)
    fertility[30] = 0.1
    path = cohort.project(start, 2025, 2026, _rates(fertility=fertility, boys_share=0.6), 0.0)
    assert path.frame["births"].iloc[1] == pytest.approx(100.0)
    assert (path.final[0, 0], path.final[1, 0]) == pytest.approx((60.0, 40.0))


def _world_frame(years=range(2019, 2026), births=100.0, death_rate=0.01, out_rate=0.04, inflow=500.0):
    """A world with known constant rates, built forward by the identity: the estimate must read them back."""
    rows = []
    population = np.full((2, AGES), 100.0)
    profile = np.zeros((2, AGES))
    profile[:, 20:30] = 1.0
    profile /= profile.sum()
    for year in years:
        if year != years[0]:
            base = cohort.aged(population)
            base[:, 0] = births / 2
            deaths, outs, ins = base * death_rate, base * out_rate, profile * inflow
            population = base - deaths - outs + ins
            mothers = np.zeros((2, AGES))
            mothers[:, 30] = births / 2  # every child's mother is 30
            for series, array in (("deaths", deaths), ("out_migration", outs), ("in_migration", ins),
                                  ("births", mothers)):
                rows += [(series, year, str(s + 1), a, array[s, a]) for s in range(2) for a in range(AGES)]
        rows += [("population", year, str(s + 1), a, population[s, a]) for s in range(2) for a in range(AGES)]
    return pd.DataFrame(rows, columns=["series", "year", "sex", "age", "value"])


def test_rates_are_read_back_from_a_world_with_known_rates():
    data = AgeData(_world_frame())
    rates = cohort.estimate(data, window=5)
    assert (rates.first, rates.last) == (2021, 2025)
    assert rates.mortality[:, 1:] == pytest.approx(np.full((2, AGES - 1), 0.01))
    assert rates.out_rate[0, 40] == pytest.approx(0.04)
    assert rates.in_profile.sum() == pytest.approx(1.0) and rates.in_profile[0, 25] == pytest.approx(0.05)
    assert rates.boys_share == pytest.approx(0.5)
    assert rates.fertility[30] > 0 and rates.fertility[np.arange(AGES) != 30].sum() == 0


def _history(frame: pd.DataFrame) -> model.History:
    totals = frame.groupby(["series", "year"])["value"].sum()
    return model.History(totals["population"], totals["births"], totals["deaths"])


def test_every_scenario_of_the_cohort_model_keeps_the_identity_and_the_goal_lands_on_the_target():
    frame = _world_frame()
    history = _history(frame)
    result = model.run(history, 25_000, 2040, custom=100.0, end_year=2050, ages=AgeData(frame))
    assert result.model == "cohort" and result.model_reason == "cohort"
    assert set(result.paths) == {"zero", "avg5", "avg10", "goal", "custom"}
    for name, path in result.paths.items():
        for before, row in itertools.pairwise(path.frame.itertuples()):
            assert row.population == pytest.approx(
                before.population + row.births - row.deaths + row.net_migration, abs=1e-6), name
        assert path.frame["year"].iloc[-1] == 2050
    assert result.paths["goal"].population_in(2040) == pytest.approx(25_000, abs=1)
    assert result.paths["goal"].reached_year == 2040
    # The goal's net migration by age group adds up to the goal's net migration a year.
    assert sum(g.needed for g in result.groups) == pytest.approx(result.needed_net_migration, abs=1e-6)
    assert [(g.low, g.high) for g in result.groups] == list(model.DEFAULT_GROUPS)
    # What was seen: in 500 − out by age, all in-movers 20–29.
    seen = {(g.low, g.high): g.observed for g in result.groups}
    assert seen[(20, 34)] > 0 > seen[(35, 64)]


def test_without_ages_for_the_start_year_the_components_model_is_used_and_says_why():
    frame = _world_frame()
    history = _history(frame)
    behind = frame[frame["year"] < 2025]
    assert model.run(history, 25_000, 2040, ages=AgeData(behind)).model_reason == "ages_behind"
    plain = model.run(history, 25_000, 2040)
    assert (plain.model, plain.model_reason, plain.groups) == ("components", "no_ages", ())


def test_scbs_projection_is_one_more_path_drawn_as_published():
    frame = _world_frame()
    projection = pd.DataFrame({"year": range(2025, 2071), "value": [20_000.0 + 200 * i for i in range(46)],
                               "table_label": "Framskriven folkmängd"})
    result = model.run(_history(frame), 25_000, 2040, end_year=2050, projection=projection)
    scb = result.paths["scb"]
    assert scb.frame["year"].tolist() == list(range(2025, 2051))
    assert scb.population_in(2040) == 23_000.0 and scb.reached_year == 2050
    assert result.projection_label == "Framskriven folkmängd"
