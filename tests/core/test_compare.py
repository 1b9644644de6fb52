import pandas as pd

from kpis.core.compare import latest, per_1000


def _obs(rows):
    return pd.DataFrame(rows, columns=["kpi_id", "region_code", "period", "value", "preliminary"])


def test_a_month_is_compared_with_the_same_month_a_year_before():
    obs = _obs([("g", "2380", "2025M06", 100.0, False), ("g", "2380", "2026M05", 90.0, False),
                ("g", "2380", "2026M06", 130.0, True)])
    found = latest(obs, "g", "2380")
    assert found.period == "2026M06" and found.previous_period == "2025M06" and found.change == 30.0
    assert found.preliminary and latest(obs, "g", "0000") is None


def test_per_1000_uses_the_same_region_and_year_and_leaves_gaps_empty():
    obs = _obs([("b", "2380", "2024", 650.0, False), ("b", "2380", "2025", 640.0, False)])
    population = _obs([("population", "2380", "2024", 65000.0, False)])
    out = per_1000(obs, population)
    assert out.loc[out["period"] == "2024", "value_per_1000"].item() == 10.0
    assert out.loc[out["period"] == "2025", "value_per_1000"].isna().all()
