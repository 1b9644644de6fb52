"""Comparing regions and periods: latest values, changes and values per 1 000 inhabitants. Pure pandas."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Latest:
    period: str
    value: float
    preliminary: bool
    previous_period: str | None
    change: float | None


def latest(obs: pd.DataFrame, kpi_id: str, region: str) -> Latest | None:
    """The latest figure of a KPI for a region, and its change since the figure before it."""
    rows = obs[(obs["kpi_id"] == kpi_id) & (obs["region_code"] == region) & obs["value"].notna()]
    if rows.empty:
        return None
    rows = rows.sort_values("period")
    last = rows.iloc[-1]
    prev = rows.iloc[-2] if len(rows) > 1 else None
    period = str(last["period"])
    if "M" in period:  # months are compared with the same month a year before, not the month before
        same = rows[rows["period"] == f"{int(period[:4]) - 1}{period[4:]}"]
        prev = same.iloc[-1] if not same.empty else None
    return Latest(
        period=str(last["period"]),
        value=float(last["value"]),
        preliminary=bool(last["preliminary"]),
        previous_period=str(prev["period"]) if prev is not None else None,
        change=float(last["value"] - prev["value"]) if prev is not None else None,
    )


def per_1000(obs: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """``obs`` with ``population`` (same region and year) and ``value_per_1000``; missing where no population."""
    pop = population[["region_code", "period", "value"]].rename(columns={"value": "population"})
    merged = obs.merge(pop, on=["region_code", "period"], how="left")
    merged["value_per_1000"] = merged["value"] / merged["population"] * 1000
    return merged


def latest_common_period(obs: pd.DataFrame, regions: list[str]) -> pd.DataFrame:
    """For a bar comparison: the regions' figures for one period.

    That is the latest period in which the home region (first) and at least one other region have figures;
    else the home region's latest period; else the latest period with the most regions.
    """
    have = obs[obs["value"].notna() & obs["region_code"].isin(regions)]
    counts = have.groupby("period")["region_code"].nunique()
    if counts.empty:
        return have.iloc[0:0]
    home_periods = set(have.loc[have["region_code"] == regions[0], "period"])
    shared = [p for p in counts.index if p in home_periods and counts[p] >= 2]
    if shared:
        period = max(shared)
    elif home_periods:
        period = max(home_periods)
    else:
        period = counts[counts == counts.max()].index.max()
    chosen = have[(have["period"] == period) & have["region_code"].isin(regions)]
    order = {code: i for i, code in enumerate(regions)}
    return chosen.sort_values("region_code", key=lambda s: s.map(order))
