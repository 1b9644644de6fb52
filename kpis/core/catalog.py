"""The KPI catalog (``catalog.toml``): KPIs, regions, sources, the goal and the status thresholds."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kpis.core import chart_kinds, languages, places, registry
from kpis.core.words import Words

CATALOG_PATH = Path(__file__).resolve().parent.parent / "catalog.toml"

DIRECTIONS = ("higher", "lower")
PERIODICITIES = ("year", "month")


def words(entry: dict[str, Any], key: str, fallback: str | None = None) -> Words:
    """``key_sv``, ``key_en`` and any other ``key_<lang>`` of an entry as :class:`Words`."""
    found = Words({k[len(key) + 1:]: str(v) for k, v in entry.items()
                   if k.startswith(f"{key}_") and languages.is_code(k[len(key) + 1:])})
    if fallback is not None and "sv" not in found:
        found["sv"] = fallback
    return found


class CatalogError(ValueError):
    """The catalog file is not what the code expects."""


@dataclass(frozen=True)
class Term:
    """One term of a computed concept: ``sign`` × the KPI's value ``lag`` years earlier."""

    sign: int
    kpi: str
    lag: int = 0


_TERM = re.compile(r"\s*([+-])?\s*([a-z][a-z0-9_]*)(?:\[-([0-9])\])?\s*")


def parse_terms(text: str, where: str) -> tuple[Term, ...]:
    """``"population - population[-1] - live_births + deaths"`` as terms; anything else is refused."""
    terms, position = [], 0
    while position < len(text):
        match = _TERM.match(text, position)
        if not match or match.end() == position or (terms and not match.group(1)):
            raise CatalogError(f"{where}: computed must be KPI ids joined by + and -, e.g. 'live_births - deaths'")
        terms.append(Term(-1 if match.group(1) == "-" else 1, match.group(2), int(match.group(3) or 0)))
        position = match.end()
    if not terms:
        raise CatalogError(f"{where}: computed is empty")
    return tuple(terms)


@dataclass(frozen=True)
class Kpi:
    id: str
    function: str
    title: Words
    description: Words
    unit: Words
    direction: str
    periodicity: str
    decimals: int
    source: dict[str, Any]
    compare: str | None = None
    plausible: tuple[float, float] | None = None
    public: bool = True
    max_age_years: int | None = None
    note: Words | None = None
    computed: tuple[Term, ...] = ()  # how the concept is computed from other KPIs where it is not published
    release_lag_months: int | None = None  # months after a period ends until its figure is usually published
    events: bool = False  # the big events (facts) marked on its time axis
    succeeded_by: str | None = None  # a series that ended: the KPI that measures the concept now

    @property
    def charts(self) -> tuple[str, ...]:
        """What its figures are drawn as: the seasons of a monthly KPI, else a trend and a comparison."""
        return ("season",) if self.periodicity == "month" else ("trend", "compare")

    @property
    def place_charts(self) -> tuple[str, ...]:
        """Sweden's municipalities on a yearly KPI whose source publishes every municipality (SCB, Kolada): a map,
        the spread and the home's rank over time (drawn where the store holds nearly all of them)."""
        return PLACE_CHARTS if self.periodicity == "year" and self.source_kind in ("scb", "kolada") else ()

    @property
    def source_kind(self) -> str:
        return str(self.source["kind"])

    @property
    def is_own_data(self) -> bool:
        return self.source_kind == "own"

    @property
    def is_fetched(self) -> bool:
        return self.source_kind in registry.FETCHED

    def is_plausible(self, value: float) -> bool:
        return self.plausible is None or self.plausible[0] <= value <= self.plausible[1]


@dataclass(frozen=True)
class Region:
    code: str
    name: Words
    level: str
    peer: bool = False
    why: Words | None = None  # why a default peer is one


@dataclass(frozen=True)
class Source:
    id: str
    name: Words
    url: str
    licence: Words


@dataclass(frozen=True)
class Function:
    """A function of Område Näringsliv och Tillväxt, and its page."""

    id: str
    name: Words
    path: str  # the page's URL path ("" for the overview at /)
    icon: str
    view: str = ""  # the page's view, by name (kpis/app/view_files.py makes it a file); the id when empty
    charts: tuple[str, ...] = ()  # charts about the goal drawn under the function's KPIs (FUNCTION_CHARTS)
    theme: str = "SOCI"  # its data theme in the open-data catalog (EU data themes: SOCI, ECON, GOVE …)


