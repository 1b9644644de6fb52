"""Cached store access and shared widgets; with ``kpis.edit_ui`` the only modules that import streamlit."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kpis import auth, compare, kpi_view, links, notes, progress, store
from kpis.catalog import Catalog, Kpi, load_catalog
from kpis.i18n import DEFAULT_LANG, fmt_number, fmt_period, normalise_lang, t
from kpis.i18n_edit import COLUMN_LABELS

T = TypeVar("T")
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "toImageButtonOptions": {"format": "png", "scale": 2}}


def lang() -> str:
    """The language chosen in the entrypoint's switch (bound to ``?lang=``)."""
    return normalise_lang(st.session_state.get("lang", DEFAULT_LANG))


def catalog() -> Catalog:
    return load_catalog()


def data_version() -> int:
    """Changes whenever a new store is renamed into place, so caches and the connection follow it."""
    path = store.db_path()
    return path.stat().st_mtime_ns if path.exists() else 0


_CONNECTION_LOCK = threading.Lock()
_CONNECTION: dict[str, object] = {"key": None, "con": None, "current": False}


def connection() -> duckdb.DuckDBPyConnection:
    """The shared read-only connection to the current store; stops the page with a message if there is none.

    When a new store has been renamed into place, the old connection is closed *before* the new one is
    opened: DuckDB keeps one database instance per path in a process, so opening while the old one is
    still open would hand back the old file.
    """
    path = store.db_path()
    if not path.exists():
        st.error(t("no_store", lang(), path=str(path)))
        st.stop()
    key = (str(path), data_version())
    with _CONNECTION_LOCK:
        if _CONNECTION["key"] != key:
            old = _CONNECTION["con"]
            if isinstance(old, duckdb.DuckDBPyConnection):
                old.close()
            con = store.connect_read_only(path)
            _CONNECTION.update(key=key, con=con, current=store.schema_version(con) == store.SCHEMA_VERSION)
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
    return _read(store.observations, kpi_ids, regions)


def observations(kpi_ids: Sequence[str], regions: Sequence[str] | None = None) -> pd.DataFrame:
    return _observations(tuple(kpi_ids), tuple(regions) if regions is not None else None, data_version())


@st.cache_data(max_entries=64, show_spinner=False)
def _targets(kpi_ids: tuple[str, ...], version: int) -> pd.DataFrame:
    return _read(store.targets, kpi_ids)


def targets(kpi_ids: Sequence[str]) -> pd.DataFrame:
    return _targets(tuple(kpi_ids), data_version())


@st.cache_data(max_entries=16, show_spinner=False)
def _query(name: str, version: int) -> pd.DataFrame:
    readers = {"sources": store.sources, "kpis": store.kpi_definitions, "refresh_runs": store.refresh_runs,
               "facts": store.facts, "last_refreshes": store.last_refreshes, "revisions": store.revisions,
               "code_labels": store.code_labels, "import_runs": store.import_runs}
    return _read(readers[name])


def table(name: str) -> pd.DataFrame:
    """One of the store's whole listings: ``sources``, ``kpis``, ``refresh_runs``, ``facts``, ``last_refreshes``,
    ``revisions`` or ``code_labels``."""
    return _query(name, data_version())


@st.cache_data(max_entries=4, show_spinner=False)
def _meta(version: int) -> dict[str, str]:
    return _read(store.meta)


def meta() -> dict[str, str]:
    return _meta(data_version())


