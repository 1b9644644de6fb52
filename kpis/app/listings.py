"""The store's listings in the reader's words (Data och källor): sources, refresh runs, KPI definitions and peers,
with names where the store keeps ids, messages in the chosen language and empty cells as "–"."""

from __future__ import annotations

import json

import pandas as pd

from kpis.app.data import table
from kpis.app.state import catalog, lang
from kpis.core import languages
from kpis.core.i18n import t
from kpis.core.problems import Problem, worded
from kpis.core.registry import KINDS


def _message_column(frame: pd.DataFrame) -> pd.DataFrame:
    """A run's message in the chosen language: worded from its text keys and values where the run kept them,
    else the words it was stored with in the first language of the fallback chain the store has."""
    la = lang()
    stored = [c.removeprefix("message_") for c in frame.columns if c.startswith("message_") and c != "message_parts"]
    found = languages.first_given(la, stored)
    chosen = f"message_{found}" if found else "message_parts"

    def words(row: pd.Series) -> object:
        parts = row.get("message_parts")
        if isinstance(parts, str) and parts.startswith("["):
            return worded([Problem.from_json(p) for p in json.loads(parts)], la)
        return row[chosen]

    messages = frame.apply(words, axis=1) if len(frame) else frame.get(chosen, pd.Series(dtype=object))
    return frame.drop(columns=[f"message_{code}" for code in stored]).assign(message=messages).drop(
        columns=["message_parts", "run_id", "id"], errors="ignore")


def for_visitors(frame: pd.DataFrame) -> pd.DataFrame:
    """A listing with names where the store keeps ids: a source's, a KPI's and a region's name in the chosen
    language (the store's ids are never what a visitor reads)."""
    la = lang()
    cat = catalog()
    stored = table("sources")
    sources = {i: cat.sources[i].name[la] if i in cat.sources else n
               for i, n in zip(stored["id"], stored["name"], strict=True)}
    shown = frame.drop(columns=["name", "id"] if "source_id" in frame.columns else ["id"], errors="ignore")
    for column in ("source_id", "old_source_id"):
        if column in shown.columns:
            shown[column] = shown[column].map(lambda i: sources.get(i, i))
    if "kpi_id" in shown.columns:
        shown["kpi_id"] = shown["kpi_id"].map(lambda i: cat.kpis[i].title[la] if i in cat.kpis else i)
    if "region_code" in shown.columns:
        shown["region_code"] = shown["region_code"].map(lambda c: cat.region_name(c, la))
    return shown


def last_refreshes() -> pd.DataFrame:
    """Per fetched source: its latest run and latest success, the result and message in the chosen language."""
    last = _message_column(table("last_refreshes"))
    return for_visitors(last.assign(status=last["status"].map({"ok": t("col_status_ok", lang()),
                                                               "failed": t("col_status_failed", lang())})))


def refresh_runs() -> pd.DataFrame:
    return for_visitors(_message_column(table("refresh_runs")))


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A listing for people: empty cells as "–", never "None", "nan" or "empty"; dates as dates."""
    def cell(value: object) -> str:
        if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value) or str(
                value).strip() in ("", "None", "nan", "NaT", "<NA>"):
            return "–"
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat() if value == value.normalize() else value.isoformat(sep=" ")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        if numeric and not values.isna().any():
            continue  # numbers stay numbers (sortable) where none is missing
        shown[column] = values.astype(object).map(cell)
    return shown


def source_listing() -> pd.DataFrame:
    """Every source with its name and licence in the chosen language, its rows and last retrieval."""
    la = lang()
    cat = catalog()
    found = table("sources")
    return readable(pd.DataFrame({
        "name": [cat.sources[i].name[la] if i in cat.sources else n for i, n in zip(found["id"], found["name"],
                                                                                    strict=True)],
        "url": [u if isinstance(u, str) and u.startswith("http") else None for u in found["url"]],
        "licence": [cat.sources[i].licence[la] if i in cat.sources else "" for i in found["id"]],
        "observations": found["observations"],
        "last_retrieved": found["last_retrieved"],
    }))


def kpi_definitions(public_only: bool = False) -> pd.DataFrame:
    """Every KPI's definition in words of the chosen language (function and direction too); in the public app
    only the public KPIs."""
    la = lang()
    cat = catalog()
    kpis = table("kpis")
    # The store keeps the required languages' words; another language reads the fallback chain's.
    stored = languages.first_given(la, [c.removeprefix("title_") for c in kpis.columns if c.startswith("title_")])
    if public_only:
        kpis = kpis[kpis["id"].map(lambda i: i in cat.kpis and cat.kpis[i].public)]
    return readable(pd.DataFrame({
        **{f"{part}_{la}": kpis[f"{part}_{stored}"] for part in ("title", "description", "unit")},
        "function": [cat.functions[f].name[la] if f in cat.functions else f for f in kpis["function"]],
        "direction": [t(f"direction_{d}", la) for d in kpis["direction"]],
        "periodicity": [t(f"periodicity_{p}", la) for p in kpis["periodicity"]],
        "source_kind": [KINDS[k].name[la] if k in KINDS else k for k in kpis["source_kind"]],
        "observations": kpis["observations"],
        "first_period": kpis["first_period"],
        "last_period": kpis["last_period"],
    }))


def peers() -> pd.DataFrame:
    """The default peer municipalities and why each one is compared."""
    la = lang()
    cat = catalog()
    return pd.DataFrame([{"region": r.name[la], "why": (r.why or {}).get(la, "")} for r in cat.regions.values()
                         if r.peer])
