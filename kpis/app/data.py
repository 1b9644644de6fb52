"""The store as the app reads it: one shared read-only connection, and reads and chart specs cached per
data version (the store file's modification time), so a swapped-in store is picked up on the next rerun."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st

from kpis.app.state import catalog, lang
from kpis.core import goal as goal_model
from kpis.core import model, months, progress
from kpis.core.i18n import t
from kpis.core.kpi_state import KpiState, kpi_state
from kpis.core.registry import FETCHED
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
def _goal_reads(version: int) -> model_inputs.GoalReads:
    """What the goal's charts and model read, as every surface reads it (kpis/pipeline/model_inputs.py)."""
    return _read(model_inputs.read_goal, catalog())


def _extras(version: int) -> goal_model.ModelExtras:
    return _goal_reads(version).extras


def _goal_observations(version: int) -> pd.DataFrame:
    return _goal_reads(version).obs.copy(deep=False)  # shared by every session: a caller's new column stays its own


Assumptions = model_inputs.Assumptions
DEFAULT_ASSUMPTIONS = model_inputs.DEFAULT_ASSUMPTIONS


@st.cache_resource(max_entries=64, show_spinner=False)
def _model(assumptions: Assumptions, version: int) -> model.Result | None:
    return model_inputs.goal_run(_goal_reads(version), catalog(), assumptions)


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