@dataclass(frozen=True)
class Site:
    """Who publishes the panel: its name, the publisher and its unit (per language), the publisher's page."""

    panel: str = "Tillväxtpanelen"
    publisher: Words = field(default_factory=lambda: Words(sv="", en=""))
    unit: Words = field(default_factory=lambda: Words(sv="", en=""))
    home_page: str = ""
    place: Words = field(default_factory=lambda: Words(sv="", en=""))


def _site(raw: dict[str, Any] | None) -> Site:
    raw = raw or {}

    return Site(str(raw.get("panel", "Tillväxtpanelen")), words(raw, "publisher", ""), words(raw, "unit", ""),
                str(raw.get("home_page", "")), words(raw, "place", ""))


# The chart kinds by family, from their one declaration (kpis/core/chart_kinds.py). Read when the catalog is
# loaded, so a kind declared there is one the catalog may name.
def _family(family: str) -> tuple[str, ...]:
    return chart_kinds.of_family(family)


GOAL_CHARTS = _family(chart_kinds.GOAL)
KPI_CHARTS = _family(chart_kinds.KPI)  # what any KPI's figures can be drawn as
PLACE_CHARTS = _family(chart_kinds.PLACE)  # a KPI among all of Sweden's municipalities
FUNCTION_CHARTS = _family(chart_kinds.FUNCTION)  # a function page's charts about the goal


@dataclass(frozen=True)
class Goal:
    kpi: str
    region: str
    target_value: float
    target_year: int
    births: str = "live_births"  # the KPIs the population model reads besides the goal's own
    deaths: str = "deaths"
    net_migration: str = "net_migration"
    natural_increase: str = "natural_increase"  # the components of change, drawn beside the goal
    population_increase: str = "population_increase"
    charts: tuple[str, ...] = GOAL_CHARTS  # the goal KPI's charts (the embed and the static site), in order
    overview: tuple[str, ...] = ("goal", "model", "components")  # the overview's tabs, a part of ``charts``
    drawn_from: dict[str, int] = field(default_factory=dict)  # per chart kind: the first year drawn

    @property
    def components(self) -> tuple[str, str]:
        return (self.natural_increase, self.net_migration)


@dataclass(frozen=True)
class StatusThresholds:
    on_track_min_ratio: float
    backwards_below: float
    pace_years: int
    acceleration_min_ratio: float = 0.6
    min_points: int = 3
    max_age_years: int = 3


@dataclass(frozen=True)
class CohortSeries:
    """One SCB series by age and sex for the cohort model: its tables by id (old first) or by label."""

    id: str  # population | births | deaths | in_migration | out_migration | projection
    content: str  # the content label to select
    age: str  # the age variable (``Alder``, ``AlderModer``)
    tables: tuple[str, ...] = ()  # verified table ids, old first
    search: str = ""  # when the ids are not known: the words to search SCB's table list for,
    label: str = ""  # and the start of the wanted tables' labels
    path: str = ""  # and a node id the tables must lie under (``BE0401``)
    by_age: bool = True  # False: the published total only (the projection)
    age_basis: str = "reached"  # reached: age reached during the year; exact: age at the event


@dataclass(frozen=True)
class Cohort:
    """What the refresh fetches by age and sex for the cohort-component model, and the groups it reports."""

    series: tuple[CohortSeries, ...]
    years: int = 11  # the latest years fetched of each series
    groups: tuple[tuple[int, int], ...] = ((0, 19), (20, 34), (35, 64), (65, 100))


COHORT_SERIES = ("population", "births", "deaths", "in_migration", "out_migration", "projection")


@dataclass(frozen=True)
class Catalog:
    kpis: dict[str, Kpi]
    regions: dict[str, Region]
    sources: dict[str, Source]
    functions: dict[str, Function]
    goal: Goal
    status: StatusThresholds
    peers_default: tuple[str, ...] = field(default=())
    home: str = ""  # the catalog's [home]: the home municipality, its county and the country
    home_county: str = ""
    country: str = ""
    cohort: Cohort | None = None
    site: Site = field(default_factory=Site)
    everyone: bool = False  # [home] everyone: fetch every municipality and county a source publishes (rank, map)
    change_from: int = 2015  # [home] change_from: the population's change among all municipalities is since this
    north: tuple[str, ...] = ()  # [home] north: the counties a map's "the north" zoom shows

    @property
    def always(self) -> tuple[str, ...]:
        """The regions every chart shows: the home municipality, its county and the country."""
        return (self.home, self.home_county, self.country)

    def kpis_of(self, function: str) -> list[Kpi]:
        return [k for k in self.kpis.values() if k.function == function]

    def owner(self, kpi: Kpi, lang: str) -> str:
        """Who answers for a KPI's comments: its function, or for the overview's KPIs (the goal's) the unit that
        owns the goal (``[site] unit``); never a page's name."""
        function = self.functions.get(kpi.function)
        if function is None:
            return "–"
        return self.site.unit[lang] if function.path == "" else function.name[lang]

    def known_regions(self) -> set[str]:
        """The regions a figure may be about: the catalog's, and with ``everyone`` every municipality and county
        of Sweden (the snapshot's and the sources' figures alike)."""
        return set(self.regions) | (set(places.sweden()) if self.everyone else set())

    def region_name(self, code: str, lang: str = "sv") -> str:
        """A region's name: the catalog's in the language, else SCB's name of any county or municipality."""
        region = self.regions.get(code)
        return region.name[lang] if region else places.name(code, lang)


