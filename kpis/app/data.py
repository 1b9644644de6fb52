"""The store as the app reads it: one shared read-only connection, and reads and chart specs cached per
data version (the store file's modification time), so a swapped-in store is picked up on the next rerun."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st

from kpis.app.state import catalog, lang
from kpis.core import chart_kinds, model, months, places, progress, ranking
from kpis.core import goal as goal_model
from kpis.core.i18n import t
from kpis.core.kpi_state import KpiState, kpi_state
from kpis.core.problems import Problem, worded
from kpis.core.registry import FETCHED, KINDS
from kpis.pipeline import model_inputs
from kpis.present import chart_list
from kpis.present.specs import ChartSpec
from kpis.store import files, reads, schema

T = TypeVar("T")


def data_version() -> int:
    """Changes whenever a new store is renamed into place, so caches and the connection follow it."""
    path = files.db_path()
    return path.stat().st_mtime_ns if path.exists() else 0


_CONNECTION_LOCK = threading.Lock()
_CONNECTION: dict[str, object] = {"key": None, "con": None, "current": False}


def connection() -> duckdb.DuckDBPyConnection:
    """The shared read-only connection to the current store; stops the page with a message if there is none.

    When a new store has been renamed into place, the old connection is closed *before* the new one is
    opened: DuckDB keeps one database instance per path in a process, so opening while the old one is
    still open would hand back the old file.
    """
    path = files.db_path()
    if not path.exists():
        st.error(t("no_store", lang(), path=str(path)))
        st.stop()
    key = (str(path), data_version())
    with _CONNECTION_LOCK:
        if _CONNECTION["key"] != key:
            old = _CONNECTION["con"]
            if isinstance(old, duckdb.DuckDBPyConnection):
                old.close()
            try:
                con = files.connect_read_only(path)
            except duckdb.Error:  # not a DuckDB file (or not readable): say so, never a traceback
                _CONNECTION.update(key=None, con=None, current=False)
                st.error(t("not_a_store", lang(), path=str(path)))
                st.stop()
            _CONNECTION.update(key=key, con=con, current=schema.version(con) == schema.SCHEMA_VERSION)
        con: duckdb.DuckDBPyConnection = _CONNECTION["con"]  # type: ignore[no-redef]
        current = bool(_CONNECTION["current"])
    if not current:
        st.error(t("old_store", lang(), path=str(path)))
        st.stop()
    return con


def _read(reader: Callable[..., T], *args: object) -> T:
    """Run a store reader; if a swap closed the connection mid-read, once more on the new one."""
    try:
        return reader(connection(), *args)
    except duckdb.ConnectionException:
        return reader(connection(), *args)


@st.cache_data(max_entries=256, show_spinner=False)
def _observations(kpi_ids: tuple[str, ...], regions: tuple[str, ...] | None, version: int) -> pd.DataFrame:
    return _read(reads.observations, kpi_ids, regions)


def observations(kpi_ids: Sequence[str], regions: Sequence[str] | None = None) -> pd.DataFrame:
    return _observations(tuple(kpi_ids), tuple(regions) if regions is not None else None, data_version())


def months_everyone() -> pd.DataFrame | None:
    """Every region's monthly population and change (the recent months of every municipality where ``[home]
    everyone``), for the home's place so far this year; None without everyone."""
    cat = catalog()
    if not cat.everyone:
        return None
    return observations([k for k in (months.MONTHLY["change"], months.MONTHLY["population"]) if k in cat.kpis])


@st.cache_data(max_entries=64, show_spinner=False)
def _targets(kpi_ids: tuple[str, ...], version: int) -> pd.DataFrame:
    return _read(reads.targets, kpi_ids)


def targets(kpi_ids: Sequence[str]) -> pd.DataFrame:
    return _targets(tuple(kpi_ids), data_version())


