"""Data och källor: every source with its licence and what was loaded, and every KPI's definition."""

import streamlit as st

from kpis import ui
from kpis.i18n import fmt_number, t

lang = ui.lang()
st.title(t("data_title", lang))
meta = ui.meta()
st.markdown(t("data_store", lang, built=meta.get("built_at", "–"), rows=fmt_number(float(meta.get("seed_rows", 0)),
                                                                                      lang)))

st.subheader(t("data_sources", lang))
st.dataframe(ui.table("sources"), hide_index=True, width="stretch",
             column_config={"url": st.column_config.LinkColumn("url")})

st.subheader(t("data_kpis", lang))
kpis = ui.table("kpis")
columns = ["id", "function", f"title_{lang}", f"description_{lang}", f"unit_{lang}", "direction", "periodicity",
           "source_kind", "observations", "first_period", "last_period"]
st.dataframe(kpis[columns], hide_index=True, width="stretch")

st.subheader(t("data_loads", lang))
st.dataframe(ui.table("refresh_runs"), hide_index=True, width="stretch")
