"""The KPI catalog (``catalog.toml``): KPIs, regions, sources, the goal and the status thresholds."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kpis.core import catalog_schema as schema
from kpis.core import chart_kinds, places, registry
from kpis.core.catalog_schema import CatalogError
from kpis.core.words import Words

CATALOG_PATH = Path(__file__).resolve().parent.parent / "catalog.toml"



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


def _kpi(entry: schema.KpiEntry) -> Kpi:
    where = f"kpi {entry.id}"
    return Kpi(
        id=entry.id,
        function=entry.function,
        title=Words(entry.texts("title")),
        description=Words(entry.texts("description")),
        unit=Words(entry.texts("unit")),
        direction=entry.direction,
        periodicity=entry.periodicity,
        decimals=entry.decimals,
        source=dict(entry.source),
        compare=entry.compare,
        plausible=entry.plausible,
        public=entry.public if entry.public is not None else entry.source.get("kind") != "own",
        max_age_years=entry.max_age_years,
        note=Words(entry.texts("note")) if entry.texts("note") else None,
        computed=parse_terms(entry.computed, where) if entry.computed is not None else (),
        release_lag_months=entry.release_lag_months,
        events=entry.events,
        succeeded_by=entry.succeeded_by,
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


def _cohort(entry: schema.CohortEntry | None) -> Cohort | None:
    if entry is None:
        return None
    series = tuple(CohortSeries(s.id, s.content, s.age, tuple(s.tables), s.search, s.label, s.path, s.by_age,
                                s.age_basis) for s in entry.series)
    return Cohort(series, entry.years, tuple(entry.groups))


def _site(entry: schema.SiteEntry) -> Site:
    return Site(entry.panel, Words(entry.texts("publisher") or {"sv": ""}), Words(entry.texts("unit") or {"sv": ""}),
                entry.home_page, Words(entry.texts("place") or {"sv": ""}))


def parse_catalog(raw: dict[str, Any]) -> Catalog:
    """Build a :class:`Catalog` from the parsed TOML, checked first against its declared shape
    (:mod:`kpis.core.catalog_schema`); a problem is a :class:`CatalogError` in words."""
    checked = schema.validate(raw)
    functions = {key: Function(key, Words(f.names()), f.path if f.path is not None else key, f.icon,
                               f.view if f.view is not None else key, tuple(f.charts), f.theme)
                 for key, f in checked.functions.items()}
    kpis = {entry.id: _kpi(entry) for entry in checked.kpis}
    for kpi in kpis.values():
        unknown = [term.kpi for term in kpi.computed if term.kpi not in kpis]
        if unknown:
            raise CatalogError(f"kpi {kpi.id}: computed from unknown KPIs {', '.join(unknown)}")
    regions = {r.code: Region(r.code, Words(r.names()), r.level, r.peer,
                              Words(r.texts("why")) if r.texts("why") else None) for r in checked.regions}
    g = checked.goal
    home = checked.home
    goal = Goal(g.kpi, g.region or home.region, g.target_value, g.target_year, g.births, g.deaths, g.net_migration,
                g.natural_increase, g.population_increase,
                tuple(g.charts) if g.charts is not None else GOAL_CHARTS, tuple(g.overview), dict(g.drawn_from))
    s = checked.status
    status = StatusThresholds(s.on_track_min_ratio, s.backwards_below, s.pace_years, s.acceleration_min_ratio,
                              s.min_points, s.max_age_years)
    site = _site(checked.site)
    return Catalog(kpis, regions, _sources(site), functions, goal, status,
                   tuple(code for code, r in regions.items() if r.peer), home.region, home.county,
                   home.country, _cohort(checked.cohort), site, home.everyone, home.change_from, tuple(home.north))


@lru_cache(maxsize=4)
def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    with open(path, "rb") as fh:
        return parse_catalog(tomllib.load(fh))