@st.cache_data(max_entries=16, show_spinner=False)
def _query(name: str, version: int) -> pd.DataFrame:
    if name == "last_refreshes":
        return _read(reads.last_refreshes, FETCHED)
    readers = {"sources": reads.sources, "kpis": reads.kpi_definitions, "refresh_runs": reads.refresh_runs,
               "facts": reads.facts, "revisions": reads.revisions,
               "code_labels": reads.code_labels, "import_runs": reads.import_runs}
    return _read(readers[name])


def table(name: str) -> pd.DataFrame:
    """One of the store's whole listings: ``sources``, ``kpis``, ``refresh_runs``, ``facts``, ``last_refreshes``,
    ``revisions`` or ``code_labels``."""
    return _query(name, data_version())


@st.cache_data(max_entries=4, show_spinner=False)
def _meta(version: int) -> dict[str, str]:
    return _read(reads.meta)


def meta() -> dict[str, str]:
    return _meta(data_version())


@st.cache_resource(max_entries=1024, show_spinner=False)
def _kpi_specs(kpi_id: str, regions: tuple[str, ...], events: tuple[tuple[int, str], ...],
               years: tuple[int, int] | None, measure: str | None, la: str, version: int
               ) -> tuple[ChartSpec, ...]:
    """A KPI's own charts (trend and comparison, or the seasons), built once per data version and view, then
    shared by every session (read-only from here on)."""
    cat = catalog()
    kpi = cat.kpis[kpi_id]
    obs = _observations(chart_list.needed_kpis(cat, kpi.charts, kpi), regions, version)
    state = _kpi_states(version).get(kpi_id)
    inputs = chart_list.Inputs(obs, cat, la, regions=regions, years=years, measure=measure,
                               events=list(events) or None, target=state.target if state else None)
    return tuple(chart_list.charts(kpi.charts, inputs, kpi))


def kpi_specs(kpi_id: str, regions: Sequence[str], events: Sequence[tuple[int, str]] | None = None,
              years: tuple[int, int] | None = None, measure: str | None = None) -> tuple[ChartSpec, ...]:
    return _kpi_specs(kpi_id, tuple(regions), tuple(events or ()), years, measure, lang(), data_version())


@st.cache_resource(max_entries=8, show_spinner=False)
def _kpi_states(version: int) -> dict[str, KpiState]:
    """Every KPI's state for the home region (latest figure, age, target, status), once per data version."""
    cat = catalog()
    ids = list(cat.kpis)
    obs = _observations(tuple(ids), (cat.home,), version)
    targets = _targets(tuple(ids), version)
    return {kpi.id: kpi_state(kpi, obs, targets, cat) for kpi in cat.kpis.values()}


def kpi_states() -> dict[str, KpiState]:
    return _kpi_states(data_version())


@st.cache_resource(max_entries=8, show_spinner=False)
def _goal_progress(version: int) -> progress.Progress | None:
    goal = catalog().goal
    return goal_model.progress_of(_observations((goal.kpi,), (goal.region,), version), catalog())


def goal_progress() -> progress.Progress | None:
    """Where the goal KPI stands against the goal, computed once per data version."""
    return _goal_progress(data_version())


@st.cache_resource(max_entries=4, show_spinner=False)
def _extras(version: int) -> goal_model.ModelExtras:
    return _read(model_inputs.read_extras, catalog())


def _goal_observations(version: int) -> pd.DataFrame:
    cat = catalog()
    return _observations(goal_model.chart_kpis(cat), (cat.goal.region,), version)


Assumptions = tuple[int, float, float | None, int | None]  # window, fertility, custom net migration, end year
DEFAULT_ASSUMPTIONS: Assumptions = (5, 1.0, None, None)


@st.cache_resource(max_entries=64, show_spinner=False)
def _model(assumptions: Assumptions, version: int) -> model.Result | None:
    return goal_model.try_model(_goal_observations(version), catalog(), _extras(version), *assumptions)


def model_result(window: int = 5, fertility: float = 1.0, custom: float | None = None,
                 end_year: int | None = None) -> model.Result | None:
    """The population model's scenarios for these assumptions (the defaults: the overview's headline)."""
    return _model((window, fertility, custom, end_year), data_version())


