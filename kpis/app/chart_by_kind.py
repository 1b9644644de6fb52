"""Any chart of a KPI by its kind (kpis/core/chart_kinds.py), from the cached builder of its family: the one
place the app decides which builder draws a kind (the embed and the KPI tabs ask here)."""

from __future__ import annotations

from collections.abc import Sequence

from kpis.app.data import goal_chart, kpi_specs
from kpis.app.sweden_data import place_chart, place_kinds
from kpis.core import chart_kinds
from kpis.present.specs import ChartSpec


def chart(kind: str, kpi_id: str, regions: Sequence[str], years: tuple[int, int] | None = None,
          events: Sequence[tuple[int, str]] | None = None, measure: str | None = None) -> ChartSpec | None:
    """Any chart of a KPI by kind, built by its family's cached builder (kpis/core/chart_kinds.py): the KPI's own
    charts, its place among Sweden's municipalities, or a chart about the goal; None where it has no figures."""
    found = chart_kinds.KINDS.get(kind)
    if found is None:
        return None
    if found.family == chart_kinds.KPI:
        return next((s for s in kpi_specs(kpi_id, regions, events, years, measure) if s.kind == kind), None)
    if found.family == chart_kinds.PLACE:
        return place_chart(kind, kpi_id) if kind in place_kinds(kpi_id) else None
    return goal_chart(kind, years=years if kind == "goal" else None)
