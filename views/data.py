"""Data och källor: sources and their last refresh, revisions, every KPI's definition, SCB's code labels."""

import streamlit as st

from kpis import auth, edit_ui, ui
from kpis.i18n import fmt_number, t

lang = ui.lang()
st.title(t("data_title", lang))
meta = ui.meta()
st.markdown(t("data_store", lang, built=meta.get("built_at", "–"), rows=fmt_number(float(meta.get("seed_rows", 0)),
                                                                                      lang)))
refreshed = meta.get("refreshed_at")
st.markdown(t("data_refreshed", lang, at=refreshed) if refreshed else t("data_never", lang))

st.subheader(t("data_refresh", lang))
st.caption(t("data_refresh_help", lang))
last = ui.table("last_refreshes")
last = last.assign(
    status=last["status"].map({"ok": t("col_status_ok", lang), "failed": t("col_status_failed", lang)}),
    message=last["message" if lang == "sv" else "message_en"],
).drop(columns=["message_en"])
ui.listing(last)

st.subheader(t("data_sources", lang))
ui.listing(ui.table("sources"), url=st.column_config.LinkColumn(t("col_url", lang)))

st.subheader(t("data_kpis", lang))
kpis = ui.table("kpis")
columns = ["id", "function", f"title_{lang}", f"description_{lang}", f"unit_{lang}", "direction", "periodicity",
           "source_kind", "observations", "first_period", "last_period"]
ui.listing(kpis[columns])

st.subheader(t("data_revisions", lang))
st.caption(t("data_revisions_help", lang))
ui.listing(ui.table("revisions"))

if not auth.public_mode():  # who imported what is for staff, not for the public app
    st.subheader(t("data_imports", lang))
    edit_ui.import_history()

loads = st.expander(t("data_loads", lang), key="data_loads", on_change="rerun")
if loads.open:
    with loads:
        runs = ui.table("refresh_runs")
        ui.listing(runs.drop(columns=["message_en" if lang == "sv" else "message"]))

codes = st.expander(t("data_codes", lang), key="data_codes", on_change="rerun")
if codes.open:
    with codes:
        ui.listing(ui.table("code_labels"))
