"""Words around the figures: who published them, how sure they are, when they were retrieved, and the table
and CSV of exactly what a chart shows. No Streamlit, no database."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlparse

import pandas as pd

from kpis.core.catalog import Catalog, Kpi
from kpis.core.concepts import COMPUTED, tables_named
from kpis.core.i18n import t, texts
from kpis.core.registry import FETCHED, KINDS
from kpis.core.source_class import caveat_parts

CSV_COLUMNS = ["kpi", "region", "period", "value", "unit", "source", "source_class", "note", "series", "preliminary",
               "retrieved", "provenance"]
_SCB_TABLE = re.compile(r"^official_SCB_table_(TAB[0-9]+)$")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _publisher(url: str) -> str:
    host = urlparse(url).netloc or url
    return host.removeprefix("www.")


def source_name(source_id: str, url: str, source_type: str | None, note: str | None, lang: str) -> str:
    """The publisher of one row as a reader knows it: ``SCB, tabell TAB638``, ``Kolada N00999``, ``ostersund.se``."""
    table = _SCB_TABLE.match(source_type or "")
    if source_id == COMPUTED:
        return t("source_computed", lang, tables=tables_named(pd.Series([source_type, url])) or "SCB")
    if table:
        return t("source_scb_table", lang, table=table.group(1))
    if source_id in FETCHED:
        # A fetched row's note names its table or file ("SCB TAB638", "Kolada N00999").
        if isinstance(note, str) and note.startswith("SCB TAB"):
            return t("source_scb_table", lang, table=note.removeprefix("SCB "))
        return note if isinstance(note, str) and note else KINDS[source_id].name[lang]
    if source_id == "own":
        return KINDS["own"].name[lang]
    return _publisher(str(url))


def provided_by(kpi: Kpi, catalog: Catalog, lang: str) -> str:
    """Who provides a KPI's figures, in words: the function itself, the source that publishes them, or pages."""
    if kpi.is_own_data:
        return t("provided_by_function", lang, function=catalog.functions[kpi.function].name[lang])
    if kpi.is_fetched:
        return t("provided_by_source", lang, source=KINDS[kpi.source_kind].name[lang])
    return t("provided_by_published", lang)


def caveat_text(caveat: object, lang: str) -> str:
    """A row's caveat in words of the reader's language (``Avrundad siffra.``, plus a sentence where the row has
    one); empty for no caveat. Unknown codes are never shown as they are."""
    parts = caveat_parts(caveat)
    if parts is None:
        return ""
    code, detail = parts
    words = [t(f"caveat_{code}", lang)] if f"caveat_{code}" in texts(lang) else []
    if detail and f"caveat_detail_{detail}" in texts(lang):
        words.append(t(f"caveat_detail_{detail}", lang))
    return " ".join(words)


def note_text(source_id: object, note: object, caveat: object, lang: str) -> str:
    """What a reader sees of a row: its caveat in words; for the functions' own figures, their own note."""
    words = caveat_text(caveat, lang)
    if str(source_id) == "own" and isinstance(note, str) and note.strip():
        words = " ".join(filter(None, [words, note.strip()]))
    return words


def _column(obs: pd.DataFrame, name: str) -> pd.Series:
    return obs[name] if name in obs.columns else pd.Series([None] * len(obs), index=obs.index, dtype=object)


def retrieved_range(obs: pd.DataFrame) -> str:
    """``2026-09-13`` or ``2026-09-13–2026-11-26``: when the rows shown were retrieved."""
    dates = pd.to_datetime(obs["retrieved_at"]).dropna()
    if dates.empty:
        return "–"
    first, last = dates.min().date().isoformat(), dates.max().date().isoformat()
    return first if first == last else f"{first}–{last}"


def source_line(obs: pd.DataFrame, lang: str, most: int = 3) -> str:
    """``Källa: SCB, tabell TAB638 (officiell). Hämtad 2026-09-13–2026-11-26.`` for the rows a chart shows."""
    if obs.empty:
        return ""
    names: Counter[tuple[str, str]] = Counter()
    for source_id, url, source_type, note, klass in zip(
            obs["source_id"], obs["source_url"], _column(obs, "source_type"), _column(obs, "note"),
            _column(obs, "source_class"), strict=True):
        name = source_name(str(source_id), str(url), source_type if isinstance(source_type, str) else None,
                           note if isinstance(note, str) else None, lang)
        names[(name, str(klass) if isinstance(klass, str) else "")] += 1
    ranked = [f"{name} ({t(f'class_{klass}', lang)})" if klass and klass != "own" else name
              for (name, klass), _ in names.most_common()]
    shown = ", ".join(ranked[:most])
    if len(ranked) > most:
        shown += " " + t("source_more", lang, n=len(ranked) - most)
    return t("source_line", lang, sources=shown, retrieved=retrieved_range(obs))


def spans(periods: list[str]) -> str:
    """``1968–1973, 1975`` for the years a note is about (other periods listed as they are)."""
    found = sorted(set(periods))
    if not all(p.isdigit() for p in found):
        return ", ".join(found)
    years, spans = [int(p) for p in found], []
    start = previous = years[0]
    for year in [*years[1:], None]:
        if year is not None and year == previous + 1:
            previous = year
            continue
        spans.append(str(start) if start == previous else f"{start}–{previous}")
        if year is not None:
            start = previous = year
    return ", ".join(spans)


