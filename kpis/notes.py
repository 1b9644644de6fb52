"""Words around the figures: source lines and the CSV layout of what a chart shows. No streamlit."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

import pandas as pd

from kpis.catalog import Catalog
from kpis.i18n import t

SOURCE_NAMES = {"scb": "SCB", "kolada": "Kolada", "tillvaxtverket": "Tillväxtverket"}
OWN_NAME = {"sv": "Östersunds kommun (egna uppgifter)", "en": "Östersund municipality (own figures)"}
CSV_COLUMNS = ["kpi", "region", "period", "value", "unit", "source", "series", "preliminary", "retrieved"]


def _publisher(url: str) -> str:
    host = urlparse(url).netloc or url
    return host.removeprefix("www.")


def source_line(obs: pd.DataFrame, lang: str, most: int = 3) -> str:
    """``Källa: SCB, tabell TAB638 …. Hämtad 2026-11-26.`` for the observations a chart shows."""
    if obs.empty:
        return ""
    names: Counter[str] = Counter()
    notes = obs["note"] if "note" in obs.columns else pd.Series([None] * len(obs), index=obs.index)
    for source_id, url, note in zip(obs["source_id"], obs["source_url"], notes, strict=True):
        # An API row's note names its table or file ("SCB TAB638"); a published row names its page.
        api_name = str(note) if source_id in SOURCE_NAMES and isinstance(note, str) and note else None
        own = OWN_NAME[lang] if source_id == "own" else None
        names[api_name or own or SOURCE_NAMES.get(source_id) or _publisher(str(url))] += 1
    ranked = [name for name, _ in names.most_common()]
    shown = ", ".join(ranked[:most])
    if len(ranked) > most:
        more = len(ranked) - most
        shown += f" {'och' if lang == 'sv' else 'and'} {more} {'till' if lang == 'sv' else 'more'}"
    retrieved = pd.to_datetime(obs["retrieved_at"]).max().date().isoformat()
    return t("source_line", lang, sources=shown, retrieved=retrieved)


def observations_csv(obs: pd.DataFrame, catalog: Catalog, lang: str, series: str = "") -> pd.DataFrame:
    """Observations in the download layout: kpi, region, period, value, unit, source (+ series, flags)."""
    units = {k.id: k.unit[lang] for k in catalog.kpis.values()}
    return pd.DataFrame(
        {
            "kpi": obs["kpi_id"],
            "region": [catalog.region_name(c, lang) for c in obs["region_code"]],
            "period": obs["period"].astype(str),
            "value": obs["value"],
            "unit": obs["kpi_id"].map(units),
            "source": obs["source_url"],
            "series": series,
            "preliminary": obs["preliminary"].astype(bool),
            "retrieved": pd.to_datetime(obs["retrieved_at"]).dt.date.astype(str),
        },
        columns=CSV_COLUMNS,
    )


def computed_csv(frame: pd.DataFrame, kpi: str, region: str, unit: str, series: str, note: str) -> pd.DataFrame:
    """Computed rows (a target path, a projection) in the download layout; ``source`` says how they were made."""
    return pd.DataFrame(
        {
            "kpi": kpi,
            "region": region,
            "period": frame["year"].astype(str),
            "value": frame["value"].round(0),
            "unit": unit,
            "source": note,
            "series": series,
            "preliminary": False,
            "retrieved": "",
        },
        columns=CSV_COLUMNS,
    )


def localised(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The download layout with its headers in the chosen language (``värde``, ``källa`` … in Swedish)."""
    names = {column: t(f"col_{column}", lang) for column in CSV_COLUMNS}
    return table.rename(columns={c: n for c, n in names.items() if c in table.columns})
