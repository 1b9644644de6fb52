"""The home municipality among all of Sweden's: a KPI's comparable value for every municipality, its rank
(1 is the best, whichever way the KPI's direction points), its percentile and the spread. Pure pandas.

Counts are compared per 1 000 inhabitants (the same year's population), the population itself by its change
in per cent since the catalog's ``[home] change_from`` year, rates and shares as they are. A year is ranked
only when nearly every municipality has a figure (``MIN_SHARE`` of Sweden's 290), so a store holding a handful
of regions never claims "plats 3 av 15".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpis.core import compare, places
from kpis.core.catalog import Catalog, Kpi

MIN_SHARE = 0.9  # of Sweden's municipalities with a figure for a year to be ranked
MEASURES = ("per_1000", "change", "value")


def measure_of(kpi: Kpi) -> str:
    """How a KPI's municipalities are compared: ``per_1000`` (counts), ``change`` (the population), ``value``."""
    if kpi.compare == "index":
        return "change"
    if kpi.compare == "per_1000":
        return "per_1000"
    return "value"


def comparable(obs: pd.DataFrame, kpi: Kpi, catalog: Catalog, since: int | None = None) -> pd.DataFrame:
    """Every region's comparable value of a yearly KPI: ``region_code, period, value, raw`` (``raw`` the figure as
    published). ``obs`` holds the KPI and, for counts, the goal KPI (the population)."""
    rows = obs[(obs["kpi_id"] == kpi.id) & obs["value"].notna()][["region_code", "period", "value"]]
    levels = _levels(rows["region_code"])
    rows = rows.assign(period=rows["period"].astype(str), level=levels)
    rows = rows[rows["level"].notna() & ~rows["period"].str.contains("M")]
    measure = measure_of(kpi)
    if measure == "per_1000":
        population = obs[obs["kpi_id"] == catalog.goal.kpi]
        merged = compare.per_1000(rows, population)
        out = merged.assign(raw=merged["value"], value=merged["value_per_1000"])
    elif measure == "change":
        base_year = change_base(rows, since if since is not None else catalog.change_from)
        base = rows[rows["period"] == base_year][["region_code", "value"]].rename(columns={"value": "base"})
        merged = rows.merge(base, on="region_code", how="inner")
        merged = merged[merged["period"] > base_year]
        out = merged.assign(raw=merged["value"], value=(merged["value"] / merged["base"] - 1) * 100,
                            base_period=base_year)
    else:
        out = rows.assign(raw=rows["value"])
    out = out[out["value"].notna()]
    columns = ["region_code", "period", "value", "raw", "level", *(["base_period"] if "base_period" in out else [])]
    return out[columns].reset_index(drop=True)


def _levels(codes: pd.Series) -> pd.Series:
    """Each code's level, looked up once per distinct code."""
    found = {code: places.level(str(code)) for code in codes.unique()}
    return codes.map(found)


def change_base(rows: pd.DataFrame, wanted: int) -> str:
    """The year a change is measured from: ``wanted``, or the first year after it that nearly every
    municipality has (a store that begins later)."""
    counts = rows[rows["level"] == "kommun"].groupby("period")["region_code"].nunique()
    full = sorted(p for p, n in counts.items() if enough(int(n)) and int(p[:4]) >= wanted)
    return full[0] if full else str(wanted)


@dataclass(frozen=True)
class Standing:
    """Where one municipality stands in one year."""

    period: str
    rank: int  # 1 is the best (the highest, or the lowest for a KPI where lower is better); ties share a rank
    of: int  # municipalities with a figure
    percentile: float  # the share of the other municipalities it does better than, in per cent
    value: float
    median: float


def municipalities(values: pd.DataFrame, period: str) -> pd.DataFrame:
    """One period's municipalities (counties and the country left out) from :func:`comparable`'s frame."""
    rows = values[(values["period"] == str(period)) & (values["level"] == "kommun")]
    return rows.drop_duplicates("region_code")


def enough(count: int) -> bool:
    return count >= MIN_SHARE * places.MUNICIPALITIES_IN_SWEDEN


def standing(values: pd.DataFrame, home: str, period: str, direction: str) -> Standing | None:
    """The home municipality's rank in one period, None when it lacks a figure or too few municipalities have one."""
    rows = municipalities(values, period)
    mine = rows[rows["region_code"] == home]
    if mine.empty or not enough(len(rows)):
        return None
    value = float(mine["value"].iloc[0])
    others = rows[rows["region_code"] != home]["value"]
    better = int((others < value).sum() if direction == "lower" else (others > value).sum())
    worse = int((others > value).sum() if direction == "lower" else (others < value).sum())
    return Standing(str(period), better + 1, len(rows), 100 * worse / max(len(others), 1), value,
                    float(rows["value"].median()))


def latest(values: pd.DataFrame, home: str, direction: str) -> Standing | None:
    """The latest period that can be ranked."""
    for period in reversed(ranked_periods(values)):
        found = standing(values, home, period, direction)
        if found is not None:
            return found
    return None


def history(values: pd.DataFrame, home: str, direction: str) -> list[Standing]:
    """Every period that can be ranked, oldest first."""
    found = (standing(values, home, p, direction) for p in ranked_periods(values))
    return [s for s in found if s is not None]


def ranked_periods(values: pd.DataFrame) -> list[str]:
    """The periods in which nearly every municipality has a figure, oldest first."""
    counts = values[values["level"] == "kommun"].groupby("period")["region_code"].nunique()
    return sorted(str(p) for p, n in counts.items() if enough(int(n)))
