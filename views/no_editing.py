"""Redigera when editing is off (/redigera, hidden): why there is nothing to edit here, and how an administrator
turns editing on. Never Streamlit's "Page not found"."""

import streamlit as st

from kpis.app import state, view_files
from kpis.app.state import t

st.title(t("no_editing_title"))
st.markdown(t("no_editing_public") if state.public_mode() else t("no_editing_text"))
st.page_link(view_files.start_view(state.catalog()), label=t("no_editing_back"), icon=":material/arrow_back:")
