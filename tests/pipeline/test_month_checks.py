"""Warnings on SCB's monthly statistics: parts that do not add up to a month's change, and twelve months that do
not add up to the published yearly figure."""

import pandas as pd

from kpis.pipeline.month_checks import month_warnings


def _rows(values):
    return pd.DataFrame([{"kpi_id": k, "region_code": "2380", "period": p, "value": v} for k, p, v in values])


def _year(change=10.0, natural=4.0, net=6.0, adjustment=0.0):
    rows = []
    for m in range(1, 13):
        period = f"2024M{m:02d}"
        rows += [("population_change_month", period, change), ("natural_increase_month", period, natural),
                 ("net_migration_month", period, net), ("population_adjustment_month", period, adjustment)]
    return _rows(rows)


def test_months_that_add_up_say_nothing():
    assert month_warnings(_year(), lambda: _rows([("population_increase", "2024", 120.0)]), "population_increase") == []


def test_parts_that_do_not_add_up_and_a_year_off_its_published_figure_are_warnings():
    warnings = month_warnings(_year(change=30.0), lambda: _rows([("population_increase", "2024", 120.0)]),
                              "population_increase")
    assert [w.key for w in warnings] == ["check_month_parts", "check_month_year"]
    assert "2380 2024M01" in warnings[0].message("sv") and warnings[0].message("sv").startswith("varning")
    assert "2380 2024: 360 ≠ 120" in warnings[1].message("sv")
