"""What every surface reads for the goal and runs of its model, read and run one way: the app, the embed, the
static export, the board report and ``python -m kpis model`` each call :func:`read_goal` once and
:func:`goal_run` once per set of assumptions (the defaults are today's pace)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from kpis.core import model
from kpis.core.catalog import Catalog
from kpis.core.goal import ModelExtras, chart_kpis, run_model, try_model
from kpis.core.periods import year_of
from kpis.store import reads

Assumptions = tuple[int, float, float | None, int | None]  # window, fertility, custom net migration, end year
DEFAULT_ASSUMPTIONS: Assumptions = (5, 1.0, None, None)  # today's pace: the model at its defaults


@dataclass(frozen=True)
class GoalReads:
    """The goal region's figures of every KPI a chart about the goal reads, with the ages and SCB's projection."""

    obs: pd.DataFrame
    extras: ModelExtras


def read_extras(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> ModelExtras:
    """SCB's series by age and sex and SCB's projection for the goal's region (empty when never fetched)."""
    region = catalog.goal.region
    return ModelExtras.of(reads.age_observations(con, region), reads.projection(con, region))


def read_goal(con: duckdb.DuckDBPyConnection, catalog: Catalog, until: int | None = None) -> GoalReads:
    """What the goal's charts and model read, in one place (``until``: the figures up to that year only, as a
    report on an earlier year sees them)."""
    obs = reads.observations(con, list(chart_kpis(catalog)), [catalog.goal.region])
    if until is not None:
        obs = obs[[year_of(p) <= until for p in obs["period"].astype(str)]]
    return GoalReads(obs, read_extras(con, catalog))


def goal_run(goal: GoalReads, catalog: Catalog, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> model.Result | None:
    """The model on what :func:`read_goal` read; None where the figures do not allow a run."""
    return try_model(goal.obs, catalog, goal.extras, *assumptions)


def goal_run_or_raise(goal: GoalReads, catalog: Catalog, assumptions: Assumptions = DEFAULT_ASSUMPTIONS
                      ) -> model.Result:
    """:func:`goal_run`, saying why (:class:`~kpis.core.problems.NoModel`) where it cannot run."""
    return run_model(goal.obs, catalog, goal.extras, *assumptions)