def chart_block(
    title: str,
    fig: go.Figure,
    data: pd.DataFrame,
    source: str,
    key: str,
    summary: str = "",
    embed: dict[str, str] | None = None,
) -> None:
    """A chart with its title, one-sentence summary, source line, its table with a CSV download, and the
    "Bädda in" action (iframe snippet and permalink) where the chart has an embed view."""
    la = lang()
    data = notes.localised(data, la)
    st.subheader(title)
    if summary:
        st.markdown(summary)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=f"chart_{key}", theme=None)
    st.caption(source)
    table_col, embed_col = st.columns([4, 1]) if embed else (st.container(), None)
    # Lazy: the table, its CSV and the embed snippet are only built while their expander/popover is open.
    with table_col:
        expander = st.expander(t("show_table", la), key=f"table_{key}", on_change="rerun")
        if expander.open:
            with expander:
                st.dataframe(data, hide_index=True, width="stretch")
                st.download_button(
                    t("download_csv", la),
                    data=data.to_csv(index=False).encode("utf-8"),
                    file_name=f"tillvaxtpanelen-{key}.csv",
                    mime="text/csv",
                    key=f"download_{key}",
                )
    if embed and embed_col is not None:
        with embed_col:
            popover = st.popover(t("embed", la), icon=":material/code:", width="stretch", key=f"embed_{key}",
                                 on_change="rerun")
        if popover.open:
            with popover:
                src = permalink("embed", {**embed, "embed": "true"})
                st.markdown(t("embed_help", la))
                st.code(links.iframe_snippet(src, title), language="html", wrap_lines=True)
                st.markdown(t("permalink", la))
                st.code(permalink(current_path(), dict(st.query_params.to_dict())), language=None, wrap_lines=True)


def listing(frame: pd.DataFrame, **column_config: object) -> None:
    """A table of the store's own records, its headers in the chosen language (the data keeps its names)."""
    la = 0 if lang() == "sv" else 1
    config: dict[str, object] = {c: COLUMN_LABELS[c][la] for c in frame.columns if c in COLUMN_LABELS}
    config.update(column_config)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


def app_origin() -> str:
    """``scheme://host[:port]`` of the app as the browser sees it; empty when unknown (tests)."""
    url = st.context.url or ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def current_path() -> str:
    return urlsplit(st.context.url or "").path.strip("/")


def permalink(path: str, params: dict[str, str]) -> str:
    return links.url(app_origin(), path, params)


def embed_params(kpi_id: str, kind: str, regions: Sequence[str], years: tuple[int, int] | None) -> dict[str, str]:
    params = {"kpi": kpi_id, "chart": kind, "lang": lang(), "regions": ",".join(regions)}
    if years:
        params.update({"from": str(years[0]), "to": str(years[1])})
    return params


def notice(text: str) -> None:
    """Tell the user a link's value was not understood and a default is used instead (never an error)."""
    st.toast(text, icon=":material/info:")


def year_picker(periods: pd.Series, key: str) -> tuple[int, int] | None:
    """The years shown, from the URL (``?from=2010&to=2025``) and a sidebar slider; None for all years."""
    years = sorted({int(str(p)[:4]) for p in periods if str(p)[:4].isdigit()})
    if len(years) < 2:
        return None
    low, high = years[0], years[-1]
    la = lang()
    if key not in st.session_state:
        wanted = links.year_range(st.query_params.get("from"), st.query_params.get("to"), low, high)
        if wanted.notice:
            notice(t("url_bad_years", la, low=low, high=high))
        st.session_state[key] = wanted.value
    chosen = st.sidebar.slider(t("years", la), low, high, key=key, help=t("years_help", la))
    if tuple(chosen) == (low, high):
        st.query_params.pop("from", None)
        st.query_params.pop("to", None)
        return None
    st.query_params["from"], st.query_params["to"] = str(chosen[0]), str(chosen[1])
    return int(chosen[0]), int(chosen[1])


# ------------------------------------------------------------------ function pages

HOME = "2380"
ALWAYS = ("2380", "23", "00")
STATUS_ICONS = {"on_track": "✅", "too_slow": "⚠️", "backwards": "⛔", "unknown": "❔"}


def region_label(code: str) -> str:
    """A region's name in the chosen language (module level, so widget state stays serialisable)."""
    return catalog().region_name(code, lang())


def kpi_label(kpi_id: str) -> str:
    """A KPI's title and id in the chosen language (module level, so widget state stays serialisable)."""
    kpi = catalog().kpis.get(kpi_id)
    return f"{kpi.title[lang()]} ({kpi_id})" if kpi else kpi_id