def _require(entry: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [k for k in keys if k not in entry]
    if missing:
        raise CatalogError(f"{where}: missing {', '.join(missing)}")


def _kpi(entry: dict[str, Any], functions: dict[str, Any]) -> Kpi:
    where = f"kpi {entry.get('id', '?')}"
    _require(
        entry,
        ("id", "function", "direction", "periodicity", "decimals", "source",
         *(f"{p}_{lang}" for p in ("title", "description", "unit") for lang in languages.REQUIRED)),
        where,
    )
    if entry["function"] not in functions:
        raise CatalogError(f"{where}: unknown function {entry['function']!r}")
    if entry["direction"] not in DIRECTIONS:
        raise CatalogError(f"{where}: direction must be one of {DIRECTIONS}")
    if entry["periodicity"] not in PERIODICITIES:
        raise CatalogError(f"{where}: periodicity must be one of {PERIODICITIES}")
    source_problems = registry.field_problems(dict(entry["source"]))
    if source_problems:
        raise CatalogError(f"{where}: {'; '.join(source_problems)}")
    return Kpi(
        id=entry["id"],
        function=entry["function"],
        title=words(entry, "title"),
        description=words(entry, "description"),
        unit=words(entry, "unit"),
        direction=entry["direction"],
        periodicity=entry["periodicity"],
        decimals=int(entry["decimals"]),
        source=dict(entry["source"]),
        compare=entry.get("compare"),
        plausible=_plausible(entry.get("plausible"), where),
        public=bool(entry.get("public", entry["source"].get("kind") != "own")),
        max_age_years=int(entry["max_age_years"]) if "max_age_years" in entry else None,
        note=words(entry, "note") if "note_sv" in entry else None,
        computed=parse_terms(str(entry["computed"]), where) if "computed" in entry else (),
        release_lag_months=int(entry["release_lag_months"]) if "release_lag_months" in entry else None,
        events=bool(entry.get("events", False)),
        succeeded_by=str(entry["succeeded_by"]) if "succeeded_by" in entry else None,
    )


def _sources(site: Site) -> dict[str, Source]:
    """The sources as the registry describes them (name, address, terms); the site's publisher fills in the terms
    of its own figures."""
    found = {}
    for key in registry.listed():
        kind = registry.KINDS[key]
        found[key] = Source(key, Words(kind.title or kind.name), kind.default_url or "",
                            Words({lang: text.format(publisher=site.publisher[lang])
                                   for lang, text in kind.licence.items()}))
    return found


def _kinds(raw: Any, known: tuple[str, ...], where: str) -> tuple[str, ...]:
    kinds = tuple(str(k) for k in raw)
    unknown = [k for k in kinds if k not in known]
    if unknown:
        raise CatalogError(f"{where}: unknown charts {', '.join(unknown)} (known: {', '.join(known)})")
    return kinds


def _plausible(raw: Any, where: str) -> tuple[float, float] | None:
    if raw is None:
        return None
    if not (isinstance(raw, list) and len(raw) == 2 and raw[0] < raw[1]):
        raise CatalogError(f"{where}: plausible must be [low, high]")
    return float(raw[0]), float(raw[1])


def _cohort(raw: dict[str, Any] | None) -> Cohort | None:
    if not raw:
        return None
    series = []
    for entry in raw.get("series", []):
        where = f"cohort series {entry.get('id', '?')}"
        _require(entry, ("id", "content", "age"), where)
        if entry["id"] not in COHORT_SERIES:
            raise CatalogError(f"{where}: id must be one of {', '.join(COHORT_SERIES)}")
        tables = tuple(entry.get("tables", ()))
        if not tables and not (entry.get("search") and entry.get("label")):
            raise CatalogError(f"{where}: give tables, or search and label")
        if any(not re.match(r"^TAB[0-9]+$", str(t)) for t in tables):
            raise CatalogError(f"{where}: tables must be SCB table ids (TAB…)")
        if entry.get("age_basis", "reached") not in ("reached", "exact"):
            raise CatalogError(f"{where}: age_basis must be reached or exact")
        series.append(CohortSeries(entry["id"], str(entry["content"]), str(entry["age"]), tables,
                                   str(entry.get("search", "")), str(entry.get("label", "")),
                                   str(entry.get("path", "")), bool(entry.get("by_age", True)),
                                   str(entry.get("age_basis", "reached"))))
    needed = set(COHORT_SERIES) - {"projection"} - {s.id for s in series}
    if needed:
        raise CatalogError(f"cohort: missing series {', '.join(sorted(needed))}")
    groups = tuple((int(a), int(b)) for a, b in raw.get("groups", ((0, 19), (20, 34), (35, 64), (65, 100))))
    if any(a > b for a, b in groups) or any(groups[i][1] + 1 != groups[i + 1][0] for i in range(len(groups) - 1)):
        raise CatalogError("cohort: groups must follow each other without gaps")
    return Cohort(tuple(series), int(raw.get("years", 11)), groups)


def parse_catalog(raw: dict[str, Any]) -> Catalog:
    """Build a :class:`Catalog` from the parsed TOML, checking every entry."""
    functions = {
        key: Function(key, Words({k: str(v) for k, v in f.items() if languages.is_code(k)}),
                      str(f.get("path", key)), str(f.get("icon", "")),
                      str(f.get("view", key)),
                      _kinds(f.get("charts", ()), _family(chart_kinds.FUNCTION), f"function {key}"),
                      str(f.get("theme", "SOCI")))
        for key, f in raw.get("functions", {}).items()
    }
    kpis: dict[str, Kpi] = {}
    for entry in raw.get("kpis", []):
        kpi = _kpi(entry, functions)
        if kpi.id in kpis:
            raise CatalogError(f"kpi {kpi.id}: defined twice")
        kpis[kpi.id] = kpi
    regions = {
        r["code"]: Region(r["code"], Words({k: str(v) for k, v in r.items() if languages.is_code(k)}),
                          r["level"], bool(r.get("peer", False)), words(r, "why") if "why_sv" in r else None)
        for r in raw.get("regions", [])
    }
    for kpi in kpis.values():
        unknown = [term.kpi for term in kpi.computed if term.kpi not in kpis]
        if unknown:
            raise CatalogError(f"kpi {kpi.id}: computed from unknown KPIs {', '.join(unknown)}")
        if kpi.succeeded_by is not None and kpi.succeeded_by not in kpis:
            raise CatalogError(f"kpi {kpi.id}: succeeded_by names an unknown KPI {kpi.succeeded_by}")
    g = raw["goal"]
    goal_kinds = _family(chart_kinds.GOAL)
    charts = _kinds(g.get("charts", goal_kinds), goal_kinds, "goal")
    overview = _kinds(g.get("overview", ("goal", "model", "components")), charts, "goal overview")
    goal = Goal(g["kpi"], g["region"], float(g["target_value"]), int(g["target_year"]),
                str(g.get("births", "live_births")), str(g.get("deaths", "deaths")),
                str(g.get("net_migration", "net_migration")), str(g.get("natural_increase", "natural_increase")),
                str(g.get("population_increase", "population_increase")), charts, overview,
                {str(k): int(v) for k, v in g.get("drawn_from", {}).items()})
    named = (goal.kpi, goal.births, goal.deaths, goal.net_migration, goal.natural_increase, goal.population_increase)
    if any(kpi not in kpis for kpi in named) or goal.region not in regions:
        raise CatalogError("goal: unknown kpi or region")
    s = raw["status"]
    status = StatusThresholds(float(s["on_track_min_ratio"]), float(s["backwards_below"]), int(s["pace_years"]),
                              float(s.get("acceleration_min_ratio", 0.6)), int(s.get("min_points", 3)),
                              int(s.get("max_age_years", 3)))
    peers = tuple(code for code, r in regions.items() if r.peer)
    home = raw.get("home", {})
    _require(home, ("county", "country"), "home")
    site = _site(raw.get("site"))
    catalog = Catalog(kpis, regions, _sources(site), functions, goal, status, peers,
                      str(home.get("region", goal.region)), str(home["county"]), str(home["country"]),
                      _cohort(raw.get("cohort")), site, bool(home.get("everyone", False)),
                      int(home.get("change_from", 2015)), tuple(str(c) for c in home.get("north", ())))
    missing = [code for code in catalog.always if code not in regions]
    if missing:
        raise CatalogError(f"home: unknown regions {', '.join(missing)}")
    return catalog


@lru_cache(maxsize=4)
def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    with open(path, "rb") as fh:
        return parse_catalog(tomllib.load(fh))
