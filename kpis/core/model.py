"""The road to the goal: a components-of-change model of the population. Pure: numbers in, numbers out.

Every year ``P(t+1) = P(t) + births − deaths + net migration``, exactly (no rounding inside the model).
Births and deaths are projected from their recent rates per 1 000 inhabitants (births and deaths of a year
over the population at the end of the year before), averaged over a window of years the user can change;
net migration is set per scenario:

- ``zero``: no net migration, the population's own course;
- ``avg5`` and ``avg10``: the mean net migration of the last five or ten years;
- ``custom``: a number the user chooses;
- ``goal``: the constant net migration a year that reaches the target in the target year, found by bisection.

Net migration of past years is computed from official figures as the rest of the accounting identity,
``P(t) − P(t−1) − births(t) + deaths(t)``, so it includes SCB's small adjustment term; it is labelled as
computed wherever it is shown. This is a calculation of what the goal needs, not a forecast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

SCENARIOS = ("zero", "avg5", "avg10", "goal", "custom")
BISECTION_BOUNDS = (-20_000.0, 20_000.0)


@dataclass(frozen=True)
class History:
    """The official yearly series the model starts from, each indexed by year."""

    population: pd.Series
    births: pd.Series
    deaths: pd.Series

    def net_migration(self) -> pd.Series:
        """Computed net migration, ``P(t) − P(t−1) − births(t) + deaths(t)``, for years with all four figures."""
        frame = pd.DataFrame({"now": self.population, "before": self.population.rename(lambda y: y + 1),
                              "births": self.births, "deaths": self.deaths}).dropna()
        return (frame["now"] - frame["before"] - frame["births"] + frame["deaths"]).rename("net_migration")

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
    reached_year: int | None = None

    def population_in(self, year: int) -> float:
        return float(self.frame.loc[self.frame["year"] == year, "population"].iloc[0])


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


def rates(history: History, window: int = 5) -> Rates:
    """Mean births and deaths per 1 000 inhabitants of the year before, over the last ``window`` years."""
    before = history.population.rename(lambda y: y + 1)
    frame = pd.DataFrame({"births": history.births, "deaths": history.deaths, "before": before}).dropna()
    frame = frame[frame["before"] > 0].sort_index().tail(max(1, window))
    if frame.empty:
        raise ValueError("no year has births, deaths and the population of the year before")
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
    return Path(name, net_migration, pd.DataFrame(rows), reached)


def needed_net_migration(start_year: int, start_population: float, rate: Rates, target_year: int,
                         target_value: float, fertility: float = 1.0, tolerance: float = 0.01) -> float:
    """The constant net migration a year that brings the population to ``target_value`` in ``target_year``."""
    low, high = BISECTION_BOUNDS

    def gap(migration: float) -> float:
        path = project(start_year, start_population, target_year, rate, migration, "goal", fertility)
        return path.population_in(target_year) - target_value

    if gap(low) > 0 or gap(high) < 0:
        raise ValueError("the target lies outside what any net migration between the bounds can reach")
    for _ in range(200):
        middle = (low + high) / 2
        if gap(middle) < 0:
            low = middle
        else:
            high = middle
        if high - low < tolerance:
            break
    return (low + high) / 2


def run(history: History, target_value: float, target_year: int, window: int = 5, fertility: float = 1.0,
        custom: float | None = None, end_year: int | None = None) -> Result:
    """Every scenario from the latest population figure to ``end_year`` (the target year by default)."""
    population = history.population.dropna().sort_index()
    if population.empty:
        raise ValueError("no population figure")
    start_year, start_population = int(population.index[-1]), float(population.iloc[-1])
    end = max(end_year or target_year, target_year)
    rate = rates(history, window)
    past = history.net_migration().sort_index()
    migration = {"zero": 0.0}
    if len(past):
        migration["avg5"] = float(past.tail(5).mean())
        migration["avg10"] = float(past.tail(10).mean())
    needed = needed_net_migration(start_year, start_population, rate, target_year, target_value, fertility)
    migration["goal"] = needed
    if custom is not None:
        migration["custom"] = float(custom)
    goal = (target_year, target_value)
    paths = {name: project(start_year, start_population, end, rate, value, name, fertility, goal)
             for name, value in migration.items()}
    latest = (int(past.index[-1]), float(past.iloc[-1])) if len(past) else None
    recent = past.tail(5)
    average = (int(recent.index[0]), int(recent.index[-1]), float(recent.mean())) if len(recent) else None
    natural_next = start_population * (rate.births_per_1000 * fertility - rate.deaths_per_1000) / 1000
    return Result(start_year, start_population, end, target_value, target_year, rate, paths, needed, latest,
                  average, natural_next, {"window": float(window), "fertility": fertility})
