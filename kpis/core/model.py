"""The road to the goal: a components-of-change model of the population. Pure: numbers in, numbers out.

Every year ``P(t+1) = P(t) + births − deaths + net migration``, exactly (no rounding inside the model).
Births and deaths are projected from their recent rates per 1 000 inhabitants (births and deaths of a year
over the population at the end of the year before), averaged over a window of years the user can change;
net migration is set per scenario:

- ``zero``: no net migration, the population's own course;
- ``avg5`` and ``avg10``: the mean net migration of the last five or ten years;
- ``custom``: a number the user chooses;
- ``goal``: the constant net migration a year that reaches the target in the target year, found by bisection.

Net migration of past years is the store's one series for the concept: SCB's own net migration where it is
published, elsewhere computed from official figures as the rest of the accounting identity,
``P(t) − P(t−1) − births(t) + deaths(t)`` (which includes SCB's small adjustment term), labelled as computed
wherever it is shown. This is a calculation of what the goal needs, not a forecast.

When the store has SCB's series by age and sex (``AgeData``) for the start year, every scenario runs through
the cohort-component model of :mod:`kpis.core.cohort` instead (the same scenarios, the same identity), and the
goal scenario also says the net migration it needs by age group. SCB's own projection, when the store has it,
is one more path, ``scb``: SCB's forecast, drawn as published.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpis.core import cohort
from kpis.core.cohort import AgeData, NoModel
from kpis.core.problems import Problem

SCENARIOS = ("zero", "avg5", "avg10", "goal", "custom")
PACE_SCENARIO = "avg5"  # "today's pace": net migration as the mean of the last five years, births and deaths at rates
REACH_HORIZON = 2100  # every scenario is followed this far to find the year the target is reached
BISECTION_BOUNDS = (-20_000.0, 20_000.0)
DEFAULT_GROUPS = ((0, 19), (20, 34), (35, 64), (65, 100))


@dataclass(frozen=True)
class History:
    """The official yearly series the model starts from, each indexed by year."""

    population: pd.Series
    births: pd.Series
    deaths: pd.Series
    migration: pd.Series | None = None  # the store's net migration (published, else computed from the parts)

    def net_migration(self) -> pd.Series:
        """Net migration a year: the store's series where it has the year, else ``P(t) − P(t−1) − births(t) +
        deaths(t)`` for years with all four figures."""
        frame = pd.DataFrame({"now": self.population, "before": self.population.rename(lambda y: y + 1),
                              "births": self.births, "deaths": self.deaths}).dropna()
        identity = (frame["now"] - frame["before"] - frame["births"] + frame["deaths"])
        if self.migration is not None and len(self.migration.dropna()):
            identity = self.migration.dropna().astype(float).combine_first(identity)
        return identity.sort_index().rename("net_migration")

    def natural_increase(self) -> pd.Series:
        return (self.births - self.deaths).dropna().rename("natural_increase")


@dataclass(frozen=True)
class Rates:
    """Births and deaths per 1 000 inhabitants (of the year before), over the years ``first``–``last``."""

    births_per_1000: float
    deaths_per_1000: float
    first: int
    last: int


@dataclass(frozen=True)
class Path:
    """One scenario's yearly path: population, births, deaths and net migration from ``start_year`` on."""

    name: str
    net_migration_per_year: float
    frame: pd.DataFrame  # year, population, births, deaths, net_migration (the start year has only population)
    reached_year: int | None = None  # the first year at the target, searched to ``horizon`` (beyond the frame)
    horizon: int = REACH_HORIZON  # the last year searched: "not before" it when ``reached_year`` is None

    def population_in(self, year: int) -> float:
        return float(self.frame.loc[self.frame["year"] == year, "population"].iloc[0])


@dataclass(frozen=True)
class GroupNeed:
    """Net migration a year in one age group: what the goal scenario has, and what was seen (window mean)."""

    low: int
    high: int
    needed: float
    observed: float


@dataclass(frozen=True)
class Result:
    start_year: int
    start_population: float
    end_year: int
    target_value: float
    target_year: int
    rates: Rates
    paths: dict[str, Path]
    needed_net_migration: float
    latest_net_migration: tuple[int, float] | None
    average_net_migration: tuple[int, int, float] | None
    natural_increase_next: float
    assumptions: dict[str, float] = field(default_factory=dict)
    model: str = "components"  # or "cohort"
    model_reason: str = "no_ages"  # cohort | no_ages | no_age_events | ages_behind (why this model)
    age_years: tuple[int, int] | None = None  # the years the cohort rates come from
    groups: tuple[GroupNeed, ...] = ()
    projection_label: str = ""  # SCB's table, when the ``scb`` path is there
    age_population_years: tuple[int, ...] = ()  # the first and last year of the population by age in the store
    projection_table: str = ""  # SCB's table id of the projection, and when SCB published it
    projection_published: str = ""

    def pace(self) -> Pace | None:
        """Today's pace: the scenario the panel calls current, with the window of its net migration."""
        path = self.paths.get(PACE_SCENARIO)
        if path is None or self.average_net_migration is None:
            return None
        first, last, _ = self.average_net_migration
        return Pace(first, last, path.net_migration_per_year, self.rates, path.reached_year, path.horizon, path)


