"""The source registry: every kind of source a KPI can have, what its catalog entry must say, and for
fetched sources the base URL (overridable by an environment variable) and the module that fetches it.

The catalog checks each KPI's ``source`` against this when it loads; ``kpis.sources.registry`` imports the
named fetcher modules; refresh, the CLI's ``--source`` choices and the provenance texts read it too. A new
source is one module in ``kpis/sources/`` and one entry here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpis.core import settings
from kpis.core.words import Words

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
SCB_LICENCE = {"sv": "CC BY 4.0, ange SCB som källa", "en": "CC BY 4.0, name SCB as the source"}


@dataclass(frozen=True)
class SourceKind:
    id: str
    name: dict[str, str]
    fields: dict[str, re.Pattern[str]] = field(default_factory=dict)  # field -> the form its value must have
    list_fields: frozenset[str] = frozenset()  # fields holding a list of such values
    env: str | None = None  # environment variable that overrides the base URL (fetched sources only)
    default_url: str | None = None
    module: str | None = None  # the fetcher: a module of kpis.sources with fetch(...) and steps(catalog)
    for_kpis: bool = True  # False: fetched for a model, not named by any KPI's source
    optional: dict[str, re.Pattern[str]] = field(default_factory=dict)  # optional list fields and their form
    mappings: frozenset[str] = frozenset()  # optional fields holding {variable = [codes]}
    title: dict[str, str] = field(default_factory=dict)  # the long name in the source listing (default: name)
    licence: dict[str, str] = field(default_factory=dict)  # the terms in words ({publisher}: the site's)
    licence_url: str = CC_BY  # the terms' address (the open-data catalog)
    first_year: int = 1749  # no figure of this source is older (SCB's population of Sweden starts in 1749)

    def __post_init__(self) -> None:  # names and terms readable in any language (a third one reads English)
        for name in ("name", "title", "licence"):
            object.__setattr__(self, name, Words(getattr(self, name)))

    @property
    def fetched(self) -> bool:
        return self.module is not None

    def base_url(self) -> str:
        return settings.source_url(self.env) or self.default_url or ""


KINDS: dict[str, SourceKind] = {k.id: k for k in (
    SourceKind("scb", {"sv": "SCB", "en": "Statistics Sweden (SCB)"},
               {"tables": re.compile(r"^TAB[0-9]+$"), "content": re.compile(r"^\S.*$")}, frozenset({"tables"}),
               "TILLVAXT_SCB_URL", "https://statistikdatabasen.scb.se/api/v2", "kpis.sources.scb",
               optional={"codes": re.compile(r"^[A-Za-z0-9]+$")}, mappings=frozenset({"select"}),
               title={"sv": "SCB, Statistikdatabasen (PxWebApi 2.0)",
                      "en": "Statistics Sweden (SCB), Statistical Database (PxWebApi 2.0)"},
               licence=SCB_LICENCE),
    SourceKind("kolada", {"sv": "Kolada", "en": "Kolada"}, {"kpi": re.compile(r"^[NU][0-9]{5}$")}, frozenset(),
               "TILLVAXT_KOLADA_URL", "https://api.kolada.se/v3", "kpis.sources.kolada",
               title={"sv": "Kolada (RKA), API v3", "en": "Kolada (RKA), API v3"},
               licence={"sv": "Fri användning, ange Källa: Kolada", "en": "Free to use, state Source: Kolada"},
               licence_url="https://www.kolada.se/om-oss/api", first_year=1970),
    SourceKind("tillvaxtverket", {"sv": "Tillväxtverket", "en": "Swedish Agency for Economic and Regional Growth"},
               {"file": re.compile(r"^[A-Za-z0-9_]+\.txt$")}, frozenset(),
               "TILLVAXT_TVV_URL", "https://oppnadata.tillvaxtverket.se/data/inkvartering",
               "kpis.sources.tillvaxtverket",
               title={"sv": "Tillväxtverket, öppna data om inkvartering",
                      "en": "Swedish Agency for Economic and Regional Growth, open accommodation data"},
               licence={"sv": "CC0", "en": "CC0"}, licence_url="https://creativecommons.org/publicdomain/zero/1.0/",
               first_year=2000),
    SourceKind("scb_ages", {"sv": "SCB (efter ålder och kön)", "en": "Statistics Sweden (SCB), by age and sex"},
               env="TILLVAXT_SCB_URL", default_url="https://statistikdatabasen.scb.se/api/v2",
               module="kpis.sources.scb_ages", for_kpis=False,
               title={"sv": "SCB, befolkning och befolkningsförändringar efter ålder och kön (PxWebApi 2.0)",
                      "en": "Statistics Sweden (SCB), population and its changes by age and sex (PxWebApi 2.0)"},
               licence=SCB_LICENCE),
    SourceKind("own", {"sv": "kommunens egna uppgifter", "en": "the municipality's own figures"},
               title={"sv": "Egna uppgifter från funktionerna", "en": "The functions' own figures"},
               licence={"sv": "{publisher}, CC BY 4.0 för publika nyckeltal",
                        "en": "{publisher}, CC BY 4.0 for public KPIs"}),
    SourceKind("published", {"sv": "publicerade siffror", "en": "published figures"}),
    SourceKind("seed", {"sv": "publicerade siffror", "en": "published figures"}, for_kpis=False,
               title={"sv": "Publicerade siffror (medföljande ögonblicksbild i data/seed/)",
                      "en": "Published figures (the bundled snapshot in data/seed/)"},
               licence={"sv": "Varje rad anger sidan siffran lästes från; SCB:s siffror CC BY 4.0",
                        "en": "Each row names the page it was read from; SCB's figures CC BY 4.0"}),
    SourceKind("computed", {"sv": "beräknat ur SCB:s siffror", "en": "computed from SCB's figures"}, for_kpis=False,
               title={"sv": "Beräknat ur SCB:s officiella siffror (födelseöverskott, folkökning, flyttnetto där "
                            "SCB:s egen serie saknas)",
                      "en": "Computed from SCB's official figures (natural increase, population increase, net "
                            "migration where SCB's own series is missing)"},
               licence=SCB_LICENCE),
)}

def listed() -> tuple[str, ...]:
    """The sources of the source listing (every kind with a long name), the bundled snapshot first."""
    found = [k.id for k in KINDS.values() if k.title]
    return tuple(sorted(found, key=lambda key: key != "seed"))
FETCHED = tuple(k.id for k in KINDS.values() if k.fetched)


def field_problems(source: dict[str, object]) -> list[str]:
    """What is wrong with a KPI's ``source`` entry, in words naming the field (empty when it is right)."""
    kind = KINDS.get(str(source.get("kind")))
    if kind is None or not kind.for_kpis:
        names = ", ".join(k.id for k in KINDS.values() if k.for_kpis)
        return [f"source.kind must be one of {names}, not {source.get('kind')!r}"]
    problems = []
    for name, form in kind.fields.items():
        value = source.get(name)
        values = value if name in kind.list_fields and isinstance(value, list) else [value]
        if value is None or (name in kind.list_fields and not isinstance(value, list)) or not values:
            problems.append(f"source.{name} is missing" if value is None else f"source.{name} must be a list")
            continue
        bad = [v for v in values if not isinstance(v, str) or not form.match(v)]
        if bad:
            problems.append(f"source.{name} {bad[0]!r} is not of the form {form.pattern}")
    for name, form in kind.optional.items():
        value = source.get(name)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) and form.match(v)
                                                                          for v in value)):
            problems.append(f"source.{name} must be a list of codes of the form {form.pattern}")
    for name in kind.mappings:
        value = source.get(name)
        if value is not None and not (isinstance(value, dict) and all(
                isinstance(codes, list) and codes and all(isinstance(c, str) and c for c in codes)
                for codes in value.values())):
            problems.append(f"source.{name} must map each variable to a list of codes")
    unknown = set(source) - {"kind", *kind.fields, *kind.optional, *kind.mappings}
    if unknown:
        problems.append(f"source has unknown fields {', '.join(sorted(unknown))}")
    return problems
