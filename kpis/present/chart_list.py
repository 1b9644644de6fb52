"""The one list of charts: which charts the goal KPI, any KPI and a function page offer (from the catalog), and
how each kind is built. The app's pages, the live embed, the static site and the report all ask here, so a new
chart kind is one builder here plus its name in the catalog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from kpis.core import chart_kinds, model
from kpis.core.catalog import KPI_CHARTS, PLACE_CHARTS, Catalog, Kpi
from kpis.core.goal import ModelExtras, chart_kpis
from kpis.core.kpi_state import Target
from kpis.present import goal_charts, places_charts, specs, year_so_far
from kpis.present.specs import ChartSpec


@dataclass(frozen=True)
class Inputs:
    """What a chart is drawn from: the store's observations (the KPIs and regions asked for), the model's run and
    what the store adds (ages, projection, facts), and the viewer's choices (regions, years, measure)."""

    obs: pd.DataFrame
    catalog: Catalog
    lang: str
    result: model.Result | None = None  # the goal's model run (the page's assumptions, or the defaults)
    extras: ModelExtras | None = None
    facts: pd.DataFrame | None = None
    regions: Sequence[str] = ()
    years: tuple[int, int] | None = None
    measure: str | None = None
    events: list[tuple[int, str]] | None = None
    target: Target | None = None
    history: bool = False  # the goal chart: earlier figures of other sources as points apart
    everyone: pd.DataFrame | None = None  # the KPI and the population for every region (map, spread, rank)
    similar: Sequence[str] = ()  # the similar municipalities marked in the spread (Kolada's groups)


OWN_KINDS = KPI_CHARTS  # drawn from a KPI's own figures (built together)
PLACE_KINDS = PLACE_CHARTS  # drawn from every region's figures (``Inputs.everyone``)


def _own(inputs: Inputs, kpi: Kpi) -> dict[str, ChartSpec]:
    """A KPI's own charts by kind, built in one go (they share the KPI's rows and the population)."""
    found = specs.kpi_specs(kpi, inputs.obs, list(inputs.regions), inputs.catalog, inputs.lang, inputs.events,
                            inputs.years, inputs.measure, inputs.target)
    return {s.kind: s for s in found}


def _kpi_kind(kind: str) -> Callable[[Inputs, Kpi | None], ChartSpec | None]:
    return lambda i, kpi: _own(i, kpi).get(kind) if kpi is not None else None


def _everyone(inputs: Inputs) -> pd.DataFrame:
    return inputs.everyone if inputs.everyone is not None else inputs.obs


def _map(inputs: Inputs, kpi: Kpi | None) -> ChartSpec | None:
    if kpi is None:
        return None
    rate = places_charts.goal_rate(inputs.obs, inputs.catalog) if kpi.id == inputs.catalog.goal.kpi else None
    return places_charts.map_chart(kpi, _everyone(inputs), inputs.catalog, inputs.lang, goal_rate=rate)


_BUILDERS: dict[str, Callable[[Inputs, Kpi | None], ChartSpec | None]] = {
    "goal": lambda i, _: goal_charts.goal_chart(i.obs, i.catalog, i.lang, i.years, i.history, i.result),
    "model": lambda i, _: goal_charts.model_chart(i.result, i.obs, i.catalog, i.lang) if i.result else None,
    "components": lambda i, _: goal_charts.components_chart(i.obs, i.catalog, i.lang),
    "age_groups": lambda i, _: (goal_charts.age_group_chart(i.result, i.catalog, i.lang, i.extras)
                                if i.result else None),
    "pyramid": lambda i, _: goal_charts.age_pyramid(i.extras, i.catalog, i.lang),
    "age_change": lambda i, _: goal_charts.age_change(i.extras, i.catalog, i.lang),
    "required_net": lambda i, _: (goal_charts.required_net_chart(i.result, i.obs, i.catalog, i.lang)
                                  if i.result else None),
    "plan": lambda i, _: goal_charts.plan_chart(i.obs, i.catalog, i.lang),
    "timeline": lambda i, _: goal_charts.timeline(i.facts, i.lang) if i.facts is not None else None,
    "months": lambda i, _: year_so_far.chart(i.obs, i.catalog, i.lang),
    "trend": _kpi_kind("trend"),
    "compare": _kpi_kind("compare"),
    "season": _kpi_kind("season"),
    "map": _map,
    "distribution": lambda i, kpi: places_charts.distribution_chart(kpi, _everyone(i), i.catalog, i.lang, i.similar)
    if kpi is not None else None,
    "rank": lambda i, kpi: places_charts.rank_chart(kpi, _everyone(i), i.catalog, i.lang) if kpi is not None else None,
}
if set(_BUILDERS) != set(chart_kinds.KINDS):  # each declared kind has its builder, each builder its kind
    raise RuntimeError(f"chart kinds without a builder: {sorted(set(chart_kinds.KINDS) - set(_BUILDERS))}; "
                       f"builders without a kind: {sorted(set(_BUILDERS) - set(chart_kinds.KINDS))}")
KINDS = tuple(chart_kinds.KINDS)


def needs_model(kind: str) -> bool:
    found = chart_kinds.KINDS.get(kind)
    return found is not None and found.needs_model


def needs_facts(kind: str) -> bool:
    found = chart_kinds.KINDS.get(kind)
    return found is not None and found.needs_facts


def kinds(kpi: Kpi, catalog: Catalog) -> tuple[str, ...]:
    """The charts a KPI offers, in order: the goal's charts first for the goal KPI, then its own."""
    return (*(catalog.goal.charts if kpi.id == catalog.goal.kpi else ()), *kpi.charts,
            *(kpi.place_charts if catalog.everyone else ()))


def function_kinds(function: str, catalog: Catalog) -> tuple[str, ...]:
    """The charts about the goal a function page draws under its KPIs (the catalog's ``charts``)."""
    found = catalog.functions.get(function)
    return found.charts if found else ()


def needed_kpis(catalog: Catalog, chosen: Sequence[str], kpi: Kpi | None = None) -> tuple[str, ...]:
    """The KPIs to read for these chart kinds: the goal's series for goal charts, the KPI and the population
    (per 1 000) for a KPI's own charts."""
    ids: list[str] = []
    if any(k not in OWN_KINDS for k in chosen):
        ids += chart_kpis(catalog)
    if kpi is not None:
        ids += [kpi.id, catalog.goal.kpi]
    return tuple(dict.fromkeys(ids))


def build(kind: str, inputs: Inputs, kpi: Kpi | None = None) -> ChartSpec | None:
    """One chart, or None where its figures are missing (an unknown kind is None too)."""
    builder = _BUILDERS.get(kind)
    return builder(inputs, kpi) if builder else None


def charts(chosen: Sequence[str], inputs: Inputs, kpi: Kpi | None = None) -> list[ChartSpec]:
    """The charts of these kinds that have figures, in order (a KPI's own charts built in one go)."""
    built = _own(inputs, kpi) if kpi is not None and any(k in OWN_KINDS for k in chosen) else {}
    found = (built.get(kind) if kind in OWN_KINDS else build(kind, inputs, kpi) for kind in chosen)
    return [spec for spec in found if spec is not None]


def kpi_charts(kpi: Kpi, inputs: Inputs) -> list[ChartSpec]:
    """Every chart a KPI offers that has figures (the goal KPI: the goal, the road to it, the ages first)."""
    return charts(kinds(kpi, inputs.catalog), inputs, kpi)
