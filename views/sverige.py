"""Östersund among Sweden's 290 municipalities: pick a KPI, see the map (Sweden, the county, the north), the
table of every municipality beside it, the spread and the rank over time. Layout and words only."""

import streamlit as st

from kpis.app import places_blocks, state
from kpis.app.state import t

cat = state.catalog()
st.title(t("sweden_title", place=state.region_label(cat.home)))
st.markdown(t("sweden_intro", place=state.region_label(cat.home)))

kpi_id = places_blocks.ranked_kpi_picker()
if kpi_id is None:
    st.info(t("sweden_none"))
    st.stop()
places_blocks.places_block(kpi_id)
places_blocks.similar_sentence()