def footnotes(obs: pd.DataFrame, catalog: Catalog, lang: str, most: int = 8) -> list[str]:
    """One line per note (rounded, estimate, method change …), said once with the years and regions it is about:
    ``1968–1973, Östersund: …``, ``2025, Östersund, Jämtlands län: …``; past ``most`` the rest counted. The
    assembler's provenance stays in the CSV."""
    said: dict[str, tuple[list[str], list[str]]] = {}  # each note once, with every period and region it is about
    for caveat, period, region in zip(_column(obs, "caveat"), obs["period"], obs["region_code"], strict=True):
        text = caveat_text(caveat, lang)
        if text:
            periods, regions = said.setdefault(text, ([], []))
            periods.append(str(period))
            regions.append(catalog.region_name(str(region), lang))
    unique = [f"{spans(periods)}, {', '.join(dict.fromkeys(regions))}: {text}"
              for text, (periods, regions) in said.items()]
    if len(unique) > most:
        return [*unique[:most], t("notes_more", lang, n=len(unique) - most)]
    return unique


def hover_notes(obs: pd.DataFrame, lang: str) -> list[str]:
    """Per row, its caveat for a chart's hover (empty where there is none)."""
    return [f"<br>⚠ {text}" if (text := caveat_text(c, lang)) else "" for c in _column(obs, "caveat")]


def yes_no(flags: pd.Series, lang: str) -> pd.Series:
    return flags.fillna(False).astype(bool).map({True: t("word_yes", lang), False: t("word_no", lang)})


_ADDRESS_NOTE = re.compile(r"^(\S+://\S+)\s+\(.*\)$", re.S)


def address(source: object, lang: str = "sv") -> str:
    """A row's source as a reader sees it: the address, without the snapshot assembler's note ("(version stating
    …)", "(updated …)", in English), which only the English download's provenance column keeps."""
    text = source if isinstance(source, str) else ""
    found = _ADDRESS_NOTE.match(text)
    return found.group(1) if found else text


def _assembler_notes(provenance: object, source: object) -> str:
    """The provenance column: the assembler's note on the row and on its source's address, in its English."""
    note = _ADDRESS_NOTE.match(source) if isinstance(source, str) else None
    parts = [provenance if isinstance(provenance, str) else "",
             f"source {source[len(note.group(1)):].strip()}" if note else ""]
    return "; ".join(p for p in parts if p)


def observations_csv(obs: pd.DataFrame, catalog: Catalog, lang: str, series: str = "") -> pd.DataFrame:
    """Observations in the download layout: kpi, region, period, value, unit, source, its class and caveat …"""
    units = {k.id: k.unit[lang] for k in catalog.kpis.values()}
    classes = _column(obs, "source_class")
    return pd.DataFrame(
        {
            "kpi": obs["kpi_id"],
            "region": [catalog.region_name(c, lang) for c in obs["region_code"]],
            "period": obs["period"].astype(str),
            "value": obs["value"],
            "unit": obs["kpi_id"].map(units),
            "source": [address(u, lang) for u in obs["source_url"]],
            "source_class": [t(f"class_{c}", lang) if isinstance(c, str) else "" for c in classes],
            "note": [note_text(s, n, c, lang) for s, n, c in zip(obs["source_id"], _column(obs, "note"),
                                                                   _column(obs, "caveat"), strict=True)],
            "series": series,
            "preliminary": yes_no(obs["preliminary"], lang),
            "retrieved": pd.to_datetime(obs["retrieved_at"]).dt.date.astype(str),
            "provenance": [_assembler_notes(p, u) for p, u in zip(_column(obs, "provenance"), obs["source_url"],
                                                                   strict=True)],
        },
        columns=CSV_COLUMNS,
    )


def computed_csv(frame: pd.DataFrame, kpi: str, region: str, unit: str, series: str, note: str,
                 lang: str = "sv") -> pd.DataFrame:
    """Computed rows (a target path, a projection) in the download layout; ``source`` says how they were made."""
    return pd.DataFrame(
        {
            "kpi": kpi,
            "region": region,
            "period": frame["year"].astype(str),
            "value": frame["value"].round(0),
            "unit": unit,
            "source": note,
            "source_class": t("class_computed", lang),
            "note": "",
            "series": series,
            "preliminary": t("word_no", lang),
            "retrieved": "",
            "provenance": "",
        },
        columns=CSV_COLUMNS,
    )


def for_readers(table: pd.DataFrame) -> pd.DataFrame:
    """A table as pages, embeds and the static site show it: without the assembler's provenance, which only the
    CSV downloaded from the app carries."""
    return table.drop(columns=["provenance"], errors="ignore")


PROVENANCE_LANG = "en"  # the snapshot assembler's notes (``provenance``) are in English


def for_download(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The app's CSV download in the reader's language: the assembler's English provenance only in English."""
    return localised(table if lang == PROVENANCE_LANG else for_readers(table), lang)


def localised(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The download layout with its headers in the chosen language (``värde``, ``källa`` … in Swedish)."""
    known = texts(lang)
    return table.rename(columns={c: t(f"col_{c}", lang) for c in table.columns if f"col_{c}" in known})


def _inert(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def inert(table: pd.DataFrame) -> pd.DataFrame:
    """A table whose text cells a spreadsheet would run as formulas get a leading apostrophe: what a page shows
    (and the table toolbar's own CSV download takes) is as safe as our CSV downloads."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_inert)
    return safe


def csv_bytes(table: pd.DataFrame, lang: str) -> bytes:
    """A table as the chosen language's spreadsheet reads it: in Swedish semicolons, decimal comma and UTF-8 with
    a BOM (as Swedish Excel opens it); in English commas and points. No cell starts a formula."""
    safe = inert(table)
    sv = t("decimal_mark", lang) == ","
    text = safe.to_csv(index=False, sep=";" if sv else ",", decimal="," if sv else ".", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8") if sv else text.encode("utf-8")
