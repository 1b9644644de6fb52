"""The blocks pages are built of: a chart with its source, table and embed snippet; KPI cards; listings."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kpis.app import data
from kpis.app.state import catalog, current_path, embed_params, lang, permalink
from kpis.core import compare, progress
from kpis.core.catalog import Kpi
from kpis.core.i18n import fmt_number, fmt_period, t, texts
from kpis.present import links
from kpis.present import provenance as notes
from kpis.present import specs as kpi_view

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "toImageButtonOptions": {"format": "png", "scale": 2}}



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
    config: dict[str, object] = {c: t(f"label_{c}", lang()) for c in frame.columns if f"label_{c}" in texts(lang())}
    config.update(column_config)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)



STATUS_ICONS = {"on_track": "✅", "too_slow": "⚠️", "backwards": "⛔", "unknown": "❔"}



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
    latest = compare.latest(obs, kpi.id, cat.home)
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
    rows = goal_targets[(goal_targets["kpi_id"] == kpi.id) & (goal_targets["region_code"] == cat.home)]
    series = kpi_view.yearly_series(obs, kpi.id, cat.home)
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



def kpi_charts(kpi: Kpi, regions: Sequence[str], events: list[tuple[int, str]] | None = None,
               years: tuple[int, int] | None = None) -> None:
    """The KPI's charts; a trend and a comparison go in two tabs, and only the open tab is built and drawn."""
    specs = data.kpi_specs(kpi.id, regions, events, years)
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




def embedded_chart(spec: kpi_view.ChartSpec) -> None:
    """One chart alone for an iframe: title, summary, chart, source line and its table."""
    la = lang()
    st.subheader(spec.title)
    st.markdown(spec.summary)
    st.plotly_chart(spec.fig, config=PLOTLY_CONFIG, key="embed_chart", theme=None)
    st.caption(spec.source)
    table = st.expander(t("show_table", la), key="embed_table", on_change="rerun")
    if table.open:
        with table:
            st.dataframe(notes.localised(spec.table, la), hide_index=True, width="stretch")
