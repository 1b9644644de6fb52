"""The one module of kpis/ that imports streamlit: cached store access and shared widgets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kpis import store
from kpis.catalog import Catalog, load_catalog
from kpis.i18n import DEFAULT_LANG, normalise_lang, t

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


@st.cache_resource(max_entries=2, on_release=lambda con: con.close(), show_spinner=False)
def _connection(path: str, version: int) -> duckdb.DuckDBPyConnection:
    return store.connect_read_only(Path(path))


def connection() -> duckdb.DuckDBPyConnection:
    """The shared read-only connection to the current store; stops the page with a message if there is none."""
    path = store.db_path()
    if not path.exists():
        st.error(t("no_store", lang(), path=str(path)))
        st.stop()
    return _connection(str(path), data_version())


@st.cache_data(max_entries=256, show_spinner=False)
def _observations(kpi_ids: tuple[str, ...], regions: tuple[str, ...] | None, version: int) -> pd.DataFrame:
    return store.observations(connection(), kpi_ids, regions)


def observations(kpi_ids: Sequence[str], regions: Sequence[str] | None = None) -> pd.DataFrame:
    return _observations(tuple(kpi_ids), tuple(regions) if regions is not None else None, data_version())


@st.cache_data(max_entries=64, show_spinner=False)
def _targets(kpi_ids: tuple[str, ...], version: int) -> pd.DataFrame:
    return store.targets(connection(), kpi_ids)


def targets(kpi_ids: Sequence[str]) -> pd.DataFrame:
    return _targets(tuple(kpi_ids), data_version())


@st.cache_data(max_entries=8, show_spinner=False)
def _query(name: str, version: int) -> pd.DataFrame:
    readers = {"sources": store.sources, "kpis": store.kpi_definitions, "refresh_runs": store.refresh_runs,
               "facts": store.facts}
    return readers[name](connection())


def table(name: str) -> pd.DataFrame:
    """One of the store's whole listings: ``sources``, ``kpis``, ``refresh_runs`` or ``facts``."""
    return _query(name, data_version())


@st.cache_data(max_entries=4, show_spinner=False)
def _meta(version: int) -> dict[str, str]:
    return store.meta(connection())


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
