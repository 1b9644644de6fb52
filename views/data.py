"""Data och källor: sources and their last refresh, revisions, every KPI's definition, SCB's code labels."""

import streamlit as st

from kpis.app import data, editing, state, widgets
from kpis.app.state import num, t

lang = state.lang()
st.title(t("data_title"))
meta = data.meta()
st.markdown(t("data_store", built=meta.get("built_at", "–"), rows=num(float(meta.get("seed_rows", 0)))))
refreshed = meta.get("refreshed_at")
st.markdown(t("data_refreshed", at=refreshed) if refreshed else t("data_never"))

st.subheader(t("data_refresh"))
st.caption(t("data_refresh_help"))
widgets.listing(data.last_refreshes())

st.subheader(t("data_sources"))
widgets.listing(data.table("sources"), url=st.column_config.LinkColumn(t("col_url")))

st.subheader(t("data_kpis"))
widgets.listing(data.kpi_definitions())

st.subheader(t("data_revisions"))
st.caption(t("data_revisions_help"))
widgets.listing(data.table("revisions"))

if not state.public_mode():  # who imported what is for staff, not for the public app
    st.subheader(t("data_imports"))
    editing.import_history()

loads = st.expander(t("data_loads"), key="data_loads", on_change="rerun")
if loads.open:
    with loads:
        widgets.listing(data.refresh_runs())

codes = st.expander(t("data_codes"), key="data_codes", on_change="rerun")
if codes.open:
    with codes:
        widgets.listing(data.table("code_labels"))
