"""Logga in: exists in the navigation only when editors are configured and the app is not public."""

import streamlit as st

from kpis import edit_ui, ui
from kpis.i18n import t

lang = ui.lang()
st.title(t("sign_in_title", lang))
st.markdown(t("sign_in_intro", lang))
edit_ui.sign_in_form()
