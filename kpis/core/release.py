"""When a KPI's next figure is usually published, and by whom: what the "old figure" marker and the list of KPIs
waiting for figures tell the reader. Pure: the catalog's ``release_lag_months`` and the latest period in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpis.core.catalog import Kpi


@dataclass(frozen=True)
class NextFigure:
    period: str  # the period whose figure comes next (``2026``, ``2026M03``)
    year: int  # when it is usually published
    month: int

    def is_due(self, today: date) -> bool:
        """The usual publication month has begun: the figure should be out (a refresh or an import brings it)."""
        return (self.year, self.month) <= (today.year, today.month)


def latest_out(kpi: Kpi, today: date) -> str | None:
    """The latest period whose figure is usually published by ``today`` (None without a rhythm)."""
    lag = kpi.release_lag_months
    if lag is None:
        return None
    if kpi.periodicity == "month":
        year, month = _after(today.year, today.month, -lag)
        return f"{year}M{month:02d}"
    year = today.year
    while _after(year, 12, lag) > (today.year, today.month):
        year -= 1
    return str(year)


def _after(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def next_figure(kpi: Kpi, latest_period: str | None, today: date) -> NextFigure | None:
    """The next period after ``latest_period`` (or, with no figure, the last period already over) and the month
    its figure is usually published; None when the catalog gives no rhythm for the KPI."""
    lag = kpi.release_lag_months
    if lag is None:
        return None
    if kpi.periodicity == "month":
        if latest_period and len(latest_period) == 7:
            year, month = _after(int(latest_period[:4]), int(latest_period[5:]), 1)
        else:
            year, month = _after(today.year, today.month, -1)
        out_year, out_month = _after(year, month, lag)
        return NextFigure(f"{year}M{month:02d}", out_year, out_month)
    year = int(str(latest_period)[:4]) + 1 if latest_period else today.year - 1
    out_year, out_month = _after(year, 12, lag)
    return NextFigure(str(year), out_year, out_month)
