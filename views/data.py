"""Data och källor: sources and their last refresh, how the status is judged, every KPI's definition, the
default peers, revisions and SCB's code labels."""

import streamlit as st

from kpis.app import data, listings, pages, places_blocks, staff, state, widgets
from kpis.app.state import num, pct, t

cat = state.catalog()
public = state.public_mode()
st.title(t("data_title"))
for line in state.refused_languages():  # an extra language file that failed its checks: said, not offered
    st.warning(line, icon=":material/translate:")
meta = data.meta()
st.markdown(t("data_store", built=meta.get("built_at", "–"), rows=num(float(meta.get("seed_rows", 0)))))
refreshed = meta.get("refreshed_at")
if refreshed:
    st.markdown(t("data_refreshed", at=refreshed))
else:  # the snapshot's figures were taken from the sources on the dates their charts say
    sources = data.table("sources").set_index("id")
    taken = sources["last_retrieved"].get("seed")
    st.markdown(t("data_never", date=str(taken)[:10] if taken is not None else "–"))

st.subheader(t("data_refresh"))
st.caption(t("data_refresh_help"))
widgets.listing(listings.readable(listings.last_refreshes()))

st.subheader(t("data_sources"))
widgets.listing(listings.source_listing(), url=st.column_config.LinkColumn(t("col_url")))

st.subheader(t("data_status_method"))
thresholds = cat.status
st.markdown(t("data_status_text", on_track=pct(thresholds.on_track_min_ratio, 0),
              acceleration=pct(thresholds.acceleration_min_ratio, 0), pace_years=thresholds.pace_years,
              min_points=thresholds.min_points, max_age=thresholds.max_age_years))

st.subheader(t("data_kpis"))
widgets.listing(listings.kpi_definitions(public_only=public))

st.subheader(t("data_peers"))
widgets.listing(listings.peers())
places_blocks.similar_groups_listing()

st.subheader(t("data_revisions"))
st.caption(t("data_revisions_help"))
widgets.listing(listings.readable(listings.for_visitors(data.table("revisions"))))

pages.what_changed()

if staff.signed_in() is not None:  # who imported what, from which file: for signed-in editors only
    st.subheader(t("data_imports"))
    staff.import_history()

loads = st.expander(t("data_loads"), key="data_loads", on_change="rerun")
if loads.open:
    with loads:
        widgets.listing(listings.readable(listings.refresh_runs()))

codes = st.expander(t("data_codes"), key="data_codes", on_change="rerun")
if codes.open:
    with codes:
        widgets.listing(data.table("code_labels"))
