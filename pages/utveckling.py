"""Utveckling: the function's page (its KPIs are in the catalog; the page is being built)."""

import streamlit as st

from kpis import ui
from kpis.i18n import t

lang = ui.lang()
st.title(t("nav_utveckling", lang))
st.info(t("coming", lang))
