"""Progress towards a target: growth rates, target paths, projections and status. Pure pandas.

Series are ``pd.Series`` of values indexed by integer year. Missing years are simply absent:
nothing here fills them in.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpis.core import status as statuses
from kpis.core.catalog import StatusThresholds


@dataclass(frozen=True)
class Growth:
    """Compound annual growth from ``start`` to ``end``, and the mean increase per year."""

    start: int
    end: int
    rate: float
    per_year: float


@dataclass(frozen=True)
class Progress:
    latest_year: int
    latest_value: float
    target_year: int
    target_value: float
    gap: float
    required_rate: float
    required_per_year: float
    pace: Growth | None
    long_pace: Growth | None
    status: str
    ratio: float | None


def required_rate(current: float, target: float, year_now: int, target_year: int) -> float:
    """The compound annual growth that takes ``current`` in ``year_now`` to ``target`` in ``target_year``."""
    if target_year <= year_now:
        raise ValueError("the target year must lie after the current year")
    if current <= 0 or target <= 0:
        raise ValueError("values must be positive")
    return (target / current) ** (1 / (target_year - year_now)) - 1


def growth(series: pd.Series, years: int) -> Growth | None:
    """Growth over the last ``years`` years of ``series``.

    The base is the value ``years`` before the latest year or, where that year is missing, the latest
    year before it that has a value; the result names the years it really used. ``None`` without a base.
    """
    clean = series.dropna().sort_index()
    if clean.empty:
        return None
    end = int(clean.index[-1])
    earlier = clean[clean.index <= end - years]
    if earlier.empty:
        return None
    start = int(earlier.index[-1])
    first, last = float(earlier.iloc[-1]), float(clean.iloc[-1])
    if first <= 0:
        return None
    span = end - start
    return Growth(start, end, (last / first) ** (1 / span) - 1, (last - first) / span)


def path(start_year: int, start_value: float, rate: float, end_year: int) -> pd.DataFrame:
    """Yearly values from ``start_year`` to ``end_year`` growing at ``rate`` (a target path or a projection)."""
    years = list(range(start_year, end_year + 1))
    values = [start_value * (1 + rate) ** (y - start_year) for y in years]
    return pd.DataFrame({"year": years, "value": values})


def progress(
    series: pd.Series, target_value: float, target_year: int, thresholds: StatusThresholds,
    baseline_year: int | None = None,
) -> Progress | None:
    """Where ``series`` stands against the target; ``None`` for an empty series.

    The pace is the population's compound growth, named by its years; the status is :mod:`kpis.core.status`'s.
    When the target is reached at today's pace is the model's answer (:meth:`kpis.core.model.Result.pace`), not
    this growth's: the panel gives one year.
    """
    clean = series.dropna().sort_index()
    if clean.empty:
        return None
    latest_year, latest_value = int(clean.index[-1]), float(clean.iloc[-1])
    if latest_year >= target_year:
        needed, per_year = 0.0, 0.0
    else:
        needed = max(required_rate(latest_value, target_value, latest_year, target_year), 0.0)
        per_year = max(target_value - latest_value, 0.0) / (target_year - latest_year)
    pace = growth(clean, thresholds.pace_years)
    long_pace = growth(clean, 2 * thresholds.pace_years)
    assessed = statuses.assess(clean, target_value, target_year, "higher", thresholds, baseline_year)
    state, ratio = assessed.status, assessed.ratio
    return Progress(
        latest_year=latest_year,
        latest_value=latest_value,
        target_year=target_year,
        target_value=target_value,
        gap=max(target_value - latest_value, 0.0),
        required_rate=needed,
        required_per_year=per_year,
        pace=pace,
        long_pace=long_pace,
        status=state,
        ratio=ratio,
    )


def components_of_change(
    natural: pd.Series, births: pd.Series, deaths: pd.Series, net_migration: pd.Series
) -> pd.DataFrame:
    """Natural increase and net migration for every year from the first to the last with either figure.

    Natural increase is the published figure; where none is published but births and deaths both are,
    it is their difference, flagged ``natural_derived``. Years with neither stay missing (NaN).
    """
    derived = (births - deaths).dropna()
    combined = natural.dropna().combine_first(derived)
    years = sorted(set(combined.index) | set(net_migration.dropna().index))
    if not years:
        return pd.DataFrame(columns=["year", "natural_increase", "natural_derived", "net_migration"])
    full = range(int(years[0]), int(years[-1]) + 1)
    frame = pd.DataFrame({"year": list(full)})
    frame["natural_increase"] = frame["year"].map(combined)
    frame["natural_derived"] = frame["year"].isin(derived.index) & ~frame["year"].isin(natural.dropna().index)
    frame["net_migration"] = frame["year"].map(net_migration.dropna())
    return frame



@dataclass(frozen=True)
class Change:
    """The latest year's change and the last year before it that went the same way (for "first fall since")."""

    year: int
    change: float
    previous_same_sign: int | None


def latest_change(series: pd.Series) -> Change | None:
    """The change from the year before to the latest year, and when the series last moved the same way."""
    clean = series.dropna().sort_index()
    changes = (clean - clean.rename(lambda y: y + 1)).dropna()
    if changes.empty:
        return None
    year, change = int(changes.index[-1]), float(changes.iloc[-1])
    earlier = changes.iloc[:-1]
    same = earlier[(earlier < 0) if change < 0 else (earlier >= 0)]
    return Change(year, change, int(same.index[-1]) if len(same) else None)


def mean_over(series: pd.Series, first: int, last: int) -> float | None:
    part = series.dropna()
    part = part[(part.index >= first) & (part.index <= last)]
    return float(part.mean()) if len(part) else None
