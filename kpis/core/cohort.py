"""The cohort-component model: the population aged year by year, by single year of age and sex. Pure numpy.

SCB counts deaths and moves by *age reached during the year* (age on 31 December), so the people aged ``a`` at
the end of year ``t`` are, exactly, the cohort aged ``a − 1`` a year earlier (for 100+, the 99- and 100+-year-
olds together; for 0, the year's births) less its deaths and out-movers plus its in-movers:

    P(t, a) = P(t−1, a−1) − D(t, a) − O(t, a) + I(t, a)

The rates are estimated on that same footing, pooled over a window of years (events over exposures, so a small
age group's noise does not swing them): mortality and out-migration per person of the cohort at the start
(the newborns for age 0), fertility per woman of the cohort by the mother's age, the boys' share of births.
In-migration is a count spread over ages and sexes with the observed profile. A scenario sets the year's net
migration ``N``; in-migration is then ``N`` plus the year's out-migration, so each year
``P(t) = P(t−1) + births − deaths + N`` holds exactly, as in the components model.

Ages run 0…100, 100 being the open group "100+"; sex 0 is men (SCB code 1), 1 women (code 2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpis.core.problems import Problem, ProblemError

AGES = 101
OPEN = AGES - 1
SEX_INDEX = {"1": 0, "2": 1}
REQUIRED = ("population", "births", "deaths", "in_migration", "out_migration")


@dataclass(frozen=True)
class AgeData:
    """SCB's series by age and sex: ``series``, ``year``, ``sex`` (``1``/``2``), ``age`` (0–100), ``value``."""

    frame: pd.DataFrame

    def by_sex(self) -> pd.DataFrame:
        """The rows split by sex (a year published for both sexes together, ``T``, cannot age by sex)."""
        return self.frame[self.frame["sex"].astype(str).isin(SEX_INDEX)]

    def array(self, series: str, year: int) -> np.ndarray | None:
        """The series in ``year`` as a 2 × 101 array (sex × age), or None when the year is missing."""
        frame = self.by_sex()
        rows = frame[(frame["series"] == series) & (frame["year"] == year)]
        if rows.empty:
            return None
        out = np.zeros((2, AGES))
        sex = rows["sex"].astype(str).map(SEX_INDEX).to_numpy()
        age = rows["age"].astype(int).clip(0, OPEN).to_numpy()
        np.add.at(out, (sex, age), rows["value"].astype(float).to_numpy())
        return out

    def years(self, series: str) -> list[int]:
        """The years the series has by sex."""
        frame = self.by_sex()
        return sorted(int(y) for y in frame.loc[frame["series"] == series, "year"].unique())

    def has_events(self) -> bool:
        """Births, deaths and migration by age are there too, not only the population."""
        return all(self.years(series) for series in REQUIRED if series != "population")

    def model_years(self) -> list[int]:
        """Years ``t`` with every series, and the population of ``t − 1``: the years rates can be read from."""
        common = set.intersection(*(set(self.years(s)) for s in REQUIRED))
        population = set(self.years("population"))
        return sorted(y for y in common if y - 1 in population)

    def latest_population(self) -> tuple[int, np.ndarray] | None:
        years = self.years("population")
        if not years:
            return None
        array = self.array("population", years[-1])
        return (years[-1], array) if array is not None else None


@dataclass(frozen=True)
class CohortRates:
    fertility: np.ndarray  # births per woman, by the mother's age (101)
    boys_share: float
    mortality: np.ndarray  # deaths per person of the cohort at the start of the year (2 × 101)
    out_rate: np.ndarray  # out-movers per person of the cohort (2 × 101)
    in_profile: np.ndarray  # share of the year's in-movers by sex and age (2 × 101, sums to 1)
    net_profile: np.ndarray  # observed net migration by sex and age, mean per year (2 × 101)
    first: int
    last: int


def aged(population: np.ndarray) -> np.ndarray:
    """The cohorts one year on, before births, deaths and moves: age ``a`` gets ``a − 1``; 100+ keeps its own."""
    out = np.zeros_like(population)
    out[:, 1:] = population[:, :-1]
    out[:, OPEN] += population[:, OPEN]
    return out


def _divide(events: np.ndarray, exposure: np.ndarray) -> np.ndarray:
    return np.divide(events, exposure, out=np.zeros_like(events, dtype=float), where=exposure > 0)