@dataclass(frozen=True)
class Pace:
    """Today's pace, said the same on every surface: net migration as its mean over ``first``–``last``, births and
    deaths at the model's rates; the year the target is reached on that road (None: not before ``horizon``)."""

    first: int
    last: int
    net_migration: float
    rates: Rates
    reached_year: int | None
    horizon: int
    path: Path


def rates(history: History, window: int = 5) -> Rates:
    """Mean births and deaths per 1 000 inhabitants of the year before, over the last ``window`` years."""
    before = history.population.rename(lambda y: y + 1)
    frame = pd.DataFrame({"births": history.births, "deaths": history.deaths, "before": before}).dropna()
    frame = frame[frame["before"] > 0].sort_index().tail(max(1, window))
    if frame.empty:
        raise NoModel(Problem("model_no_rates"))
    return Rates(float((frame["births"] / frame["before"]).mean() * 1000),
                 float((frame["deaths"] / frame["before"]).mean() * 1000), int(frame.index[0]),
                 int(frame.index[-1]))


def project(start_year: int, start_population: float, end_year: int, rate: Rates, net_migration: float,
            name: str, fertility: float = 1.0, target: tuple[int, float] | None = None) -> Path:
    """Year by year from ``start_year`` to ``end_year``: ``P(t+1) = P(t) + births − deaths + net migration``."""
    rows = [{"year": start_year, "population": start_population, "births": None, "deaths": None,
             "net_migration": None}]
    population = start_population
    # Half a person below the target counts as reaching it: the model's populations are not rounded.
    reached = start_year if target and start_population >= target[1] - 0.5 else None
    for year in range(start_year + 1, end_year + 1):
        births = population * rate.births_per_1000 * fertility / 1000
        deaths = population * rate.deaths_per_1000 / 1000
        population = population + births - deaths + net_migration
        rows.append({"year": year, "population": population, "births": births, "deaths": deaths,
                     "net_migration": net_migration})
        if target and reached is None and population >= target[1] - 0.5:
            reached = year
    return Path(name, net_migration, pd.DataFrame(rows), reached, end_year)


def _until(path: Path, end_year: int) -> Path:
    """``path`` drawn to ``end_year`` only; the year reached stays the one found over its whole horizon."""
    shown = path.frame[path.frame["year"] <= end_year].reset_index(drop=True)
    return Path(path.name, path.net_migration_per_year, shown, path.reached_year, path.horizon)


def _reached(frame: pd.DataFrame, target: tuple[int, float] | None) -> int | None:
    """The first year at or above the target (half a person below counts: populations are not rounded)."""
    if not target:
        return None
    hit = frame.loc[frame["population"] >= target[1] - 0.5, "year"]
    return int(hit.iloc[0]) if len(hit) else None


def bisect(final: Callable[[float], float], target_value: float, tolerance: float = 0.01) -> float:
    """The net migration a year whose path ends on ``target_value`` (``final`` rises with it)."""
    low, high = BISECTION_BOUNDS
    if final(low) > target_value or final(high) < target_value:
        raise NoModel(Problem("model_out_of_reach"))
    for _ in range(200):
        middle = (low + high) / 2
        if final(middle) < target_value:
            low = middle
        else:
            high = middle
        if high - low < tolerance:
            break
    return (low + high) / 2


def needed_net_migration(start_year: int, start_population: float, rate: Rates, target_year: int,
                         target_value: float, fertility: float = 1.0, tolerance: float = 0.01) -> float:
    """The constant net migration a year that brings the population to ``target_value`` in ``target_year``."""
    return bisect(lambda m: project(start_year, start_population, target_year, rate, m, "goal",
                                    fertility).population_in(target_year), target_value, tolerance)


def _cohort_start(ages: AgeData | None, start_year: int, start_population: float, window: int
                  ) -> tuple[str, tuple[np.ndarray, cohort.CohortRates] | None]:
    """The cohort model's start (population by age scaled to the published total) and rates, or why not."""
    if ages is None or ages.frame.empty:
        return "no_ages", None
    if not ages.has_events():
        return "no_age_events", None
    start = cohort.scaled_start(ages, start_population)
    if start is None or start[0] != start_year or not ages.model_years():
        return "ages_behind", None
    return "cohort", (start[1], cohort.estimate(ages, window))


