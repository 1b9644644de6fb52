"""Warnings on SCB's monthly statistics after a refresh: a month whose parts do not add up to its population change
(within CKM's noise), and a year whose twelve months do not add up to the yearly figure once that is out. These are
warnings in the run's message, never a refusal: SCB's own months carry noise from 2025 on."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kpis.core.months import MONTHLY
from kpis.core.problems import Problem

MAX_LISTED = 5
NOISE = 5.0  # persons a month: CKM's noise on a few cells
YEAR_SHARE = 0.005  # the twelve months against the yearly figure: half a per cent …
YEAR_AT_LEAST = 10.0  # … or ten persons, whichever is larger


def month_warnings(fetched: pd.DataFrame, yearly: Callable[[], pd.DataFrame], yearly_kpi: str) -> list[Problem]:
    """``fetched``: the refresh's rows; ``yearly``: reads the store's yearly population increase (``yearly_kpi``),
    called only when the refresh brought months."""
    rows = fetched[fetched["kpi_id"].isin(MONTHLY.values()) & fetched["value"].notna()]
    if rows.empty:
        return []
    stored = yearly()
    wide = rows.pivot_table(index=["region_code", "period"], columns="kpi_id", values="value", aggfunc="first")
    parts = [MONTHLY["natural"], MONTHLY["net"], MONTHLY["adjustment"]]
    problems: list[Problem] = []
    if MONTHLY["change"] in wide.columns and all(p in wide.columns for p in parts):
        # folkökning = födelseöverskott + flyttningsöverskott + justeringspost
        gap = (wide[MONTHLY["change"]] - wide[parts].sum(axis=1, min_count=len(parts))).dropna()
        off = gap[gap.abs() > NOISE]
        if len(off):
            problems.append(Problem("check_month_parts", {"items": ", ".join(
                f"{r} {p}" for r, p in off.index[:MAX_LISTED])}))
    change = rows[rows["kpi_id"] == MONTHLY["change"]]
    yearly = stored[(stored["kpi_id"] == yearly_kpi) & stored["value"].notna()]
    if len(change) and len(yearly):
        months = change.assign(year=change["period"].astype(str).str[:4])
        counted = months.groupby(["region_code", "year"])["value"].agg(["sum", "count"])
        published = {(str(r), str(p)): float(v) for r, p, v in
                     zip(yearly["region_code"], yearly["period"], yearly["value"], strict=True)}
        off_years = [f"{region} {year}: {total:,.0f} ≠ {published[(region, year)]:,.0f}".replace(",", " ")
                     for (region, year), (total, count) in counted.iterrows()
                     if count == 12 and (region, year) in published and abs(total - published[(region, year)])
                     > max(YEAR_AT_LEAST, YEAR_SHARE * abs(published[(region, year)]))]
        if off_years:
            problems.append(Problem("check_month_year", {"items": "; ".join(off_years[:MAX_LISTED])}))
    return problems