class NoModel(ProblemError):  # noqa: N818 - reads as a sentence: raise NoModel(...)
    """The population model cannot run on these figures (a missing series, a goal out of reach); says which."""


def estimate(data: AgeData, window: int = 5) -> CohortRates:
    """Rates pooled over the last ``window`` years that have every series and the population a year before."""
    years = data.model_years()[-max(1, window):]
    if not years:
        raise NoModel(Problem("model_no_age_years"))
    deaths = np.zeros((2, AGES))
    outs = np.zeros((2, AGES))
    ins = np.zeros((2, AGES))
    exposure = np.zeros((2, AGES))
    births_by_mother = np.zeros(AGES)
    women = np.zeros(AGES)
    boys = girls = 0.0
    for year in years:
        before, births = data.array("population", year - 1), data.array("births", year)
        deaths_now, outs_now = data.array("deaths", year), data.array("out_migration", year)
        ins_now = data.array("in_migration", year)
        if before is None or births is None or deaths_now is None or outs_now is None or ins_now is None:
            continue  # model_years() lists only years with all of them
        base = aged(before)
        base[:, 0] = births.sum(axis=1)  # the newborns by their own sex
        exposure += base
        women += base[1]
        births_by_mother += births.sum(axis=0)
        boys, girls = boys + births[0].sum(), girls + births[1].sum()
        deaths += deaths_now
        outs += outs_now
        ins += ins_now
    women[0] = 0.0  # no mother is aged 0: the newborn girls are no exposure
    total_in = ins.sum()
    return CohortRates(
        fertility=_divide(births_by_mother, women),
        boys_share=float(boys / (boys + girls)) if boys + girls else 0.512,
        mortality=_divide(deaths, exposure),
        out_rate=_divide(outs, exposure),
        in_profile=ins / total_in if total_in else np.full((2, AGES), 1 / (2 * AGES)),
        net_profile=(ins - outs) / len(years),
        first=years[0], last=years[-1],
    )


@dataclass(frozen=True)
class CohortPath:
    """One scenario: the yearly totals (as the components model's paths) and net migration by sex and age."""

    frame: pd.DataFrame  # year, population, births, deaths, net_migration
    net_by_age: np.ndarray  # years × 2 × 101: in − out of each projected year
    final: np.ndarray  # the population by sex and age in the last year


def project(start: np.ndarray, start_year: int, end_year: int, rates: CohortRates, net_migration: float,
            fertility: float = 1.0) -> CohortPath:
    """Age ``start`` (2 × 101, at the end of ``start_year``) year by year to ``end_year``."""
    population = start.astype(float).copy()
    rows = [{"year": start_year, "population": float(population.sum()), "births": None, "deaths": None,
             "net_migration": None}]
    nets = []
    for year in range(start_year + 1, end_year + 1):
        base = aged(population)
        births = float((rates.fertility * fertility * base[1]).sum())
        base[0, 0], base[1, 0] = births * rates.boys_share, births * (1 - rates.boys_share)
        deaths = rates.mortality * base
        outs = rates.out_rate * base
        ins = (net_migration + outs.sum()) * rates.in_profile
        population = base - deaths - outs + ins
        nets.append(ins - outs)
        rows.append({"year": year, "population": float(population.sum()), "births": births,
                     "deaths": float(deaths.sum()), "net_migration": float(net_migration)})
    return CohortPath(pd.DataFrame(rows), np.array(nets) if nets else np.zeros((0, 2, AGES)), population)


def by_group(net_by_age: np.ndarray, groups: tuple[tuple[int, int], ...]) -> list[float]:
    """Mean net migration a year by age group (both sexes)."""
    per_year = net_by_age.sum(axis=1) if net_by_age.ndim == 3 else net_by_age.sum(axis=0)[None, :]
    mean = per_year.mean(axis=0) if len(per_year) else np.zeros(AGES)
    return [float(mean[low:high + 1].sum()) for low, high in groups]


def scaled_start(data: AgeData, total: float) -> tuple[int, np.ndarray] | None:
    """The latest population by age, scaled to the published total (CKM single ages do not add up to it)."""
    latest = data.latest_population()
    if latest is None or latest[1].sum() <= 0:
        return None
    year, array = latest
    return year, array * (total / array.sum())
