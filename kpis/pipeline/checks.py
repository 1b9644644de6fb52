"""Checks on what a source sent, before any of it is written: the refresh refuses a source that fails one."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from kpis.core.catalog import Catalog
from kpis.core.periods import fits, has_ended, year_of
from kpis.core.problems import Problem
from kpis.core.registry import KINDS

MAX_LISTED = 5


def check_fetched(frame: pd.DataFrame, catalog: Catalog, existing: pd.DataFrame, source: str = "",
                  today: date | None = None, scope: dict[str, frozenset[str]] | None = None) -> list[Problem]:
    """Problems with a fetched frame; ``existing`` is the store's rows from the same source. A period must have
    ended by ``today`` and lie at or after the source's first year."""
    problems: list[Problem] = []
    if frame.empty:
        return [Problem("check_empty")]
    unknown_kpis = sorted(set(frame["kpi_id"]) - set(catalog.kpis))
    if unknown_kpis:
        problems.append(Problem("check_unknown_kpis", {"items": _listed(unknown_kpis)}))
    unknown_regions = sorted(set(frame["region_code"].astype(str)) - catalog.known_regions())
    if unknown_regions:
        problems.append(Problem("check_unknown_regions", {"items": _listed(unknown_regions)}))
    if unknown_regions and len(unknown_regions) > MAX_LISTED:
        return problems  # an answer about thousands of places that do not exist: said, not checked row by row
    dupes = frame[frame.duplicated(["kpi_id", "region_code", "period"], keep=False)]
    if not dupes.empty:
        keys = ", ".join(sorted({f"{r.kpi_id}/{r.region_code}/{r.period}" for r in dupes.itertuples()})[:MAX_LISTED])
        problems.append(Problem("check_duplicates", {"items": keys}))
    bad_periods, implausible, future, early = [], [], set(), set()
    first_year = KINDS[source].first_year if source in KINDS else 1749
    for row in frame.itertuples():
        kpi = catalog.kpis.get(row.kpi_id)
        if kpi is None:
            continue
        if not fits(str(row.period), kpi.periodicity):
            bad_periods.append(f"{row.kpi_id}/{row.period}")
            continue
        if not has_ended(str(row.period), today):
            future.add(str(row.period))
        elif year_of(row.period) < first_year:
            early.add(str(row.period))
        value = row.value
        if value is not None and not math.isnan(value) and (math.isinf(value) or not kpi.is_plausible(value)):
            implausible.append(f"{row.kpi_id}/{row.region_code}/{row.period} = {value:g}")
    if bad_periods:
        listed = ", ".join(bad_periods[:MAX_LISTED])
        problems.append(Problem("check_periods", {"items": listed}))
    if future:
        problems.append(Problem("check_future", {"items": ", ".join(sorted(future)[:MAX_LISTED])}))
    if early:
        problems.append(Problem("check_too_early", {"items": ", ".join(sorted(early)[:MAX_LISTED]),
                                                    "first": first_year}))
    if implausible:
        listed = ", ".join(implausible[:MAX_LISTED])
        problems.append(Problem("check_implausible", {"items": listed}))
    problems.extend(_shrinks(frame, _in_scope(existing, scope or {})))
    return problems


def _in_scope(existing: pd.DataFrame, scope: dict[str, frozenset[str]]) -> pd.DataFrame:
    """The stored keys an answer covers: for a KPI fetched for some regions only, those regions' keys."""
    if not scope or existing.empty:
        return existing
    outside = [kpi in scope and region not in scope[kpi]
               for kpi, region in zip(existing["kpi_id"], existing["region_code"], strict=True)]
    return existing[[not o for o in outside]]


def _listed(items: list[str]) -> str:
    """The first few items, and how many more: a message stays readable whatever an answer holds."""
    more = f" … (+{len(items) - MAX_LISTED})" if len(items) > MAX_LISTED else ""
    return ", ".join(str(i)[:40] for i in items[:MAX_LISTED]) + more


