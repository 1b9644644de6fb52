"""Where one KPI stands for the home region: its latest figure and period, the change, how old it is, its
target and status. The cards, the overview's roll-up, the target tables, the report and the export all
read this, so they cannot disagree. Pure pandas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from kpis.core import status as statuses
from kpis.core.catalog import Catalog, Kpi
from kpis.core.compare import Latest, latest
from kpis.core.periods import year_of
from kpis.core.source_class import caveat_parts, is_approximate


@dataclass(frozen=True)
class Target:
    year: int
    value: float
    baseline_year: int | None
    note: str | None


@dataclass(frozen=True)
class KpiState:
    kpi: Kpi
    latest: Latest | None
    approximate: bool  # the latest figure or the one it is compared with is rounded or an early estimate
    note: str | None  # the latest figure's caveat (a code of the caveat vocabulary, see source_class)
    old: bool
    target: Target | None
    assessment: statuses.Assessment

    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def current(self) -> bool:
        """A figure within the KPI's maximum age: a card among the current ones (an old one steps aside)."""
        return self.latest is not None and not self.old


def yearly_series(obs: pd.DataFrame, kpi_id: str, region: str) -> pd.Series:
    """One yearly KPI for one region, indexed by year (what progress and status take)."""
    part = obs[(obs["kpi_id"] == kpi_id) & (obs["region_code"] == region) & obs["value"].notna()]
    return pd.Series(part["value"].to_numpy(), index=part["period"].astype(int).to_numpy(), dtype=float)


def _target(targets: pd.DataFrame, kpi_id: str, region: str) -> Target | None:
    """The KPI's nearest target for the region (the earliest target year), if it has one."""
    rows = targets[(targets["kpi_id"] == kpi_id) & (targets["region_code"] == region)]
    if rows.empty:
        return None
    row = rows.sort_values("target_year").iloc[0]
    baseline = row.get("baseline_year")
    note = row.get("note")
    return Target(int(row["target_year"]), float(row["target_value"]),
                  int(baseline) if pd.notna(baseline) else None, note if isinstance(note, str) else None)


def kpi_state(kpi: Kpi, obs: pd.DataFrame, targets: pd.DataFrame, catalog: Catalog,
              today: date | None = None) -> KpiState:
    """The KPI's state for the catalog's home region."""
    region = catalog.home
    found = latest(obs, kpi.id, region)
    target = _target(targets, kpi.id, region) if kpi.periodicity == "year" else None
    if found is None:
        return KpiState(kpi, None, False, None, False, target, statuses.Assessment(statuses.UNKNOWN))
    rows = obs[(obs["kpi_id"] == kpi.id) & (obs["region_code"] == region)].set_index("period")
    caveats = rows["caveat"] if "caveat" in rows.columns else pd.Series(dtype=object)
    approximate = any(is_approximate(caveats.get(p)) for p in (found.period, found.previous_period) if p)
    note = caveats.get(found.period)
    note = note if caveat_parts(note) else None
    max_age = kpi.max_age_years if kpi.max_age_years is not None else catalog.status.max_age_years
    old = statuses.is_old(year_of(found.period), max_age, today)
    if kpi.periodicity == "year":
        assessment = statuses.assess(yearly_series(obs, kpi.id, region), target.value if target else None,
                                     target.year if target else None, kpi.direction, catalog.status,
                                     target.baseline_year if target else None, max_age, today)
    else:
        assessment = statuses.Assessment(statuses.OLD_FIGURE if old else statuses.NO_TARGET)
    return KpiState(kpi, found, approximate, note, old, target, assessment)


def fresh_first(states: list[KpiState]) -> list[KpiState]:
    """Current figures lead: KPIs with a figure within their maximum age first, then old figures, then those
    still waiting for figures, each in catalog order (a page never leads with an old figure)."""
    return sorted(states, key=lambda s: (s.latest is None, s.old))


def change_signal(change: float | None, direction: str) -> tuple[str, str]:
    """The arrow ("up", "down", "off") and colour ("green", "red", "gray") of a change: the arrow follows
    the sign, the colour whether that is good for a KPI where ``direction`` is better."""
    if change is None or change == 0:
        return "off", "gray"
    arrow = "up" if change > 0 else "down"
    good = (change > 0) == (direction == "higher")
    return arrow, "green" if good else "red"
