"""The catalog file's shape, declared with pydantic: every section's keys, their types, the values allowed and the
checks across entries. :func:`validate` turns the parsed TOML into these models or raises :class:`CatalogError`
with every problem in words naming the entry and the key (``kpi population: missing title_en``).

Texts by language (``title_sv``, ``title_sma``, a region's ``sv`` …) are free keys of an entry; the languages every
text must give are :data:`kpis.core.languages.REQUIRED`.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kpis.core import chart_kinds, languages, registry

COHORT_SERIES = ("population", "births", "deaths", "in_migration", "out_migration", "projection")
_TABLE_ID = re.compile(r"^TAB[0-9]+$")


class CatalogError(ValueError):
    """The catalog file is not what the code expects."""


class _Entry(BaseModel):
    # Texts by language are keys of their own (title_sv, title_sma …): extra keys are kept, typed as text below.
    model_config = ConfigDict(extra="allow", frozen=True, strict=False)

    def texts(self, key: str) -> dict[str, str]:
        """``key_<language>`` of the entry (``title_sv`` → ``{"sv": …}``), every language code it gives."""
        found = {**(self.model_extra or {}), **self.__dict__}
        return {k[len(key) + 1:]: str(v) for k, v in found.items()
                if k.startswith(f"{key}_") and languages.is_code(k[len(key) + 1:]) and v is not None}

    def names(self) -> dict[str, str]:
        """The entry's own keys that are language codes (a region's ``sv``, a function's ``en``)."""
        return {k: str(v) for k, v in (self.model_extra or {}).items() if languages.is_code(k)}


def _need_texts(entry: Any, keys: tuple[str, ...]) -> Any:
    """Every required language of each text key (``title`` → ``title_sv``, ``title_en``; ``""`` → the bare codes
    a region's or a function's name is given by)."""
    if isinstance(entry, dict):
        names = [f"{key}_{lang}" if key else lang for key in keys for lang in languages.REQUIRED]
        missing = [name for name in names if name not in entry]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
    return entry


