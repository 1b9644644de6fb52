"""The home municipality among all of Sweden's: comparable values, direction-aware rank, percentile, coverage."""

import pandas as pd
import pytest

from kpis.core import places, ranking

HOME = "2380"


def _obs(kpi: str, values: dict[str, float], period: str = "2024") -> pd.DataFrame:
    return pd.DataFrame({"kpi_id": kpi, "region_code": list(values), "period": period, "value": list(values.values())})


def _everyone(base: float = 100.0, step: float = 1.0) -> dict[str, float]:
    return {code: base + i * step for i, code in enumerate(places.municipalities())}


def test_rank_is_direction_aware_and_ties_share_a_rank(catalog):
    values = _everyone(step=0.1)  # 100.0 … 128.9
    values[HOME] = 200.0  # the highest of all
    values["0114"] = 200.0  # a tie at the top
    frame = ranking.comparable(_obs("employment_rate_20_64_pct", values), catalog.kpis["employment_rate_20_64_pct"],
                               catalog)
    higher = ranking.standing(frame, HOME, "2024", "higher")
    lower = ranking.standing(frame, HOME, "2024", "lower")
    assert (higher.rank, higher.of) == (1, 290)
    assert lower.rank == 289  # 288 municipalities are lower; the tie shares rank 289
    assert higher.percentile == pytest.approx(100 * 288 / 289)
    assert lower.percentile == 0.0


def test_counts_are_compared_per_1000_inhabitants(catalog):
    births = {code: 10.0 for code in places.municipalities()}
    population = {code: 1000.0 for code in places.municipalities()}
    births[HOME], population[HOME] = 650.0, 65000.0  # the most births, the same rate as most
    births["0114"] = 20.0  # twice the rate of the rest
    obs = pd.concat([_obs("live_births", births), _obs("population", population)])
    frame = ranking.comparable(obs, catalog.kpis["live_births"], catalog)
    assert frame.loc[frame["region_code"] == HOME, "value"].iloc[0] == pytest.approx(10.0)
    assert frame.loc[frame["region_code"] == HOME, "raw"].iloc[0] == 650.0
    assert ranking.standing(frame, HOME, "2024", "higher").rank == 2


def test_population_is_compared_by_its_change_since_the_base_year(catalog):
    then = _obs("population", {code: 1000.0 for code in places.municipalities()}, "2015")
    now = _obs("population", {code: 1010.0 for code in places.municipalities()} | {HOME: 1100.0}, "2024")
    frame = ranking.comparable(pd.concat([then, now]), catalog.kpis["population"], catalog)
    assert set(frame["period"]) == {"2024"}
    assert frame.loc[frame["region_code"] == HOME, "value"].iloc[0] == pytest.approx(10.0)
    assert frame["base_period"].iloc[0] == "2015"


def test_a_year_most_municipalities_lack_is_never_ranked(catalog):
    few = {code: 1.0 for code in places.municipalities()[:200]} | {HOME: 5.0}
    frame = ranking.comparable(_obs("employment_rate_20_64_pct", few), catalog.kpis["employment_rate_20_64_pct"],
                               catalog)
    assert ranking.ranked_periods(frame) == []
    assert ranking.standing(frame, HOME, "2024", "higher") is None
    assert ranking.latest(frame, HOME, "higher") is None


def test_counties_and_the_country_are_kept_but_not_ranked(catalog):
    values = _everyone() | {"23": 1.0, "00": 1000.0}
    frame = ranking.comparable(_obs("employment_rate_20_64_pct", values), catalog.kpis["employment_rate_20_64_pct"],
                               catalog)
    assert {"23", "00"} <= set(frame["region_code"])
    assert len(ranking.municipalities(frame, "2024")) == 290


def test_history_gives_every_ranked_year(catalog):
    obs = pd.concat([_obs("employment_rate_20_64_pct", _everyone(step=s), str(y))
                     for y, s in ((2022, 1.0), (2023, -1.0))])
    frame = ranking.comparable(obs, catalog.kpis["employment_rate_20_64_pct"], catalog)
    found = ranking.history(frame, HOME, "higher")
    assert [s.period for s in found] == ["2022", "2023"]
    assert found[0].rank == 290 - found[1].rank + 1
