"""Cached store access and shared widgets; with ``kpis.edit_ui`` the only modules that import streamlit."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kpis import charts, compare, notes, progress, store
from kpis.catalog import Catalog, Kpi, load_catalog
from kpis.i18n import DEFAULT_LANG, fmt_number, fmt_period, normalise_lang, t

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
_CONNECTION: dict[str, object] = {"key": None, "con": None}


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
            _CONNECTION["con"] = store.connect_read_only(path)
            _CONNECTION["key"] = key
        return _CONNECTION["con"]  # type: ignore[return-value]


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
) -> None:
    """A chart with its title, one-sentence summary, source line, and its table with a CSV download."""
    st.subheader(title)
    if summary:
        st.markdown(summary)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=f"chart_{key}", theme=None)
    st.caption(source)
    with st.expander(t("show_table", lang())):
        st.dataframe(data, hide_index=True, width="stretch")
        st.download_button(
            t("download_csv", lang()),
            data=data.to_csv(index=False).encode("utf-8"),
            file_name=f"tillvaxtpanelen-{key}.csv",
            mime="text/csv",
            key=f"download_{key}",
        )


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
    chosen = st.sidebar.multiselect(
        t("peers", lang()), options, default=list(cat.peers_default),
        format_func=region_label, key="peers", bind="query-params",
        help=t("peers_help", lang()),
    )
    return [*ALWAYS, *chosen]


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
    rows = goal_targets[(goal_targets["kpi_id"] == kpi.id) & (goal_targets["region_code"] == HOME)]
    if kpi.periodicity != "year":
        return
    for target in rows.itertuples():
        home = obs[(obs["kpi_id"] == kpi.id) & (obs["region_code"] == HOME)]
        series = pd.Series(home["value"].to_numpy(), index=home["period"].astype(int).to_numpy(), dtype=float)
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


def _region_names(frame: pd.DataFrame) -> list[str]:
    return [catalog().region_name(code, lang()) for code in frame["region_code"]]


def _ordered(rows: pd.DataFrame, regions: Sequence[str]) -> pd.DataFrame:
    order = {code: i for i, code in enumerate(regions)}
    return rows.assign(_o=rows["region_code"].map(order)).sort_values(["_o", "period"]).drop(columns="_o")


def trend_chart(kpi: Kpi, rows: pd.DataFrame, events: list[tuple[int, str]] | None = None) -> None:
    """The KPI over time, one line per region, with its table and download."""
    la = lang()
    cat = catalog()
    frame = pd.DataFrame({"region": _region_names(rows), "year": rows["period"].astype(int), "value": rows["value"]})
    fig = charts.series_chart(frame, la, kpi.unit[la], kpi.decimals, events=events)
    home = rows[rows["region_code"] == HOME]
    last = home.iloc[-1] if not home.empty else rows.iloc[-1]
    summary = t("summary_latest", la, region=cat.region_name(str(last["region_code"]), la),
                value=f"{fmt_number(last['value'], la, kpi.decimals)} {kpi.unit[la]}", period=last["period"])
    if home.empty:
        summary = f"{t('no_home_figure', la)} {summary}"
    chart_block(t("chart_trend", la, title=kpi.title[la]), fig, notes.observations_csv(rows, cat, la),
                notes.source_line(rows, la), f"{kpi.id}_trend", summary)


def comparison(kpi: Kpi, rows: pd.DataFrame, population: pd.DataFrame, regions: Sequence[str]) -> None:
    """The regions side by side for one period; per 1 000 inhabitants where the catalog says so."""
    la = lang()
    cat = catalog()
    unit, decimals, note = kpi.unit[la], kpi.decimals, ""
    if kpi.compare == "per_1000":
        rows = compare.per_1000(rows, population)
        rows = rows[rows["value_per_1000"].notna()].assign(count=rows["value"], value=rows["value_per_1000"])
        unit, decimals, note = f"{unit} {t('per_1000', la)}", 1, t("per_1000_note", la)
    latest = compare.latest_common_period(rows, list(regions))
    if latest["region_code"].nunique() < 2:
        return
    frame = pd.DataFrame({"region": _region_names(latest), "value": latest["value"]})
    fig = charts.comparison_chart(frame, la, unit, decimals, highlight=cat.region_name(HOME, la))
    period = str(latest["period"].iloc[0])
    top, bottom = frame.loc[frame["value"].idxmax()], frame.loc[frame["value"].idxmin()]
    summary = t("summary_compare", la, period=period, top=top["region"],
                top_value=fmt_number(top["value"], la, decimals), bottom=bottom["region"],
                bottom_value=fmt_number(bottom["value"], la, decimals))
    if HOME not in set(latest["region_code"]):
        summary = f"{t('no_home_figure', la)} {summary}"
    table = notes.observations_csv(latest, cat, la).assign(unit=unit)
    if kpi.compare == "per_1000":
        table["value"] = latest["value"].round(2).to_numpy()
        table[t("col_raw_value", la)] = latest["count"].to_numpy()
        table[t("col_population", la)] = latest["population"].to_numpy()
    chart_block(t("chart_compare", la, title=kpi.title[la], period=period), fig, table,
                notes.source_line(latest, la), f"{kpi.id}_compare", " ".join(filter(None, [summary, note])))


def seasonal(kpi: Kpi, rows: pd.DataFrame) -> None:
    """A monthly KPI for Östersund: one line per year over the months."""
    la = lang()
    cat = catalog()
    home = rows[rows["region_code"] == HOME]
    if home.empty:
        return
    frame = pd.DataFrame({"year": home["period"].str[:4].astype(int), "month": home["period"].str[5:].astype(int),
                          "value": home["value"]})
    fig = charts.seasonal_chart(frame, la, kpi.unit[la], kpi.decimals)
    last = home.sort_values("period").iloc[-1]
    period = str(last["period"])
    before = home[home["period"] == f"{int(period[:4]) - 1}{period[4:]}"]
    same = (t("summary_season_same", la, value=fmt_number(before["value"].iloc[0], la, kpi.decimals))
            if not before.empty else "")
    summary = t("summary_season", la, region=cat.region_name(HOME, la), period=fmt_period(period, la), same=same,
                value=f"{fmt_number(last['value'], la, kpi.decimals)} {kpi.unit[la]}")
    chart_block(t("chart_season", la, title=kpi.title[la]), fig, notes.observations_csv(home, cat, la),
                notes.source_line(home, la), f"{kpi.id}_season", summary)


def kpi_charts(kpi: Kpi, obs: pd.DataFrame, population: pd.DataFrame, regions: Sequence[str],
               events: list[tuple[int, str]] | None = None) -> None:
    """A trend where the KPI has one and a comparison of the regions' latest period.

    Counts of different-sized places (``compare = "per_1000"``) are drawn over time for Östersund and its
    county only, and compared per 1 000 inhabitants.
    """
    rows = _ordered(obs[(obs["kpi_id"] == kpi.id) & obs["region_code"].isin(regions) & obs["value"].notna()],
                    regions)
    if rows.empty:
        return
    if kpi.periodicity == "month":
        seasonal(kpi, rows)
        return
    trend_rows = rows[rows["region_code"].isin(ALWAYS[:2])] if kpi.compare == "per_1000" else rows
    if not trend_rows.empty and trend_rows.groupby("region_code")["period"].nunique().max() > 1:
        trend_chart(kpi, trend_rows, events)
    comparison(kpi, rows, population, regions)


def function_page(
    function: str, extra_kpis: Sequence[str] = (), events: dict[str, list[tuple[int, str]]] | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Title, intro, KPI cards and one chart per KPI with figures; returns the observations and regions."""
    la = lang()
    cat = catalog()
    st.title(t(f"nav_{function}", la))
    st.markdown(t(f"intro_{function}", la))
    regions = peer_picker()
    kpis = cat.kpis_of(function)
    ids = [k.id for k in kpis]
    obs = observations([*ids, *extra_kpis, "population"], regions)
    kpi_cards(kpis, obs, targets(ids))
    population = obs[obs["kpi_id"] == "population"]
    for kpi in kpis:
        kpi_charts(kpi, obs, population, regions, (events or {}).get(kpi.id))
    return obs, regions


def series_of(obs: pd.DataFrame, kpi_id: str, region: str = HOME) -> pd.Series:
    """One KPI for one region as a series indexed by year."""
    part = obs[(obs["kpi_id"] == kpi_id) & (obs["region_code"] == region)]
    return pd.Series(part["value"].to_numpy(), index=part["period"].astype(int).to_numpy(), dtype=float)