def _shrinks(frame: pd.DataFrame, existing: pd.DataFrame) -> list[Problem]:
    """A series that had periods from this source and now lacks some of them."""
    if existing.empty:
        return []
    had = existing.groupby(["kpi_id", "region_code"])["period"].apply(set)
    got = frame.groupby(["kpi_id", "region_code"])["period"].apply(set)
    lost = []
    for key, periods in had.items():
        missing = periods - got.get(key, set())
        if missing:
            lost.append(f"{key[0]}/{key[1]} ({len(missing)}: {', '.join(sorted(missing)[:3])})")
    if not lost:
        return []
    listed = "; ".join(lost[:MAX_LISTED])
    return [Problem("check_shrunk", {"items": listed})]


AGE_SERIES = ("population", "births", "deaths", "in_migration", "out_migration")


def check_ages(ages: pd.DataFrame, projection: pd.DataFrame | None) -> list[Problem]:
    """Problems with series by age and sex: every series there, ages 0–100, sexes 1/2, counts ≥ 0, one row a cell."""
    if ages.empty:
        return [Problem("check_empty")]
    problems: list[Problem] = []
    missing = [s for s in AGE_SERIES if s not in set(ages["series"])]
    if missing:
        problems.append(Problem("check_ages_missing", {"items": ", ".join(missing)}))
    bad = ages[ages["age"].isna() | ~ages["age"].between(0, 100) | ~ages["sex"].isin(["1", "2"])]
    if not bad.empty:
        problems.append(Problem("check_ages_codes", {"items": ", ".join(
            f"{r.series}/{r.year}" for r in bad.drop_duplicates(["series", "year"]).head(MAX_LISTED).itertuples())}))
    values = pd.to_numeric(ages["value"], errors="coerce")
    negative = ages[values.isna() | (values < 0) | values.isin([math.inf])]
    if not negative.empty:
        problems.append(Problem("check_ages_values", {"items": ", ".join(
            f"{r.series}/{r.year}/{r.sex}/{r.age}" for r in negative.head(MAX_LISTED).itertuples())}))
    dupes = ages[ages.duplicated(["series", "region_code", "year", "sex", "age"], keep=False)]
    if not dupes.empty:
        problems.append(Problem("check_duplicates", {"items": ", ".join(
            f"{r.series}/{r.year}/{r.sex}/{r.age}" for r in dupes.head(MAX_LISTED).itertuples())}))
    if projection is not None and len(projection):
        values = pd.to_numeric(projection["value"], errors="coerce")
        if (values.isna() | (values <= 0)).any() or projection.duplicated(["region_code", "year"]).any():
            problems.append(Problem("check_projection", {}))
    return problems


AGE_TOTAL_SHARE = 0.03  # the ages' sum against the published total: CKM's noise on many small cells …
AGE_TOTAL_AT_LEAST = 50.0  # … or this many, whichever is larger


def age_total_kpis(catalog: Catalog) -> dict[str, str]:
    """Each series by age → the catalog's KPI of its published total."""
    goal = catalog.goal
    found = {"population": goal.kpi, "births": goal.births, "deaths": goal.deaths,
             "in_migration": "in_migration", "out_migration": "out_migration"}
    return {series: kpi for series, kpi in found.items() if kpi in catalog.kpis}


def check_age_totals(ages: pd.DataFrame, totals: pd.DataFrame, catalog: Catalog) -> list[Problem]:
    """Series by age whose sum for a year is far from the published total of that year (the store's official
    figure): codes that overlap or cells that do not belong count people twice, and the table is refused."""
    if ages.empty or totals.empty:
        return []
    wrong = []
    values = ages.assign(value=pd.to_numeric(ages["value"], errors="coerce"))
    for series, kpi in age_total_kpis(catalog).items():
        part = values[values["series"] == series]
        if part.empty:
            continue
        published = totals[(totals["kpi_id"] == kpi) & totals["value"].notna()]
        known = {(str(r), int(str(p)[:4])): float(v) for r, p, v in
                 zip(published["region_code"], published["period"], published["value"], strict=True)}
        for (region, year), cells in part.groupby(["region_code", "year"]):
            total = known.get((str(region), int(year)))
            if total is None:
                continue
            summed = float(cells["value"].sum())
            if abs(summed - total) > max(AGE_TOTAL_SHARE * abs(total), AGE_TOTAL_AT_LEAST):
                wrong.append(f"{series} {region} {year}: {summed:,.0f} ≠ {total:,.0f}".replace(",", " "))
    return [Problem("check_age_totals", {"items": ", ".join(wrong[:MAX_LISTED])})] if wrong else []
