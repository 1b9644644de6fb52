import pandas as pd
import pytest

from kpis.core import model

HISTORY = model.History(
    population=pd.Series({2019: 10_000.0, 2020: 10_050.0, 2021: 10_100.0, 2022: 10_120.0, 2023: 10_160.0}),
    births=pd.Series({2020: 110.0, 2021: 100.0, 2022: 105.0, 2023: 100.0}),
    deaths=pd.Series({2020: 90.0, 2021: 95.0, 2022: 100.0, 2023: 110.0}),
)


def test_net_migration_is_the_rest_of_the_identity():
    # 2020: 10 050 - 10 000 - 110 + 90 = 30
    assert HISTORY.net_migration().to_dict() == {2020: 30.0, 2021: 45.0, 2022: 15.0, 2023: 50.0}


def test_rates_per_1000_of_the_year_before():
    rates = model.rates(HISTORY, window=2)
    assert (rates.first, rates.last) == (2022, 2023)
    assert rates.births_per_1000 == pytest.approx((105 / 10_100 + 100 / 10_120) / 2 * 1000)
    assert rates.deaths_per_1000 == pytest.approx((100 / 10_100 + 110 / 10_120) / 2 * 1000)


def test_the_accounting_identity_holds_every_year_in_every_scenario():
    result = model.run(HISTORY, 11_000, 2035, custom=120.0, end_year=2040)
    assert set(result.paths) == {"zero", "avg5", "avg10", "goal", "custom"}
    for path in result.paths.values():
        frame = path.frame
        for before, row in zip(frame.itertuples(), frame.iloc[1:].itertuples(), strict=False):
            assert row.population == before.population + row.births - row.deaths + row.net_migration
            assert row.year == before.year + 1
        assert frame["year"].iloc[-1] == 2040


def test_zero_migration_and_constant_rates_give_the_closed_form():
    rates = model.Rates(12.0, 9.0, 2020, 2024)
    path = model.project(2025, 50_000.0, 2040, rates, 0.0, "zero")
    assert path.population_in(2040) == pytest.approx(50_000 * (1 + 3 / 1000) ** 15, rel=1e-12)


def test_the_goal_scenario_lands_on_the_target_in_the_target_year():
    result = model.run(HISTORY, 11_000, 2035)
    goal = result.paths["goal"]
    assert goal.population_in(2035) == pytest.approx(11_000, abs=1.0)
    assert goal.reached_year == 2035
    assert result.needed_net_migration == goal.net_migration_per_year
    # more migration than needed reaches it earlier, none never
    assert result.paths["zero"].reached_year is None


def test_headline_figures_latest_and_average():
    result = model.run(HISTORY, 11_000, 2035)
    assert result.latest_net_migration == (2023, 50.0)
    assert result.average_net_migration == (2020, 2023, pytest.approx((30 + 45 + 15 + 50) / 4))


def test_a_target_out_of_reach_is_an_error_not_a_number():
    with pytest.raises(ValueError):
        model.run(HISTORY, 10_000_000, 2026)