@st.cache_resource(max_entries=128, show_spinner=False)
def _goal_chart(kind: str, assumptions: Assumptions, years: tuple[int, int] | None, history: bool, la: str,
                version: int) -> ChartSpec | None:
    cat = catalog()
    # The goal chart draws today's pace: the model at its defaults, whatever a page's sliders say.
    chosen = DEFAULT_ASSUMPTIONS if kind == "goal" else assumptions
    result = _model(chosen, version) if chart_list.needs_model(kind) else None
    facts = _query("facts", version) if chart_list.needs_facts(kind) else None
    inputs = chart_list.Inputs(_goal_observations(version), cat, la, result, _extras(version), facts,
                               years=years, history=history)
    return chart_list.build(kind, inputs)


def goal_chart(kind: str, assumptions: Assumptions = DEFAULT_ASSUMPTIONS, years: tuple[int, int] | None = None,
               history: bool = False) -> ChartSpec | None:
    """One chart about the goal from the chart list (``goal``, ``model``, ``components``, ``age_groups``,
    ``pyramid``, ``age_change``, ``required_net``, ``plan``, ``timeline``), cached per data version and view;
    None where its figures are missing. ``assumptions``: the model's (the page's sliders, or the defaults)."""
    return _goal_chart(kind, assumptions, years, history, lang(), data_version())


def chart(kind: str, kpi_id: str, regions: Sequence[str], years: tuple[int, int] | None = None,
          events: Sequence[tuple[int, str]] | None = None, measure: str | None = None) -> ChartSpec | None:
    """Any chart of a KPI by kind, built by its family's cached builder (kpis/core/chart_kinds.py): the KPI's own
    charts, its place among Sweden's municipalities, or a chart about the goal; None where it has no figures."""
    found = chart_kinds.KINDS.get(kind)
    if found is None:
        return None
    if found.family == chart_kinds.KPI:
        return next((s for s in kpi_specs(kpi_id, regions, events, years, measure) if s.kind == kind), None)
    if found.family == chart_kinds.PLACE:
        return place_chart(kind, kpi_id) if kind in place_kinds(kpi_id) else None
    return goal_chart(kind, years=years if kind == "goal" else None)


