"""The population goal: the KPIs its model reads (the catalog's ``[goal]``), their history, what the store may add
(SCB's ages and projection) and the model run. Pure: frames in, a :class:`kpis.core.model.Result` out. Every
surface (the pages, the command line, the export, the report) runs the model through here; ``present`` only
draws what it gets."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpis.core import model, months, progress
from kpis.core.catalog import Catalog
from kpis.core.cohort import AgeData, NoModel
from kpis.core.kpi_state import yearly_series


def progress_of(obs: pd.DataFrame, catalog: Catalog) -> progress.Progress | None:
    """Where the goal's KPI stands against the goal, from the home region's figures in ``obs`` (None without)."""
    goal = catalog.goal
    return progress.progress(yearly_series(obs, goal.kpi, goal.region), goal.target_value, goal.target_year,
                             catalog.status)


def model_kpis(catalog: Catalog) -> tuple[str, ...]:
    """The KPIs the model reads: the goal's KPI, births, deaths and net migration, as the catalog names them."""
    goal = catalog.goal
    return (goal.kpi, goal.births, goal.deaths, goal.net_migration)


def history(obs: pd.DataFrame, catalog: Catalog) -> model.History:
    """The home region's official population, births, deaths and net migration, as the model takes them."""
    goal = catalog.goal
    return model.History(*(yearly_series(obs, kpi, goal.region) for kpi in model_kpis(catalog)))


@dataclass(frozen=True)
class ModelExtras:
    """What the store may add to the official totals: SCB's series by age and sex, SCB's own projection."""

    ages: AgeData | None = None
    projection: pd.DataFrame | None = None

    @classmethod
    def of(cls, ages: pd.DataFrame | None, projection: pd.DataFrame | None) -> ModelExtras:
        return cls(AgeData(ages) if ages is not None and len(ages) else None,
                   projection if projection is not None and len(projection) else None)


def run_model(obs: pd.DataFrame, catalog: Catalog, extras: ModelExtras | None = None, window: int = 5,
              fertility: float = 1.0, custom: float | None = None, end_year: int | None = None) -> model.Result:
    """The population model on the home region's official figures (and ages and SCB's projection when there)."""
    goal = catalog.goal
    extras = extras or ModelExtras()
    groups = catalog.cohort.groups if catalog.cohort else model.DEFAULT_GROUPS
    return model.run(history(obs, catalog), goal.target_value, goal.target_year, window, fertility, custom, end_year,
                     extras.ages, extras.projection, groups)


def try_model(obs: pd.DataFrame, catalog: Catalog, extras: ModelExtras | None = None, window: int = 5,
              fertility: float = 1.0, custom: float | None = None, end_year: int | None = None
              ) -> model.Result | None:
    """:func:`run_model`, or None where the figures do not allow a run (no population, no rates, out of reach)."""
    try:
        return run_model(obs, catalog, extras, window, fertility, custom, end_year)
    except NoModel:
        return None


def chart_kpis(catalog: Catalog) -> tuple[str, ...]:
    """Every KPI a chart about the goal reads: the model's, the components of change, the population increase and
    SCB's monthly statistics (the year so far)."""
    goal = catalog.goal
    return (*model_kpis(catalog), goal.natural_increase, goal.population_increase, *months.monthly_kpis(catalog.kpis))
