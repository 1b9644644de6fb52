"""This year so far, from SCB's monthly statistics: the months' changes against what the goal needs for the same
months, and an estimate of 31 December with its interval and track record. Pure: monthly series in, figures out.

A monthly series is a ``pd.Series`` indexed by period (``2026M03``). The goal's yearly requirement is spread over
the months by the share the same months usually carry (the ratio of sums over the last ten complete years, so a
year's quiet winter and busy student autumn are both expected), not a twelfth a month; where that pattern cannot
be read (fewer than three complete years, or years that sum to nothing), a twelfth a month, said so.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpis.core import places, ranking

# The monthly series by what they are (the catalog's KPI ids; a catalog without them shows no year so far).
MONTHLY = {"population": "population_month", "change": "population_change_month",
           "natural": "natural_increase_month", "net": "net_migration_month",
           "county": "net_migration_county_month", "sweden": "net_migration_sweden_month",
           "abroad": "net_migration_abroad_month", "adjustment": "population_adjustment_month"}
PATTERN_YEARS = 10  # the years behind a month's usual share and the remaining months' usual change
TRACK_FROM = 2015  # the first year the estimate's track record is shown for
INTERVAL = (0.1, 0.9)  # the estimate's 80 % interval: the 10th and 90th percentile of the remaining months' change


def monthly_kpis(known: Collection[str]) -> tuple[str, ...]:
    """The monthly KPIs a catalog has (``known``: its KPI ids)."""
    return tuple(k for k in MONTHLY.values() if k in known)


def by_year(series: pd.Series) -> dict[int, dict[int, float]]:
    """year → month → value, for the periods that are months."""
    found: dict[int, dict[int, float]] = {}
    for period, value in series.dropna().items():
        text = str(period)
        if len(text) == 7 and text[4] == "M":
            found.setdefault(int(text[:4]), {})[int(text[5:])] = float(value)
    return found


def complete_years(months: dict[int, dict[int, float]], before: int) -> list[int]:
    """The last ``PATTERN_YEARS`` years before ``before`` that have all twelve months."""
    return [y for y in sorted(months) if y < before and len(months[y]) == 12][-PATTERN_YEARS:]


@dataclass(frozen=True)
class Share:
    value: float  # the share of a year's change that January to ``month`` usually carry
    first: int  # the years it is read from (0, 0: a twelfth a month)
    last: int

    @property
    def from_pattern(self) -> bool:
        return self.first > 0


def usual_share(months: dict[int, dict[int, float]], year: int, month: int) -> Share:
    """The share of a year's change that January–``month`` carried over the last ten complete years (a ratio of
    sums); a twelfth a month where the years are too few or sum to nothing."""
    years = complete_years(months, year)
    total = sum(sum(months[y].values()) for y in years)
    part = sum(sum(v for m, v in months[y].items() if m <= month) for y in years)
    if len(years) < 3 or abs(total) < 1e-9 or not 0 <= part / total <= 2:
        return Share(month / 12, 0, 0)
    return Share(part / total, years[0], years[-1])


@dataclass(frozen=True)
class SoFar:
    """One series in the year so far: its sum over January–``month`` and what the goal needs for the same months."""

    year: int
    month: int
    value: float
    needed: float | None
    share: Share

    @property
    def ahead(self) -> float | None:
        return None if self.needed is None else self.value - self.needed


def latest_month(series: pd.Series) -> tuple[int, int] | None:
    months = by_year(series)
    if not months:
        return None
    year = max(months)
    return year, max(months[year])


def so_far(series: pd.Series, needed_per_year: float | None, year: int, month: int) -> SoFar | None:
    """The sum of ``series`` over January–``month`` of ``year`` (None unless every one of those months is there)
    against ``needed_per_year`` spread by the usual share of those months."""
    months = by_year(series)
    done = months.get(year, {})
    if any(m not in done for m in range(1, month + 1)):
        return None
    share = usual_share(months, year, month)
    value = sum(done[m] for m in range(1, month + 1))
    return SoFar(year, month, value, None if needed_per_year is None else needed_per_year * share.value, share)


def cumulative_path(months: dict[int, dict[int, float]], year: int, needed_per_year: float) -> list[float]:
    """What the goal needs by the end of each month (January–December), by the usual shares."""
    return [needed_per_year * usual_share(months, year, m).value for m in range(1, 13)]


@dataclass(frozen=True)
class Estimate:
    """31 December of ``year`` estimated from the population at the end of ``month`` and the remaining months'
    usual change over ``years`` (their mean, and the 10th–90th percentile as an 80 % interval)."""

    year: int
    month: int
    value: float
    low: float
    high: float
    first: int
    last: int


@dataclass(frozen=True)
class Track:
    """The same estimate made in each past year against SCB's published 31 December."""

    misses: tuple[tuple[int, float, float], ...]  # year, estimate, published

    @property
    def mean_miss(self) -> float:
        return float(np.mean([abs(e - p) for _, e, p in self.misses]))

    @property
    def largest(self) -> tuple[int, float]:
        year, estimate, published = max(self.misses, key=lambda m: abs(m[1] - m[2]))
        return year, estimate - published