def run(history: History, target_value: float, target_year: int, window: int = 5, fertility: float = 1.0,
        custom: float | None = None, end_year: int | None = None, ages: AgeData | None = None,
        projection: pd.DataFrame | None = None, groups: tuple[tuple[int, int], ...] = DEFAULT_GROUPS) -> Result:
    """Every scenario from the latest population figure to ``end_year`` (the target year by default).

    With ``ages`` for the start year, the scenarios age the population year by year (cohort model); without,
    births and deaths follow the population's rates (components model). ``projection`` (year, value,
    table_label) adds SCB's own projection as the path ``scb``.
    """
    population = history.population.dropna().sort_index()
    if population.empty:
        raise NoModel(Problem("model_no_population"))
    start_year, start_population = int(population.index[-1]), float(population.iloc[-1])
    end = max(end_year or target_year, target_year)
    horizon = max(end, REACH_HORIZON)
    rate = rates(history, window)
    past = history.net_migration().sort_index()
    migration = {"zero": 0.0}
    if len(past):
        migration["avg5"] = float(past.tail(5).mean())
        migration["avg10"] = float(past.tail(10).mean())
    goal = (target_year, target_value)
    reason, setup = _cohort_start(ages, start_year, start_population, window)
    group_needs: tuple[GroupNeed, ...] = ()
    age_years = None
    if setup is not None:
        start, cohort_rates = setup

        def simulate(value: float, until: int) -> cohort.CohortPath:
            return cohort.project(start, start_year, until, cohort_rates, value, fertility)

        needed = bisect(lambda m: float(simulate(m, target_year).frame["population"].iloc[-1]), target_value)
        migration["goal"] = needed
        if custom is not None:
            migration["custom"] = float(custom)
        runs = {name: simulate(value, horizon) for name, value in migration.items()}
        paths = {name: _until(Path(name, migration[name], r.frame, _reached(r.frame, goal), horizon), end)
                 for name, r in runs.items()}
        first_years = runs["goal"].net_by_age[: target_year - start_year]
        needed_groups = cohort.by_group(first_years, groups)
        observed_groups = cohort.by_group(cohort_rates.net_profile, groups)
        group_needs = tuple(GroupNeed(low, high, n, o) for (low, high), n, o in
                            zip(groups, needed_groups, observed_groups, strict=True))
        first = runs["zero"].frame.iloc[1]
        natural_next = float(first["births"] - first["deaths"]) if len(runs["zero"].frame) > 1 else 0.0
        age_years = (cohort_rates.first, cohort_rates.last)
    else:
        needed = needed_net_migration(start_year, start_population, rate, target_year, target_value, fertility)
        migration["goal"] = needed
        if custom is not None:
            migration["custom"] = float(custom)
        paths = {name: _until(project(start_year, start_population, horizon, rate, value, name, fertility, goal), end)
                 for name, value in migration.items()}
        natural_next = start_population * (rate.births_per_1000 * fertility - rate.deaths_per_1000) / 1000
    label = table = published = ""
    if projection is not None and len(projection):
        future = projection[projection["year"] >= start_year].sort_values("year")
        if len(future):
            frame = pd.DataFrame({"year": future["year"].astype(int).to_numpy(),
                                  "population": future["value"].astype(float).to_numpy(),
                                  "births": None, "deaths": None, "net_migration": None})
            paths["scb"] = _until(Path("scb", math.nan, frame, _reached(frame, goal), int(frame["year"].iloc[-1])),
                                  end)
            label = str(future["table_label"].iloc[0]) if "table_label" in future else ""
            table = str(future["table_id"].iloc[0]) if "table_id" in future else ""
            published = future["published"].iloc[0] if "published" in future else None
            published = str(published) if isinstance(published, str) else ""
    latest = (int(past.index[-1]), float(past.iloc[-1])) if len(past) else None
    recent = past.tail(5)
    average = (int(recent.index[0]), int(recent.index[-1]), float(recent.mean())) if len(recent) else None
    age_population = sorted({int(y) for y in ages.frame.loc[ages.frame["series"] == "population", "year"]}
                            ) if ages is not None and len(ages.frame) else []
    return Result(start_year, start_population, end, target_value, target_year, rate, paths, needed, latest,
                  average, natural_next, {"window": float(window), "fertility": fertility},
                  "cohort" if setup is not None else "components", reason, age_years, group_needs, label,
                  (age_population[0], age_population[-1]) if age_population else (), table, published)
