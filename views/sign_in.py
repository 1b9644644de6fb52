"""Logga in: exists in the navigation only when editors are configured and the app is not public."""

import streamlit as st

from kpis.app import editing
from kpis.app.state import t

st.title(t("sign_in_title"))
st.markdown(t("sign_in_intro"))
editing.sign_in_form()