def _rest(changes: dict[int, dict[int, float]], years: list[int], month: int) -> list[float]:
    return [sum(v for m, v in changes[y].items() if m > month) for y in years]


def estimate(population: pd.Series, change: pd.Series, year: int, month: int) -> Estimate | None:
    """31 December from the end of ``month`` and the remaining months' usual change; None without a population
    at the end of that month or without three complete years before."""
    stock = by_year(population).get(year, {})
    changes = by_year(change)
    years = complete_years(changes, year)
    if month not in stock or len(years) < 3 or month >= 12:
        return None
    rest = _rest(changes, years, month)
    low, high = np.quantile(rest, INTERVAL)
    base = stock[month]
    return Estimate(year, month, base + float(np.mean(rest)), base + float(low), base + float(high), years[0],
                    years[-1])


def track_record(population: pd.Series, change: pd.Series, month: int, before: int) -> Track | None:
    """The estimate made at the end of ``month`` of each year from ``TRACK_FROM`` to the year before ``before``,
    against the published population of 31 December (December's figure)."""
    stock = by_year(population)
    misses = []
    for year in range(TRACK_FROM, before):
        found = estimate(population, change, year, month)
        published = stock.get(year, {}).get(12)
        if found is not None and published is not None:
            misses.append((year, found.value, published))
    return Track(tuple(misses)) if misses else None


@dataclass(frozen=True)
class Place:
    rank: int  # 1: the most growth per 1 000 inhabitants
    count: int  # the municipalities with every month of the year so far
    per_1000: float  # the home municipality's change January–month per 1 000 inhabitants at the year's start


def place_so_far(rows: pd.DataFrame, home: str, year: int, month: int) -> Place | None:
    """The home municipality's place among Sweden's municipalities by the population change of January–``month``
    per 1 000 inhabitants at the end of the year before (``rows``: ``kpi_id, region_code, period, value`` of
    ``population_change_month`` and ``population_month``, every municipality's recent months). None where the home
    lacks a figure or fewer than the ranked share of municipalities (:data:`kpis.core.ranking.MIN_SHARE`) have
    every month and the December before."""
    wanted = [f"{year}M{m:02d}" for m in range(1, month + 1)]
    rows = rows[rows["region_code"].astype(str).map(places.is_municipality) & rows["value"].notna()]
    change = rows[(rows["kpi_id"] == MONTHLY["change"]) & rows["period"].isin(wanted)]
    counted = change.groupby("region_code")["value"].agg(["sum", "count"])
    counted = counted[counted["count"] == len(wanted)]
    start = rows[(rows["kpi_id"] == MONTHLY["population"]) & (rows["period"] == f"{year - 1}M12")]
    base = start.set_index("region_code")["value"].astype(float)
    base = base[base > 0]
    per_1000 = (counted["sum"].astype(float) / base.reindex(counted.index) * 1000).dropna()
    if home not in per_1000.index or not ranking.enough(len(per_1000)):
        return None
    mine = float(per_1000[home])
    return Place(int((per_1000 > mine).sum()) + 1, len(per_1000), mine)
