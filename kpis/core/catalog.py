"""The KPI catalog (``catalog.toml``): KPIs, regions, sources, the goal and the status thresholds."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kpis.core import registry

CATALOG_PATH = Path(__file__).resolve().parent.parent / "catalog.toml"

DIRECTIONS = ("higher", "lower")
PERIODICITIES = ("year", "month")
LANGS = ("sv", "en")


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
    title: dict[str, str]
    description: dict[str, str]
    unit: dict[str, str]
    direction: str
    periodicity: str
    decimals: int
    source: dict[str, Any]
    compare: str | None = None
    plausible: tuple[float, float] | None = None
    public: bool = True
    max_age_years: int | None = None
    note: dict[str, str] | None = None
    computed: tuple[Term, ...] = ()  # how the concept is computed from other KPIs where it is not published
    release_lag_months: int | None = None  # months after a period ends until its figure is usually published

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
    name: dict[str, str]
    level: str
    peer: bool = False
    why: dict[str, str] | None = None  # why a default peer is one


@dataclass(frozen=True)
class Source:
    id: str
    name: dict[str, str]
    url: str
    licence: dict[str, str]


@dataclass(frozen=True)
class Function:
    """A function of Område Näringsliv och Tillväxt, and its page."""

    id: str
    name: dict[str, str]
    path: str  # the page's URL path ("" for the overview at /)
    icon: str
    view: str = ""  # the page's file in views/, without .py

    @property
    def page(self) -> str:
        return f"views/{self.view or self.id}.py"


@dataclass(frozen=True)
class Site:
    """Who publishes the panel: its name, the publisher and its unit (per language), the publisher's page."""

    panel: str = "Tillväxtpanelen"
    publisher: dict[str, str] = field(default_factory=lambda: {"sv": "", "en": ""})
    unit: dict[str, str] = field(default_factory=lambda: {"sv": "", "en": ""})
    home_page: str = ""
    place: dict[str, str] = field(default_factory=lambda: {"sv": "", "en": ""})


def _site(raw: dict[str, Any] | None) -> Site:
    raw = raw or {}

    def per_lang(key: str) -> dict[str, str]:
        return {lang: str(raw.get(f"{key}_{lang}", raw.get(f"{key}_sv", ""))) for lang in LANGS}

    return Site(str(raw.get("panel", "Tillväxtpanelen")), per_lang("publisher"), per_lang("unit"),
                str(raw.get("home_page", "")), per_lang("place"))


@dataclass(frozen=True)
class Goal:
    kpi: str
    region: str
    target_value: float
    target_year: int
    births: str = "live_births"  # the KPIs the population model reads besides the goal's own
    deaths: str = "deaths"
    net_migration: str = "net_migration"


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
    home: str = "2380"
    home_county: str = "23"
    country: str = "00"
    cohort: Cohort | None = None
    site: Site = field(default_factory=Site)

    @property
    def always(self) -> tuple[str, ...]:
        """The regions every chart shows: the home municipality, its county and the country."""
        return (self.home, self.home_county, self.country)

    def kpis_of(self, function: str) -> list[Kpi]:
        return [k for k in self.kpis.values() if k.function == function]

    def region_name(self, code: str, lang: str = "sv") -> str:
        region = self.regions.get(code)
        return region.name[lang] if region else code


def _require(entry: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [k for k in keys if k not in entry]
    if missing:
        raise CatalogError(f"{where}: missing {', '.join(missing)}")


def _kpi(entry: dict[str, Any], functions: dict[str, Any]) -> Kpi:
    where = f"kpi {entry.get('id', '?')}"
    _require(
        entry,
        ("id", "function", "direction", "periodicity", "decimals", "source",
         *(f"{p}_{lang}" for p in ("title", "description", "unit") for lang in LANGS)),
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
        title={lang: entry[f"title_{lang}"] for lang in LANGS},
        description={lang: entry[f"description_{lang}"] for lang in LANGS},
        unit={lang: entry[f"unit_{lang}"] for lang in LANGS},
        direction=entry["direction"],
        periodicity=entry["periodicity"],
        decimals=int(entry["decimals"]),
        source=dict(entry["source"]),
        compare=entry.get("compare"),
        plausible=_plausible(entry.get("plausible"), where),
        public=bool(entry.get("public", entry["source"].get("kind") != "own")),
        max_age_years=int(entry["max_age_years"]) if "max_age_years" in entry else None,
        note={lang: entry[f"note_{lang}"] for lang in LANGS} if "note_sv" in entry else None,
        computed=parse_terms(str(entry["computed"]), where) if "computed" in entry else (),
        release_lag_months=int(entry["release_lag_months"]) if "release_lag_months" in entry else None,
    )


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
        key: Function(key, {"sv": f["sv"], "en": f["en"]}, str(f.get("path", key)), str(f.get("icon", "")),
                      str(f.get("view", key)))
        for key, f in raw.get("functions", {}).items()
    }
    kpis: dict[str, Kpi] = {}
    for entry in raw.get("kpis", []):
        kpi = _kpi(entry, functions)
        if kpi.id in kpis:
            raise CatalogError(f"kpi {kpi.id}: defined twice")
        kpis[kpi.id] = kpi
    regions = {
        r["code"]: Region(r["code"], {"sv": r["sv"], "en": r["en"]}, r["level"], bool(r.get("peer", False)),
                          {lang: r[f"why_{lang}"] for lang in LANGS} if "why_sv" in r else None)
        for r in raw.get("regions", [])
    }
    sources = {s["id"]: Source(s["id"], {"sv": s["name"], "en": s.get("name_en", s["name"])}, s["url"],
                               {"sv": s["licence"], "en": s.get("licence_en", s["licence"])})
               for s in raw.get("sources", [])}
    for kpi in kpis.values():
        unknown = [term.kpi for term in kpi.computed if term.kpi not in kpis]
        if unknown:
            raise CatalogError(f"kpi {kpi.id}: computed from unknown KPIs {', '.join(unknown)}")
    g = raw["goal"]
    goal = Goal(g["kpi"], g["region"], float(g["target_value"]), int(g["target_year"]),
                str(g.get("births", "live_births")), str(g.get("deaths", "deaths")),
                str(g.get("net_migration", "net_migration")))
    if goal.kpi not in kpis or goal.region not in regions:
        raise CatalogError("goal: unknown kpi or region")
    s = raw["status"]
    status = StatusThresholds(float(s["on_track_min_ratio"]), float(s["backwards_below"]), int(s["pace_years"]),
                              float(s.get("acceleration_min_ratio", 0.6)), int(s.get("min_points", 3)),
                              int(s.get("max_age_years", 3)))
    peers = tuple(code for code, r in regions.items() if r.peer)
    home = raw.get("home", {})
    catalog = Catalog(kpis, regions, sources, functions, goal, status, peers, str(home.get("region", goal.region)),
                      str(home.get("county", "23")), str(home.get("country", "00")), _cohort(raw.get("cohort")),
                      _site(raw.get("site")))
    missing = [code for code in catalog.always if code not in regions]
    if missing:
        raise CatalogError(f"home: unknown regions {', '.join(missing)}")
    return catalog


@lru_cache(maxsize=4)
def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    with open(path, "rb") as fh:
        return parse_catalog(tomllib.load(fh))
