"""Checks across levels on what a source sent, before any of it is written: counts that must add up (a county is
its municipalities, Riket its counties), a part never above its whole, a population that cannot jump from one year
to the next or from the stored figure, and region names as SCB spells them. A failure refuses the source."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from kpis.core import places
from kpis.core.catalog import Catalog
from kpis.core.problems import Problem

MAX_LISTED = 5
RELATIVE = 0.005  # CKM noise and rounding: half a per cent of the whole …
PER_PART = 5.0  # … or five a part added, whichever is larger
JUMP = 0.25  # a population changes less than a quarter in a year (or from the stored figure of the same year)


def additive(catalog: Catalog) -> tuple[str, ...]:
    """The KPIs counted in people that add up across levels: the population, births and deaths."""
    goal = catalog.goal
    return tuple(k for k in (goal.kpi, goal.births, goal.deaths) if k in catalog.kpis)


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _tolerance(whole: float, parts: int) -> float:
    return max(abs(whole) * RELATIVE, PER_PART * max(parts, 1))


def _name(code: str) -> str:
    return "Riket" if code == "00" else places.name(code)


@lru_cache(maxsize=1)
def _counties() -> dict[str, tuple[str, ...]]:
    """Every county and its municipalities."""
    municipalities = places.municipalities()
    return {c: tuple(m for m in municipalities if places.county_of(m) == c) for c in places.sweden() if len(c) == 2}


def _levels(values: dict[str, float]) -> Iterable[str]:
    """What does not add up among one KPI's regions of one period (region code → value)."""
    counties = list(_counties())
    for county, members in _counties().items():
        if county not in values:
            continue
        present = [m for m in members if m in values]
        if present and len(present) == len(members):
            total = sum(values[m] for m in members)
            if abs(total - values[county]) > _tolerance(values[county], len(members)):
                yield f"{_name(county)} {_fmt(values[county])} ≠ {_fmt(total)} ({len(members)})"
        for m in present:
            if values[m] > values[county] + _tolerance(values[county], 1):
                yield f"{_name(m)} {_fmt(values[m])} > {_name(county)} {_fmt(values[county])}"
    if "00" in values:
        present = [c for c in counties if c in values]
        if present and len(present) == len(counties):
            total = sum(values[c] for c in counties)
            if abs(total - values["00"]) > _tolerance(values["00"], len(counties)):
                yield f"Riket {_fmt(values['00'])} ≠ {_fmt(total)} (21)"
        for code, value in values.items():
            if code != "00" and value > values["00"] + _tolerance(values["00"], 1):
                yield f"{_name(code)} {_fmt(value)} > Riket {_fmt(values['00'])}"


def check_levels(frame: pd.DataFrame, catalog: Catalog, stored: pd.DataFrame | None = None) -> list[Problem]:
    """Counts that do not add up across levels, and population figures that jump; each with region and period."""
    kpis = additive(catalog)
    rows = frame[frame["kpi_id"].isin(kpis) & frame["value"].notna()]
    if rows.empty:
        return []
    found: list[str] = []
    for (kpi, period), part in rows.groupby(["kpi_id", "period"], sort=True):
        values = {str(r): float(v) for r, v in zip(part["region_code"], part["value"], strict=True)
                  if places.is_place(str(r)) or str(r) == "00"}
        title = catalog.kpis[str(kpi)].title["sv"]
        found += [f"{title} {period}: {item}" for item in _levels(values)]
    more = f" … (+{len(found) - MAX_LISTED})" if len(found) > MAX_LISTED else ""
    problems = [Problem("check_levels", {"items": "; ".join(found[:MAX_LISTED]) + more})] if found else []
    jumps = _jumps(rows[rows["kpi_id"] == catalog.goal.kpi], stored, catalog)
    if jumps:
        problems.append(Problem("check_jumps", {"items": "; ".join(jumps[:MAX_LISTED])}))
    return problems


def _jumps(rows: pd.DataFrame, stored: pd.DataFrame | None, catalog: Catalog) -> list[str]:
    """A population more than ``JUMP`` away from the year before (in the answer) or from the stored figure."""
    found = []
    before: dict[tuple[str, str], float] = {}
    if stored is not None and len(stored) and "value" in stored.columns:
        kept = stored[(stored["kpi_id"] == catalog.goal.kpi) & stored["value"].notna()]
        before = {(str(r), str(p)): float(v) for r, p, v in zip(kept["region_code"], kept["period"], kept["value"],
                                                                  strict=True)}
    for region, part in rows.groupby("region_code", sort=False):
        series = part.set_index(part["period"].astype(str))["value"].astype(float).sort_index()
        name = _name(str(region)) if places.is_place(str(region)) or region == "00" else str(region)
        for period, value in series.items():
            previous = series.get(str(int(period) - 1)) if str(period).isdigit() else None
            for other, what in ((previous, str(int(period) - 1) if str(period).isdigit() else ""),
                                (before.get((str(region), str(period))), "lagrad")):
                if other is not None and not math.isnan(other) and other > 0 and abs(value - other) > JUMP * other:
                    found.append(f"{name} {period}: {_fmt(value)} ({what}: {_fmt(other)})")
                    break
    return found


_SPACES = re.compile(r"\s+")


def check_region_names(labels: pd.DataFrame) -> list[Problem]:
    """A region's label in a source's answer against SCB's name for its code (the project's list of Sweden's
    regions): a code under another name is a different region, and the answer is refused."""
    if labels is None or labels.empty:
        return []
    regions = labels[labels["variable"].astype(str) == "Region"]
    known = {code: name for code, (name, _level) in places.sweden().items()} | {"00": "Riket"}
    wrong = []
    for code, label in zip(regions["code"].astype(str), regions["label"].astype(str), strict=True):
        expected = known.get(code)
        said = _SPACES.sub(" ", label).strip()
        if expected is not None and said != expected and said.removeprefix(f"{code} ") != expected:
            wrong.append(f"{code} {said!r} ≠ {expected}")
    return [Problem("check_region_names", {"items": "; ".join(sorted(set(wrong))[:MAX_LISTED])})] if wrong else []