def peer_picker() -> list[str]:
    """The peer municipalities, chosen in the sidebar and kept in the URL (``?peers=Sundsvall&peers=Umeå``)."""
    cat = catalog()
    options = [code for code, r in cat.regions.items() if r.level == "kommun" and code != HOME]
    asked = st.query_params.get_all("peers")
    known = [name for name in asked if name in {region_label(code) for code in options}]
    if len(known) != len(asked):
        notice(t("url_bad_regions", lang(), names=", ".join(n for n in asked if n not in known)))
        st.query_params["peers"] = known
        if not known:
            st.query_params.pop("peers", None)
    chosen = st.sidebar.multiselect(
        t("peers", lang()), options, default=list(cat.peers_default),
        format_func=region_label, key="peers", bind="query-params",
        help=t("peers_help", lang()),
    )
    return [*ALWAYS, *chosen]


def visible_kpis(kpis: Sequence[Kpi]) -> list[Kpi]:
    """All KPIs for staff; in the public app (``TILLVAXT_PUBLIC=1``) only those marked public."""
    return [k for k in kpis if k.public or not auth.public_mode()]


def how_to_get(kpi: Kpi) -> str:
    if kpi.is_own_data:
        return t("how_import", lang())
    if not kpi.is_fetched:
        return t("how_published", lang())
    return t("how_refresh", lang(), source=kpi.source_kind)


def kpi_card(kpi: Kpi, obs: pd.DataFrame, goal_targets: pd.DataFrame) -> None:
    """Value, year, change, and target with status where there is one; or how to get the figures."""
    la = lang()
    cat = catalog()
    latest = compare.latest(obs, kpi.id, HOME)
    if latest is None:
        st.info(t("no_figures", la, title=kpi.title[la], how=how_to_get(kpi)), icon=":material/hourglass_empty:")
        return
    label = f"{kpi.title[la]} {fmt_period(latest.period, la)}" + (
        f" ({t('preliminary', la)})" if latest.preliminary else "")
    delta = (t("card_change", la, diff=fmt_number(latest.change, la, kpi.decimals, signed=True),
               period=fmt_period(str(latest.previous_period), la)) if latest.change is not None else None)
    short_unit = f" {kpi.unit[la]}" if len(kpi.unit[la]) <= 3 else ""
    st.metric(label, f"{fmt_number(latest.value, la, kpi.decimals)}{short_unit}", delta,
              delta_color="normal" if kpi.direction == "higher" else "inverse",
              help=f"{kpi.description[la]} ({kpi.unit[la]})", border=True)
    if kpi.periodicity != "year":
        return
    rows = goal_targets[(goal_targets["kpi_id"] == kpi.id) & (goal_targets["region_code"] == HOME)]
    series = kpi_view.yearly_series(obs, kpi.id, HOME)
    for target in rows.itertuples():
        state, _, _ = progress.target_status(series, target.target_value, target.target_year, kpi.direction,
                                             cat.status)
        st.caption(f"{STATUS_ICONS[state]} " + t("card_target", la, year=target.target_year,
                                                 value=fmt_number(target.target_value, la, kpi.decimals),
                                                 status=t(f"status_{state}", la)))


def kpi_cards(kpis: Sequence[Kpi], obs: pd.DataFrame, goal_targets: pd.DataFrame, per_row: int = 3) -> None:
    for start in range(0, len(kpis), per_row):
        for column, kpi in zip(st.columns(per_row), kpis[start:start + per_row], strict=False):
            with column:
                kpi_card(kpi, obs, goal_targets)


def show(spec: kpi_view.ChartSpec, embed: dict[str, str] | None = None) -> None:
    chart_block(spec.title, spec.fig, spec.table, spec.source, spec.key, spec.summary, embed)


@st.cache_resource(max_entries=1024, show_spinner=False)
def _kpi_specs(kpi_id: str, regions: tuple[str, ...], events: tuple[tuple[int, str], ...],
               years: tuple[int, int] | None, la: str, version: int) -> tuple[kpi_view.ChartSpec, ...]:
    """Built once per data version and view, then shared by every session (read-only from here on)."""
    obs = _observations((kpi_id, "population"), regions, version)
    cat = catalog()
    return tuple(kpi_view.kpi_specs(cat.kpis[kpi_id], obs, regions, cat, la, list(events) or None, years))