def _message_column(frame: pd.DataFrame) -> pd.DataFrame:
    """A run's message in the chosen language: worded from its text keys and values where the run kept them,
    else the words it was stored with (Swedish, or English for any other language)."""
    la = lang()
    chosen = "message_en" if la != "sv" and "message_en" in frame.columns else "message"

    def words(row: pd.Series) -> object:
        parts = row.get("message_parts")
        if isinstance(parts, str) and parts.startswith("["):
            return worded([Problem.from_json(p) for p in json.loads(parts)], la)
        return row[chosen]

    messages = frame.apply(words, axis=1) if len(frame) else frame.get(chosen, pd.Series(dtype=object))
    return frame.assign(message=messages).drop(columns=["message_en", "message_parts"], errors="ignore")


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
    if public_only:
        kpis = kpis[kpis["id"].map(lambda i: i in cat.kpis and cat.kpis[i].public)]
    return readable(pd.DataFrame({
        f"title_{la}": kpis[f"title_{la}"] if f"title_{la}" in kpis else kpis["title_sv"],
        f"description_{la}": kpis[f"description_{la}"] if f"description_{la}" in kpis else kpis["description_sv"],
        f"unit_{la}": kpis[f"unit_{la}"] if f"unit_{la}" in kpis else kpis["unit_sv"],
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


@st.cache_data(max_entries=64, show_spinner=False)
def _comments(kpi_ids: tuple[str, ...] | None, public_only: bool, version: int) -> pd.DataFrame:
    return _read(reads.comments, list(kpi_ids) if kpi_ids is not None else None, public_only)


def comments(kpi_ids: Sequence[str] | None = None, public_only: bool = False) -> pd.DataFrame:
    """The latest comment per KPI and period; in the public app (or when asked) only the public ones."""
    from kpis.app.state import public_mode

    return _comments(tuple(kpi_ids) if kpi_ids is not None else None, public_only or public_mode(), data_version())


@st.cache_data(max_entries=32, show_spinner=False)
def _changes(since: str, public_only: bool, version: int) -> pd.DataFrame:
    return _read(reads.changes_since, since, public_only)


def changes_since(since: object, staff: bool = False) -> pd.DataFrame:
    """What changed since a date, newest first, with its kind in words; imports (who, which file) and private
    comments only for a signed-in editor (``staff``)."""
    from kpis.app.state import public_mode

    found = _changes(str(since), public_mode() or not staff, data_version())
    if public_mode():  # the public sees changes of public KPIs only
        cat = catalog()
        found = found[[k in cat.kpis and cat.kpis[k].public for k in found["kpi_id"]]] if len(found) else found
    la = lang()
    return found.assign(kind=[t(f"change_{k}", la) for k in found["kind"]])


# ------------------------------------------------------------------ Sweden's municipalities


@st.cache_data(max_entries=4, show_spinner=False)
def _ranked_kpis(version: int) -> tuple[str, ...]:
    counts = _read(reads.municipality_counts)
    full = counts[counts["municipalities"] >= ranking.MIN_SHARE * places.MUNICIPALITIES_IN_SWEDEN]
    # Yearly KPIs only: every municipality's recent months (SCB's monthly statistics) are no map or rank.
    return tuple(k.id for k in catalog().kpis.values() if k.id in set(full["kpi_id"]) and k.place_charts)


def ranked_kpis() -> tuple[str, ...]:
    """The KPIs that nearly every municipality has figures for in some year (rank, spread, map), catalog order."""
    return _ranked_kpis(data_version())


def place_kinds(kpi_id: str) -> tuple[str, ...]:
    """The KPI's charts among Sweden's municipalities that the store can draw."""
    cat = catalog()
    return cat.kpis[kpi_id].place_charts if cat.everyone and kpi_id in ranked_kpis() else ()


@st.cache_data(max_entries=4, show_spinner=False)
def _groups(version: int) -> pd.DataFrame:
    return _read(reads.similar_groups)


def similar_groups() -> pd.DataFrame:
    """Kolada's groups of similar municipalities (a row a member), the overall group first."""
    return _groups(data_version())


def similar_codes() -> list[str]:
    """The members of Kolada's overall group of similar municipalities (empty when none is stored)."""
    groups = similar_groups()
    overall = places.overall_group(groups)
    return [str(c) for c in overall["member_code"]]


@st.cache_resource(max_entries=256, show_spinner=False)
def _place_chart(kind: str, kpi_id: str, la: str, version: int) -> ChartSpec | None:
    cat = catalog()
    kpi = cat.kpis[kpi_id]
    everyone = _observations(tuple(dict.fromkeys((kpi_id, cat.goal.kpi))), None, version)
    inputs = chart_list.Inputs(_goal_observations(version), cat, la, everyone=everyone,
                               similar=tuple(similar_codes()))
    return chart_list.build(kind, inputs, kpi)


def place_chart(kind: str, kpi_id: str) -> ChartSpec | None:
    """A KPI among all of Sweden's municipalities (``map``, ``distribution``, ``rank``), cached per data version."""
    return _place_chart(kind, kpi_id, lang(), data_version())


@st.cache_resource(max_entries=8, show_spinner=False)
def _standings(version: int) -> dict[str, ranking.Standing]:
    cat = catalog()
    found = {}
    for kpi_id in _ranked_kpis(version):
        kpi = cat.kpis[kpi_id]
        if not kpi.place_charts:
            continue
        everyone = _observations(tuple(dict.fromkeys((kpi_id, cat.goal.kpi))), None, version)
        standing = ranking.latest(ranking.comparable(everyone, kpi, cat), cat.home, kpi.direction)
        if standing is not None:
            found[kpi_id] = standing
    return found


def standings() -> dict[str, ranking.Standing]:
    """The home municipality's latest rank on every KPI that can be ranked, once per data version."""
    return _standings(data_version())