class KpiEntry(_Entry):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    function: str
    direction: Literal["higher", "lower"]
    periodicity: Literal["year", "month"]
    decimals: int = Field(ge=0, le=6)
    source: dict[str, Any]
    compare: str | None = None
    plausible: tuple[float, float] | None = None
    public: bool | None = None
    max_age_years: int | None = Field(default=None, ge=0)
    computed: str | None = None
    release_lag_months: int | None = Field(default=None, ge=0)
    events: bool = False
    succeeded_by: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _required_texts(cls, entry: Any) -> Any:
        return _need_texts(entry, ("title", "description", "unit"))

    @field_validator("plausible")
    @classmethod
    def _low_below_high(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not value[0] < value[1]:
            raise ValueError("plausible must be [low, high]")
        return value

    @field_validator("source")
    @classmethod
    def _source_as_its_kind_declares(cls, value: dict[str, Any]) -> dict[str, Any]:
        problems = registry.field_problems(dict(value))  # each source kind declares its own fields
        if problems:
            raise ValueError("; ".join(problems))
        return value


class RegionEntry(_Entry):
    code: str = Field(pattern=r"^[0-9]{2}([0-9]{2})?$")
    level: Literal["kommun", "lan", "riket"]
    peer: bool = False

    @model_validator(mode="before")
    @classmethod
    def _named(cls, entry: Any) -> Any:
        return _need_texts(entry, ("",))


def _kinds_of(family: str, kinds: list[str]) -> list[str]:
    known = chart_kinds.of_family(family)
    unknown = [k for k in kinds if k not in known]
    if unknown:
        raise ValueError(f"unknown charts {', '.join(unknown)} (known: {', '.join(known)})")
    return kinds


class FunctionEntry(_Entry):
    path: str | None = None
    icon: str = ""
    view: str | None = None
    charts: list[str] = []
    theme: str = "SOCI"

    @field_validator("charts")
    @classmethod
    def _function_charts(cls, value: list[str]) -> list[str]:
        return _kinds_of(chart_kinds.FUNCTION, value)


class GoalEntry(_Entry):
    kpi: str
    region: str | None = None  # the home municipality ([home] region) unless the goal is another region's
    target_value: float = Field(gt=0)
    target_year: int = Field(ge=2000, le=2200)
    births: str = "live_births"
    deaths: str = "deaths"
    net_migration: str = "net_migration"
    natural_increase: str = "natural_increase"
    population_increase: str = "population_increase"
    charts: list[str] | None = None
    overview: list[str] = ["goal", "model", "components"]
    drawn_from: dict[str, int] = {}

    @field_validator("charts")
    @classmethod
    def _goal_charts(cls, value: list[str] | None) -> list[str] | None:
        return value if value is None else _kinds_of(chart_kinds.GOAL, value)

    @model_validator(mode="after")
    def _overview_among_charts(self) -> GoalEntry:
        charts = self.charts if self.charts is not None else list(chart_kinds.of_family(chart_kinds.GOAL))
        unknown = [k for k in self.overview if k not in charts]
        if unknown:
            raise ValueError(f"overview: unknown charts {', '.join(unknown)} (known: {', '.join(charts)})")
        return self


class StatusEntry(_Entry):
    on_track_min_ratio: float = Field(gt=0)
    backwards_below: float
    pace_years: int = Field(ge=1)
    acceleration_min_ratio: float = 0.6
    min_points: int = Field(default=3, ge=2)
    max_age_years: int = Field(default=3, ge=0)


class HomeEntry(_Entry):
    region: str
    county: str
    country: str
    everyone: bool = False
    change_from: int = 2015
    north: list[str] = []


class SiteEntry(_Entry):
    panel: str = "Tillväxtpanelen"
    home_page: str = ""


class CohortSeriesEntry(_Entry):
    id: Literal["population", "births", "deaths", "in_migration", "out_migration", "projection"]
    content: str
    age: str
    tables: list[str] = []
    search: str = ""
    label: str = ""
    path: str = ""
    by_age: bool = True
    age_basis: Literal["reached", "exact"] = "reached"

    @field_validator("tables")
    @classmethod
    def _table_ids(cls, value: list[str]) -> list[str]:
        if any(not _TABLE_ID.match(t) for t in value):
            raise ValueError("tables must be SCB table ids (TAB…)")
        return value

    @model_validator(mode="after")
    def _found_somehow(self) -> CohortSeriesEntry:
        if not self.tables and not (self.search and self.label):
            raise ValueError("give tables, or search and label")
        return self


class CohortEntry(_Entry):
    series: list[CohortSeriesEntry] = []
    years: int = Field(default=11, ge=2)
    groups: list[tuple[int, int]] = [(0, 19), (20, 34), (35, 64), (65, 100)]

    @model_validator(mode="after")
    def _complete(self) -> CohortEntry:
        needed = set(COHORT_SERIES) - {"projection"} - {s.id for s in self.series}
        if needed:
            raise ValueError(f"missing series {', '.join(sorted(needed))}")
        groups = self.groups
        if any(a > b for a, b in groups) or any(groups[i][1] + 1 != groups[i + 1][0] for i in range(len(groups) - 1)):
            raise ValueError("groups must follow each other without gaps")
        return self


class CatalogEntry(_Entry):
    functions: dict[str, FunctionEntry] = {}
    kpis: list[KpiEntry] = []
    regions: list[RegionEntry] = []
    goal: GoalEntry
    status: StatusEntry
    home: HomeEntry
    site: SiteEntry = SiteEntry()
    cohort: CohortEntry | None = None

    @model_validator(mode="after")
    def _references(self) -> CatalogEntry:
        """What one entry names must exist in another: functions, KPIs, regions."""
        problems = []
        ids = [k.id for k in self.kpis]
        problems += [f"kpi {i}: defined twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        for kpi in self.kpis:
            if kpi.function not in self.functions:
                problems.append(f"kpi {kpi.id}: unknown function {kpi.function!r}")
            if kpi.succeeded_by is not None and kpi.succeeded_by not in ids:
                problems.append(f"kpi {kpi.id}: succeeded_by names an unknown KPI {kpi.succeeded_by}")
        codes = {r.code for r in self.regions}
        g = self.goal
        named = (g.kpi, g.births, g.deaths, g.net_migration, g.natural_increase, g.population_increase)
        if any(k not in ids for k in named) or (g.region or self.home.region) not in codes:
            problems.append("goal: unknown kpi or region")
        missing = [c for c in (self.home.region, self.home.county, self.home.country) if c not in codes]
        if missing:
            problems.append(f"home: unknown regions {', '.join(missing)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


_SECTIONS = {"kpis": "kpi", "regions": "region", "functions": "function", "goal": "goal", "status": "status",
             "home": "home", "site": "site", "cohort": "cohort"}


def _where(loc: tuple[int | str, ...], raw: dict[str, Any]) -> tuple[str, list[str]]:
    """The entry an error is about, in words (``kpi population``, ``cohort series births``), and the keys left."""
    if not loc:
        return "catalog", []
    section, rest = str(loc[0]), list(loc[1:])
    if section in ("kpis", "regions") and rest and isinstance(rest[0], int):
        entries = raw.get(section) or []
        entry = entries[rest[0]] if rest[0] < len(entries) and isinstance(entries[rest[0]], dict) else {}
        return f"{_SECTIONS[section]} {entry.get('id', entry.get('code', '?'))}", [str(r) for r in rest[1:]]
    if section == "functions" and rest:
        return f"function {rest[0]}", [str(r) for r in rest[1:]]
    if section == "cohort" and len(rest) >= 2 and rest[0] == "series" and isinstance(rest[1], int):
        series = (raw.get("cohort") or {}).get("series") or []
        entry = series[rest[1]] if rest[1] < len(series) and isinstance(series[rest[1]], dict) else {}
        return f"cohort series {entry.get('id', '?')}", [str(r) for r in rest[2:]]
    return _SECTIONS.get(section, section), [str(r) for r in rest]


def _words(error: dict[str, Any], raw: dict[str, Any]) -> str:
    where, keys = _where(tuple(error["loc"]), raw)
    key = ".".join(k for k in keys if not k.startswith(("function-", "literal", "tuple")))
    kind = error["type"]
    if kind == "missing":
        return f"{where}: missing {key}"
    if kind == "literal_error":
        return f"{where}: {key} must be one of {error['ctx']['expected']}"
    if kind == "value_error":  # our own words, after pydantic's "Value error, "
        message = str(error["ctx"]["error"])
        if where == "catalog":  # the checks across entries name their entries themselves
            return message
        return f"{where}: {key + ': ' if key and key not in message else ''}{message}"
    return f"{where}: {key}: {error['msg']}" if key else f"{where}: {error['msg']}"


def validate(raw: dict[str, Any]) -> CatalogEntry:
    """The catalog as checked models, or :class:`CatalogError` naming every problem."""
    try:
        return CatalogEntry.model_validate(raw)
    except ValidationError as err:
        raise CatalogError("; ".join(dict.fromkeys(_words(e, raw) for e in err.errors()))) from None