def kpi_specs(kpi_id: str, regions: Sequence[str], events: Sequence[tuple[int, str]] | None = None,
              years: tuple[int, int] | None = None) -> tuple[kpi_view.ChartSpec, ...]:
    return _kpi_specs(kpi_id, tuple(regions), tuple(events or ()), years, lang(), data_version())


@st.cache_resource(max_entries=16, show_spinner=False)
def _goal_spec(la: str, version: int) -> kpi_view.ChartSpec | None:
    goal = catalog().goal
    return kpi_view.goal_chart(_observations((goal.kpi,), (goal.region,), version), catalog(), la)


def goal_spec() -> kpi_view.ChartSpec | None:
    return _goal_spec(lang(), data_version())


@st.cache_resource(max_entries=8, show_spinner=False)
def _goal_progress(version: int) -> progress.Progress | None:
    goal = catalog().goal
    series = kpi_view.yearly_series(_observations((goal.kpi,), (goal.region,), version), goal.kpi, goal.region)
    return progress.progress(series, goal.target_value, goal.target_year, catalog().status)


def goal_progress() -> progress.Progress | None:
    """Where the goal KPI stands against the goal, computed once per data version."""
    return _goal_progress(data_version())


@st.cache_resource(max_entries=16, show_spinner=False)
def _components_spec(la: str, version: int) -> kpi_view.ChartSpec | None:
    obs = _observations(kpi_view.COMPONENTS, (catalog().goal.region,), version)
    return kpi_view.components_chart(obs, catalog(), la)


def components_spec() -> kpi_view.ChartSpec | None:
    return _components_spec(lang(), data_version())


_GOAL_CHARTS = {
    "required_net": (kpi_view.required_net_chart, ("population", *kpi_view.COMPONENTS)),
    "plan": (kpi_view.plan_chart, ("population", "population_increase")),
}


@st.cache_resource(max_entries=16, show_spinner=False)
def _goal_chart(name: str, la: str, version: int) -> kpi_view.ChartSpec | None:
    build, kpi_ids = _GOAL_CHARTS[name]
    return build(_observations(kpi_ids, (catalog().goal.region,), version), catalog(), la)


def goal_chart(name: str) -> kpi_view.ChartSpec | None:
    """``required_net`` (Marknad) or ``plan`` (Utveckling): a page's chart about the goal, cached."""
    return _goal_chart(name, lang(), data_version())


@st.cache_resource(max_entries=8, show_spinner=False)
def _timeline(la: str, version: int) -> kpi_view.ChartSpec | None:
    return kpi_view.timeline(_query("facts", version), la, _meta(version).get("built_at", "")[:10])


def timeline() -> kpi_view.ChartSpec | None:
    return _timeline(lang(), data_version())


def kpi_charts(kpi: Kpi, regions: Sequence[str], events: list[tuple[int, str]] | None = None,
               years: tuple[int, int] | None = None) -> None:
    """The KPI's charts; a trend and a comparison go in two tabs, and only the open tab is built and drawn."""
    specs = kpi_specs(kpi.id, regions, events, years)
    if len(specs) < 2:
        for spec in specs:
            show(spec, embed_params(kpi.id, spec.kind, regions, years))
        return
    la = lang()
    tabs = st.tabs([t(f"tab_{spec.kind}", la) for spec in specs], key=f"tabs_{kpi.id}", on_change="rerun")
    for tab, spec in zip(tabs, specs, strict=True):
        if tab.open:
            with tab:
                show(spec, embed_params(kpi.id, spec.kind, regions, years))


def function_page(
    function: str, events: dict[str, list[tuple[int, str]]] | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Title, intro, KPI cards and one chart per KPI with figures; returns the observations and regions."""
    la = lang()
    cat = catalog()
    st.title(t(f"nav_{function}", la))
    st.markdown(t(f"intro_{function}", la))
    regions = peer_picker()
    kpis = visible_kpis(cat.kpis_of(function))
    ids = [k.id for k in kpis]
    obs = observations([*ids, "population"], regions)
    years = year_picker(obs.loc[obs["kpi_id"].isin(ids), "period"], f"years_{function}")
    kpi_cards(kpis, obs, targets(ids))
    for kpi in kpis:
        kpi_charts(kpi, regions, (events or {}).get(kpi.id), years)
    return obs, regions
