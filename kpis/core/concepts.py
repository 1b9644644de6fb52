"""Concepts computed from official parts, computed once: natural increase, population increase, net migration.

A KPI whose catalog entry says ``computed = "live_births - deaths"`` is, for every region and year where every
part has an official figure, the sum of its terms. Where the statistics agency publishes the concept itself
(SCB's own natural increase or net migration) that figure stays and the computed value is only a check: a
difference beyond SCB's small adjustments is reported. Figures of other classes (a municipality's page citing
SCB, a transcription) give way to the value computed from the official parts. Pure pandas: the pipeline reads
the store, calls :func:`derive` and writes what it returns, so every surface reads one series per concept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kpis.core.catalog import Catalog, Kpi
from kpis.core.source_class import OFFICIAL

COMPUTED = "computed"  # the source id and the source class of a computed row
# A published concept may differ from its computed value by SCB's adjustments (justeringar: a few persons a
# year, more in a year of boundary changes). Beyond this share of the population the two disagree.
TOLERANCE_SHARE = 0.005
TOLERANCE_MIN = 10.0
_TABLE = re.compile(r"TAB[0-9]+")
_SCB_TYPE = re.compile(r"^official_SCB_table_(TAB[0-9]+)$")

ROW_COLUMNS = ("kpi_id", "region_code", "period", "value", "status", "preliminary", "source_id", "source_url",
               "source_type", "note", "retrieved_at", "source_class", "caveat", "provenance")


@dataclass(frozen=True)
class Mismatch:
    """A published concept that differs from the value computed from its parts by more than adjustments."""

    kpi: str
    region: str
    period: str
    published: float
    computed: float


def concepts(catalog: Catalog) -> list[Kpi]:
    return [kpi for kpi in catalog.kpis.values() if kpi.computed and kpi.periodicity == "year"]


def parts_of(catalog: Catalog) -> set[str]:
    """Every KPI a computed concept reads, and the concepts themselves."""
    return {term.kpi for kpi in concepts(catalog) for term in kpi.computed} | {k.id for k in concepts(catalog)}


def tables_named(texts: pd.Series) -> str:
    """``TAB638, TAB1264, TAB960``: the SCB tables named in a computed row's ``source_type`` (or URLs)."""
    return ", ".join(dict.fromkeys(t for text in texts for t in _TABLE.findall(str(text))))


def _table_of(source_type: object, url: object, note: object) -> str:
    """The SCB table a part came from: its seed type, its fetch note (``SCB TAB638``) or its URL."""
    found = _SCB_TYPE.match(str(source_type or "")) or _TABLE.search(str(note or "")) or _TABLE.search(str(url))
    if found is None:
        return ""
    return found.group(1) if found.re is _SCB_TYPE else found.group(0)


def _official_values(obs: pd.DataFrame, kpi: str) -> pd.DataFrame:
    rows = obs[(obs["kpi_id"] == kpi) & (obs["source_class"] == OFFICIAL) & obs["value"].notna()]
    rows = rows[rows["period"].astype(str).str.fullmatch(r"\d{4}")]
    return rows.assign(year=rows["period"].astype(int))


def _computed(kpi: Kpi, obs: pd.DataFrame) -> pd.DataFrame:
    """region_code, year, value and what the parts say (retrieved, preliminary, caveat, sources) per year."""
    joined: pd.DataFrame | None = None
    for i, term in enumerate(kpi.computed):
        part = _official_values(obs, term.kpi)
        part = pd.DataFrame({
            "region_code": part["region_code"], "year": part["year"] + term.lag,
            f"v{i}": part["value"].astype(float) * term.sign, f"r{i}": part["retrieved_at"],
            f"p{i}": part["preliminary"].fillna(False).astype(bool), f"c{i}": part["caveat"],
            f"u{i}": part["source_url"],
            f"t{i}": [_table_of(a, b, c) for a, b, c in zip(part["source_type"], part["source_url"], part["note"],
                                                             strict=True)]})
        joined = part if joined is None else joined.merge(part, on=["region_code", "year"], how="inner")
    if joined is None or joined.empty:
        return pd.DataFrame(columns=["region_code", "year", "value"])
    n = len(kpi.computed)
    joined["value"] = joined[[f"v{i}" for i in range(n)]].sum(axis=1)
    joined["retrieved_at"] = joined[[f"r{i}" for i in range(n)]].max(axis=1)
    joined["preliminary"] = joined[[f"p{i}" for i in range(n)]].any(axis=1)
    caveats = joined[[f"c{i}" for i in range(n)]]
    joined["caveat"] = [next((c for c in row if isinstance(c, str) and c), None) for row in caveats.itertuples(
        index=False)]
    urls = joined[[f"u{i}" for i in range(n)]]
    joined["source_url"] = [" ".join(dict.fromkeys(str(u) for u in row)) for row in urls.itertuples(index=False)]
    tables = joined[[f"t{i}" for i in range(n)]]
    joined["tables"] = [",".join(dict.fromkeys(t for t in row if t)) for row in tables.itertuples(index=False)]
    return joined[["region_code", "year", "value", "retrieved_at", "preliminary", "caveat", "source_url", "tables"]]


def derive(obs: pd.DataFrame, catalog: Catalog) -> tuple[pd.DataFrame, list[Mismatch]]:
    """The computed rows (observation columns) for every concept, and the published figures that disagree.

    ``obs`` holds at least the concepts and their parts (``source_class``, ``caveat`` and the usual columns).
    A computed row is returned for each region and year where all parts are official and the concept has no
    official figure of its own; it replaces whatever other row the store had for that key.
    """
    frames, mismatches = [], []
    obs = obs.assign(caveat=obs["caveat"] if "caveat" in obs.columns else None)
    for kpi in concepts(catalog):
        computed = _computed(kpi, obs)
        if computed.empty:
            continue
        published = _official_values(obs, kpi.id).set_index(["region_code", "year"])["value"]
        population = _official_values(obs, catalog.goal.kpi).set_index(["region_code", "year"])["value"]
        keys = pd.MultiIndex.from_frame(computed[["region_code", "year"]])
        has_official = keys.isin(published.index)
        for (region, year), value in zip(keys[has_official], computed.loc[has_official, "value"], strict=True):
            size = population.get((region, year))
            limit = max(TOLERANCE_MIN, TOLERANCE_SHARE * float(size)) if size is not None else TOLERANCE_MIN
            if abs(float(published[(region, year)]) - float(value)) > limit:
                mismatches.append(Mismatch(kpi.id, str(region), str(year), float(published[(region, year)]),
                                           float(value)))
        fresh = computed[~has_official]
        terms = " ".join(f"{'−' if t.sign < 0 else '+'} {t.kpi}{f'[-{t.lag}]' if t.lag else ''}"
                         for t in kpi.computed).removeprefix("+ ")
        frames.append(pd.DataFrame({
            "kpi_id": kpi.id, "region_code": fresh["region_code"].astype(str), "period": fresh["year"].astype(str),
            "value": fresh["value"].astype(float), "status": None, "preliminary": fresh["preliminary"].astype(bool),
            "source_id": COMPUTED, "source_url": fresh["source_url"], "source_type": COMPUTED + ":" + fresh["tables"],
            "note": None,
            "retrieved_at": fresh["retrieved_at"], "source_class": COMPUTED, "caveat": fresh["caveat"],
            "provenance": f"computed from official figures: {terms}"}))
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(ROW_COLUMNS))
    return rows[list(ROW_COLUMNS)], mismatches
